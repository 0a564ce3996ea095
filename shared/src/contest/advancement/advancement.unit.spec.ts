import { expect, test } from 'vitest';
import { THREE_STAGE_CONTEST } from '../../demo/index.ts';
import type { ContestFile } from '../../model/contest-file-schema.ts';
import type { Actor } from '../kernel/actor.ts';
import { contestCreated, contestSpec, type ContestScenario } from '../contest-spec.ts';
import { stageRoster } from '../kernel/lookup.ts';
import type { ContestCommand } from '../commands.ts';
import type { ContestEvent } from '../events.ts';
import { evolve } from '../evolve.ts';
import type { ContestState } from '../state.ts';
import { projectEvent, viewFor } from '../view.ts';
import { advancementBoard } from './compute-advancement.ts';

const HOST: Actor = { role: 'host' };
/** Every `when` here is at server time 5000. */
const NOW = 5000;

/** Given: the three-stage contest (or `definition`) and these events, a scenario of the kernel's spec (contest-spec.ts). */
function given(...events: ContestEvent[]): ContestScenario {
  return givenIn(THREE_STAGE_CONTEST, 'season', ...events);
}
function givenIn(definition: ContestFile, contestId: string, ...events: ContestEvent[]): ContestScenario {
  return contestSpec.given(contestCreated({ definition, contestId }), ...events);
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
/** A new scenario each call: the preliminary started, scored and finished. */
const prelimDone = (rows = PRELIM) => given(started('preliminary'), ...prelimScores(rows), finished('preliminary'));

test('before any advancement, each stage holds the roster the contest file lists', () => {
  const s = given().state;
  expect(stageRoster(s, 'semifinal')).toEqual(['d1', 'd2']);
  expect(stageRoster(s, 'final')).toEqual([]);
  expect(s.rosters['semifinal']?.built).toBe(false);
});

test('confirming builds the next roster: advancers placed by group label, seeded entrants kept in their groups', () => {
  const w = prelimDone();
  w.when(confirm(), HOST, NOW).then({
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
  });
  expect(stageRoster(w.state, 'semifinal')).toEqual(['a1', 'b2', 'e1', 'h2', 'd1', 'd2']);
  expect(w.state.rosters['semifinal']?.built).toBe(true);
  // Other capabilities follow the built roster: the host may now put a1 in focus in the semifinal.
  w.and(started('semifinal'))
    .when({ type: 'SetCurrentContestant', data: { contestantId: 'a1' } }, HOST, NOW)
    .thenAccepted()
    .when({ type: 'SetCurrentContestant', data: { contestantId: 'a2' } }, HOST, NOW)
    .thenFails('INVALID_STATE');
});

test('the final has one group: every semifinal advancer goes there, ranked by written + lecture within the built groups', () => {
  const semi: [string, number, number][] = [
    ['d1', 7000, 7000],
    ['a1', 9000, 9000],
    ['b2', 8000, 8000],
    ['d2', 9500, 9500],
    ['e1', 6000, 6000],
    ['h2', 8800, 8800],
  ];
  const w = prelimDone()
    .when(confirm(), HOST, NOW)
    .thenAccepted()
    .and(
      started('semifinal'),
      ...semi.flatMap(([id, wr, l]) => [score('semi-written', id, wr), score('semi-lecture', id, l)]),
      finished('semifinal'),
    );
  const { events } = w.when({ type: 'ConfirmAdvancement', data: { fromStageId: 'semifinal' } }, HOST, NOW);
  expect(events[0]).toMatchObject({
    type: 'AdvancementConfirmed',
    data: {
      toStageId: 'final',
      advancers: ['a1', 'b2', 'd2', 'h2'],
      groups: [{ groupId: 'finalists', contestantIds: ['a1', 'b2', 'd2', 'h2'] }],
    },
  });
  expect(stageRoster(w.state, 'final')).toEqual(['a1', 'b2', 'h2', 'd2']);
});

test('a tie at the cut must be resolved: refused until the host lets all tied advance or chooses with a reason', () => {
  // a2 equals a1 on the total (86.00) and the preliminary has no tie-break.
  const rows = PRELIM.map((r): [string, number, number] => (r[0] === 'a2' ? ['a2', 8000, 9000] : r));
  const refused = prelimDone(rows).when(confirm(), HOST, NOW);
  refused.thenFails('INVALID_STATE');
  expect(!refused.decision.ok && refused.decision.error.details).toEqual([
    { path: 'resolutions[0]', message: 'chengguan: a1, a2 tied for 1 place(s)' },
  ]);

  const all = prelimDone(rows).when(confirm({ resolutions: [{ groupId: 'chengguan', advance: 'all' }] }), HOST, NOW);
  expect(all.events[0]).toMatchObject({
    data: {
      advancers: ['a1', 'a2', 'b2', 'e1', 'h2'],
      tieResolutions: [{ groupId: 'chengguan', tiedIds: ['a1', 'a2'], seats: 1, how: 'all', advancing: ['a1', 'a2'] }],
    },
  });

  const w = prelimDone(rows);
  w.when(confirm({ resolutions: [{ groupId: 'chengguan', advance: ['a2'] }] }), HOST, NOW).thenFails(
    'BAD_REQUEST',
    /^choosing among tied contestants needs a reason$/,
  );
  const chosen = w.when(
    confirm({ resolutions: [{ groupId: 'chengguan', advance: ['a2'] }], reason: '抽签决定' }),
    HOST,
    NOW,
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
  const w = prelimDone(tiedRows);
  const attempt = (data: Parameters<typeof confirm>[0]) => w.when(confirm(data), HOST, NOW);
  attempt({ resolutions: [{ groupId: 'health', advance: 'all' }] }).thenFails('BAD_REQUEST');
  attempt({ resolutions: [{ groupId: 'nowhere', advance: 'all' }] }).thenFails('NOT_FOUND');
  attempt({ resolutions: [{ groupId: 'chengguan', advance: ['a1', 'a2'] }], reason: 'x' }).thenFails('BAD_REQUEST');
  attempt({ resolutions: [{ groupId: 'chengguan', advance: ['b1'] }], reason: 'x' }).thenFails('BAD_REQUEST');
  attempt({ resolutions: [{ groupId: 'chengguan', advance: ['zz'] }], reason: 'x' }).thenFails('NOT_FOUND');
});

test('confirming is refused for a stage not finished, confirmed twice, without a rule, or when the next stage has started', () => {
  given(started('preliminary'))
    .when(confirm(), HOST, NOW)
    .thenFails('INVALID_STATE', /^stage 'preliminary' has not finished$/);
  prelimDone()
    .when(confirm(), HOST, NOW)
    .thenAccepted()
    .when(confirm(), HOST, NOW)
    .thenFails('INVALID_STATE', /^the advancement from stage 'preliminary' is already confirmed$/);
  prelimDone()
    .and(started('semifinal'))
    .when(confirm(), HOST, NOW)
    .thenFails('INVALID_STATE', /^the next stage 'semifinal' has already started$/);
  given(started('final'), finished('final'))
    .when({ type: 'ConfirmAdvancement', data: { fromStageId: 'final' } }, HOST, NOW)
    .thenFails('INVALID_STATE', /^stage 'final' has no advancement rule$/);
  const w = prelimDone();
  w.when({ type: 'ConfirmAdvancement', data: { fromStageId: 'nope' } }, HOST, NOW).thenFails(
    'NOT_FOUND',
    /^no stage 'nope'$/,
  );
  w.when(confirm(), { role: 'judge', subjectId: 'j1' }, NOW).thenFails(
    'FORBIDDEN',
    /^role 'judge' may not ConfirmAdvancement$/,
  );
});

test('an advancer no group can take is refused, naming who', () => {
  // Two semifinal groups, and b2 carries a label that names neither.
  const def = JSON.parse(JSON.stringify(THREE_STAGE_CONTEST)) as typeof THREE_STAGE_CONTEST;
  const b2 = def.contestants.find((c) => c.id === 'b2')!;
  b2.group = '第九片组';
  const refused = givenIn(def, 'x', started('preliminary'), ...prelimScores(), finished('preliminary')).when(
    confirm(),
    HOST,
    NOW,
  );
  refused.thenFails('INVALID_STATE', /^cannot place b2 in a group of stage 'semifinal'$/);
  expect(!refused.decision.ok && refused.decision.error.details?.map((x) => x.path)).toEqual(['advancers.b2']);
});

test('a withdrawal replaced by the next in rank takes the same group, with its reason, until the stage starts', () => {
  const w = prelimDone().when(confirm(), HOST, NOW).thenAccepted();
  w.when(
    {
      type: 'CorrectRoster',
      data: { stageId: 'semifinal', remove: ['a1'], add: ['a2'], reason: '钱晓东因病退赛，由孔丽娜递补' },
    },
    HOST,
    NOW,
  ).then({
    type: 'RosterCorrected',
    data: {
      stageId: 'semifinal',
      removed: ['a1'],
      added: [{ contestantId: 'a2', groupId: 'liaison-1' }],
      reason: '钱晓东因病退赛，由孔丽娜递补',
      by: 'host',
      at: 5000,
    },
  });
  expect(w.state.rosters['semifinal']?.groups[0]).toEqual({
    groupId: 'liaison-1',
    contestantIds: ['d1', 'b2', 'a2'],
  });
  expect(w.state.advancement.rosterCorrections).toHaveLength(1);
  expect(advancementBoard(w.state)?.groups[0]?.members).toEqual([
    { id: 'd1', seeded: true },
    { id: 'b2', seeded: false },
    { id: 'a2', seeded: false },
  ]);

  const correct = (data: object) =>
    w.when({ type: 'CorrectRoster', data: { stageId: 'semifinal', reason: 'r', ...data } }, HOST, NOW);
  correct({ remove: ['a1'] }).thenFails('INVALID_STATE', /^contestant 'a1' is not on the roster of 'semifinal'$/);
  correct({ add: ['a2'] }).thenFails('INVALID_STATE', /^contestant 'a2' is already on the roster of 'semifinal'$/);
  correct({ add: ['zz'] }).thenFails('NOT_FOUND', /^no contestant 'zz'$/);
  correct({ add: ['a1'], groupId: 'liaison-9' }).thenFails('NOT_FOUND', /^no group 'liaison-9' in stage 'semifinal'$/);
  correct({}).thenFails('BAD_REQUEST', /^name someone to remove or to add$/);
  correct({ remove: ['b2'], reason: '  ' }).thenFails('BAD_REQUEST', /^a roster correction needs a reason$/);
  w.and(started('semifinal'))
    .when({ type: 'CorrectRoster', data: { stageId: 'semifinal', remove: ['b2'], reason: 'r' } }, HOST, NOW)
    .thenFails('INVALID_STATE', /^stage 'semifinal' has started: its roster can no longer be corrected$/);
});

test('every role sees the rosters and the record; folding projected events equals projecting the folded state', () => {
  const w = prelimDone();
  const s0 = w.state;
  const { events } = w.when(confirm(), HOST, NOW);
  const after = w.state;
  for (const role of ['contestant', 'judge', 'stage', 'overlay', 'audience'] as const) {
    const viewer: Actor =
      role === 'contestant' ? { role, subjectId: 'a1' } : role === 'judge' ? { role, subjectId: 'j1' } : { role };
    const before = viewFor(s0, viewer);
    const folded = events.reduce<ContestState>((s, e) => evolve(s, projectEvent(e, viewer), s.version + 1)!, before);
    expect(folded.rosters).toEqual(viewFor(after, viewer).rosters);
    expect(folded.advancement).toEqual(viewFor(after, viewer).advancement);
    expect(stageRoster(folded, 'semifinal')).toEqual(['a1', 'b2', 'e1', 'h2', 'd1', 'd2']);
  }
});
