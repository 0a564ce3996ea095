import { describe, expect, test } from 'vitest';
import { DEMO_CONTEST } from '../../demo/index.ts';
import type { Actor } from '../kernel/actor.ts';
import { contestSpec, foldAs, opening, type ContestScenario } from '../contest-spec.ts';
import type { LinkQuality } from '../decide.ts';
import { deadlines } from '../deadlines.ts';
import type { ContestState } from '../state.ts';
import { projectEvent, viewFor } from '../view.ts';
import { pressTime } from './buzz-arbitration.ts';
import { questionCard } from './question-card.ts';

const question = (id: string) => DEMO_CONTEST.questions.find((q) => q.id === id)!;
import { nextKnowledgeStep, partStandings, requiredPlan, shownResult } from './run-of-show.ts';
import type { PressRecord } from './types.ts';

const HOST: Actor = { role: 'host' };
const SYSTEM: Actor = { role: 'system' };
const phone = (id: string): Actor => ({ role: 'contestant', subjectId: id });
const LINK: LinkQuality = { rttMs: 40, synced: true };

/** A contestant's score in a segment's ledger (0 before any). */
const score = (state: ContestState, segmentId: string, c: string): number => state.scores[segmentId]?.[c] ?? 0;

/** When the host prepares `questionId` of the required round for `contestantId` (at 1) and shows it (at 2). */
function shown(w: ContestScenario, questionId: string, contestantId: string): void {
  const segmentId = 'knowledge-required';
  w.when({ type: 'PrepareQuestion', data: { segmentId, questionId, contestantId } }, HOST, 1).thenAccepted();
  w.when({ type: 'ShowQuestion', data: { run: 1 } }, HOST, 2).thenAccepted();
}

describe('required round', () => {
  test('plan: two consecutive questions per contestant in seat order; next follows it', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-required' }));
    const plan = requiredPlan(w.state, 'knowledge-required');
    expect(plan).toHaveLength(20);
    expect(plan.slice(0, 3).map((s) => [s.contestantId, s.questionId])).toEqual([
      ['c01', 'q01'],
      ['c01', 'q02'],
      ['c02', 'q03'],
    ]);
    expect(nextKnowledgeStep(w.state, 'knowledge-required')).toEqual({
      segmentId: 'knowledge-required',
      questionId: 'q01',
      contestantId: 'c01',
    });
  });

  test('preview hides the question from everyone but the host; show reveals it and switches the scene', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-required' }));
    const events = w.when(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-required', questionId: 'q01', contestantId: 'c01' } },
      HOST,
      10,
    ).events;
    expect(events.map((e) => e.type)).toEqual(['QuestionPrepared', 'CurrentContestantSet']);
    expect(viewFor(w.state, { role: 'stage' }).knowledge.active?.questionId).toBe('');
    expect(viewFor(w.state, HOST).knowledge.active?.questionId).toBe('q01');
    const shown = w.when({ type: 'ShowQuestion', data: { run: 1 } }, HOST, 20).events;
    expect(shown).toEqual([
      { type: 'QuestionShown', data: { run: 1, questionId: 'q01', at: 20, question: questionCard(question('q01')) } },
      { type: 'SceneChosen', data: { scene: 'question' } },
    ]);
    expect(viewFor(w.state, { role: 'stage' }).knowledge.active?.questionId).toBe('q01');
  });

  test('choice answered on the phone is graded at once; only the assigned contestant may answer', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-required' }));
    shown(w, 'q01', 'c01');
    w.when({ type: 'StartAnswerTimer', data: { run: 1 } }, HOST, 1000).thenAccepted();
    expect(w.state.knowledge.active!.deadlineAt).toBe(31_000);
    expect(w.when({ type: 'SubmitAnswer', data: { run: 1, choice: ['B'] } }, phone('c02'), 1500).error).toBe(
      'FORBIDDEN',
    );
    expect(w.when({ type: 'SubmitAnswer', data: { run: 1, choice: ['Z'] } }, phone('c01'), 1500).error).toBe(
      'BAD_REQUEST',
    );
    const events = w.when({ type: 'SubmitAnswer', data: { run: 1, choice: ['B'] } }, phone('c01'), 2000).events;
    expect(events[1]).toEqual({
      type: 'AnswerMarked',
      data: {
        run: 1,
        segmentId: 'knowledge-required',
        contestantId: 'c01',
        result: 'correct',
        points: 1000,
        by: 'phone',
      },
    });
    expect(score(w.state, 'knowledge-required', 'c01')).toBe(1000);
    expect(deadlines(w.state)).toEqual([]);
    // The reveal carries the answer for everyone.
    const reveal = w.when({ type: 'RevealAnswer', data: { run: 1 } }, HOST, 3000).events;
    expect(reveal[0]?.type).toBe('AnswerRevealed');
    expect(projectEvent(reveal[0]!, phone('c05'))).toMatchObject({ data: { answer: ['B'] } });
  });

  test('timer pause keeps the time left; the deadline times the answer out with the configured points', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-required' }));
    shown(w, 'q08', 'c04');
    w.when({ type: 'StartAnswerTimer', data: { run: 1 } }, HOST, 1000).thenAccepted();
    w.when({ type: 'StopAnswerTimer', data: { run: 1 } }, HOST, 11_000).thenAccepted();
    expect(w.state.knowledge.active!.remainingMs).toBe(20_000);
    expect(deadlines(w.state)).toEqual([]);
    w.when({ type: 'StartAnswerTimer', data: { run: 1 } }, HOST, 50_000).thenAccepted();
    expect(w.state.knowledge.active!.deadlineAt).toBe(70_000);
    const [dl] = deadlines(w.state);
    expect(dl?.at).toBe(70_000);
    expect(dl?.key).toMatch(/^kq-[a-z0-9]+-1-2-timeout$/);
    const events = w.whenDeadline().events;
    expect(events[0]).toMatchObject({ type: 'AnswerMarked', data: { result: 'timeout', points: 0, by: 'timer' } });
    // A stale timeout of the first timer changes nothing.
    expect(w.when({ type: 'TimeOutAnswer', data: { run: 1, timer: 1 } }, SYSTEM, 80_000).error).toBe('INVALID_STATE');
  });

  test('open question marked by the host; undo is a compensating event', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-required' }));
    shown(w, 'q08', 'c04');
    expect(w.when({ type: 'SubmitAnswer', data: { run: 1, choice: ['A'] } }, phone('c04'), 3).error).toBe(
      'INVALID_STATE',
    );
    w.when({ type: 'MarkAnswer', data: { run: 1, result: 'correct' } }, HOST, 4).thenAccepted();
    expect(score(w.state, 'knowledge-required', 'c04')).toBe(1000);
    const undo = w.when({ type: 'UndoScore', data: { reason: 'misheard' } }, HOST, 5).events;
    expect(undo).toEqual([
      {
        type: 'ScoreUndone',
        data: { entry: 1, segmentId: 'knowledge-required', contestantId: 'c04', points: -1000, reason: 'misheard' },
      },
    ]);
    expect(score(w.state, 'knowledge-required', 'c04')).toBe(0);
    expect(w.when({ type: 'UndoScore', data: { reason: 'again' } }, HOST, 6).error).toBe('INVALID_STATE');
    expect(w.when({ type: 'MarkAnswer', data: { run: 1, result: 'correct' } }, phone('c04'), 7).error).toBe(
      'FORBIDDEN',
    );
  });
});

/** When contestant `c` presses (claiming `pressedAt`) and the press arrives at `arrivedAt` over `link`. */
const buzz = (w: ContestScenario, c: string, pressedAt: number | null, arrivedAt: number, link = LINK, attempt = 1) =>
  w.when({ type: 'Buzz', data: { run: 1, attempt, pressedAt } }, phone(c), arrivedAt, link);

describe('buzzer round', () => {
  function armed(w: ContestScenario, at = 1000) {
    w.when(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } },
      HOST,
      1,
    ).thenAccepted();
    w.when({ type: 'ShowQuestion', data: { run: 1 } }, HOST, 2).thenAccepted();
    return w.when({ type: 'ArmBuzzer', data: { run: 1 } }, HOST, at, { rttMs: 60, synced: true }).events;
  }

  test('arming schedules the open instant ahead; grace from the slowest phone, capped', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-buzzer' }));
    const [e] = armed(w);
    expect(e).toEqual({
      type: 'BuzzerArmed',
      data: { run: 1, attempt: 1, openAt: 1300, closeAt: 11_300, graceMs: 60, rebound: false },
    });
    expect(deadlines(w.state).map((d) => [d.at, d.command.type])).toEqual([[11_300, 'CloseBuzzer']]);
  });

  test('the earlier corrected press wins over the earlier arrival; every press is recorded', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-buzzer' }));
    armed(w);
    // c02 on a fast link presses at 1390 (arrives 1395); c01 on a slow link pressed at 1350 (arrives 1420).
    const a = buzz(w, 'c02', 1390, 1395).events;
    expect(a[0]).toMatchObject({
      type: 'BuzzPressed',
      data: { press: { correctedAt: 1390, mode: 'synced', decision: 'accepted' }, decideAt: 1455 },
    });
    buzz(w, 'c01', 1350, 1420, { rttMs: 80, synced: true }).thenAccepted();
    // Mashing: recorded as a duplicate, changes nothing.
    const dup = buzz(w, 'c01', 1360, 1430).events;
    expect(dup[0]).toMatchObject({ data: { press: { decision: 'duplicate' } } });
    expect(deadlines(w.state).map((d) => [d.at, d.command.type])).toEqual([[1455, 'DecideBuzz']]);
    const decided = w.whenDeadline().events;
    expect(decided[0]).toEqual({
      type: 'BuzzDecided',
      data: {
        run: 1,
        attempt: 1,
        winnerId: 'c01',
        order: [
          { contestantId: 'c01', correctedAt: 1350, gapMs: 0, mode: 'synced' },
          { contestantId: 'c02', correctedAt: 1390, gapMs: 40, mode: 'synced' },
        ],
        deadlineAt: 21_455,
        at: 1455,
      },
    });
    expect(w.state.knowledge.active!.contestantId).toBe('c01');
    expect(w.state.currentContestantId).toBe('c01');
  });

  test('one rounding rule: a claim with a fraction is recorded as its corrected time, to the same number', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-buzzer' }));
    armed(w);
    // A phone's synced clock reads 1389.5 at the press (its offset has a half): kept, so one number.
    const [pressed] = buzz(w, 'c02', 1389.5, 1395).events;
    expect(pressed).toMatchObject({ type: 'BuzzPressed', data: { press: { mode: 'synced', decision: 'accepted' } } });
    const press = (pressed as { data: { press: PressRecord } }).data.press;
    expect(press.claimedAt).toBe(pressTime(1389.5));
    expect(press.correctedAt).toBe(press.claimedAt);
    expect(press.claimedAt).toBe(1390);
    // Clamped or by arrival, the recorded times are whole milliseconds too.
    const [forged] = buzz(w, 'c03', 500.5, 1500).events;
    expect(forged).toMatchObject({ data: { press: { claimedAt: 501, correctedAt: 1460, mode: 'clamped' } } });
  });

  test('a forged early time is clamped to arrival − window; before the open instant it is a false start', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-buzzer' }));
    armed(w);
    // c03 claims 1000 ms earlier than possible: clamped to 1500 − 40 = 1460.
    const forged = buzz(w, 'c03', 500, 1500).events;
    expect(forged[0]).toMatchObject({ data: { press: { correctedAt: 1460, mode: 'clamped', decision: 'accepted' } } });
    // c04 really pressed before the open instant: false start, −5, locked out.
    const fs = buzz(w, 'c04', 1290, 1310).events;
    expect(fs[0]).toMatchObject({ data: { press: { decision: 'falseStart' }, points: -500 } });
    expect(score(w.state, 'knowledge-buzzer', 'c04')).toBe(-500);
    const again = buzz(w, 'c04', 1400, 1410).events;
    expect(again[0]).toMatchObject({ data: { press: { decision: 'lockedOut' }, points: 0 } });
    expect(score(w.state, 'knowledge-buzzer', 'c04')).toBe(-500);
  });

  test('an unsynced phone falls back to arrival order', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-buzzer' }));
    armed(w);
    const e = buzz(w, 'c05', null, 1480).events;
    expect(e[0]).toMatchObject({ data: { press: { correctedAt: 1480, mode: 'arrival' } } });
    const f = buzz(w, 'c06', 1400, 1490, { rttMs: 40, synced: false }).events;
    expect(f[0]).toMatchObject({ data: { press: { correctedAt: 1490, mode: 'arrival' } } });
  });

  test('wrong answer, rebound to the others, the wrong answerer stays locked out; timeout closes with no score', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-buzzer' }));
    armed(w);
    buzz(w, 'c01', 1500, 1510).thenAccepted();
    w.whenDeadline().thenAccepted();
    w.when({ type: 'MarkAnswer', data: { run: 1, result: 'wrong' } }, HOST, 3000).thenAccepted();
    expect(score(w.state, 'knowledge-buzzer', 'c01')).toBe(-1000);
    expect(w.state.knowledge.active!.lockedOut).toEqual(['c01']);
    const re = w.when({ type: 'ArmBuzzer', data: { run: 1 } }, HOST, 4000).events;
    expect(re[0]).toMatchObject({ data: { attempt: 2, openAt: 4300, graceMs: 150, rebound: true } });
    const locked = buzz(w, 'c01', 4400, 4410, LINK, 2).events;
    expect(locked[0]).toMatchObject({ data: { press: { decision: 'lockedOut' } } });
    expect(buzz(w, 'c02', 4400, 4410).error).toBe('INVALID_STATE');
    // Nobody else presses: the buzzer closes at openAt + 10 s with no score.
    const closed = w.whenDeadline().events;
    expect(closed).toEqual([{ type: 'BuzzerClosed', data: { run: 1, attempt: 2, at: 14_300 } }]);
    expect(w.state.knowledge.active!.phase).toBe('closed');
    expect(buzz(w, 'c02', 14_400, 14_410, LINK, 2).error).toBe('INVALID_STATE');
    w.when({ type: 'RevealAnswer', data: { run: 1 } }, HOST, 15_000).thenAccepted();
    const next = w.when(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q22' } },
      HOST,
      16_000,
    ).events;
    expect(next.map((e) => e.type)).toEqual(['QuestionFinished', 'QuestionPrepared', 'CurrentContestantSet']);
    expect(w.state.knowledge.finished[0]).toMatchObject({ questionId: 'q21', result: 'none', contestantId: null });
  });

  test('a press after the grace window ranks behind the winner', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-buzzer' }));
    armed(w);
    buzz(w, 'c01', 1500, 1510).thenAccepted();
    const late = buzz(w, 'c02', 1400, 1600, { rttMs: 300, synced: true }).events;
    expect(late[0]).toMatchObject({ data: { press: { decision: 'after' } } });
    const decided = w.whenDeadline().events;
    expect(decided[0]).toMatchObject({
      data: { winnerId: 'c01', order: [{ contestantId: 'c01' }, { contestantId: 'c02', gapMs: -100 }] },
    });
  });

  test('after the buzz window closes a press is refused even while the winner answers (R3: an offline press)', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-buzzer' }));
    armed(w); // open 1300, close 11_300
    buzz(w, 'c01', 1500, 1510).thenAccepted();
    w.whenDeadline().thenAccepted();
    expect(w.state.knowledge.active!.phase).toBe('answering');
    // Within the window a press after the decision still ranks behind the winner.
    const after = buzz(w, 'c03', 1990, 2000).events;
    expect(after[0]).toMatchObject({ data: { press: { decision: 'after' } } });
    // c02 pressed at 1400 while offline; its press arrives after the window closed.
    const offline = { type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 1400 } } as const;
    expect(w.when(offline, phone('c02'), 11_301, LINK).error).toBe('INVALID_STATE');
    expect(w.state.knowledge.active!.buzz?.order?.map((o) => o.contestantId)).toEqual(['c01', 'c03']);
  });
});

test('every label follows the log: a result whose score was undone reads "undone" on every screen', () => {
  const w = contestSpec.given(...opening({ segmentId: 'knowledge-required' }));
  shown(w, 'q08', 'c04');
  w.when({ type: 'MarkAnswer', data: { run: 1, result: 'correct' } }, HOST, 4).thenAccepted();
  expect(shownResult(w.state, 1, 'c04', 'correct')).toBe('correct');
  w.when({ type: 'UndoScore', data: { reason: 'misheard' } }, HOST, 5).thenAccepted();
  expect(shownResult(w.state, 1, 'c04', 'correct')).toBe('undone');
  // The stage's and a phone's folded views say the same.
  for (const viewer of [{ role: 'stage' } as Actor, phone('c04')])
    expect(shownResult(foldAs(w.log, viewer)!, 1, 'c04', 'correct')).toBe('undone');
});

test('the play-along stream delay is a contest setting the host changes on the fly, recorded as an event', () => {
  const w = contestSpec.given(...opening());
  expect(w.state.knowledge.streamDelaySeconds ?? 0).toBe(0);
  w.when({ type: 'SetStreamDelay', data: { seconds: 12 } }, HOST, 10).then({
    type: 'StreamDelaySet',
    data: { seconds: 12, at: 10 },
  });
  expect(w.state.knowledge.streamDelaySeconds).toBe(12);
  // The same value again changes nothing; the audience's folded view holds it too.
  w.when({ type: 'SetStreamDelay', data: { seconds: 12 } }, HOST, 11).thenNothing();
  expect(foldAs(w.log, { role: 'audience' })!.knowledge.streamDelaySeconds).toBe(12);
  w.when({ type: 'SetStreamDelay', data: { seconds: 5 } }, phone('c01'), 12).thenFails('FORBIDDEN');
  w.when({ type: 'SetStreamDelay', data: { seconds: 0 } }, HOST, 13).thenAccepted();
  expect(w.state.knowledge.streamDelaySeconds).toBe(0);
});

describe('marking an oral answer (whileMarking)', () => {
  /** The demo with the buzzer segment's `whileMarking` rule set (absent: the default). */
  const withRule = (rule?: 'pause' | 'run') => ({
    ...DEMO_CONTEST,
    stages: DEMO_CONTEST.stages.map((st) => ({
      ...st,
      segments: st.segments.map((seg) =>
        seg.id === 'knowledge-buzzer' && seg.kind === 'buzzer' && rule
          ? { ...seg, settings: { ...seg.settings, whileMarking: rule } }
          : seg,
      ),
    })),
  });
  /** Given c01 won the buzzer at 1570 and answers aloud (answer deadline 21_570). */
  function answering(rule?: 'pause' | 'run') {
    const w = contestSpec.given(...opening({ definition: withRule(rule), segmentId: 'knowledge-buzzer' }));
    w.when(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } },
      HOST,
      1,
    ).thenAccepted();
    w.when({ type: 'ShowQuestion', data: { run: 1 } }, HOST, 2).thenAccepted();
    w.when({ type: 'ArmBuzzer', data: { run: 1 } }, HOST, 1000, { rttMs: 60, synced: true }).thenAccepted();
    buzz(w, 'c01', 1500, 1510).thenAccepted();
    w.whenDeadline().thenAccepted();
    expect(w.state.knowledge.active!.deadlineAt).toBe(21_570);
    return w;
  }

  test('by default the timer pauses when the host starts marking: no automatic time-out, the host marks', () => {
    const w = answering();
    const events = w.when({ type: 'BeginMarking', data: { run: 1 } }, HOST, 20_000).events;
    expect(events).toEqual([{ type: 'AnswerTimerStopped', data: { run: 1, remainingMs: 1570 } }]);
    expect(w.state.knowledge.active).toMatchObject({ phase: 'answering', deadlineAt: null, remainingMs: 1570 });
    expect(deadlines(w.state).map((d) => d.command.type)).not.toContain('TimeOutAnswer');
    w.when({ type: 'MarkAnswer', data: { run: 1, result: 'correct' } }, HOST, 30_000).thenAccepted();
    expect(score(w.state, 'knowledge-buzzer', 'c01')).toBe(1000);
  });

  test('with whileMarking "run" the timer keeps running and times the answer out', () => {
    const w = answering('run');
    expect(w.when({ type: 'BeginMarking', data: { run: 1 } }, HOST, 20_000).events).toEqual([]);
    expect(w.state.knowledge.active!.deadlineAt).toBe(21_570);
    const timedOut = w.whenDeadline().events;
    expect(timedOut[0]).toMatchObject({ type: 'AnswerMarked', data: { result: 'timeout' } });
    expect(score(w.state, 'knowledge-buzzer', 'c01')).toBe(-1000);
  });

  test('marking cannot begin with no answer under way, and only the host may begin it', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-buzzer' }));
    w.when(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } },
      HOST,
      1,
    ).thenAccepted();
    expect(w.when({ type: 'BeginMarking', data: { run: 1 } }, HOST, 2).error).toBe('INVALID_STATE');
    const a = answering();
    expect(a.when({ type: 'BeginMarking', data: { run: 1 } }, phone('c01'), 2000).error).toBe('FORBIDDEN');
  });
});

test('knowledge standings: base points + required + buzzer, ranked by the scoring core', () => {
  const w = contestSpec.given(...opening({ segmentId: 'knowledge-required' }));
  shown(w, 'q08', 'c04');
  w.when({ type: 'MarkAnswer', data: { run: 1, result: 'correct' } }, HOST, 3).thenAccepted();
  const standings = partStandings(w.state, 'knowledge-buzzer');
  expect(standings[0]).toEqual({
    contestantId: 'c04',
    rank: 1,
    score: 11_000,
    bySegment: { 'knowledge-required': 1000, 'knowledge-buzzer': 0 },
  });
  expect(standings[1]).toMatchObject({ rank: 2, score: 10_000 });
});

test('folding projected events equals projecting the folded state, for every role', () => {
  const w = contestSpec.given(...opening({ segmentId: 'knowledge-buzzer' }));
  w.when(
    { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } },
    HOST,
    1,
  ).thenAccepted();
  w.when({ type: 'FinishQuestion', data: { run: 1 } }, HOST, 2).thenAccepted();
  w.when(
    { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q22' } },
    HOST,
    3,
  ).thenAccepted();
  w.when({ type: 'ShowQuestion', data: { run: 2 } }, HOST, 4).thenAccepted();
  w.when({ type: 'ArmBuzzer', data: { run: 2 } }, HOST, 1000).thenAccepted();
  w.when({ type: 'Buzz', data: { run: 2, attempt: 1, pressedAt: 1200 } }, phone('c03'), 1210, LINK).thenAccepted();
  w.when({ type: 'Buzz', data: { run: 2, attempt: 1, pressedAt: 1400 } }, phone('c02'), 1410, LINK).thenAccepted();
  w.whenDeadline().thenAccepted();
  w.when({ type: 'MarkAnswer', data: { run: 2, result: 'correct' } }, HOST, 2000).thenAccepted();
  w.when({ type: 'RevealAnswer', data: { run: 2 } }, HOST, 2100).thenAccepted();
  w.when(
    { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q23' } },
    HOST,
    2200,
  ).thenAccepted();
  for (const viewer of [HOST, { role: 'stage' } as Actor, phone('c03'), { role: 'audience' } as Actor]) {
    const s = foldAs(w.log, viewer);
    expect(s).toEqual(viewFor(w.state, viewer));
  }
});
