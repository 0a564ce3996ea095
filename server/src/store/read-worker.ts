/**
 * Long reads of the event log (export, full verify) run in a worker thread on their own
 * read-only connection, so the event loop keeps serving buzzes meanwhile.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { VerifyReport } from './event-store.ts';

/** A job for the read worker. */
export type ReadJob = { kind: 'export' | 'verify'; file: string; streamId?: string | undefined };

type Reply = { ok: true; value: unknown } | { ok: false; message: string };

/** Built by scripts/build-server.ts into server/dist, where the thread is an entry of its own. */
const BUNDLED = import.meta.url.endsWith('.mjs');
const THREAD_URL = new URL(BUNDLED ? './read-worker-thread.mjs' : './read-worker-thread.ts', import.meta.url);

/**
 * (Also used by the ingest's judge thread, server/src/ingest/judge-thread.ts.)
 * From the sources, the worker thread is TypeScript. Node 20 does not apply `--import tsx` loader hooks to a
 * worker's entry module (not even under the tsx CLI), so a tiny bootstrap registers tsx inside
 * the worker and then imports the thread module.
 */
export function bootstrap(threadUrl: URL = THREAD_URL): string {
  // The ESM build of the API: its CommonJS twin registers hooks by a path that breaks in workers.
  const tsxApi = resolveTsxApi();
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(threadUrl.href)}); });`;
}

function resolveTsxApi(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    // Some test runners do not implement import.meta.resolve: resolve the package root instead.
    const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
    return pathToFileURL(packageJson.replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  }
}

function runInWorker(job: ReadJob): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = BUNDLED
      ? new Worker(THREAD_URL, { workerData: job })
      : new Worker(bootstrap(), { eval: true, workerData: job });
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      if (reply.ok) resolve(reply.value);
      else reject(new Error(`read worker: ${reply.message}`));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`read worker exited with code ${code} before replying`));
    });
  });
}

/** The event log (or one stream) as NDJSON, one `StoredEvent` per line, read off the event loop. */
export async function exportLogInWorker(file: string, streamId?: string): Promise<string> {
  return (await runInWorker({ kind: 'export', file, streamId })) as string;
}

/** `EventStore.verify` over the file, off the event loop. */
export async function verifyInWorker(file: string, streamId?: string): Promise<VerifyReport> {
  return (await runInWorker({ kind: 'verify', file, streamId })) as VerifyReport;
}
