import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { eventStoreContract } from './event-store.contract.ts';
import type { NewEvent } from './event-store.ts';
import { canonicalJson, eventHash, GENESIS_HASH } from './hash-chain.ts';
import { SCHEMA_VERSION, SqliteEventStore, StoreBehindError } from './sqlite-event-store.ts';

function tempFile(): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'leitai-store-'));
  return { file: join(dir, 'events.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes to the file through a second, raw connection, as an attacker or a bad tool would. */
function rawWrite(file: string, sql: string, ...params: unknown[]): void {
  const db = new Database(file);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

const event = (type: string, data: unknown = {}): NewEvent => ({ type, data, metadata: {} });

eventStoreContract(
  'SqliteEventStore',
  () => {
    const { file, remove } = tempFile();
    const store = new SqliteEventStore(file);
    return Promise.resolve({
      store,
      cleanup: async () => {
        await store.close();
        remove();
      },
      tamper: (position: number, data: unknown) =>
        rawWrite(file, 'UPDATE events SET data = ? WHERE position = ?', JSON.stringify(data), position),
    });
  },
  { tamperable: true },
);

// The timer flavour of group commit must keep the same batch semantics.
eventStoreContract('SqliteEventStore (2 ms window)', () => {
  const { file, remove } = tempFile();
  const store = new SqliteEventStore(file, { groupCommitMs: 2 });
  return Promise.resolve({
    store,
    cleanup: async () => {
      await store.close();
      remove();
    },
  });
});

async function withFile(body: (file: string) => Promise<void>): Promise<void> {
  const { file, remove } = tempFile();
  try {
    await body(file);
  } finally {
    remove();
  }
}

test('the store runs WAL with synchronous=FULL, a busy timeout and the current schema version', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file, { busyTimeoutMs: 1234 });
    expect(store.settings()).toEqual({
      journalMode: 'wal',
      synchronous: 2,
      busyTimeoutMs: 1234,
      schemaVersion: SCHEMA_VERSION,
    });
    await store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  }));

test('a file from a newer schema is refused', () =>
  withFile(async (file) => {
    await new SqliteEventStore(file).close();
    rawWrite(file, `PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => new SqliteEventStore(file)).toThrow(/newer/);
  }));

test('reopening the file finds everything and the chains continue', () =>
  withFile(async (file) => {
    const first = new SqliteEventStore(file);
    await first.append('a', [event('X', { n: 1 }), event('X', { n: 2 })], { expectedVersion: 0, commandId: 'c1' });
    await first.append('b', [event('Y')], { expectedVersion: 0 });
    first.saveSnapshot({ streamId: 'a', version: 2, state: { total: 3 } });
    const pending = first.append('b', [event('Y')], { expectedVersion: 1 });
    await first.close();
    await pending;

    const second = new SqliteEventStore(file);
    try {
      expect(second.readAll().map((e) => `${e.streamId}@${e.version}`)).toEqual(['a@1', 'a@2', 'b@1', 'b@2']);
      expect(second.streamVersion('a')).toBe(2);
      expect(second.commandResult('c1')).toEqual({ version: 2, position: 2, duplicate: true });
      expect(await second.append('a', [event('X')], { expectedVersion: 0, commandId: 'c1' })).toMatchObject({
        duplicate: true,
      });
      expect(second.loadSnapshot('a')).toEqual({ streamId: 'a', version: 2, state: { total: 3 } });
      expect(await second.append('a', [event('X', { n: 3 })], { expectedVersion: 2 })).toEqual({
        version: 3,
        position: 5,
        duplicate: false,
      });
      expect(second.verify()).toEqual({ ok: true, streams: 2, events: 5 });
      expect(second.streamIds()).toEqual(['a', 'b']);
    } finally {
      await second.close();
    }
  }));

test('verify finds content tampered through a raw connection, at the right position', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file);
    try {
      await store.append('a', [event('X', { n: 1 })], { expectedVersion: 0 });
      await store.append('b', [event('Y', { n: 2 }), event('Y', { n: 3 })], { expectedVersion: 0 });
      await store.append('a', [event('X', { n: 4 })], { expectedVersion: 1 });
      rawWrite(file, 'UPDATE events SET data = ? WHERE position = 3', '{"n":33}');
      expect(store.verify()).toMatchObject({
        ok: false,
        firstBroken: { streamId: 'b', version: 2, position: 3, reason: 'hash does not match content and predecessor' },
      });
      expect(store.verify('a').ok).toBe(true);
    } finally {
      await store.close();
    }
  }));

test('verify finds a tampered event whose hash was recomputed, at the next event of its stream', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file);
    try {
      await store.append('a', [event('X', { n: 1 })], { expectedVersion: 0 });
      await store.append('b', [event('Y')], { expectedVersion: 0 });
      await store.append('a', [event('X', { n: 2 })], { expectedVersion: 1 });
      const dataJson = canonicalJson({ n: 100 });
      const forged = eventHash(GENESIS_HASH, { streamId: 'a', version: 1, type: 'X', dataJson, metadataJson: '{}' });
      rawWrite(file, 'UPDATE events SET data = ?, hash = ? WHERE position = 1', dataJson, forged);
      expect(store.verify().firstBroken).toMatchObject({ streamId: 'a', version: 2, position: 3 });
    } finally {
      await store.close();
    }
  }));

test('a batch whose transaction fails rejects every request in it and the store recovers', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file, { busyTimeoutMs: 20 });
    const locker = new Database(file);
    try {
      await store.append('a', [event('X')], { expectedVersion: 0 });
      locker.exec('BEGIN IMMEDIATE');
      const settled = await Promise.allSettled([
        store.append('a', [event('X')], { expectedVersion: 1, commandId: 'c-locked' }),
        store.append('b', [event('Y')], { expectedVersion: 0 }),
      ]);
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
      locker.exec('ROLLBACK');
      expect(store.commandResult('c-locked')).toBeUndefined();
      expect(await store.append('a', [event('X')], { expectedVersion: 1, commandId: 'c-locked' })).toEqual({
        version: 2,
        position: 2,
        duplicate: false,
      });
      expect(store.verify()).toEqual({ ok: true, streams: 1, events: 2 });
    } finally {
      locker.close();
      await store.close();
    }
  }));

test('replay pages through more events than one page holds, and a visitor may use the store', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file);
    try {
      const events = Array.from({ length: 10_001 }, (_, i) => event('X', { i }));
      await store.append('big', events.slice(0, 10_000), { expectedVersion: 0 });
      await store.append('big', events.slice(10_000), { expectedVersion: 10_000 });
      let sum = 0;
      let last = 0;
      const visited = store.replay(
        (e) => {
          sum += (e.data as { i: number }).i;
          last = e.version;
          if (e.version === 10_000) expect(store.streamVersion('big')).toBe(10_001);
        },
        { metadata: false },
      );
      expect([visited, last, sum]).toEqual([10_001, 10_001, (10_000 * 10_001) / 2]);
      expect(store.replay(() => undefined, { streamId: 'big', afterVersion: 5_000 })).toBe(5_001);
    } finally {
      await store.close();
    }
  }));

test('snapshotDue turns true once a stream is snapshotEvery events past its snapshot', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file, { snapshotEvery: 3 });
    try {
      await store.append('s', [event('X'), event('X')], { expectedVersion: 0 });
      expect(store.snapshotDue('s')).toBe(false);
      await store.append('s', [event('X')], { expectedVersion: 2 });
      expect(store.snapshotDue('s')).toBe(true);
      store.saveSnapshot({ streamId: 's', version: 3, state: null });
      expect(store.snapshotDue('s')).toBe(false);
    } finally {
      await store.close();
    }
  }));

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CRASH_APPENDER = fileURLToPath(new URL('./crash-appender.ts', import.meta.url));

/** Runs the crash appender until `acks` appends were acknowledged, then SIGKILLs it. */
function appendUntilKilled(file: string, acks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CRASH_APPENDER, file], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.split('\n').length > acks + 2) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`appender ended without being killed: ${err}`));
      // The last line may be cut by the kill: only complete lines are acknowledgements.
      else
        resolve(
          out
            .split('\n')
            .slice(0, -1)
            .filter((line) => line !== 'ready'),
        );
    });
  });
}

test('after SIGKILL every acknowledged append is present exactly once and the log verifies', { timeout: 30_000 }, () =>
  withFile(async (file) => {
    const acked: string[] = [];
    // Two rounds: the second resumes on the file the first left behind when it was killed.
    for (const round of [1, 2]) {
      acked.push(...(await appendUntilKilled(file, 300 * round)));
    }
    expect(acked.length).toBeGreaterThanOrEqual(900);

    const store = new SqliteEventStore(file);
    try {
      const all = store.readAll();
      const commandIds = all.map((e) => (e.metadata as { commandId: string }).commandId);
      const counts = new Map<string, number>();
      for (const id of commandIds) counts.set(id, (counts.get(id) ?? 0) + 1);
      for (const line of acked) {
        const [commandId, version, position] = line.split(' ');
        expect(counts.get(commandId ?? ''), commandId).toBe(1);
        expect(store.commandResult(commandId ?? '')).toEqual({
          version: Number(version),
          position: Number(position),
          duplicate: true,
        });
      }
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
      expect(store.verify()).toEqual({ ok: true, streams: 8, events: all.length });
    } finally {
      await store.close();
    }
  }),
);

test('a snapshot is bound to the chain: an edited state or a changed event discards it, and verify reports it', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file);
    try {
      await store.append('a', [event('X', { n: 1 }), event('X', { n: 2 })], { expectedVersion: 0 });
      store.saveSnapshot({ streamId: 'a', version: 2, state: { total: 3 } });
      expect(store.loadSnapshot('a')).toEqual({ streamId: 'a', version: 2, state: { total: 3 } });
      rawWrite(file, "UPDATE snapshots SET state = ? WHERE stream_id = 'a'", JSON.stringify({ total: 99 }));
      expect(store.loadSnapshot('a')).toBeUndefined();
      expect(store.discardedSnapshots).toEqual([
        { streamId: 'a', version: 2, reason: 'its state does not match its hash' },
      ]);
      expect(store.verify()).toMatchObject({ ok: false, badSnapshots: [{ streamId: 'a', version: 2 }] });
      // A new snapshot replaces it; then the event it names is replaced (another hash).
      store.saveSnapshot({ streamId: 'a', version: 2, state: { total: 3 } });
      expect(store.verify()).toEqual({ ok: true, streams: 1, events: 2 });
      rawWrite(file, "UPDATE events SET hash = ? WHERE stream_id = 'a' AND version = 2", 'f'.repeat(64));
      expect(store.loadSnapshot('a')).toBeUndefined();
    } finally {
      await store.close();
    }
  }));

test('a file behind its acknowledged mark (a lost -wal, an older copy) is refused, reported or accepted', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file);
    await store.append('a', [event('X'), event('X'), event('X')], { expectedVersion: 0 });
    await store.close();
    // An older copy: the last event gone behind the store's back.
    rawWrite(file, 'DELETE FROM events WHERE position = 3');
    expect(() => new SqliteEventStore(file)).toThrow(StoreBehindError);
    const reported = new SqliteEventStore(file, { behindMark: 'report' });
    expect(reported.behind?.message).toMatch(/position 3 was acknowledged, the file ends at position 2/);
    await reported.close();
    const accepted = new SqliteEventStore(file, { behindMark: 'accept' });
    expect(accepted.behind).toBeUndefined();
    await accepted.close();
    // Accepted once: the mark now matches the file.
    const again = new SqliteEventStore(file);
    expect(again.streamVersion('a')).toBe(2);
    await again.close();
  }));
