import { keyRow, type KnowledgeKeyAction } from '../key-table.ts';

export type { KnowledgeKeyAction } from '../key-table.ts';

/** The knowledge control a key asks for, from the host key table (Space timer, N next, Q show, B arm, …). */
export function knowledgeKeyAction(key: string): KnowledgeKeyAction | null {
  return keyRow('knowledge', key)?.action ?? null;
}
