import { describe, expect, test } from 'vitest';
import { DEMO_CONTEST } from '../../demo/index.ts';
import type { ContestFile } from '../../model/contest-file-schema.ts';
import type { Actor } from '../kernel/actor.ts';
import { contestSpec, foldAs, opening } from '../contest-spec.ts';
import type { ContestState } from '../state.ts';
import { viewFor } from '../view.ts';
import { nextKnowledgeStep, requiredPlan } from './run-of-show.ts';

const HOST: Actor = { role: 'host' };
const STAGE: Actor = { role: 'stage' };
const LINK = { rttMs: 40, synced: true };

/** The demo with reserves: q35 for the required round, q34 then q36 for the buzzer. */
const WITH_RESERVES: ContestFile = {
  ...DEMO_CONTEST,
  stages: DEMO_CONTEST.stages.map((st) => ({
    ...st,
    segments: st.segments.map((g) =>
      g.kind === 'required'
        ? { ...g, reserveQuestionIds: ['q35'] }
        : g.kind === 'buzzer'
          ? {
              ...g,
              questionIds: g.questionIds.filter((id) => id !== 'q34' && id !== 'q36'),
              reserveQuestionIds: ['q34', 'q36'],
            }
          : g,
    ),
  })),
};
const score = (s: ContestState, seg: string, c: string) => s.scores[seg]?.[c] ?? 0;
const segmentOf = (s: ContestState, id: string) => s.definition.stages[0]!.segments.find((g) => g.id === id)!;

describe('voiding a question on the night', () => {
  test('a marked required question: its points reversed exactly, the reserve takes its slot and is asked next', () => {
    const w = contestSpec.given(...opening({ definition: WITH_RESERVES, segmentId: 'knowledge-required' }));
    w.when(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-required', questionId: 'q01', contestantId: 'c01' } },
      HOST,
      3,
    ).thenAccepted();
    w.when({ type: 'ShowQuestion', data: { run: 1 } }, HOST, 4).thenAccepted();
    w.when({ type: 'MarkAnswer', data: { run: 1, result: 'correct' } }, HOST, 5).thenAccepted();
    w.when({ type: 'FinishQuestion', data: { run: 1 } }, HOST, 6).thenAccepted();
    expect(score(w.state, 'knowledge-required', 'c01')).toBe(1000);
    w.when({ type: 'VoidQuestion', data: { run: 1, reason: ' 题目答案有误 ' } }, HOST, 7).then({
      type: 'QuestionVoided',
      data: {
        run: 1,
        segmentId: 'knowledge-required',
        questionId: 'q01',
        number: 1,
        shown: true,
        contestantId: 'c01',
        replacementId: 'q35',
        reversals: [{ entry: 1, contestantId: 'c01', points: -1000 }],
        reason: '题目答案有误',
        at: 7,
      },
    });
    expect(score(w.state, 'knowledge-required', 'c01')).toBe(0);
    expect(w.state.knowledge.ledger[0]?.undone).toBe(true);
    expect(w.state.knowledge.finished[0]?.voided).toBe(true);
    expect(segmentOf(w.state, 'knowledge-required')).toMatchObject({ reserveQuestionIds: [] });
    expect(requiredPlan(w.state, 'knowledge-required')[0]).toMatchObject({ questionId: 'q35', status: 'pending' });
    expect(nextKnowledgeStep(w.state, 'knowledge-required')).toEqual({
      segmentId: 'knowledge-required',
      questionId: 'q35',
      contestantId: 'c01',
    });
    // Voided once is voided: a second void of the run is refused and changes nothing.
    w.when({ type: 'VoidQuestion', data: { run: 1, reason: 'again' } }, HOST, 8).thenFails('INVALID_STATE');
    // No reserve left: a clear refusal, unless the host voids it without replacement.
    w.when(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-required', questionId: 'q35', contestantId: 'c01' } },
      HOST,
      9,
    ).thenAccepted();
    w.when({ type: 'ShowQuestion', data: { run: 2 } }, HOST, 10).thenAccepted();
    w.when({ type: 'VoidQuestion', data: { run: 2, reason: '读错题' } }, HOST, 11).thenFails('INVALID_STATE', /备用题/);
    const [voided] = w.when(
      { type: 'VoidQuestion', data: { run: 2, reason: '读错题', withoutReplacement: true } },
      HOST,
      12,
    ).events;
    expect(voided).toMatchObject({ type: 'QuestionVoided', data: { replacementId: null, reversals: [] } });
    expect(w.state.knowledge.active).toBeNull();
  });

  test('an active buzzer question: its false-start penalty and wrong answer reversed, the run closed, the reserve next', () => {
    const w = contestSpec.given(...opening({ definition: WITH_RESERVES, segmentId: 'knowledge-buzzer' }));
    w.when(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } },
      HOST,
      3,
    ).thenAccepted();
    w.when({ type: 'ShowQuestion', data: { run: 1 } }, HOST, 4).thenAccepted();
    w.when({ type: 'ArmBuzzer', data: { run: 1 } }, HOST, 1000, LINK).thenAccepted();
    const openAt = w.state.knowledge.active!.buzz!.openAt;
    w.when(
      { type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: openAt - 200 } },
      { role: 'contestant', subjectId: 'c02' },
      openAt - 190,
      LINK,
    ).thenAccepted();
    w.when(
      { type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: openAt + 50 } },
      { role: 'contestant', subjectId: 'c03' },
      openAt + 60,
      LINK,
    ).thenAccepted();
    w.whenDeadline().thenAccepted();
    w.when({ type: 'MarkAnswer', data: { run: 1, result: 'wrong' } }, HOST, openAt + 2000).thenAccepted();
    expect(score(w.state, 'knowledge-buzzer', 'c02')).toBe(-500);
    expect(score(w.state, 'knowledge-buzzer', 'c03')).toBe(-1000);
    const [e] = w.when({ type: 'VoidQuestion', data: { run: 1, reason: '题干有歧义' } }, HOST, openAt + 3000).events;
    expect(e).toMatchObject({
      data: {
        replacementId: 'q34',
        reversals: [
          { entry: 1, contestantId: 'c02', points: 500 },
          { entry: 2, contestantId: 'c03', points: 1000 },
        ],
      },
    });
    expect(score(w.state, 'knowledge-buzzer', 'c02')).toBe(0);
    expect(score(w.state, 'knowledge-buzzer', 'c03')).toBe(0);
    expect(w.state.knowledge.active).toBeNull();
    expect(w.deadlines).toEqual([]);
    expect(nextKnowledgeStep(w.state, 'knowledge-buzzer')).toEqual({
      segmentId: 'knowledge-buzzer',
      questionId: 'q34',
    });
    expect(segmentOf(w.state, 'knowledge-buzzer')).toMatchObject({ reserveQuestionIds: ['q36'] });
  });

  test('the reserve stays the host’s: other screens learn of the void, never of the question that replaces it', () => {
    const w = contestSpec.given(...opening({ definition: WITH_RESERVES, segmentId: 'knowledge-buzzer' }));
    w.when(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } },
      HOST,
      3,
    ).thenAccepted();
    w.when({ type: 'VoidQuestion', data: { run: 1, reason: '备错题' } }, HOST, 4).thenAccepted();
    for (const viewer of [
      STAGE,
      { role: 'contestant', subjectId: 'c01' },
      { role: 'judge', subjectId: 'j1' },
      { role: 'audience' },
    ] as Actor[]) {
      const seen = foldAs(w.log, viewer)!;
      expect(seen.knowledge.voided).toEqual([
        expect.objectContaining({ questionId: '', replacementId: '', shown: false }),
      ]);
      expect(JSON.stringify(seen)).not.toContain('q34');
      expect(JSON.stringify(seen)).not.toContain('q21');
      expect(viewFor(w.state, viewer).knowledge.voided).toEqual(seen.knowledge.voided);
    }
    expect(viewFor(w.state, HOST).knowledge.voided[0]).toMatchObject({ questionId: 'q21', replacementId: 'q34' });
  });

  test('only the host voids; a reason is required; an unknown run is NOT_FOUND', () => {
    const w = contestSpec.given(...opening({ definition: WITH_RESERVES, segmentId: 'knowledge-buzzer' }));
    w.when(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } },
      HOST,
      3,
    ).thenAccepted();
    w.when({ type: 'VoidQuestion', data: { run: 1, reason: 'x' } }, STAGE, 4).thenFails('FORBIDDEN');
    w.when({ type: 'VoidQuestion', data: { run: 1, reason: '   ' } }, HOST, 4).thenFails('BAD_REQUEST', /原因/);
    w.when({ type: 'VoidQuestion', data: { run: 9, reason: 'x' } }, HOST, 4).thenFails('NOT_FOUND');
  });
});
