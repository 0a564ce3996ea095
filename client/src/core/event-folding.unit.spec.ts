import { expect, test } from 'vitest';
import { foldPositioned } from '@leitai/shared';
import { sampleEvents, sampleState } from './test-support/sample-contest.ts';

test('folds the next versions in order', () => {
  const out = foldPositioned(sampleState(2), sampleEvents().slice(2, 4));
  expect(out).toMatchObject({ applied: 2, gap: false });
  expect(out.state?.version).toBe(4);
  expect(out.state?.currentContestantId).toBe('c1');
});

test('ignores events at or below the current version (duplicates)', () => {
  const state = sampleState(4);
  const out = foldPositioned(state, sampleEvents().slice(0, 4));
  expect(out).toEqual({ state, applied: 0, gap: false });
});

test('stops at a gap and reports it, keeping what came before', () => {
  const events = sampleEvents();
  const out = foldPositioned(sampleState(2), [events[2]!, events[4]!]);
  expect(out.gap).toBe(true);
  expect(out.applied).toBe(1);
  expect(out.state?.version).toBe(3);
  expect(out.state?.scene).toBe('title');
});

test('starts a stream from nothing only with ContestCreated at version 1', () => {
  expect(foldPositioned(null, sampleEvents().slice(0, 2)).state?.version).toBe(2);
  const missedStart = foldPositioned(null, sampleEvents().slice(1, 3));
  expect(missedStart).toEqual({ state: null, applied: 0, gap: true });
});

test('sorts a frame that arrived out of order before folding', () => {
  const [, second, third] = sampleEvents();
  const out = foldPositioned(sampleState(1), [third!, second!]);
  expect(out).toMatchObject({ applied: 2, gap: false });
});
