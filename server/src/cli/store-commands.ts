/**
 * `leitai verify`, `leitai backup` and `leitai restore`: what an operator does to a store file
 * outside the server (docs/guide-operations.md, "Backups and checks").
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { contestSnapshotProblem } from '../contests/contest-runtime.ts';
import { ackMarkFile, readAckMark, writeAckMarkNow } from '../store/ack-mark.ts';
import type { SnapshotProblem, VerifyReport } from '../store/event-store.ts';
import { GENESIS_HASH } from '../store/hash-chain.ts';
import { SqliteEventStore } from '../store/sqlite-event-store.ts';
import { quickCheck } from '../store/store-integrity.ts';
import { verifyLogText, type LogFileReport } from '../store/log-file.ts';

/** What `leitai verify` prints. */
export interface FileReport extends VerifyReport {
  file: string;
  /** SQLite's quick_check: 'ok' or its problems. */
  quickCheck: 'ok' | string[];
  /** The acknowledged mark and whether the file holds it (false: a lost -wal, an old copy). */
  acknowledged?: { position: number; held: boolean; problem?: string };
}

/** What `leitai verify --log` prints. */
export interface LogFileCheck extends LogFileReport {
  file: string;
  /** Set when the file could not be read at all. */
  problem?: string;
}

/**
 * `leitai verify --log FILE`: an exported log (docs/log-format.md) checked from its text alone,
 * by the same chain verifier (`ChainVerifier` in hash-chain.ts) the store's own verify uses.
 */
export function verifyLogFile(file: string, options: { expectHead?: string } = {}): LogFileCheck {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { file, ok: false, streams: 0, events: 0, heads: [], problem: (error as Error).message };
  }
  return { file, ...verifyLogText(text, options) };
}

/**
 * Everything that can be checked without a server: the file's pages, every chain, every
 * snapshot (bound to the chain, and a contest's re-folded from its log), the acknowledged mark.
 * Reads only.
 */
export function verifyStoreFile(file: string): FileReport {
  if (!existsSync(file)) {
    return { file, ok: false, streams: 0, events: 0, quickCheck: [`no such file: ${file}`] };
  }
  let store: SqliteEventStore;
  try {
    store = new SqliteEventStore(file, { behindMark: 'report' });
  } catch (error) {
    return { file, ok: false, streams: 0, events: 0, quickCheck: [(error as Error).message] };
  }
  try {
    let pages: string[];
    try {
      pages = quickCheck(store.database);
    } catch (error) {
      pages = [(error as Error).message];
    }
    let report: VerifyReport;
    try {
      report = store.verify();
    } catch (error) {
      return { file, ok: false, streams: 0, events: 0, quickCheck: pages.length ? pages : [(error as Error).message] };
    }
    const bad: SnapshotProblem[] = [...(report.badSnapshots ?? [])];
    for (const stream of store.streamIds('contest-')) {
      if (bad.some((b) => b.streamId === stream)) continue;
      const problem = contestSnapshotProblem(stream.slice('contest-'.length), store);
      if (problem) bad.push(problem);
    }
    const behind = store.behind;
    const mark = readAckMark(ackMarkFile(file));
    const result: FileReport = {
      file,
      ...report,
      ok: report.ok && bad.length === 0 && pages.length === 0 && !behind,
      quickCheck: pages.length === 0 ? 'ok' : pages,
    };
    if (bad.length > 0) result.badSnapshots = bad;
    else delete result.badSnapshots;
    if (mark || behind) {
      result.acknowledged = {
        position: mark ? mark.position : -1,
        held: !behind,
        ...(behind ? { problem: behind.message } : {}),
      };
    }
    return result;
  } finally {
    void store.close();
  }
}

/** What `leitai backup` prints. */
export interface BackupReport {
  ok: boolean;
  out: string;
  bytes: number;
  events: number;
  problem?: string;
}

/**
 * Copies the store with SQLite's online backup API (better-sqlite3 `backup`): consistent while
 * the server keeps writing, then checks the copy (quick_check and every chain). Writes to
 * `out.partial` first and renames, so `out` is either a whole checked copy or absent.
 */
export async function backupStore(file: string, out: string): Promise<BackupReport> {
  if (!existsSync(file)) return { ok: false, out, bytes: 0, events: 0, problem: `no such file: ${file}` };
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(partial);
  } finally {
    source.close();
  }
  const copy = new SqliteEventStore(partial, { behindMark: 'report' });
  let problem: string | undefined;
  let events = 0;
  try {
    const pages = quickCheck(copy.database);
    const report = copy.verify();
    events = report.events;
    if (pages.length > 0) problem = `quick_check: ${pages.join('; ')}`;
    else if (!report.ok)
      problem = `the copy does not verify: ${JSON.stringify(report.firstBroken ?? report.badSnapshots)}`;
    // A backup is one self-contained file: rollback journal, no -wal beside it.
    copy.database.pragma('journal_mode = DELETE');
  } finally {
    await copy.close();
  }
  rmSync(ackMarkFile(partial), { force: true });
  if (problem) {
    rmSync(partial, { force: true });
    return { ok: false, out, bytes: 0, events, problem };
  }
  rmSync(out, { force: true });
  renameSync(partial, out);
  for (const suffix of ['-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  return { ok: true, out, bytes: statSync(out).size, events };
}

/**
 * Puts a checked backup in place of the store: the backup must pass quick_check and verify;
 * an existing store is moved aside (`FILE.replaced-<time>` with its -wal and -shm), never
 * deleted, and only with `force`. The acknowledged mark is set to the backup's last event: the
 * restore is the operator's explicit acceptance that what came after it is gone.
 */
export async function restoreStore(
  backup: string,
  file: string,
  options: { force: boolean },
): Promise<{ ok: boolean; message: string }> {
  const checked = verifyStoreFile(backup);
  // A backup carries no mark of its own; its own chains and pages are what must hold.
  if (checked.quickCheck !== 'ok' || checked.firstBroken || !existsSync(backup)) {
    return { ok: false, message: `restore: ${backup} is not a good backup: ${JSON.stringify(checked)}` };
  }
  if (existsSync(file) && !options.force) {
    return {
      ok: false,
      message: `restore: ${file} exists; stop the server and pass --force to replace it (it is kept as ${file}.replaced-<time>)`,
    };
  }
  if (existsSync(file)) {
    const aside = `${file}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    }
  }
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const partial = `${file}.restoring`;
  rmSync(partial, { force: true });
  const source = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    await source.backup(partial);
  } finally {
    source.close();
  }
  renameSync(partial, file);
  const store = new SqliteEventStore(file, { behindMark: 'report' });
  const tail = store.tail();
  await store.close();
  writeAckMarkNow(ackMarkFile(file), tail ?? { position: 0, hash: GENESIS_HASH });
  return {
    ok: true,
    message: `restored ${backup} to ${file}: ${checked.events} events, last position ${tail?.position ?? 0}`,
  };
}
