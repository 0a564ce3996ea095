import { expect, test } from 'vitest';
import { THREE_STAGE_CONTEST } from '../../demo/index.ts';
import type { ContestFile } from '../../model/contest-file-schema.ts';
import type { Actor } from '../kernel/actor.ts';
import { contestCreated, contestSpec } from '../contest-spec.ts';
import { stageRoster } from '../kernel/lookup.ts';
import type { ContestCommand } from '../commands.ts';
import { decide, type Decision } from '../decide.ts';
import type { ContestEvent } from '../events.ts';
import { evolve } from '../evolve.ts';
import type { ContestState } from '../state.ts';
import { projectEvent, viewFor } from '../view.ts';
import { advancementBoard } from './compute-advancement.ts';

const HOST: Actor = { role: 'host' };

/** Given: the three-stage contest (or `definition`) and these events folded in order, by the kernel's spec (contest-spec.ts). */
function given(...events: ContestEvent[]): ContestState {
  return givenIn(THREE_STAGE_CONTEST, 'season', ...events);
}
function givenIn(definition: ContestFile, contestId: string, ...events: ContestEvent[]): ContestState {
  return contestSpec.given(contestCreated({ definition, contestId }), ...events).state;
}

/** When: the command is decided against the state (by the host unless told), at 5000. */
const when = (state: ContestState, command: ContestCommand, actor: Actor = HOST): Decision =>
  decide(state, command, { now: 5000, actor });

/** Then: the decision's events, folded into the state (fails the test on a refusal). */
function then(state: ContestState, d: Decision): { events: ContestEvent[]; state: ContestState } {
  if (!d.ok) throw new Error(`refused: ${d.error.code} ${d.error.message}`);
  let s = state;
  for (const e of d.events) s = evolve(s, e, s.version + 1)!;
  return { events: d.events, state: s };
}

const score = (segmentId: string, contestantId: string, after: number): ContestEvent => ({
  type: 'ScoreCorrected',
  data: {
    correctionId: `x-${segmentId}-${contestantId}`,
    segmentId,
    contestantId,
    delta: after,
    before: 0,
    after,
    reason: 'entered',
    by: 'host',
    at: 1,
  },
});

/** The preliminary, scored (written 40%, lecture 60%): a1, b2, e1 and h2 win their committees. */
const PRELIM: [string, number, number][] = [
  ['a1', 8000, 9000], // 86.00
  ['a2', 9000, 8000], // 84.00
  ['b1', 7000, 7000], // 70.00
  ['b2', 8000, 8500], // 83.00
  ['e1', 9000, 9000], // 90.00
  ['e2', 6000, 6000], // 60.00
  ['e3', 5000, 9500], // 77.00
  ['h1', 8000, 8000], // 80.00
  ['h2', 9000, 7500], // 81.00
  ['h3', 5000, 5000], // 50.00
];
const prelimScores = (rows = PRELIM): ContestEvent[] =>
  rows.flatMap(([id, w, l]) => [score('prelim-written', id, w), score('prelim-lecture', id, l)]);
const started = (stageId: string): ContestEvent => ({ type: 'StageStarted', data: { stageId, at: 1 } });
const finished = (stageId: string): ContestEvent => ({ type: 'StageFinished', data: { stageId, at: 2 } });
const confirm = (
  data: Partial<{ resolutions: { groupId: string; advance: 'all' | string[] }[]; reason: string }> = {},
): ContestCommand => ({
  type: 'ConfirmAdvancement',
  data: { fromStageId: 'preliminary', ...data },
});
const prelimDone = (rows = PRELIM) => given(started('preliminary'), ...prelimScores(rows), finished('preliminary'));

test('before any advancement, each stage holds the roster the contest file lists', () => {
  const s = given();
  expect(stageRoster(s, 'semifinal')).toEqual(['d1', 'd2']);
  expect(stageRoster(s, 'final')).toEqual([]);
  expect(s.rosters['semifinal']?.built).toBe(false);
});

test('confirming builds the next roster: advancers placed by group label, seeded entrants kept in their groups', () => {
  const s = prelimDone();
  const { events, state } = then(s, when(s, confirm()));
  expect(events).toEqual([
    {
      type: 'AdvancementConfirmed',
      data: {
        fromStageId: 'preliminary',
        toStageId: 'semifinal',
        groups: [
          { groupId: 'liaison-1', contestantIds: ['d1', 'a1', 'b2'] },
          { groupId: 'liaison-2', contestantIds: ['d2', 'e1', 'h2'] },
        ],
        advancers: ['a1', 'b2', 'e1', 'h2'],
        seeded: ['d1', 'd2'],
        tieResolutions: [],
        reason: null,
        by: 'host',
        at: 5000,
      },
    },
  ]);
  expect(stageRoster(state, 'semifinal')).toEqual(['a1', 'b2', 'e1', 'h2', 'd1', 'd2']);
  expect(state.rosters['semifinal']?.built).toBe(true);
  // Other capabilities follow the built roster: the host may now put a1 in focus in the semifinal.
  const semi = then(state, { ok: true, events: [started('semifinal')] }).state;
  expect(when(semi, { type: 'SetCurrentContestant', data: { contestantId: 'a1' } }).ok).toBe(true);
  expect(when(semi, { type: 'SetCurrentContestant', data: { contestantId: 'a2' } })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE' },
  });
});

test('the final has one group: every semifinal advancer goes there, ranked by written + lecture within the built groups', () => {
  const s0 = prelimDone();
  const s1 = then(s0, when(s0, confirm())).state;
  const semi: [string, number, number][] = [
    ['d1', 7000, 7000],
    ['a1', 9000, 9000],
    ['b2', 8000, 8000],
    ['d2', 9500, 9500],
    ['e1', 6000, 6000],
    ['h2', 8800, 8800],
  ];
  const s2 = then(s1, {
    ok: true,
    events: [
      started('semifinal'),
      ...semi.flatMap(([id, w, l]) => [score('semi-written', id, w), score('semi-lecture', id, l)]),
      finished('semifinal'),
    ],
  }).state;
  const { events, state } = then(s2, when(s2, { type: 'ConfirmAdvancement', data: { fromStageId: 'semifinal' } }));
  expect(events[0]).toMatchObject({
    type: 'AdvancementConfirmed',
    data: {
      toStageId: 'final',
      advancers: ['a1', 'b2', 'd2', 'h2'],
      groups: [{ groupId: 'finalists', contestantIds: ['a1', 'b2', 'd2', 'h2'] }],
    },
  });
  expect(stageRoster(state, 'final')).toEqual(['a1', 'b2', 'h2', 'd2']);
});

test('a tie at the cut must be resolved: refused until the host lets all tied advance or chooses with a reason', () => {
  // a2 equals a1 on the total (86.00) and the preliminary has no tie-break.
  const rows = PRELIM.map((r): [string, number, number] => (r[0] === 'a2' ? ['a2', 8000, 9000] : r));
  const s = prelimDone(rows);
  const refused = when(s, confirm());
  expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  expect(!refused.ok && refused.error.details).toEqual([
    { path: 'resolutions[0]', message: 'chengguan: a1, a2 tied for 1 place(s)' },
  ]);

  const all = then(s, when(s, confirm({ resolutions: [{ groupId: 'chengguan', advance: 'all' }] })));
  expect(all.events[0]).toMatchObject({
    data: {
      advancers: ['a1', 'a2', 'b2', 'e1', 'h2'],
      tieResolutions: [{ groupId: 'chengguan', tiedIds: ['a1', 'a2'], seats: 1, how: 'all', advancing: ['a1', 'a2'] }],
    },
  });

  expect(when(s, confirm({ resolutions: [{ groupId: 'chengguan', advance: ['a2'] }] }))).toMatchObject({
    ok: false,
    error: { code: 'BAD_REQUEST', message: 'choosing among tied contestants needs a reason' },
  });
  const chosen = then(
    s,
    when(s, confirm({ resolutions: [{ groupId: 'chengguan', advance: ['a2'] }], reason: '抽签决定' })),
  );
  expect(chosen.events[0]).toMatchObject({
    data: {
      advancers: ['a2', 'b2', 'e1', 'h2'],
      reason: '抽签决定',
      tieResolutions: [{ groupId: 'chengguan', how: 'chosen', advancing: ['a2'] }],
    },
  });
});

test('a resolution must answer a real tie with the right number of tied contestants', () => {
  const tiedRows = PRELIM.map((r): [string, number, number] => (r[0] === 'a2' ? ['a2', 8000, 9000] : r));
  const s = prelimDone(tiedRows);
  const code = (d: Decision) => (d.ok ? 'ok' : d.error.code);
  expect(code(when(s, confirm({ resolutions: [{ groupId: 'health', advance: 'all' }] })))).toBe('BAD_REQUEST');
  expect(code(when(s, confirm({ resolutions: [{ groupId: 'nowhere', advance: 'all' }] })))).toBe('NOT_FOUND');
  const both = { resolutions: [{ groupId: 'chengguan', advance: ['a1', 'a2'] }], reason: 'x' };
  expect(code(when(s, confirm(both)))).toBe('BAD_REQUEST');
  const stranger = { resolutions: [{ groupId: 'chengguan', advance: ['b1'] }], reason: 'x' };
  expect(code(when(s, confirm(stranger)))).toBe('BAD_REQUEST');
  const unknown = { resolutions: [{ groupId: 'chengguan', advance: ['zz'] }], reason: 'x' };
  expect(code(when(s, confirm(unknown)))).toBe('NOT_FOUND');
});

test('confirming is refused for a stage not finished, confirmed twice, without a rule, or when the next stage has started', () => {
  const code = (d: Decision) => (d.ok ? 'ok' : `${d.error.code}: ${d.error.message}`);
  expect(code(when(given(started('preliminary')), confirm()))).toBe(
    "INVALID_STATE: stage 'preliminary' has not finished",
  );
  const s = prelimDone();
  const done = then(s, when(s, confirm())).state;
  expect(code(when(done, confirm()))).toBe(
    "INVALID_STATE: the advancement from stage 'preliminary' is already confirmed",
  );
  const semiStarted = then(s, { ok: true, events: [started('semifinal')] }).state;
  expect(code(when(semiStarted, confirm()))).toBe("INVALID_STATE: the next stage 'semifinal' has already started");
  const finalFinished = given(started('final'), finished('final'));
  expect(code(when(finalFinished, { type: 'ConfirmAdvancement', data: { fromStageId: 'final' } }))).toBe(
    "INVALID_STATE: stage 'final' has no advancement rule",
  );
  expect(code(when(s, { type: 'ConfirmAdvancement', data: { fromStageId: 'nope' } }))).toBe(
    "NOT_FOUND: no stage 'nope'",
  );
  expect(code(when(s, confirm(), { role: 'judge', subjectId: 'j1' }))).toBe(
    "FORBIDDEN: role 'judge' may not ConfirmAdvancement",
  );
});

test('an advancer no group can take is refused, naming who', () => {
  // Two semifinal groups, and b2 carries a label that names neither.
  const def = JSON.parse(JSON.stringify(THREE_STAGE_CONTEST)) as typeof THREE_STAGE_CONTEST;
  const b2 = def.contestants.find((c) => c.id === 'b2')!;
  b2.group = '第九片组';
  const s = givenIn(def, 'x', started('preliminary'), ...prelimScores(), finished('preliminary'));
  const d = when(s, confirm());
  expect(d).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE', message: "cannot place b2 in a group of stage 'semifinal'" },
  });
  expect(!d.ok && d.error.details?.map((x) => x.path)).toEqual(['advancers.b2']);
});

test('a withdrawal replaced by the next in rank takes the same group, with its reason, until the stage starts', () => {
  const s0 = prelimDone();
  const s1 = then(s0, when(s0, confirm())).state;
  const { events, state } = then(
    s1,
    when(s1, {
      type: 'CorrectRoster',
      data: { stageId: 'semifinal', remove: ['a1'], add: ['a2'], reason: '钱晓东因病退赛，由孔丽娜递补' },
    }),
  );
  expect(events).toEqual([
    {
      type: 'RosterCorrected',
      data: {
        stageId: 'semifinal',
        removed: ['a1'],
        added: [{ contestantId: 'a2', groupId: 'liaison-1' }],
        reason: '钱晓东因病退赛，由孔丽娜递补',
        by: 'host',
        at: 5000,
      },
    },
  ]);
  expect(state.rosters['semifinal']?.groups[0]).toEqual({ groupId: 'liaison-1', contestantIds: ['d1', 'b2', 'a2'] });
  expect(state.advancement.rosterCorrections).toHaveLength(1);
  expect(advancementBoard(state)?.groups[0]?.members).toEqual([
    { id: 'd1', seeded: true },
    { id: 'b2', seeded: false },
    { id: 'a2', seeded: false },
  ]);

  const code = (d: Decision) => (d.ok ? 'ok' : `${d.error.code}: ${d.error.message}`);
  const correct = (data: object) =>
    when(state, { type: 'CorrectRoster', data: { stageId: 'semifinal', reason: 'r', ...data } });
  expect(code(correct({ remove: ['a1'] }))).toBe("INVALID_STATE: contestant 'a1' is not on the roster of 'semifinal'");
  expect(code(correct({ add: ['a2'] }))).toBe("INVALID_STATE: contestant 'a2' is already on the roster of 'semifinal'");
  expect(code(correct({ add: ['zz'] }))).toBe("NOT_FOUND: no contestant 'zz'");
  expect(code(correct({ add: ['a1'], groupId: 'liaison-9' }))).toBe(
    "NOT_FOUND: no group 'liaison-9' in stage 'semifinal'",
  );
  expect(code(correct({}))).toBe('BAD_REQUEST: name someone to remove or to add');
  expect(code(correct({ remove: ['b2'], reason: '  ' }))).toBe('BAD_REQUEST: a roster correction needs a reason');
  const running = then(state, { ok: true, events: [started('semifinal')] }).state;
  expect(
    code(when(running, { type: 'CorrectRoster', data: { stageId: 'semifinal', remove: ['b2'], reason: 'r' } })),
  ).toBe("INVALID_STATE: stage 'semifinal' has started: its roster can no longer be corrected");
});

test('every role sees the rosters and the record; folding projected events equals projecting the folded state', () => {
  const s0 = prelimDone();
  const d = when(s0, confirm());
  const after = then(s0, d).state;
  for (const role of ['contestant', 'judge', 'stage', 'overlay', 'audience'] as const) {
    const viewer: Actor =
      role === 'contestant' ? { role, subjectId: 'a1' } : role === 'judge' ? { role, subjectId: 'j1' } : { role };
    const before = viewFor(s0, viewer);
    const folded = d.ok
      ? d.events.reduce<ContestState>((s, e) => evolve(s, projectEvent(e, viewer), s.version + 1)!, before)
      : before;
    expect(folded.rosters).toEqual(viewFor(after, viewer).rosters);
    expect(folded.advancement).toEqual(viewFor(after, viewer).advancement);
    expect(stageRoster(folded, 'semifinal')).toEqual(['a1', 'b2', 'e1', 'h2', 'd1', 'd2']);
  }
});
