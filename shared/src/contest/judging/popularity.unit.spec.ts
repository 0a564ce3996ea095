import { expect, test } from 'vitest';
import { DEMO_CONTEST } from '../../demo/index.ts';
import { SYSTEM_ACTOR, type Actor } from '../kernel/actor.ts';
import type { ContestCommand } from '../commands.ts';
import { contestSpec, opening } from '../contest-spec.ts';
import { decide } from '../decide.ts';
import type { ContestEvent } from '../events.ts';
import type { ContestState } from '../state.ts';
import type { ContestFile } from '../../model/contest-file-schema.ts';

const HOST: Actor = { role: 'host' };

/** The state of a running final of `definition`, after `events`. */
const given = (definition: ContestFile = DEMO_CONTEST, ...events: ContestEvent[]): ContestState =>
  contestSpec.given(...opening({ definition }), ...events).state;

const record = (counts: Record<string, number>, stageId = 'final'): ContestCommand => ({
  type: 'RecordPopularityCounts',
  data: { stageId, by: 'cheers', counts },
});

test('given a running final, when the server records the cheer counts, then PopularityRecorded with server time', () => {
  const d = decide(given(), record({ c01: 3, c02: 1 }), { now: 5000, actor: SYSTEM_ACTOR });
  expect(d).toEqual({
    ok: true,
    events: [
      { type: 'PopularityRecorded', data: { stageId: 'final', by: 'cheers', counts: { c01: 3, c02: 1 }, at: 5000 } },
    ],
  });
});

test('the latest recording replaces the counts; both stay in the log', () => {
  const first: ContestEvent = {
    type: 'PopularityRecorded',
    data: { stageId: 'final', by: 'cheers', counts: { c01: 3 }, at: 10 },
  };
  const second: ContestEvent = {
    type: 'PopularityRecorded',
    data: { stageId: 'final', by: 'cheers', counts: { c02: 4 }, at: 20 },
  };
  const s = given(DEMO_CONTEST, first, second);
  expect(s.judging.popularity).toEqual({ final: { by: 'cheers', counts: { c02: 4 }, at: 20 } });
});

test('only the server may record counts: the host (and every other role) is FORBIDDEN', () => {
  for (const role of ['host', 'judge', 'contestant', 'stage', 'overlay', 'audience'] as const) {
    const d = decide(given(), record({ c01: 99 }), { now: 1, actor: { role } });
    expect(d).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  }
  expect(decide(given(), record({ c01: 99 }), { now: 1, actor: HOST }).ok).toBe(false);
});

test('refusals: no popularity award, unknown stage, off-roster contestant, bad count, the other count', () => {
  const ctx = { now: 1, actor: SYSTEM_ACTOR };
  const { popularity: _popularity, ...awards } = DEMO_CONTEST.awards!;
  const noAward: ContestFile = { ...DEMO_CONTEST, awards };
  expect(decide(given(noAward), record({ c01: 1 }), ctx)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE' },
  });
  expect(decide(given(), record({ c01: 1 }, 'nope'), ctx)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(decide(given(), record({ zz: 1 }), ctx)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(decide(given(), record({ c01: -1 }), ctx)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  // The demo's award counts cheers: likes are refused, and an award by likes refuses cheers.
  const likesCmd: ContestCommand = {
    type: 'RecordPopularityCounts',
    data: { stageId: 'final', by: 'likes', counts: { c01: 1 } },
  };
  expect(decide(given(), likesCmd, ctx)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  expect(decide(given(byLikes), record({ c01: 1 }), ctx)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  // An award by likes checks the roster and the counts as one by cheers does.
  expect(
    decide(
      given(byLikes),
      { type: 'RecordPopularityCounts', data: { stageId: 'final', by: 'likes', counts: { zz: 1 } } },
      ctx,
    ),
  ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});

const byLikes: ContestFile = {
  ...DEMO_CONTEST,
  awards: { ...DEMO_CONTEST.awards!, popularity: { name: '人气奖', by: 'likes' } },
};

test('given an award by likes, when the server records the counts of each turn, then PopularityRecorded by likes', () => {
  const d = decide(
    given(byLikes),
    { type: 'RecordPopularityCounts', data: { stageId: 'final', by: 'likes', counts: { c01: 640, c02: 12 } } },
    { now: 9000, actor: SYSTEM_ACTOR },
  );
  expect(d).toEqual({
    ok: true,
    events: [
      {
        type: 'PopularityRecorded',
        data: { stageId: 'final', by: 'likes', counts: { c01: 640, c02: 12 }, at: 9000 },
      },
    ],
  });
  const s = given(byLikes, ...(d.ok ? d.events : []));
  expect(s.judging.popularity).toEqual({ final: { by: 'likes', counts: { c01: 640, c02: 12 }, at: 9000 } });
});
