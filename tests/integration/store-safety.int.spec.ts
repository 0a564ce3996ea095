/**
 * R13 damaged files, and the operator's tools around them (docs/reliability.md): a byte-flipped,
 * edited, read-only or truncated (lost -wal) store is refused at start with a non-zero exit and
 * a message naming the problem and what to do; a tampered snapshot is discarded and the state
 * rebuilt from the log, and `verify` reports it; `backup`/`restore` and `doctor` work on real files.
 * Real SQLite files, the built command line as a child process, a real tmpfs where it can be mounted.
 */
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, openSync, readdirSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { DEMO_CONTEST, foldEvents, type ContestState } from '@leitai/shared';
import { contestStream, startLeitaiServer, toPositioned, type LeitaiServerHandle } from '@leitai/server';
import { canonicalJson, snapshotStateHash } from '../../server/src/store/hash-chain.ts';
import { StoreRefusedError } from '../../server/src/store/store-integrity.ts';
import type { SnapshotProblem } from '../../server/src/store/event-store.ts';
import type { SqliteEventStore } from '../../server/src/store/sqlite-event-store.ts';
import { spawnLeitai } from '../../scripts/lib/leitai-process.ts';
import { tempDir } from '../support/harness.ts';
import { mountSmallDisk, runLeitai } from '../support/store-faults.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = tempDir('leitai-safety-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOST = { role: 'host' as const };
const startArgs = (file: string, ...extra: string[]) => [
  'start',
  '--data',
  file,
  '--port',
  '0',
  '--host',
  '127.0.0.1',
  ...extra,
];

/** A store with the demo contest and `scenes` host commands, closed cleanly. */
async function demoStore(file: string, scenes = 4, snapshotEvery?: number): Promise<void> {
  const server = await startLeitaiServer({ dbFile: file, port: 0, ...(snapshotEvery ? { snapshotEvery } : {}) });
  await server.service.create(DEMO_CONTEST, { contestId: 'demo' });
  await chooseScenes(server, scenes);
  await server.close();
}

async function chooseScenes(server: LeitaiServerHandle, n: number): Promise<void> {
  const runtime = server.service.get('demo')!;
  for (let i = 0; i < n; i++) {
    const ack = await runtime.execute({ type: 'ChooseScene', data: { scene: i % 2 ? 'title' : 'scoreboard' } }, HOST);
    expect(ack.ok).toBe(true);
  }
}

function raw(file: string, body: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    body(db);
  } finally {
    db.close();
  }
}

/** A refused start: exit 3, and the message names the problem and a way out. */
async function expectRefused(file: string, code: RegExp, ...extra: string[]): Promise<string> {
  const { code: exit, out, timedOut } = await runLeitai(startArgs(file, ...extra));
  expect(timedOut, out).toBe(false);
  expect(exit, out).toBe(3);
  expect(out).toMatch(code);
  expect(out).not.toContain('running on port');
  return out;
}

test('a store with 256 bytes flipped mid-file is refused at start, and verify and doctor say so', async () => {
  const file = join(dir, 'flipped.sqlite');
  await demoStore(file, 30);
  const pageSize = 4096;
  const pages = Math.floor(statSync(file).size / pageSize);
  const offset = pageSize * Math.floor(pages / 2);
  const fd = openSync(file, 'r+');
  const bytes = Buffer.alloc(256);
  readSync(fd, bytes, 0, 256, offset);
  for (let i = 0; i < bytes.length; i++) bytes[i] = bytes[i]! ^ 0xff;
  writeSync(fd, bytes, 0, 256, offset);
  closeSync(fd);
  const out = await expectRefused(file, /STORE_DAMAGED|STORE_EDITED/);
  expect(out).toContain('leitai restore');
  const verify = await runLeitai(['verify', '--data', file]);
  expect(verify.code).toBe(1);
  const doctor = await runLeitai(['doctor', '--data', file, '--port', '0', '--min-free-mb', '1']);
  expect(doctor.code, doctor.out).toBe(1);
  expect(doctor.out).toMatch(/✗ 数据 store/);
});

test('an event edited in the tail is refused at start; one before the last verified point by --verify-full', async () => {
  const file = join(dir, 'edited.sqlite');
  await demoStore(file);
  // The demo's events came after the start's check: they are the tail the next start verifies.
  raw(file, (db) =>
    db
      .prepare("UPDATE events SET data = ? WHERE stream_id = 'contest-demo' AND version = 3")
      .run(JSON.stringify({ forged: true })),
  );
  const out = await expectRefused(file, /STORE_EDITED/);
  expect(out).toMatch(/contest-demo, version 3/);

  const older = join(dir, 'edited-older.sqlite');
  await demoStore(older);
  // A clean start verifies the tail and records it as the last verified point.
  await (await startLeitaiServer({ dbFile: older, port: 0 })).close();
  raw(older, (db) =>
    db
      .prepare("UPDATE events SET data = ? WHERE stream_id = 'contest-demo' AND version = 2")
      .run(JSON.stringify({ forged: true })),
  );
  const refused = await startLeitaiServer({ dbFile: older, port: 0, verifyFull: true }).then(
    async (s) => {
      await s.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(refused).toBeInstanceOf(StoreRefusedError);
  expect((refused as StoreRefusedError).code).toBe('STORE_EDITED');
  expect((refused as Error).message).toMatch(/contest-demo, version 2/);
  await expectRefused(older, /STORE_EDITED/, '--verify-full');
});

test('a read-only store is refused at start with what to check, never reported ready', async () => {
  const disk = mountSmallDisk(16);
  const base = disk?.dir ?? join(dir, 'ro');
  try {
    const file = join(base, 'leitai.sqlite');
    await demoStore(file);
    if (disk) disk.remountReadOnly();
    else {
      // Without root a tmpfs cannot be mounted: permissions make the same refusal for a non-root user.
      chmodSync(file, 0o444);
      chmodSync(base, 0o555);
    }
    const out = await expectRefused(file, /STORE_READ_ONLY/);
    expect(out).toMatch(/writable/);
  } finally {
    if (disk) disk.unmount();
    else chmodSync(base, 0o755);
  }
});

test('a lost -wal after a crash is refused (the acknowledged tail would be gone); --accept-loss goes on', async () => {
  const file = join(dir, 'lost-wal.sqlite');
  // The crash-safety appender: 8 writers appending until SIGKILLed, each ack printed.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/store/crash-appender.ts', file], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let acked = 0;
  let lastPosition = 0;
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error('the appender did not acknowledge 400 appends in 30 s')), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        const position = Number(line.split(' ')[2]);
        if (!Number.isInteger(position)) continue;
        acked++;
        lastPosition = Math.max(lastPosition, position);
      }
      if (acked >= 400) {
        clearTimeout(timer);
        done();
      }
    });
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
  rmSync(`${file}-wal`);
  rmSync(`${file}-shm`, { force: true });
  const held = new Database(file, { readonly: true });
  let found = 0;
  try {
    found = (held.prepare('SELECT MAX(position) AS p FROM events').get() as { p: number | null }).p ?? 0;
  } catch {
    // Not even the schema was checkpointed into the main file: it holds nothing.
  }
  held.close();
  // The main file alone is behind what was acknowledged: without the mark nothing would say so.
  expect(found).toBeLessThan(lastPosition);

  const out = await expectRefused(file, /STORE_BEHIND/);
  expect(out).toMatch(/acknowledged/);
  expect(out).toContain('--accept-loss');
  const verify = await runLeitai(['verify', '--data', file]);
  expect(verify.code).toBe(1);
  expect(JSON.parse(verify.out)).toMatchObject({ ok: false, acknowledged: { held: false } });

  const accepted = await spawnLeitai(startArgs(file, '--accept-loss', '--no-demo'), { built: true, timeoutMs: 30_000 });
  expect(accepted.output()).toMatch(/accepted/);
  await accepted.kill('SIGTERM');
  // Accepted once: the mark now matches the file, and a plain start runs.
  const again = await spawnLeitai(startArgs(file, '--no-demo'), { built: true, timeoutMs: 30_000 });
  expect((await fetch(`${again.url}/api/ready`)).status).toBe(200);
  await again.kill('SIGTERM');
});

test('a tampered snapshot is discarded with a warning and the state rebuilt from the log; verify reports it', async () => {
  const file = join(dir, 'snapshot.sqlite');
  await demoStore(file, 12, 5);
  const snapshotRow = () => {
    let row: { version: number; state: string; event_hash: string } | undefined;
    raw(file, (db) => {
      row = db
        .prepare("SELECT version, state, event_hash FROM snapshots WHERE stream_id = 'contest-demo'")
        .get() as typeof row;
    });
    return row!;
  };
  const intact = snapshotRow();
  expect(intact.version).toBeGreaterThan(5);
  expect((await runLeitai(['verify', '--data', file])).code).toBe(0);

  // A score edited inside the stored snapshot (as the outside probe did: 1000 → 9900).
  const payload = JSON.parse(intact.state) as { schema: number; state: ContestState };
  const segmentId = DEMO_CONTEST.stages[0]!.segments[0]!.id;
  const contestantId = DEMO_CONTEST.contestants[0]!.id;
  payload.state.scores = { ...payload.state.scores, [segmentId]: { [contestantId]: 990000 } };
  raw(file, (db) =>
    db.prepare("UPDATE snapshots SET state = ? WHERE stream_id = 'contest-demo'").run(JSON.stringify(payload)),
  );
  const edited = await runLeitai(['verify', '--data', file]);
  expect(edited.code).toBe(1);
  const editedReport = JSON.parse(edited.out) as { ok: boolean; badSnapshots: SnapshotProblem[] };
  expect(editedReport.ok).toBe(false);
  expect(editedReport.badSnapshots).toMatchObject([{ streamId: 'contest-demo', version: intact.version }]);
  expect(editedReport.badSnapshots[0]!.reason).toMatch(/hash/);

  const server = await startLeitaiServer({ dbFile: file, port: 0 });
  try {
    const store = server.store as SqliteEventStore;
    expect(store.discardedSnapshots).toMatchObject([{ streamId: 'contest-demo', version: intact.version }]);
    const state = server.service.get('demo')!.state!;
    const folded = foldEvents(null, store.readStream(contestStream('demo')).map(toPositioned))!;
    expect(state.scores).toEqual(folded.scores);
    expect(JSON.stringify(state.scores)).not.toContain('990000');
    expect(state.version).toBe(folded.version);
  } finally {
    await server.close();
  }

  // A forger who also recomputes the snapshot's hash is caught by verify's re-fold.
  const text = canonicalJson(payload);
  raw(file, (db) =>
    db
      .prepare("UPDATE snapshots SET state = ?, state_hash = ? WHERE stream_id = 'contest-demo'")
      .run(text, snapshotStateHash(intact.event_hash, text)),
  );
  const forged = await runLeitai(['verify', '--data', file]);
  expect(forged.code).toBe(1);
  const forgedReport = JSON.parse(forged.out) as { badSnapshots: SnapshotProblem[] };
  expect(forgedReport.badSnapshots).toMatchObject([{ streamId: 'contest-demo' }]);
  expect(forgedReport.badSnapshots[0]!.reason).toMatch(/folded from the log/);
});

test('backup copies a running store, restore puts it back (kept aside, explicit), doctor checks before the show', async () => {
  const file = join(dir, 'live.sqlite');
  const out = join(dir, 'backup.sqlite');
  const server = await startLeitaiServer({ dbFile: file, port: 0 });
  let atBackup: number;
  try {
    await server.service.create(DEMO_CONTEST, { contestId: 'demo' });
    await chooseScenes(server, 6);
    atBackup = server.service.get('demo')!.version;
    const backup = await runLeitai(['backup', '--data', file, '--out', out]);
    expect(backup.code, backup.out).toBe(0);
    expect(JSON.parse(backup.out)).toMatchObject({ ok: true, out });
    // The show goes on after the backup.
    await chooseScenes(server, 4);
    expect(server.service.get('demo')!.version).toBe(atBackup + 4);
  } finally {
    await server.close();
  }
  expect((await runLeitai(['verify', '--data', out])).code).toBe(0);

  const refused = await runLeitai(['restore', out, '--data', file]);
  expect(refused.code).toBe(1);
  expect(refused.out).toContain('--force');
  const restored = await runLeitai(['restore', out, '--data', file, '--force']);
  expect(restored.code, restored.out).toBe(0);
  expect(readdirSync(dir).some((f) => f.startsWith('live.sqlite.replaced-'))).toBe(true);

  // The restored store starts (its mark was set by the restore) at the backup's version.
  const back = await startLeitaiServer({ dbFile: file, port: 0 });
  try {
    expect(back.service.get('demo')!.version).toBe(atBackup);
  } finally {
    await back.close();
  }

  const good = await runLeitai(['doctor', '--data', file, '--port', '0', '--host', '127.0.0.1', '--min-free-mb', '1']);
  expect(good.code, good.out).toBe(0);
  expect(good.out).toMatch(/✓ 数据 store/);
  expect(good.out).toMatch(/✓ 端口 port/);
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const port = (busy.address() as { port: number }).port;
  try {
    const taken = await runLeitai([
      'doctor',
      '--data',
      file,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--min-free-mb',
      '1',
    ]);
    expect(taken.code).toBe(1);
    expect(taken.out).toMatch(/✗ 端口 port/);
  } finally {
    busy.close();
  }
  const full = await runLeitai(['doctor', '--data', file, '--port', '0', '--min-free-mb', String(2 ** 40)]);
  expect(full.code).toBe(1);
  expect(full.out).toMatch(/✗ 磁盘 disk/);
});
