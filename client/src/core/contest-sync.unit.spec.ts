import { afterEach, expect, test, vi } from 'vitest';
import type { ResyncAck } from '@leitai/shared';
import { createContestStore } from './contest-store.ts';
import { ContestSync } from './contest-sync.ts';
import { sampleEvents, sampleState } from './test-support/sample-contest.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** A resync requester whose answers the test releases by hand. */
function manualResync() {
  const calls: { fromVersion: number; resolve: (ack: ResyncAck) => void; reject: (e: Error) => void }[] = [];
  const request = (fromVersion: number) =>
    new Promise<ResyncAck>((resolve, reject) => calls.push({ fromVersion, resolve, reject }));
  return { calls, request };
}

const frame = (from: number, to: number) => ({ contestId: 'demo', events: sampleEvents().slice(from - 1, to) });
const settle = () => new Promise((r) => setTimeout(r, 0));

test('a snapshot replaces the state', () => {
  const store = createContestStore();
  new ContestSync(store, manualResync().request).onSnapshot({ state: sampleState(3) });
  expect(store.getState().contest?.version).toBe(3);
});

test('consecutive events fold without a resync', () => {
  const store = createContestStore();
  const resync = manualResync();
  const sync = new ContestSync(store, resync.request);
  sync.onSnapshot({ state: sampleState(2) });
  sync.onEvents(frame(3, 4));
  expect(store.getState().contest?.version).toBe(4);
  expect(resync.calls).toHaveLength(0);
});

test('a gap asks for a resync from the current version, then folds the tail and the held events', async () => {
  const store = createContestStore();
  const resync = manualResync();
  const sync = new ContestSync(store, resync.request);
  sync.onSnapshot({ state: sampleState(2) });
  sync.onEvents(frame(4, 4));
  expect(resync.calls.map((c) => c.fromVersion)).toEqual([2]);
  expect(store.getState()).toMatchObject({ resyncing: true });
  sync.onEvents(frame(5, 5)); // arrives while the resync is in flight: held
  resync.calls[0]!.resolve({ ok: true, state: null, events: sampleEvents().slice(2, 3) });
  await settle();
  expect(store.getState().contest?.version).toBe(5);
  expect(store.getState().contest?.scene).toBe('contestant');
  expect(store.getState().resyncing).toBe(false);
  expect(resync.calls).toHaveLength(1);
});

test('a resync answer with a state replaces it before folding its events', async () => {
  const store = createContestStore();
  const resync = manualResync();
  const sync = new ContestSync(store, resync.request);
  sync.onSnapshot({ state: sampleState(1) });
  sync.onReconnect();
  resync.calls[0]!.resolve({ ok: true, state: sampleState(4), events: sampleEvents().slice(3, 5) });
  await settle();
  expect(store.getState().contest?.version).toBe(5);
});

test('events of another contest are ignored', () => {
  const store = createContestStore();
  const sync = new ContestSync(store, manualResync().request);
  sync.onSnapshot({ state: sampleState(2) });
  sync.onEvents({ contestId: 'other', events: sampleEvents().slice(2, 3) });
  expect(store.getState().contest?.version).toBe(2);
});

test('a failed resync is retried after a pause, not at once', async () => {
  vi.useFakeTimers();
  const store = createContestStore();
  const resync = manualResync();
  const sync = new ContestSync(store, resync.request);
  sync.onSnapshot({ state: sampleState(2) });
  sync.onReconnect();
  resync.calls[0]!.reject(new Error('operation has timed out'));
  await vi.advanceTimersByTimeAsync(0);
  expect(resync.calls).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(2000);
  expect(resync.calls).toHaveLength(2);
  sync.stop();
});

test('a resync that cannot fill the gap waits before asking again', async () => {
  vi.useFakeTimers();
  const store = createContestStore();
  const resync = manualResync();
  const sync = new ContestSync(store, resync.request);
  sync.onSnapshot({ state: sampleState(2) });
  sync.onEvents(frame(5, 5));
  resync.calls[0]!.resolve({ ok: true, state: null, events: [] });
  await vi.advanceTimersByTimeAsync(0);
  expect(resync.calls).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(2000);
  expect(resync.calls.map((c) => c.fromVersion)).toEqual([2, 2]);
  sync.stop();
});
