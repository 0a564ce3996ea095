/**
 * GroupCommitQueue's flush schedule: after a quiet spell a request commits at the end of the
 * current task (not behind callbacks already queued for the check phase, such as an audience
 * shard's writes); while busy, requests of one event-loop turn share a commit on setImmediate.
 */
import { expect, test } from 'vitest';
import { BUSY_GAP_MS, GroupCommitQueue, type PendingAppend } from './append-batch.ts';
import { sleep } from '@leitai/shared';

const request = (streamId: string): PendingAppend => ({
  streamId,
  events: [],
  expectedVersion: 0,
  commandId: undefined,
  resolve: () => undefined,
  reject: () => undefined,
});

test('quiet: a request commits at the end of the current task, before a queued setImmediate', async () => {
  const order: string[] = [];
  const queue = new GroupCommitQueue(0, (batch) => order.push(`commit ${batch.map((r) => r.streamId).join('+')}`));
  setImmediate(() => order.push('shard write'));
  queue.enqueue(request('a'));
  queue.enqueue(request('b'));
  expect(order).toEqual([]); // nothing inside the caller's own code
  await new Promise((r) => setImmediate(r));
  expect(order).toEqual(['commit a+b', 'shard write']);
});

test('busy: within BUSY_GAP_MS of a commit, requests wait for setImmediate and share one commit', async () => {
  const order: string[] = [];
  const queue = new GroupCommitQueue(0, (batch) => order.push(`commit ${batch.map((r) => r.streamId).join('+')}`));
  queue.enqueue(request('first'));
  await Promise.resolve();
  expect(order).toEqual(['commit first']);
  // Right after that commit: the loop is busy, so the next ones batch on the check phase.
  setImmediate(() => order.push('earlier immediate'));
  queue.enqueue(request('c'));
  await Promise.resolve();
  queue.enqueue(request('d'));
  expect(order).toEqual(['commit first']);
  await new Promise((r) => setImmediate(r));
  expect(order).toEqual(['commit first', 'earlier immediate', 'commit c+d']);
  // After a quiet spell the quick path is back.
  await sleep(BUSY_GAP_MS + 5);
  queue.enqueue(request('e'));
  await Promise.resolve();
  expect(order.at(-1)).toBe('commit e');
});

test('a positive window waits for its timer whatever the load', async () => {
  const commits: string[][] = [];
  const queue = new GroupCommitQueue(20, (batch) => commits.push(batch.map((r) => r.streamId)));
  queue.enqueue(request('x'));
  await new Promise((r) => setImmediate(r));
  queue.enqueue(request('y'));
  expect(commits).toEqual([]);
  await sleep(40);
  expect(commits).toEqual([['x', 'y']]);
});
