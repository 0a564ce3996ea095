/**
 * The word filter on platform comments, run in a worker thread: at thousands of comments a
 * second the filter is the costly step (F1: 50-100 µs a comment on an idle core, several times
 * that on a loaded one), and on the event loop it would delay buzzer presses and host commands
 * (B2 with the ingest load). The thread holds a copy of the contest's filter, built from the
 * same entries; its verdict is used by the audience core only while that filter is still the
 * room's (a word-list change in between: the core judges again itself). Should the thread fail,
 * comments are judged on the event loop as before.
 */
import { Worker } from 'node:worker_threads';
import type { FilterJudgement, WordFilter } from '../audience/text-filter.ts';
import { bootstrap } from '../store/read-worker.ts';

const BUNDLED = import.meta.url.endsWith('.mjs');
const THREAD_URL = new URL(BUNDLED ? './judge-worker-thread.mjs' : './judge-worker-thread.ts', import.meta.url);

export class JudgeThread {
  private worker: Worker | null = null;
  private failed = false;
  private readonly keys = new WeakMap<WordFilter, number>();
  private nextKey = 1;
  private nextId = 1;
  private readonly waiting = new Map<number, (v: FilterJudgement[] | null) => void>();

  private start(): Worker | null {
    if (this.worker || this.failed) return this.worker;
    try {
      const w = BUNDLED ? new Worker(THREAD_URL) : new Worker(bootstrap(THREAD_URL), { eval: true });
      w.unref();
      w.on('message', (m: { id: number; verdicts: FilterJudgement[] | null }) => {
        const done = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        done?.(m.verdicts);
      });
      const fail = () => {
        this.failed = true;
        this.worker = null;
        for (const done of this.waiting.values()) done(null);
        this.waiting.clear();
      };
      w.on('error', fail);
      w.on('exit', fail);
      this.worker = w;
    } catch {
      this.failed = true;
    }
    return this.worker;
  }

  /** Verdicts for `texts` under `filter`, or null (the caller judges on the event loop). */
  judge(filter: WordFilter, texts: string[]): Promise<FilterJudgement[] | null> {
    const w = this.start();
    if (!w) return Promise.resolve(null);
    let key = this.keys.get(filter);
    if (key === undefined) {
      key = this.nextKey++;
      this.keys.set(filter, key);
      w.postMessage({ type: 'words', key, words: [...filter.words] });
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      w.postMessage({ type: 'judge', id, key, texts });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.failed = true;
    for (const done of this.waiting.values()) done(null);
    this.waiting.clear();
    if (w) await w.terminate();
  }
}
