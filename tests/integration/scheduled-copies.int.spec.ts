/**
 * Copies made while the show runs (server/src/cli/scheduled-copies.ts): backups on a schedule
 * (better-sqlite3's online backup, checked, the newest N kept) while commands are written, and
 * each contest's log exported after every stage, in the docs/log-format.md format (checked by the
 * independent Python verifier, scripts/verify-log.py). Then `leitai start --backup-every` as an
 * operator runs it, and its bad durations refused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { DEMO_CONTEST, sleep } from '@leitai/shared';
import { startLeitaiServer } from '@leitai/server';
import { exportLogAfterStages, parseDuration, startBackupSchedule } from '../../server/src/cli/scheduled-copies.ts';
import { verifyStoreFile } from '../../server/src/cli/store-commands.ts';
import { spawnLeitai } from '../../scripts/lib/leitai-process.ts';
import { tempDir } from '../support/harness.ts';
import { runLeitai } from '../support/store-faults.ts';

const HOST = { role: 'host' as const };
const SCRIPT = join(import.meta.dirname, '../../scripts/verify-log.py');

test('durations: 10m, 90s, 1h, 500ms, bare seconds; nothing else', () => {
  expect(parseDuration('10m')).toBe(600_000);
  expect(parseDuration('90s')).toBe(90_000);
  expect(parseDuration('1h')).toBe(3_600_000);
  expect(parseDuration('500ms')).toBe(500);
  expect(parseDuration('30')).toBe(30_000);
  for (const bad of ['', '0', '0s', '-1m', '10x', 'm', '1 h']) expect(parseDuration(bad)).toBeNull();
});

test('backups on a schedule while commands are written: each one checked, the newest two kept', async () => {
  const dir = tempDir('leitai-sched-');
  const file = join(dir, 'live.sqlite');
  const backups = join(dir, 'backups');
  const server = await startLeitaiServer({ dbFile: file, port: 0 });
  const lines: string[] = [];
  const schedule = startBackupSchedule({ file, dir: backups, everyMs: 250, keep: 2, log: (l) => lines.push(l) });
  try {
    await server.service.create(DEMO_CONTEST, { contestId: 'demo' });
    const runtime = server.service.get('demo')!;
    const end = Date.now() + 20_000;
    let n = 0;
    while (lines.filter((l) => l.startsWith('backup: /')).length < 4 && Date.now() < end) {
      const ack = await runtime.execute({ type: 'ChooseScene', data: { scene: n++ % 2 ? 'title' : 'roster' } }, HOST);
      expect(ack.ok).toBe(true);
      await sleep(40);
    }
    schedule.stop();
    const last = await schedule.run();
    expect(last.ok, last.problem).toBe(true);
    expect(lines.filter((l) => l.includes('FAILED'))).toEqual([]);
    const kept = readdirSync(backups).sort();
    expect(kept).toHaveLength(2);
    expect(kept.every((f) => /^leitai-\d{8}T\d{9}Z\.sqlite$/.test(f))).toBe(true);
    // The newest holds every event written so far; both pass the full check.
    for (const f of kept) expect(verifyStoreFile(join(backups, f)).ok).toBe(true);
    expect(join(backups, kept[1]!)).toBe(last.out);
    expect(verifyStoreFile(last.out).events).toBe(verifyStoreFile(file).events);
  } finally {
    schedule.stop();
    await server.close();
  }
}, 40_000);

test("after each stage, that contest's log is exported in the log format and verifies", async () => {
  const dir = tempDir('leitai-export-');
  const file = join(dir, 'live.sqlite');
  const exports = join(dir, 'exports');
  const server = await startLeitaiServer({ dbFile: file, port: 0 });
  const written: string[] = [];
  const stop = exportLogAfterStages({
    service: server.service,
    file,
    dir: exports,
    log: () => {},
    onWritten: (p) => written.push(p),
  });
  try {
    await server.service.create(DEMO_CONTEST, { contestId: 'demo' });
    const runtime = server.service.get('demo')!;
    const stageId = DEMO_CONTEST.stages[0]!.id;
    expect((await runtime.execute({ type: 'StartStage', data: { stageId } }, HOST)).ok).toBe(true);
    await sleep(300);
    expect(written).toEqual([]); // a started stage exports nothing
    const finished = await runtime.execute({ type: 'FinishStage', data: { stageId } }, HOST);
    expect(finished.ok).toBe(true);
    if (!finished.ok) return;
    const end = Date.now() + 10_000;
    while (written.length === 0 && Date.now() < end) await sleep(50);
    expect(written).toEqual([join(exports, `demo-${stageId}-v${finished.position}.ndjson`)]);
    const text = readFileSync(written[0]!, 'utf8');
    const versions = text
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { version: number }).version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    expect(versions.at(-1)).toBe(finished.position);
    const py = spawnSync('python3', [SCRIPT, written[0]!], { encoding: 'utf8', timeout: 20_000 });
    expect(py.status, py.stdout + py.stderr).toBe(0);
    expect(existsSync(`${written[0]!}.partial`)).toBe(false);
  } finally {
    stop();
    await server.close();
  }
}, 30_000);

test('leitai start --backup-every 1s --backup-dir DIR --backup-keep 2 backs up while it runs; bad values are refused', async () => {
  const dir = tempDir('leitai-sched-cli-');
  const backups = join(dir, 'backups');
  const server = await spawnLeitai(
    ['start', '--data', join(dir, 'live.sqlite'), '--port', '0', '--host', '127.0.0.1'].concat([
      '--backup-every',
      '1s',
      '--backup-dir',
      backups,
      '--backup-keep',
      '2',
    ]),
    { timeoutMs: 30_000 },
  );
  try {
    const end = Date.now() + 20_000;
    while ((server.output().match(/backup: \//g) ?? []).length < 3 && Date.now() < end) await sleep(200);
    expect((server.output().match(/backup: \//g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(server.output()).toContain(`Backups every 1s into ${backups}`);
    expect(readdirSync(backups).filter((f) => f.endsWith('.sqlite')).length).toBe(2);
  } finally {
    await server.kill('SIGTERM');
  }
  const bad = await runLeitai([
    'start',
    '--data',
    join(dir, 'x.sqlite'),
    '--backup-every',
    '10x',
    '--backup-dir',
    backups,
  ]);
  expect(bad.code).toBe(2);
  expect(bad.out).toContain("--backup-every takes a duration like 10m, 90s or 1h, not '10x'");
  const noDir = await runLeitai(['start', '--data', join(dir, 'x.sqlite'), '--backup-every', '10m']);
  expect(noDir.code).toBe(2);
  expect(noDir.out).toContain('--backup-every needs --backup-dir DIR');
}, 60_000);
