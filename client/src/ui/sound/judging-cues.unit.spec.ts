import { expect, test } from 'vitest';
import type { ContestState } from '@leitai/shared';
import { judgingCues } from './judging-cues.ts';

type Perf = ContestState['judging']['performances'][string][string];

const judging = (perf: Partial<Perf>): ContestState['judging'] =>
  ({
    focus: { segmentId: 's', contestantId: 'c' },
    performances: {
      s: {
        c: {
          status: 'open',
          startedAt: 1000,
          deadlineAt: 11_000,
          warningAt: 8000,
          submitted: [],
          lockedAt: null,
          revealedAt: null,
          ...perf,
        } as Perf,
      },
    },
  }) as unknown as ContestState['judging'];

const cuesAt = (perf: Partial<Perf>, now: number) => judgingCues(judging(perf), now).map((c) => c.cue);

test('a performance starting sounds the start cue once, not after a reload much later', () => {
  expect(cuesAt({}, 1200)).toEqual(['go']);
  expect(cuesAt({}, 4000)).toEqual([]);
});

test('the last five seconds tick, one key per second; time up sounds once', () => {
  expect(cuesAt({}, 5500)).toEqual([]); // six seconds left: no tick yet
  const ticks = [6000, 6500, 7000, 8000, 9000, 10_000].flatMap((now) => judgingCues(judging({}), now));
  expect(ticks.map((c) => c.cue)).toEqual(Array(6).fill('warning'));
  expect(new Set(ticks.map((c) => c.key)).size).toBe(5); // 6000 and 6500 are the same second
  expect(cuesAt({}, 11_000)).toEqual(['end']);
  expect(cuesAt({}, 11_200)).toEqual(['end']);
  expect(cuesAt({}, 13_000)).toEqual([]);
});

test('an untimed performance never ticks', () => {
  expect(cuesAt({ deadlineAt: null }, 10_000)).toEqual([]);
});

test('the reveal of the scores sounds once, right after it happens', () => {
  expect(cuesAt({ status: 'revealed', revealedAt: 20_000 }, 20_100)).toEqual(['reveal']);
  expect(cuesAt({ status: 'revealed', revealedAt: 20_000 }, 25_000)).toEqual([]);
  expect(cuesAt({ status: 'locked', lockedAt: 20_000 }, 20_100)).toEqual([]);
});
