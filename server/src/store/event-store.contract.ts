/**
 * The one contract suite every `EventStore` implementation runs (style habit 6). Call it from
 * an implementation's `*.unit.spec.ts`; it defines flat `test()` cases prefixed with `name`.
 */
import { expect, test } from 'vitest';
import type { EventStore, NewEvent } from './event-store.ts';
import { StreamConflictError } from './event-store.ts';

/** A fresh, empty store, how to dispose of it, and optionally how to corrupt a stored event. */
export interface ContractFixture {
  store: EventStore;
  cleanup: () => Promise<void>;
  /** Overwrites the stored data of the event at `position` behind the store's back. */
  tamper?: (position: number, data: unknown) => void;
}

const event = (type: string, data: unknown = {}, metadata: Record<string, unknown> = {}): NewEvent => ({
  type,
  data,
  metadata,
});

/**
 * Defines the contract tests for the store that `makeStore` creates. `tamperable` adds the
 * test that a corrupted event is found by verify (the fixture must then provide `tamper`).
 */
export function eventStoreContract(
  name: string,
  makeStore: () => Promise<ContractFixture>,
  options: { tamperable?: boolean } = {},
): void {
  async function withStore(body: (fixture: ContractFixture) => Promise<void>): Promise<void> {
    const fixture = await makeStore();
    try {
      await body(fixture);
    } finally {
      await fixture.cleanup();
    }
  }

  test(`${name}: appends events and reads them back in order`, () =>
    withStore(async ({ store }) => {
      const result = await store.append(
        'contest:1',
        [
          event('ContestCreated', { title: '擂台' }, { actor: { role: 'host' } }),
          event('StageStarted', { stageId: 's1', at: 5 }),
          event('StageFinished', { stageId: 's1', at: 9 }),
        ],
        { expectedVersion: 0 },
      );
      expect(result).toEqual({ version: 3, position: 3, duplicate: false });
      const read = store.readStream('contest:1');
      expect(read.map((e) => [e.type, e.version, e.position])).toEqual([
        ['ContestCreated', 1, 1],
        ['StageStarted', 2, 2],
        ['StageFinished', 3, 3],
      ]);
      expect(read[0]?.data).toEqual({ title: '擂台' });
      expect(read[0]?.metadata).toEqual({ actor: { role: 'host' } });
      expect(read[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(store.readStream('contest:1', 1).map((e) => e.version)).toEqual([2, 3]);
      expect(store.readStream('nobody')).toEqual([]);
      expect(store.streamVersion('contest:1')).toBe(3);
      expect(store.streamVersion('nobody')).toBe(0);
    }));

  test(`${name}: stream versions and global positions are gap-free across streams`, () =>
    withStore(async ({ store }) => {
      await store.append('a', [event('X'), event('X')], { expectedVersion: 0 });
      await store.append('b', [event('Y')], { expectedVersion: 0 });
      const last = await store.append('a', [event('X')], { expectedVersion: 2 });
      expect(last).toEqual({ version: 3, position: 4, duplicate: false });
      const all = store.readAll();
      expect(all.map((e) => e.position)).toEqual([1, 2, 3, 4]);
      expect(all.map((e) => `${e.streamId}@${e.version}`)).toEqual(['a@1', 'a@2', 'b@1', 'a@3']);
    }));

  test(`${name}: a wrong expectedVersion rejects with StreamConflictError and appends nothing`, () =>
    withStore(async ({ store }) => {
      await store.append('s', [event('X')], { expectedVersion: 0 });
      const conflict = store.append('s', [event('X'), event('X')], { expectedVersion: 0 });
      await expect(conflict).rejects.toBeInstanceOf(StreamConflictError);
      await expect(conflict).rejects.toMatchObject({ code: 'CONFLICT', streamId: 's', expected: 0, actual: 1 });
      await expect(store.append('new', [event('X')], { expectedVersion: 4 })).rejects.toMatchObject({
        expected: 4,
        actual: 0,
      });
      expect(store.streamVersion('s')).toBe(1);
      expect(store.readAll()).toHaveLength(1);
    }));

  test(`${name}: bad input rejects that append alone`, () =>
    withStore(async ({ store }) => {
      const bad = store.append('s', [event('X')], { expectedVersion: -1 });
      const good = store.append('s', [event('X')], { expectedVersion: 0 });
      await expect(bad).rejects.toBeInstanceOf(TypeError);
      await expect(good).resolves.toMatchObject({ version: 1 });
      await expect(store.append('', [event('X')], { expectedVersion: 0 })).rejects.toBeInstanceOf(TypeError);
      expect(store.readAll()).toHaveLength(1);
    }));

  test(`${name}: concurrent appends to different streams share a batch and all succeed`, () =>
    withStore(async ({ store }) => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.append(`s${i}`, [event('X', { i })], { expectedVersion: 0 })),
      );
      expect(results.map((r) => r.version)).toEqual(Array.from({ length: 20 }, () => 1));
      expect(results.map((r) => r.position).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(store.streamIds()).toHaveLength(20);
    }));

  test(`${name}: a conflicting request in a batch fails alone, later ones see the earlier ones`, () =>
    withStore(async ({ store }) => {
      const settled = await Promise.allSettled([
        store.append('a', [event('X')], { expectedVersion: 0 }),
        store.append('a', [event('X')], { expectedVersion: 0 }),
        store.append('b', [event('Y')], { expectedVersion: 0 }),
        store.append('a', [event('Z')], { expectedVersion: 1 }),
      ]);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      const rejected = settled[1];
      expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(StreamConflictError);
      expect(store.readStream('a').map((e) => e.type)).toEqual(['X', 'Z']);
      expect(store.readAll().map((e) => e.position)).toEqual([1, 2, 3]);
    }));

  test(`${name}: a repeated commandId returns the first result and appends nothing`, () =>
    withStore(async ({ store }) => {
      const first = await store.append('s', [event('X')], { expectedVersion: 0, commandId: 'cmd-1' });
      await store.append('s', [event('Y')], { expectedVersion: 1 });
      // The retry carries a now-stale expectedVersion: the recorded result wins, no conflict.
      const retry = await store.append('s', [event('X')], { expectedVersion: 0, commandId: 'cmd-1' });
      expect(first).toEqual({ version: 1, position: 1, duplicate: false });
      expect(retry).toEqual({ version: 1, position: 1, duplicate: true });
      expect(store.readAll()).toHaveLength(2);
      expect(store.commandResult('cmd-1')).toEqual({ version: 1, position: 1, duplicate: true });
      expect(store.commandResult('cmd-unknown')).toBeUndefined();
    }));

  test(`${name}: the same commandId sent twice before the first commits appends once`, () =>
    withStore(async ({ store }) => {
      const [a, b] = await Promise.all([
        store.append('s', [event('X')], { expectedVersion: 0, commandId: 'cmd-2' }),
        store.append('s', [event('X')], { expectedVersion: 0, commandId: 'cmd-2' }),
      ]);
      expect(a).toEqual({ version: 1, position: 1, duplicate: false });
      expect(b).toEqual({ version: 1, position: 1, duplicate: true });
      expect(store.readAll()).toHaveLength(1);
    }));

  test(`${name}: a command that failed on a conflict is not recorded and can be retried`, () =>
    withStore(async ({ store }) => {
      await store.append('s', [event('X')], { expectedVersion: 0 });
      await expect(store.append('s', [event('Y')], { expectedVersion: 0, commandId: 'cmd-3' })).rejects.toBeInstanceOf(
        StreamConflictError,
      );
      expect(store.commandResult('cmd-3')).toBeUndefined();
      await expect(store.append('s', [event('Y')], { expectedVersion: 1, commandId: 'cmd-3' })).resolves.toEqual({
        version: 2,
        position: 2,
        duplicate: false,
      });
    }));

  test(`${name}: a command with no events is recorded with the current version and position 0`, () =>
    withStore(async ({ store }) => {
      await store.append('s', [event('X')], { expectedVersion: 0 });
      const none = await store.append('s', [], { expectedVersion: 1, commandId: 'cmd-noop' });
      expect(none).toEqual({ version: 1, position: 0, duplicate: false });
      expect(await store.append('s', [], { expectedVersion: 1, commandId: 'cmd-noop' })).toEqual({
        ...none,
        duplicate: true,
      });
      expect(store.readAll()).toHaveLength(1);
    }));

  test(`${name}: readAll pages by position and limit`, () =>
    withStore(async ({ store }) => {
      for (let i = 0; i < 25; i++) {
        const stream = `s${i % 3}`;
        await store.append(stream, [event('X', { i })], { expectedVersion: store.streamVersion(stream) });
      }
      const pages: number[][] = [];
      let after = 0;
      for (;;) {
        const page = store.readAll(after, 10);
        if (page.length === 0) break;
        pages.push(page.map((e) => e.position));
        after = page.at(-1)?.position ?? after;
      }
      expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
      expect(pages.flat()).toEqual(store.readAll().map((e) => e.position));
      expect(store.readAll(20).map((e) => (e.data as { i: number }).i)).toEqual([20, 21, 22, 23, 24]);
    }));

  test(`${name}: replay visits events in order, by position or within one stream`, () =>
    withStore(async ({ store }) => {
      await store.append('a', [event('X', { n: 1 }, { at: 1 }), event('X', { n: 2 }, { at: 2 })], {
        expectedVersion: 0,
      });
      await store.append('b', [event('Y', { n: 3 }, { at: 3 })], { expectedVersion: 0 });
      await store.append('a', [event('Z', { n: 4 }, { at: 4 })], { expectedVersion: 2 });
      const seen: unknown[] = [];
      expect(store.replay((e) => seen.push(e))).toBe(4);
      expect(seen).toEqual(store.readAll().map(({ hash: _hash, ...rest }) => rest));
      const tail: string[] = [];
      expect(store.replay((e) => tail.push(`${e.streamId}@${e.version}`), { afterPosition: 2 })).toBe(2);
      expect(tail).toEqual(['b@1', 'a@3']);
      const stream: unknown[] = [];
      store.replay((e) => stream.push(e), { streamId: 'a', afterVersion: 1, metadata: false });
      expect(stream).toEqual([
        { position: 2, streamId: 'a', version: 2, type: 'X', data: { n: 2 } },
        { position: 4, streamId: 'a', version: 3, type: 'Z', data: { n: 4 } },
      ]);
      expect(store.replay(() => undefined, { streamId: 'nobody' })).toBe(0);
    }));

  test(`${name}: events read back are copies`, () =>
    withStore(async ({ store }) => {
      const data = { score: { c1: 1 } };
      await store.append('s', [event('X', data)], { expectedVersion: 0 });
      data.score.c1 = 99;
      const first = store.readStream('s')[0];
      (first?.data as typeof data).score.c1 = 42;
      expect(store.readStream('s')[0]?.data).toEqual({ score: { c1: 1 } });
    }));

  test(`${name}: loadSnapshot returns the latest snapshot saved`, () =>
    withStore(({ store }) => {
      expect(store.loadSnapshot('s')).toBeUndefined();
      store.saveSnapshot({ streamId: 's', version: 2, state: { scores: { a: 1 } } });
      store.saveSnapshot({ streamId: 's', version: 5, state: { scores: { a: 3, b: 2 } } });
      store.saveSnapshot({ streamId: 's', version: 3, state: { stale: true } });
      expect(store.loadSnapshot('s')).toEqual({ streamId: 's', version: 5, state: { scores: { a: 3, b: 2 } } });
      expect(store.loadSnapshot('other')).toBeUndefined();
      return Promise.resolve();
    }));

  test(`${name}: verify recomputes the hash chains`, () =>
    withStore(async ({ store }) => {
      await store.append('a', [event('X', { n: 1 }, { at: 1 }), event('X', { n: 2 })], { expectedVersion: 0 });
      await store.append('b', [event('Y', [1, 'two', null])], { expectedVersion: 0 });
      await store.append('a', [event('X', { z: 1, a: { y: 2, b: 3 } })], { expectedVersion: 2 });
      expect(store.verify()).toEqual({ ok: true, streams: 2, events: 4 });
      expect(store.verify('a')).toEqual({ ok: true, streams: 1, events: 3 });
      const [first, second] = store.readStream('a');
      expect(first?.hash).not.toEqual(second?.hash);
    }));

  test(`${name}: streamIds lists streams, optionally by prefix, sorted`, () =>
    withStore(async ({ store }) => {
      for (const id of ['contest:2', 'audience:1', 'contest:1', 'contest', 'contestant:9']) {
        await store.append(id, [event('X')], { expectedVersion: 0 });
      }
      expect(store.streamIds()).toEqual(['audience:1', 'contest', 'contest:1', 'contest:2', 'contestant:9']);
      expect(store.streamIds('contest:')).toEqual(['contest:1', 'contest:2']);
      expect(store.streamIds('contest')).toEqual(['contest', 'contest:1', 'contest:2', 'contestant:9']);
      expect(store.streamIds('zzz')).toEqual([]);
    }));

  test(`${name}: close commits pending appends first, then refuses new ones`, async () => {
    const { store, cleanup } = await makeStore();
    try {
      const pending = store.append('s', [event('X')], { expectedVersion: 0 });
      await store.close();
      await expect(pending).resolves.toEqual({ version: 1, position: 1, duplicate: false });
      await expect(store.append('s', [event('X')], { expectedVersion: 1 })).rejects.toThrow(/closed/);
    } finally {
      await cleanup();
    }
  });

  // Only stores that can be corrupted from outside (a file) define this one.
  if (options.tamperable) {
    test(`${name}: verify reports the first tampered event`, () =>
      withStore(async ({ store, tamper }) => {
        if (!tamper) throw new Error('a tamperable store must provide tamper()');
        await store.append('a', [event('X', { n: 1 }), event('X', { n: 2 })], { expectedVersion: 0 });
        await store.append('b', [event('Y', { n: 3 })], { expectedVersion: 0 });
        await store.append('a', [event('X', { n: 4 })], { expectedVersion: 2 });
        tamper(4, { n: 40 });
        tamper(2, { n: 20 });
        const report = store.verify();
        expect(report.ok).toBe(false);
        expect(report.firstBroken).toMatchObject({ streamId: 'a', version: 2, position: 2 });
        expect(store.verify('b')).toEqual({ ok: true, streams: 1, events: 1 });
      }));
  }
}
