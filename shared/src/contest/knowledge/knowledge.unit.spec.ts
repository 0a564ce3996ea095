import { describe, expect, test } from 'vitest';
import { DEMO_CONTEST } from '../../demo/index.ts';
import type { Actor } from '../kernel/actor.ts';
import type { ContestCommand } from '../commands.ts';
import { decide, type LinkQuality } from '../decide.ts';
import { deadlines } from '../deadlines.ts';
import type { ContestEvent } from '../events.ts';
import { evolve } from '../evolve.ts';
import type { ContestState } from '../state.ts';
import { projectEvent, viewFor } from '../view.ts';
import { questionCard } from './question-card.ts';

const question = (id: string) => DEMO_CONTEST.questions.find((q) => q.id === id)!;
import { nextKnowledgeStep, partStandings, requiredPlan } from './run-of-show.ts';

const HOST: Actor = { role: 'host' };
const SYSTEM: Actor = { role: 'system' };
const phone = (id: string): Actor => ({ role: 'contestant', subjectId: id });
const LINK: LinkQuality = { rttMs: 40, synced: true };

/** A tiny event-sourced world: commands decided at a given time, events folded and logged. */
class World {
  state: ContestState;
  log: ContestEvent[] = [];
  constructor(segmentId: string) {
    const start: ContestEvent[] = [
      { type: 'ContestCreated', data: { contestId: 'demo', joinCode: 'ABCD', definition: DEMO_CONTEST, createdAt: 0 } },
      { type: 'StageStarted', data: { stageId: 'final', at: 1 } },
      { type: 'SegmentStarted', data: { stageId: 'final', segmentId, at: 2 } },
    ];
    let s: ContestState | null = null;
    for (const e of start) {
      this.log.push(e);
      s = evolve(s, e, this.log.length);
    }
    this.state = s!;
  }
  /** Decide and fold; returns the new events (throws on a refusal). */
  do(command: ContestCommand, actor: Actor, now: number, link?: LinkQuality): ContestEvent[] {
    const d = decide(this.state, command, link ? { now, actor, link } : { now, actor });
    if (!d.ok) throw new Error(`${command.type}: ${d.error.code} ${d.error.message}`);
    for (const e of d.events) {
      this.log.push(e);
      this.state = evolve(this.state, e, this.log.length)!;
    }
    return d.events;
  }
  refuse(command: ContestCommand, actor: Actor, now: number, link?: LinkQuality): string {
    const d = decide(this.state, command, link ? { now, actor, link } : { now, actor });
    if (d.ok) throw new Error(`${command.type} unexpectedly accepted`);
    return d.error.code;
  }
  /** Fire the earliest deadline (as the runtime would) at its own time. */
  fire(): ContestEvent[] {
    const next = deadlines(this.state).sort((a, b) => a.at - b.at)[0];
    if (!next) throw new Error('no deadline');
    return this.do(next.command, SYSTEM, next.at);
  }
  get active() {
    return this.state.knowledge.active!;
  }
  score(segmentId: string, c: string): number {
    return this.state.scores[segmentId]?.[c] ?? 0;
  }
}

describe('required round', () => {
  test('plan: two consecutive questions per contestant in seat order; next follows it', () => {
    const w = new World('knowledge-required');
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
    const w = new World('knowledge-required');
    const events = w.do(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-required', questionId: 'q01', contestantId: 'c01' } },
      HOST,
      10,
    );
    expect(events.map((e) => e.type)).toEqual(['QuestionPrepared', 'CurrentContestantSet']);
    expect(viewFor(w.state, { role: 'stage' }).knowledge.active?.questionId).toBe('');
    expect(viewFor(w.state, HOST).knowledge.active?.questionId).toBe('q01');
    const shown = w.do({ type: 'ShowQuestion', data: { run: 1 } }, HOST, 20);
    expect(shown).toEqual([
      { type: 'QuestionShown', data: { run: 1, questionId: 'q01', at: 20, question: questionCard(question('q01')) } },
      { type: 'SceneChosen', data: { scene: 'question' } },
    ]);
    expect(viewFor(w.state, { role: 'stage' }).knowledge.active?.questionId).toBe('q01');
  });

  test('choice answered on the phone is graded at once; only the assigned contestant may answer', () => {
    const w = new World('knowledge-required');
    w.do(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-required', questionId: 'q01', contestantId: 'c01' } },
      HOST,
      1,
    );
    w.do({ type: 'ShowQuestion', data: { run: 1 } }, HOST, 2);
    w.do({ type: 'StartAnswerTimer', data: { run: 1 } }, HOST, 1000);
    expect(w.active.deadlineAt).toBe(31_000);
    expect(w.refuse({ type: 'SubmitAnswer', data: { run: 1, choice: ['B'] } }, phone('c02'), 1500)).toBe('FORBIDDEN');
    expect(w.refuse({ type: 'SubmitAnswer', data: { run: 1, choice: ['Z'] } }, phone('c01'), 1500)).toBe('BAD_REQUEST');
    const events = w.do({ type: 'SubmitAnswer', data: { run: 1, choice: ['B'] } }, phone('c01'), 2000);
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
    expect(w.score('knowledge-required', 'c01')).toBe(1000);
    expect(deadlines(w.state)).toEqual([]);
    // The reveal carries the answer for everyone.
    const reveal = w.do({ type: 'RevealAnswer', data: { run: 1 } }, HOST, 3000);
    expect(reveal[0]?.type).toBe('AnswerRevealed');
    expect(projectEvent(reveal[0]!, phone('c05'))).toMatchObject({ data: { answer: ['B'] } });
  });

  test('timer pause keeps the time left; the deadline times the answer out with the configured points', () => {
    const w = new World('knowledge-required');
    w.do(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-required', questionId: 'q08', contestantId: 'c04' } },
      HOST,
      1,
    );
    w.do({ type: 'ShowQuestion', data: { run: 1 } }, HOST, 2);
    w.do({ type: 'StartAnswerTimer', data: { run: 1 } }, HOST, 1000);
    w.do({ type: 'StopAnswerTimer', data: { run: 1 } }, HOST, 11_000);
    expect(w.active.remainingMs).toBe(20_000);
    expect(deadlines(w.state)).toEqual([]);
    w.do({ type: 'StartAnswerTimer', data: { run: 1 } }, HOST, 50_000);
    expect(w.active.deadlineAt).toBe(70_000);
    const [dl] = deadlines(w.state);
    expect(dl?.at).toBe(70_000);
    expect(dl?.key).toMatch(/^kq-[a-z0-9]+-1-2-timeout$/);
    const events = w.fire();
    expect(events[0]).toMatchObject({ type: 'AnswerMarked', data: { result: 'timeout', points: 0, by: 'timer' } });
    // A stale timeout of the first timer changes nothing.
    expect(w.refuse({ type: 'TimeOutAnswer', data: { run: 1, timer: 1 } }, SYSTEM, 80_000)).toBe('INVALID_STATE');
  });

  test('open question marked by the host; undo is a compensating event', () => {
    const w = new World('knowledge-required');
    w.do(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-required', questionId: 'q08', contestantId: 'c04' } },
      HOST,
      1,
    );
    w.do({ type: 'ShowQuestion', data: { run: 1 } }, HOST, 2);
    expect(w.refuse({ type: 'SubmitAnswer', data: { run: 1, choice: ['A'] } }, phone('c04'), 3)).toBe('INVALID_STATE');
    w.do({ type: 'MarkAnswer', data: { run: 1, result: 'correct' } }, HOST, 4);
    expect(w.score('knowledge-required', 'c04')).toBe(1000);
    const undo = w.do({ type: 'UndoScore', data: { reason: 'misheard' } }, HOST, 5);
    expect(undo).toEqual([
      {
        type: 'ScoreUndone',
        data: { entry: 1, segmentId: 'knowledge-required', contestantId: 'c04', points: -1000, reason: 'misheard' },
      },
    ]);
    expect(w.score('knowledge-required', 'c04')).toBe(0);
    expect(w.refuse({ type: 'UndoScore', data: { reason: 'again' } }, HOST, 6)).toBe('INVALID_STATE');
    expect(w.refuse({ type: 'MarkAnswer', data: { run: 1, result: 'correct' } }, phone('c04'), 7)).toBe('FORBIDDEN');
  });
});

describe('buzzer round', () => {
  function armed(w: World, at = 1000) {
    w.do({ type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } }, HOST, 1);
    w.do({ type: 'ShowQuestion', data: { run: 1 } }, HOST, 2);
    return w.do({ type: 'ArmBuzzer', data: { run: 1 } }, HOST, at, { rttMs: 60, synced: true });
  }

  test('arming schedules the open instant ahead; grace from the slowest phone, capped', () => {
    const w = new World('knowledge-buzzer');
    const [e] = armed(w);
    expect(e).toEqual({
      type: 'BuzzerArmed',
      data: { run: 1, attempt: 1, openAt: 1300, closeAt: 11_300, graceMs: 60, rebound: false },
    });
    expect(deadlines(w.state).map((d) => [d.at, d.command.type])).toEqual([[11_300, 'CloseBuzzer']]);
  });

  test('the earlier corrected press wins over the earlier arrival; every press is recorded', () => {
    const w = new World('knowledge-buzzer');
    armed(w);
    // c02 on a fast link presses at 1390 (arrives 1395); c01 on a slow link pressed at 1350 (arrives 1420).
    const a = w.do({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 1390 } }, phone('c02'), 1395, LINK);
    expect(a[0]).toMatchObject({
      type: 'BuzzPressed',
      data: { press: { correctedAt: 1390, mode: 'synced', decision: 'accepted' }, decideAt: 1455 },
    });
    w.do({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 1350 } }, phone('c01'), 1420, {
      rttMs: 80,
      synced: true,
    });
    // Mashing: recorded as a duplicate, changes nothing.
    const dup = w.do({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 1360 } }, phone('c01'), 1430, LINK);
    expect(dup[0]).toMatchObject({ data: { press: { decision: 'duplicate' } } });
    expect(deadlines(w.state).map((d) => [d.at, d.command.type])).toEqual([[1455, 'DecideBuzz']]);
    const decided = w.fire();
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
    expect(w.active.contestantId).toBe('c01');
    expect(w.state.currentContestantId).toBe('c01');
  });

  test('a forged early time is clamped to arrival − window; before the open instant it is a false start', () => {
    const w = new World('knowledge-buzzer');
    armed(w);
    // c03 claims 1000 ms earlier than possible: clamped to 1500 − 40 = 1460.
    const forged = w.do({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 500 } }, phone('c03'), 1500, LINK);
    expect(forged[0]).toMatchObject({ data: { press: { correctedAt: 1460, mode: 'clamped', decision: 'accepted' } } });
    // c04 really pressed before the open instant: false start, −5, locked out.
    const fs = w.do({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 1290 } }, phone('c04'), 1310, LINK);
    expect(fs[0]).toMatchObject({ data: { press: { decision: 'falseStart' }, points: -500 } });
    expect(w.score('knowledge-buzzer', 'c04')).toBe(-500);
    const again = w.do({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 1400 } }, phone('c04'), 1410, LINK);
    expect(again[0]).toMatchObject({ data: { press: { decision: 'lockedOut' }, points: 0 } });
    expect(w.score('knowledge-buzzer', 'c04')).toBe(-500);
  });

  test('an unsynced phone falls back to arrival order', () => {
    const w = new World('knowledge-buzzer');
    armed(w);
    const e = w.do({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: null } }, phone('c05'), 1480, LINK);
    expect(e[0]).toMatchObject({ data: { press: { correctedAt: 1480, mode: 'arrival' } } });
    const f = w.do({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 1400 } }, phone('c06'), 1490, {
      rttMs: 40,
      synced: false,
    });
    expect(f[0]).toMatchObject({ data: { press: { correctedAt: 1490, mode: 'arrival' } } });
  });

  test('wrong answer, rebound to the others, the wrong answerer stays locked out; timeout closes with no score', () => {
    const w = new World('knowledge-buzzer');
    armed(w);
    w.do({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 1500 } }, phone('c01'), 1510, LINK);
    w.fire();
    w.do({ type: 'MarkAnswer', data: { run: 1, result: 'wrong' } }, HOST, 3000);
    expect(w.score('knowledge-buzzer', 'c01')).toBe(-1000);
    expect(w.active.lockedOut).toEqual(['c01']);
    const re = w.do({ type: 'ArmBuzzer', data: { run: 1 } }, HOST, 4000);
    expect(re[0]).toMatchObject({ data: { attempt: 2, openAt: 4300, graceMs: 150, rebound: true } });
    const locked = w.do({ type: 'Buzz', data: { run: 1, attempt: 2, pressedAt: 4400 } }, phone('c01'), 4410, LINK);
    expect(locked[0]).toMatchObject({ data: { press: { decision: 'lockedOut' } } });
    expect(w.refuse({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 4400 } }, phone('c02'), 4410, LINK)).toBe(
      'INVALID_STATE',
    );
    // Nobody else presses: the buzzer closes at openAt + 10 s with no score.
    const closed = w.fire();
    expect(closed).toEqual([{ type: 'BuzzerClosed', data: { run: 1, attempt: 2, at: 14_300 } }]);
    expect(w.active.phase).toBe('closed');
    expect(
      w.refuse({ type: 'Buzz', data: { run: 1, attempt: 2, pressedAt: 14_400 } }, phone('c02'), 14_410, LINK),
    ).toBe('INVALID_STATE');
    w.do({ type: 'RevealAnswer', data: { run: 1 } }, HOST, 15_000);
    const next = w.do(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q22' } },
      HOST,
      16_000,
    );
    expect(next.map((e) => e.type)).toEqual(['QuestionFinished', 'QuestionPrepared', 'CurrentContestantSet']);
    expect(w.state.knowledge.finished[0]).toMatchObject({ questionId: 'q21', result: 'none', contestantId: null });
  });

  test('a press after the grace window ranks behind the winner', () => {
    const w = new World('knowledge-buzzer');
    armed(w);
    w.do({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 1500 } }, phone('c01'), 1510, LINK);
    const late = w.do({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 1400 } }, phone('c02'), 1600, {
      rttMs: 300,
      synced: true,
    });
    expect(late[0]).toMatchObject({ data: { press: { decision: 'after' } } });
    const decided = w.fire();
    expect(decided[0]).toMatchObject({
      data: { winnerId: 'c01', order: [{ contestantId: 'c01' }, { contestantId: 'c02', gapMs: -100 }] },
    });
  });

  test('after the buzz window closes a press is refused even while the winner answers (R3: an offline press)', () => {
    const w = new World('knowledge-buzzer');
    armed(w); // open 1300, close 11_300
    w.do({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 1500 } }, phone('c01'), 1510, LINK);
    w.fire();
    expect(w.active.phase).toBe('answering');
    // Within the window a press after the decision still ranks behind the winner.
    const after = w.do({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 1990 } }, phone('c03'), 2000, LINK);
    expect(after[0]).toMatchObject({ data: { press: { decision: 'after' } } });
    // c02 pressed at 1400 while offline; its press arrives after the window closed.
    const offline = { type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: 1400 } } as const;
    expect(w.refuse(offline, phone('c02'), 11_301, LINK)).toBe('INVALID_STATE');
    expect(w.active.buzz?.order?.map((o) => o.contestantId)).toEqual(['c01', 'c03']);
  });
});

test('knowledge standings: base points + required + buzzer, ranked by the scoring core', () => {
  const w = new World('knowledge-required');
  w.do(
    { type: 'PrepareQuestion', data: { segmentId: 'knowledge-required', questionId: 'q08', contestantId: 'c04' } },
    HOST,
    1,
  );
  w.do({ type: 'ShowQuestion', data: { run: 1 } }, HOST, 2);
  w.do({ type: 'MarkAnswer', data: { run: 1, result: 'correct' } }, HOST, 3);
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
  const w = new World('knowledge-buzzer');
  w.do({ type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } }, HOST, 1);
  w.do({ type: 'FinishQuestion', data: { run: 1 } }, HOST, 2);
  w.do({ type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q22' } }, HOST, 3);
  w.do({ type: 'ShowQuestion', data: { run: 2 } }, HOST, 4);
  w.do({ type: 'ArmBuzzer', data: { run: 2 } }, HOST, 1000);
  w.do({ type: 'Buzz', data: { run: 2, attempt: 1, pressedAt: 1200 } }, phone('c03'), 1210, LINK);
  w.do({ type: 'Buzz', data: { run: 2, attempt: 1, pressedAt: 1400 } }, phone('c02'), 1410, LINK);
  w.fire();
  w.do({ type: 'MarkAnswer', data: { run: 2, result: 'correct' } }, HOST, 2000);
  w.do({ type: 'RevealAnswer', data: { run: 2 } }, HOST, 2100);
  w.do({ type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q23' } }, HOST, 2200);
  for (const viewer of [HOST, { role: 'stage' } as Actor, phone('c03'), { role: 'audience' } as Actor]) {
    let s: ContestState | null = null;
    w.log.forEach((e, i) => (s = evolve(s, projectEvent(e, viewer), i + 1)));
    expect(s).toEqual(viewFor(w.state, viewer));
  }
});
