/** The host's one-key controls of a knowledge round. */
export type KnowledgeKeyAction =
  'next' | 'show' | 'timer' | 'arm' | 'rebound' | 'correct' | 'wrong' | 'reveal' | 'finish' | 'undo';

const KEYS: Readonly<Record<string, KnowledgeKeyAction>> = {
  ' ': 'timer',
  n: 'next',
  q: 'show',
  b: 'arm',
  r: 'rebound',
  c: 'correct',
  w: 'wrong',
  a: 'reveal',
  u: 'undo',
};

/** Space start/stop timer, N next, Q show, B arm, R rebound, C correct, W wrong, A reveal, U undo. */
export function knowledgeKeyAction(key: string): KnowledgeKeyAction | null {
  return KEYS[key.length === 1 ? key.toLowerCase() : key] ?? null;
}
