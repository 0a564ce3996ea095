/**
 * Copies made while the show runs (`leitai start --backup-every 10m --backup-dir DIR
 * --backup-keep 24 --export-dir DIR`):
 *
 * - a backup on a schedule: backupStore (SQLite's online backup API through better-sqlite3,
 *   checked, written whole or not at all) into `DIR/leitai-<UTC time>.sqlite`, keeping the newest
 *   `keep`; one at a time (a slow copy delays the next, never overlaps it);
 * - after each stage finishes (`StageFinished`): that contest's log, exported as the HTTP export
 *   and `leitai export log` write it (docs/log-format.md, read off the event loop) into
 *   `DIR/<contestId>-<stageId>-v<version>.ndjson`.
 *
 * Failures are logged and retried at the next turn; they never stop the server.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContestService } from '../contests/contest-service.ts';
import { contestStream } from '../contests/contest-runtime.ts';
import { exportLogInWorker } from '../store/read-worker.ts';
import { backupStore, type BackupReport } from './store-commands.ts';

/** `90s`, `10m`, `1h`, or plain seconds → ms; null when not a positive duration. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  const ms = Math.round(Number(m[1]) * unit);
  return ms > 0 ? ms : null;
}

const BACKUP_NAME = /^leitai-\d{8}T\d{6}(?:\d{3})?Z\.sqlite$/;

export interface BackupSchedule {
  /** One backup now (waits for one in progress first). */
  run(): Promise<BackupReport>;
  stop(): void;
}

export function startBackupSchedule(o: {
  file: string;
  dir: string;
  everyMs: number;
  keep: number;
  log?: (line: string) => void;
}): BackupSchedule {
  const log = o.log ?? ((line: string) => console.log(line));
  mkdirSync(o.dir, { recursive: true });
  let running: Promise<BackupReport> = Promise.resolve({ ok: true, out: '', bytes: 0, events: 0 });
  const once = async (): Promise<BackupReport> => {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
    const out = join(o.dir, `leitai-${stamp}.sqlite`);
    try {
      const report = await backupStore(o.file, out);
      if (!report.ok) {
        log(`backup: FAILED (${report.problem ?? 'unknown'}); trying again at the next turn`);
        return report;
      }
      const all = readdirSync(o.dir)
        .filter((f) => BACKUP_NAME.test(f))
        .sort();
      for (const old of all.slice(0, Math.max(0, all.length - o.keep))) rmSync(join(o.dir, old), { force: true });
      log(`backup: ${out} (${report.events} events, ${report.bytes} bytes; keeping the newest ${o.keep})`);
      return report;
    } catch (e) {
      const problem = e instanceof Error ? e.message : String(e);
      log(`backup: FAILED (${problem}); trying again at the next turn`);
      return { ok: false, out, bytes: 0, events: 0, problem };
    }
  };
  const run = () => (running = running.then(once, once));
  const timer = setInterval(() => void run(), o.everyMs);
  timer.unref();
  return { run, stop: () => clearInterval(timer) };
}

/** After every `StageFinished`, that contest's log into `dir`. Returns the unsubscribe. */
export function exportLogAfterStages(o: {
  service: ContestService;
  file: string;
  dir: string;
  log?: (line: string) => void;
  /** Called with each file written (tests). */
  onWritten?: (path: string) => void;
}): () => void {
  const log = o.log ?? ((line: string) => console.log(line));
  mkdirSync(o.dir, { recursive: true });
  let chain = Promise.resolve();
  return o.service.onEvents((contestId, events) => {
    for (const e of events) {
      if (e.type !== 'StageFinished') continue;
      const stageId = (e.data as { stageId: string }).stageId;
      const path = join(o.dir, `${contestId}-${stageId}-v${e.version}.ndjson`);
      chain = chain.then(async () => {
        try {
          const text = await exportLogInWorker(o.file, contestStream(contestId));
          writeFileSync(`${path}.partial`, text);
          renameSync(`${path}.partial`, path);
          log(`export: ${path} (after stage ${stageId})`);
          o.onWritten?.(path);
        } catch (err) {
          log(
            `export: FAILED for ${contestId} after stage ${stageId}: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      });
    }
  });
}
