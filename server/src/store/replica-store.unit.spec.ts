import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { ReplicaMismatchError, ReplicaStore } from './replica-store.ts';
import { SqliteEventStore, type CommittedBatch } from './sqlite-event-store.ts';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'leitai-replica-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A primary whose commits are captured as the standby receives them. */
async function primaryWithBatches() {
  const dir = temp();
  const store = new SqliteEventStore(join(dir, 'p.sqlite'));
  const batches: CommittedBatch[] = [];
  store.onCommit((b) => {
    batches.push(structuredClone(b));
    return undefined;
  });
  await store.append('contest-a', [{ type: 'A', data: { n: 1 }, metadata: {} }], {
    expectedVersion: 0,
    commandId: 'a/1',
  });
  await store.append('contest-b', [{ type: 'B', data: { n: 'x' }, metadata: { at: 1 } }], { expectedVersion: 0 });
  await store.append(
    'contest-a',
    [
      { type: 'A', data: { n: 2 }, metadata: {} },
      { type: 'A', data: { n: 3 }, metadata: {} },
    ],
    { expectedVersion: 1, commandId: 'a/2' },
  );
  return { dir, store, batches };
}

test('the standby stores what the primary committed, byte for byte, and its file opens and verifies as a store', async () => {
  const { dir, store, batches } = await primaryWithBatches();
  expect(batches.map((b) => b.events.map((e) => e.position))).toEqual([[1], [2], [3, 4]]);
  const replica = new ReplicaStore(join(dir, 's.sqlite'));
  for (const b of batches) replica.apply(b);
  // A batch sent twice (a reconnect) is taken once.
  replica.apply(batches[2]!);
  expect(replica.tail()).toEqual({ position: 4, hash: store.readAll(3)[0]!.hash });
  replica.close();
  const copy = new SqliteEventStore(join(dir, 's.sqlite'));
  expect(copy.readAll()).toEqual(store.readAll());
  expect(copy.verify()).toMatchObject({ ok: true, events: 4 });
  expect(copy.commandResult('a/2')).toEqual(store.commandResult('a/2'));
  await copy.close();
  await store.close();
});

test('an edited event, a forged hash or a gap is refused whole: nothing of the batch is written', async () => {
  const { dir, batches } = await primaryWithBatches();
  const replica = new ReplicaStore(join(dir, 's.sqlite'));
  replica.apply(batches[0]!);
  const edited = structuredClone(batches[1]!);
  edited.events[0]!.data = '{"n":"y"}';
  expect(() => replica.apply(edited)).toThrow(ReplicaMismatchError);
  const wrongLink = structuredClone(batches[2]!);
  wrongLink.events[1]!.hash = wrongLink.events[0]!.hash;
  replica.apply(batches[1]!);
  expect(() => replica.apply(wrongLink)).toThrow(/chain breaks at contest-a v3/);
  expect(replica.tail().position).toBe(2);
  const gap = structuredClone(batches[2]!);
  gap.events = gap.events.slice(1);
  expect(() => replica.apply(gap)).toThrow(/a gap/);
  expect(replica.tail().position).toBe(2);
  replica.apply(batches[2]!);
  expect(replica.tail().position).toBe(4);
  replica.close();
});
