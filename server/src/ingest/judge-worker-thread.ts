/**
 * The ingest's judge thread: the word filter run on platform comments off the event loop
 * (server/src/ingest/judge-thread.ts). It holds the filters it was sent, by key.
 */
import { parentPort } from 'node:worker_threads';
import { WordFilter } from '../audience/text-filter.ts';

type Message =
  { type: 'words'; key: number; words: string[] } | { type: 'judge'; id: number; key: number; texts: string[] };

const filters = new Map<number, WordFilter>();
const port = parentPort;
port?.on('message', (m: Message) => {
  if (m.type === 'words') {
    filters.set(m.key, new WordFilter(m.words));
    // Old lists go: only the latest few matter.
    for (const k of filters.keys()) if (filters.size > 4) filters.delete(k);
    return;
  }
  const filter = filters.get(m.key);
  port.postMessage({ id: m.id, verdicts: filter ? m.texts.map((t) => filter.judge(t)) : null });
});
