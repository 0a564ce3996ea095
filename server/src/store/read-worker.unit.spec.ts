import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import type { StoredEvent } from './event-store.ts';
import { ChainVerifier } from './hash-chain.ts';
import { exportLogInWorker, verifyInWorker } from './read-worker.ts';
import { SqliteEventStore } from './sqlite-event-store.ts';

// Each test starts a worker thread, which loads the store's TypeScript anew: ~0.5 s alone, several
// seconds on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });

async function withStore(body: (store: SqliteEventStore, file: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'leitai-read-worker-'));
  const file = join(dir, 'events.sqlite');
  const store = new SqliteEventStore(file);
  try {
    await store.append(
      'contest:1',
      [{ type: 'ContestCreated', data: { title: '擂台', z: 1, a: 2 }, metadata: { at: 1 } }],
      {
        expectedVersion: 0,
      },
    );
    await store.append('audience:1', [{ type: 'Commented', data: { text: 'line\nbreak' }, metadata: {} }], {
      expectedVersion: 0,
    });
    await store.append('contest:1', [{ type: 'StageStarted', data: { stageId: 's' }, metadata: { at: 2 } }], {
      expectedVersion: 1,
    });
    await body(store, file);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('exportLogInWorker returns the whole log as NDJSON equal to readAll', () =>
  withStore(async (store, file) => {
    const ndjson = await exportLogInWorker(file);
    const lines = ndjson.trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as StoredEvent)).toEqual(store.readAll());
    expect(ndjson.endsWith('\n')).toBe(true);
  }));

test('an export, parsed and re-serialised by another tool, still verifies', () =>
  withStore(async (_store, file) => {
    const events = (await exportLogInWorker(file))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as StoredEvent);
    const verifier = new ChainVerifier();
    for (const e of events) {
      verifier.check({ ...e, data: JSON.stringify(e.data, null, 2), metadata: JSON.stringify(e.metadata) });
    }
    expect(verifier.report()).toEqual({ ok: true, streams: 2, events: 3 });
  }));

test('exportLogInWorker can export one stream', () =>
  withStore(async (_store, file) => {
    const lines = (await exportLogInWorker(file, 'contest:1')).trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as StoredEvent).version)).toEqual([1, 2]);
  }));

test('verifyInWorker reports like verify, including a tampered event', () =>
  withStore(async (store, file) => {
    expect(await verifyInWorker(file)).toEqual(store.verify());
    const raw = new Database(file);
    raw.prepare('UPDATE events SET type = ? WHERE position = 3').run('StageFinished');
    raw.close();
    expect(await verifyInWorker(file)).toMatchObject({ ok: false, firstBroken: { position: 3, version: 2 } });
    expect(await verifyInWorker(file, 'audience:1')).toEqual({ ok: true, streams: 1, events: 1 });
  }));

test('a read worker on a missing file rejects', async () => {
  await expect(exportLogInWorker(join(tmpdir(), 'leitai-no-such-dir', 'none.sqlite'))).rejects.toThrow();
});
