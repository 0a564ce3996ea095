import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Actor } from '../kernel/actor.ts';
import type { ContestCommand } from '../commands.ts';
import { contestSpec, foldAs, opening, type ContestScenario } from '../contest-spec.ts';
import { decide } from '../decide.ts';
import type { ContestEvent } from '../events.ts';
import { evolve } from '../evolve.ts';
import type { ContestState } from '../state.ts';
import { viewFor } from '../view.ts';

const HOST: Actor = { role: 'host' };
const judge = (id: string): Actor => ({ role: 'judge', subjectId: id });

/** A running final with its reflection segment started, then `events`. */
const given = (...events: ContestEvent[]): ContestScenario =>
  contestSpec.given(...opening({ segmentId: 'reflection' }), ...events);

/** Given the final, when these commands are sent in order (each accepted and folded in). */
function run(commands: [ContestCommand, Actor][], now = 1000): ContestScenario {
  const scenario = given();
  for (const [command, actor] of commands) scenario.when(command, actor, now).thenAccepted();
  return scenario;
}

const start = (c = 'c01'): [ContestCommand, Actor] => [
  { type: 'StartPerformance', data: { segmentId: 'reflection', contestantId: c } },
  HOST,
];
const score = (j: string, h: number, c = 'c01'): [ContestCommand, Actor] => [
  { type: 'SubmitJudgeScore', data: { segmentId: 'reflection', contestantId: c, score: h } },
  judge(j),
];
const lock = (c = 'c01'): [ContestCommand, Actor] => [
  { type: 'LockJudging', data: { segmentId: 'reflection', contestantId: c } },
  HOST,
];
const reveal = (c = 'c01'): [ContestCommand, Actor] => [
  { type: 'RevealScores', data: { segmentId: 'reflection', contestantId: c } },
  HOST,
];

test('starting a performance sets the contestant on stage and a server-time deadline with its warning', () => {
  const { state } = given();
  const d = decide(state, start()[0], { now: 10_000, actor: HOST });
  expect(d).toEqual({
    ok: true,
    events: [
      { type: 'CurrentContestantSet', data: { contestantId: 'c01' } },
      {
        type: 'PerformanceStarted',
        // reflection: 180 s with a 30 s warning
        data: { segmentId: 'reflection', contestantId: 'c01', at: 10_000, deadlineAt: 190_000, warningAt: 160_000 },
      },
    ],
  });
});

test('a judge scores as themselves only; the judge id comes from the seat, never the payload', () => {
  const { state } = run([start()]);
  const d = decide(state, score('j3', 8850)[0], { now: 5, actor: judge('j3') });
  expect(d).toEqual({
    ok: true,
    events: [
      {
        type: 'JudgeScoreSubmitted',
        data: { segmentId: 'reflection', contestantId: 'c01', judgeId: 'j3', at: 5, score: 8850 },
      },
    ],
  });
  expect(decide(state, score('j3', 8850)[0], { now: 5, actor: HOST })).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
});

test('out-of-range scores and scoring before the start are refused', () => {
  const before = given().state;
  expect(decide(before, score('j1', 9000)[0], { now: 5, actor: judge('j1') })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE' },
  });
  const { state } = run([start()]);
  expect(decide(state, score('j1', 10001)[0], { now: 5, actor: judge('j1') })).toMatchObject({
    ok: false,
    error: { code: 'BAD_REQUEST' },
  });
});

test('the action segment is scored per criterion, summed', () => {
  const g = given({ type: 'SegmentStarted', data: { stageId: 'final', segmentId: 'action', at: 3 } });
  const s1 = evolve(
    g.state,
    {
      type: 'PerformanceStarted',
      data: { segmentId: 'action', contestantId: 'c02', at: 4, deadlineAt: null, warningAt: null },
    },
    10,
  )!;
  const cmd: ContestCommand = {
    type: 'SubmitJudgeScore',
    data: { segmentId: 'action', contestantId: 'c02', criteria: { results: 3650, innovation: 2700, delivery: 2825 } },
  };
  const d = decide(s1, cmd, { now: 9, actor: judge('j2') });
  expect(d.ok && d.events[0]).toMatchObject({ data: { score: 9175 } });
  const over: ContestCommand = {
    type: 'SubmitJudgeScore',
    data: { segmentId: 'action', contestantId: 'c02', criteria: { results: 4001, innovation: 2700, delivery: 2825 } },
  };
  expect(decide(s1, over, { now: 9, actor: judge('j2') })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
});

test('a recused judge cannot score that contestant', () => {
  const { state } = run([
    start(),
    [
      { type: 'SetRecusal', data: { segmentId: 'reflection', contestantId: 'c01', judgeId: 'j4', recused: true } },
      HOST,
    ],
  ]);
  expect(decide(state, score('j4', 9000)[0], { now: 5, actor: judge('j4') })).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
});

test('revisions count until the lock; the lock records the trimmed mean of the scores given and what was dropped', () => {
  const { state } = run([
    start(),
    score('j1', 8800),
    score('j2', 9000),
    score('j3', 8500),
    score('j4', 9200),
    score('j5', 8600),
    score('j1', 8900), // revision
    lock(),
  ]);
  // j6, j7 missing: 5 scores 8900 9000 8500 9200 8600, drop 8500 and 9200 → (8900+9000+8600)/3 = 8833.33 → 8833
  const perf = state.judging.performances['reflection']?.['c01'];
  expect(perf?.result).toEqual({
    score: 8833,
    scores: [
      { judgeId: 'j1', score: 8900 },
      { judgeId: 'j2', score: 9000 },
      { judgeId: 'j3', score: 8500 },
      { judgeId: 'j4', score: 9200 },
      { judgeId: 'j5', score: 8600 },
    ],
    droppedJudgeIds: ['j3', 'j4'],
    missingJudgeIds: ['j6', 'j7'],
    trimApplied: true,
  });
  expect(state.scores['reflection']?.['c01']).toBe(8833);
  expect(decide(state, score('j6', 9000)[0], { now: 5, actor: judge('j6') })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE' },
  });
});

test('a correction needs a reason; an undo compensates it; nothing is erased', () => {
  const { state } = run([start(), score('j1', 8000), lock(), reveal()]);
  expect(
    decide(
      state,
      { type: 'CorrectScore', data: { segmentId: 'reflection', contestantId: 'c01', delta: 100, reason: '  ' } },
      { now: 1, actor: HOST },
    ),
  ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  const after = run([
    start(),
    score('j1', 8000),
    lock(),
    reveal(),
    [
      { type: 'CorrectScore', data: { segmentId: 'reflection', contestantId: 'c01', score: 8150, reason: '计分错误' } },
      HOST,
    ],
    [{ type: 'UndoCorrection', data: { correctionId: 'k1', reason: '误操作' } }, HOST],
  ]).state;
  expect(after.scores['reflection']?.['c01']).toBe(8000);
  expect(after.judging.corrections.map((c) => [c.correctionId, c.delta, c.before, c.after, c.undoes])).toEqual([
    ['k1', 150, 8000, 8150, undefined],
    ['k2', -150, 8150, 8000, 'k1'],
  ]);
});

const VIEWERS: Actor[] = [
  HOST,
  judge('j1'),
  judge('j2'),
  { role: 'stage' },
  { role: 'overlay' },
  { role: 'audience' },
  { role: 'contestant', subjectId: 'c01' },
];

const foldProjected = (log: ContestEvent[], viewer: Actor): ContestState => foldAs(log, viewer)!;

test('folding projected events equals viewing the folded state, at every step, for every role', () => {
  const { log } = run([
    start(),
    score('j1', 8800),
    score('j2', 9000),
    [
      { type: 'SetRecusal', data: { segmentId: 'reflection', contestantId: 'c01', judgeId: 'j7', recused: true } },
      HOST,
    ],
    score('j1', 8900),
    lock(),
    start('c02'),
    score('j2', 7000, 'c02'),
    reveal(),
    [
      { type: 'CorrectScore', data: { segmentId: 'reflection', contestantId: 'c01', delta: -50, reason: '超时扣分' } },
      HOST,
    ],
    [
      { type: 'CorrectScore', data: { segmentId: 'reflection', contestantId: 'c03', delta: 300, reason: '补录' } },
      HOST,
    ],
    lock('c02'),
  ]);
  for (let n = 3; n <= log.length; n++) {
    const prefix = log.slice(0, n);
    const full = contestSpec.given(...prefix).state;
    for (const viewer of VIEWERS) expect(foldProjected(prefix, viewer)).toEqual(viewFor(full, viewer));
  }
});

test('before the lock a judge sees only their own score; nobody but the host sees the result before the reveal', () => {
  const { state } = run([start(), score('j1', 8800), score('j2', 9000), lock()]);
  const j2 = viewFor(state, judge('j2'));
  expect(Object.keys(j2.judging.performances['reflection']?.['c01']?.marks ?? {})).toEqual(['j2']);
  expect(j2.judging.performances['reflection']?.['c01']?.result).toBeNull();
  expect(j2.scores['reflection']).toBeUndefined();
  expect(viewFor(state, { role: 'stage' }).scores['reflection']).toBeUndefined();
  expect(viewFor(state, HOST).scores['reflection']?.['c01']).toBe(8900);
  expect(viewFor(state, HOST).judging.performances['reflection']?.['c01']?.marks).toEqual({});
});

test('property: the projection invariant holds for random judging runs', () => {
  const judges = ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7'];
  const step = fc.oneof(
    fc.record({
      k: fc.constant('score' as const),
      j: fc.constantFrom(...judges),
      h: fc.integer({ min: 0, max: 10000 }),
    }),
    fc.record({ k: fc.constant('recuse' as const), j: fc.constantFrom(...judges), on: fc.boolean() }),
    fc.record({ k: fc.constantFrom('lock' as const, 'reveal' as const) }),
    fc.record({ k: fc.constant('correct' as const), d: fc.integer({ min: -500, max: 500 }) }),
  );
  fc.assert(
    fc.property(fc.array(step, { maxLength: 14 }), (steps) => {
      // Commands the rules refuse change nothing and are skipped.
      const scenario = given();
      const apply = (command: ContestCommand, actor: Actor) => scenario.when(command, actor, 7);
      apply(start()[0], HOST);
      for (const s of steps) {
        if (s.k === 'score') apply(score(s.j, s.h)[0], judge(s.j));
        else if (s.k === 'recuse')
          apply(
            { type: 'SetRecusal', data: { segmentId: 'reflection', contestantId: 'c01', judgeId: s.j, recused: s.on } },
            HOST,
          );
        else if (s.k === 'lock') apply(lock()[0], HOST);
        else if (s.k === 'reveal') apply(reveal()[0], HOST);
        else if (s.k === 'correct')
          apply(
            { type: 'CorrectScore', data: { segmentId: 'reflection', contestantId: 'c01', delta: s.d, reason: 'r' } },
            HOST,
          );
      }
      const { state, log } = scenario;
      for (const viewer of VIEWERS) expect(foldProjected(log, viewer)).toEqual(viewFor(state, viewer));
    }),
    { numRuns: 60 },
  );
});

test('given an open performance, when a judge sends three decimals or more than full marks, then the answer is in points and the operator’s words', () => {
  for (const h of [1234.5, 10_001, -1]) {
    const scenario = run([start()]);
    scenario.when(score('j1', h)[0], judge('j1'), 5).thenFails('BAD_REQUEST', /^评分须在 0–100 之间，最多两位小数$/);
    const d = decide(scenario.state, score('j1', h)[0], { now: 5, actor: judge('j1') });
    expect(d).toMatchObject({
      ok: false,
      error: {
        messageEn: 'the score must be between 0 and 100, with at most two decimals',
        details: [{ path: '/data/score' }],
      },
    });
    // Never a validator's wording, never hundredths.
    if (!d.ok) expect(`${d.error.message} ${d.error.messageEn}`).not.toMatch(/Expected|hundredths|10000|1234/);
  }
});

test('given a revealed score, when a correction has three decimals or is out of range, then it is refused in the operator’s terms', () => {
  for (const data of [{ score: 8150.5 }, { delta: 0.1 }, { delta: 20_000_000 }]) {
    const { state } = run([start(), score('j1', 8000), lock(), reveal()]);
    const d = decide(
      state,
      { type: 'CorrectScore', data: { segmentId: 'reflection', contestantId: 'c01', reason: '计分错误', ...data } },
      { now: 1, actor: HOST },
    );
    expect(d).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: '更正后的分数须在 −100000–100000 之间，最多两位小数',
        messageEn: 'the corrected score must be between −100000 and 100000, with at most two decimals',
      },
    });
  }
});

test('given a rubric, when a criterion is marked beyond its maximum, then the answer names the criterion and its range', () => {
  const scenario = contestSpec.given(...opening({ segmentId: 'action' }));
  scenario
    .when({ type: 'StartPerformance', data: { segmentId: 'action', contestantId: 'c01' } }, HOST, 1000)
    .thenAccepted();
  const marks = { results: 4100, innovation: 2000, delivery: 2000 };
  const command: ContestCommand = {
    type: 'SubmitJudgeScore',
    data: { segmentId: 'action', contestantId: 'c01', criteria: marks },
  };
  scenario.when(command, judge('j1'), 2000).thenFails('BAD_REQUEST', /^「实绩成效」评分须在 0–40 之间，最多两位小数$/);
});
