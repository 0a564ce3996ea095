/**
 * Worker-thread side of `read-worker.ts`: opens its own read-only connection to the store file
 * (WAL lets it read while the main connection writes) and runs one long read.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { ChainVerifier } from './hash-chain.ts';
import { logLine } from './log-file.ts';
import type { ReadJob } from './read-worker.ts';

type EventTuple = [number, string, number, string, string, string, string];

const COLUMNS = 'position, stream_id, version, type, data, metadata, hash';

function rows(db: Database.Database, streamId: string | undefined): IterableIterator<EventTuple> {
  return streamId === undefined
    ? db.prepare<[], EventTuple>(`SELECT ${COLUMNS} FROM events ORDER BY position`).raw().iterate()
    : db
        .prepare<[string], EventTuple>(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? ORDER BY version`)
        .raw()
        .iterate(streamId);
}

function run(job: ReadJob): unknown {
  const db = new Database(job.file, { readonly: true, fileMustExist: true });
  try {
    // Everything below reads one snapshot of the log, even while the writer commits.
    return db.transaction(() => {
      if (job.kind === 'verify') {
        const verifier = new ChainVerifier();
        for (const [position, streamId, version, type, data, metadata, hash] of rows(db, job.streamId)) {
          if (!verifier.check({ position, streamId, version, type, data, metadata, hash })) break;
        }
        return verifier.report();
      }
      // data and metadata are stored as canonical JSON text: spliced in, never re-parsed.
      const lines: string[] = [];
      for (const [position, streamId, version, type, dataJson, metadataJson, hash] of rows(db, job.streamId)) {
        lines.push(logLine({ position, streamId, version, type, dataJson, metadataJson, hash }));
      }
      return lines.join('');
    })();
  } finally {
    db.close();
  }
}

try {
  parentPort?.postMessage({ ok: true, value: run(workerData as ReadJob) });
} catch (error) {
  parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
