import { expect, test } from 'vitest';
import { evolve } from '@leitai/shared';
import { currentContestant, initialOf, neighbourContestant, rosterContestants, rosterStage } from './contest-view.ts';
import { sampleState } from './test-support/sample-contest.ts';

test('the roster follows the current stage in seat order', () => {
  const state = sampleState(4);
  expect(rosterStage(state)?.id).toBe('semi');
  expect(rosterContestants(state).map((c) => c.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
  expect(currentContestant(state)?.name).toBe('李红梅');
});

test('before any stage starts, the first unfinished stage gives the roster', () => {
  expect(rosterStage(sampleState(1))?.id).toBe('semi');
  const finished = evolve(sampleState(2), { type: 'StageFinished', data: { stageId: 'semi', at: 3 } }, 3);
  const next = evolve(finished, { type: 'StageStarted', data: { stageId: 'final', at: 4 } }, 4)!;
  expect(rosterContestants(next).map((c) => c.id)).toEqual(['c2', 'c3']);
});

test('neighbours step through the roster and stop at its ends', () => {
  const state = sampleState(4); // c1 on stage
  expect(neighbourContestant(state, 1)?.id).toBe('c2');
  expect(neighbourContestant(state, -1)).toBeNull();
  const none = { ...state, currentContestantId: null };
  expect(neighbourContestant(none, 1)?.id).toBe('c1');
  expect(neighbourContestant(none, -1)?.id).toBe('c4');
});

test('initialOf takes the first character, surrogate pairs included', () => {
  expect(initialOf(' 李红梅')).toBe('李');
  expect(initialOf('𠀋一')).toBe('𠀋');
  expect(initialOf('')).toBe('?');
});
