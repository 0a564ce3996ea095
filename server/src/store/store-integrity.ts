/**
 * The store's check at start-up (and in `leitai verify` / `leitai doctor`): a server must not
 * serve from a damaged, edited, read-only or truncated store, because everything it then
 * acknowledges or shows would be wrong. Each refusal names the problem and what to do.
 *
 * - SQLite's `PRAGMA quick_check` (page structure: byte flips, truncation);
 * - the hash chains from each stream's last verified point (`checkpoints`) to its head, or
 *   the whole log with `full`;
 * - the acknowledged mark (ack-mark.ts), checked when the store opens (`StoreBehindError`);
 * - a write (the new checkpoints): a store that cannot be written is refused rather than
 *   reported ready while every command fails.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { ChainVerifier } from './hash-chain.ts';
import type { ChainBreak } from './hash-chain.ts';
import type { SnapshotProblem } from './event-store.ts';
import { SqliteEventStore, StoreBehindError, type SqliteEventStoreOptions } from './sqlite-event-store.ts';

export type StoreProblemCode = 'STORE_DAMAGED' | 'STORE_EDITED' | 'STORE_READ_ONLY' | 'STORE_BEHIND';

/** The server refuses to start on this store; `message` says what is wrong and what to do. */
export class StoreRefusedError extends Error {
  constructor(
    readonly code: StoreProblemCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreRefusedError';
  }
}

const RESTORE_ADVICE =
  'Do not run the show on it: restore the latest backup (`leitai restore BACKUP --data FILE`), ' +
  'or keep this file aside for inspection (`leitai verify --data FILE` names the first bad event)';

/** What the start-up check found. */
export interface StartCheck {
  /** `full` when the whole log was verified, else `tail` (events after the last verified point). */
  scope: 'full' | 'tail';
  /** Events whose hash was recomputed. */
  eventsChecked: number;
  /** Snapshots that are not bound to the chain: discarded at load, the state rebuilt from the log. */
  badSnapshots: SnapshotProblem[];
}

/** SQLite's quick_check: 'ok', or its first problems. Throws when the file cannot even be read. */
export function quickCheck(db: Database.Database): string[] {
  const rows = db.pragma('quick_check(10)') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((p) => p !== 'ok');
  return problems;
}

/**
 * Verifies the hash chains from each stream's checkpoint (or from the start with `full`) to its
 * head; the first break, and how many events were checked.
 */
export function verifyTail(store: SqliteEventStore, full: boolean): { broken?: ChainBreak; events: number } {
  const db = store.database;
  const checkpoint = db.prepare<[string], { version: number; hash: string }>(
    'SELECT version, hash FROM checkpoints WHERE stream_id = ?',
  );
  const hashAt = db
    .prepare<[string, number], string>('SELECT hash FROM events WHERE stream_id = ? AND version = ?')
    .pluck();
  const rows = db
    .prepare<[string, number], [number, string, number, string, string, string, string]>(
      'SELECT position, stream_id, version, type, data, metadata, hash FROM events WHERE stream_id = ? AND version > ? ORDER BY version',
    )
    .raw();
  const verifier = new ChainVerifier();
  for (const streamId of store.streamIds()) {
    const point = full ? undefined : checkpoint.get(streamId);
    if (point) {
      const hash = hashAt.get(streamId, point.version);
      if (hash !== point.hash) {
        const reason =
          hash === undefined
            ? `the verified event at version ${point.version} is missing`
            : `the verified event at version ${point.version} was changed`;
        return { broken: { streamId, version: point.version, position: 0, reason }, events: verifier.report().events };
      }
      verifier.startAfter(streamId, point.version, point.hash);
    }
    for (const [position, stream, version, type, data, metadata, hash] of rows.iterate(streamId, point?.version ?? 0)) {
      if (!verifier.check({ position, streamId: stream, version, type, data, metadata, hash })) {
        const report = verifier.report();
        return { ...(report.firstBroken ? { broken: report.firstBroken } : {}), events: report.events };
      }
    }
  }
  return { events: verifier.report().events };
}

/** Records every stream's head as verified (one write transaction: also the writability probe). */
export function recordCheckpoints(store: SqliteEventStore): void {
  const db = store.database;
  const upsert = db.prepare(
    `INSERT INTO checkpoints (stream_id, version, hash) VALUES (?, ?, ?)
     ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, hash = excluded.hash`,
  );
  const head = db.prepare<[string], { version: number; hash: string }>(
    'SELECT version, hash FROM events WHERE stream_id = ? ORDER BY version DESC LIMIT 1',
  );
  db.transaction(() => {
    for (const streamId of store.streamIds()) {
      const h = head.get(streamId);
      if (h) upsert.run(streamId, h.version, h.hash);
    }
    db.prepare('INSERT OR REPLACE INTO health (id, at, pad) VALUES (1, ?, NULL)').run(Date.now());
  }).immediate();
}

const READ_ONLY = /readonly|read-only|EROFS|EACCES|EPERM|permission denied|attempt to write/i;

/** Turns an error from opening or writing the store into a refusal with advice. */
export function refusalFor(file: string, error: unknown): StoreRefusedError {
  if (error instanceof StoreRefusedError) return error;
  if (error instanceof StoreBehindError) return new StoreRefusedError('STORE_BEHIND', error.message);
  const text = error instanceof Error ? error.message : String(error);
  if (READ_ONLY.test(text) || (error as { code?: string }).code === 'SQLITE_READONLY') {
    return new StoreRefusedError(
      'STORE_READ_ONLY',
      `the store ${file} cannot be written (${text}). Every command would fail: check that the file, its ` +
        `-wal and -shm files and their directory are writable by this user and that the disk is mounted ` +
        `read-write, then start again`,
    );
  }
  return new StoreRefusedError('STORE_DAMAGED', `the store ${file} is damaged (${text}). ${RESTORE_ADVICE}`);
}

/**
 * Opens the store for a server and checks it (see the file's comment). Throws
 * `StoreRefusedError` naming the problem and what to do; on success the heads are recorded as
 * the next start's verified point.
 */
export function openCheckedStore(
  file: string,
  options: SqliteEventStoreOptions & { verifyFull?: boolean } = {},
): { store: SqliteEventStore; check: StartCheck } {
  // A read-only file or directory (permissions, a disk mounted read-only) is named as such
  // before SQLite reports it as something vaguer ("unable to open database file").
  for (const path of existsSync(file) ? [file, dirname(resolve(file))] : [dirname(resolve(file))]) {
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      throw refusalFor(file, error);
    }
  }
  let store: SqliteEventStore;
  try {
    store = new SqliteEventStore(file, options);
  } catch (error) {
    throw refusalFor(file, error);
  }
  try {
    let problems: string[];
    try {
      problems = quickCheck(store.database);
    } catch (error) {
      throw refusalFor(file, error);
    }
    if (problems.length > 0) {
      throw new StoreRefusedError(
        'STORE_DAMAGED',
        `the store ${file} is damaged (SQLite quick_check: ${problems.slice(0, 3).join('; ')}). ${RESTORE_ADVICE}`,
      );
    }
    const full = options.verifyFull ?? false;
    let tail: ReturnType<typeof verifyTail>;
    try {
      tail = verifyTail(store, full);
    } catch (error) {
      throw refusalFor(file, error);
    }
    if (tail.broken) {
      const b = tail.broken;
      throw new StoreRefusedError(
        'STORE_EDITED',
        `the store ${file} was edited outside Leitai: stream ${b.streamId}, version ${b.version}` +
          `${b.position ? ` (position ${b.position})` : ''}: ${b.reason}. ${RESTORE_ADVICE}`,
      );
    }
    const badSnapshots = store.checkSnapshots();
    try {
      recordCheckpoints(store);
    } catch (error) {
      throw refusalFor(file, error);
    }
    return { store, check: { scope: full ? 'full' : 'tail', eventsChecked: tail.events, badSnapshots } };
  } catch (error) {
    void store.close();
    throw error;
  }
}
