import { describe, expect, test } from 'vitest';
import type { Actor } from '../kernel/actor.ts';
import { contestSpec, foldAs, opening } from '../contest-spec.ts';

const HOST: Actor = { role: 'host' };
const VIEWERS: Actor[] = [
  HOST,
  { role: 'stage' },
  { role: 'overlay' },
  { role: 'contestant', subjectId: 'c02' },
  { role: 'judge', subjectId: 'j1' },
  { role: 'audience' },
];

describe('names corrected on the night', () => {
  test('a contestant’s name: every screen folds the new name, and the amendment keeps the old one and the reason', () => {
    const w = contestSpec.given(...opening());
    const before = w.state.definition.contestants.find((c) => c.id === 'c01')!.name;
    w.when(
      { type: 'CorrectContestantName', data: { contestantId: 'c01', name: ' 张晓明 ', reason: '名字写错' } },
      HOST,
      5,
    ).then({
      type: 'ContestantRenamed',
      data: { contestantId: 'c01', from: before, to: '张晓明', reason: '名字写错', at: 5 },
    });
    for (const viewer of VIEWERS) {
      const seen = foldAs(w.log, viewer)!;
      expect(seen.definition.contestants.find((c) => c.id === 'c01')?.name).toBe('张晓明');
      expect(seen.amendments).toHaveLength(1);
    }
    w.when(
      { type: 'CorrectContestantName', data: { contestantId: 'c01', name: '张晓明', reason: 'x' } },
      HOST,
      6,
    ).thenFails('BAD_REQUEST');
    w.when({ type: 'CorrectContestantName', data: { contestantId: 'zz', name: '某', reason: 'x' } }, HOST, 6).thenFails(
      'NOT_FOUND',
    );
    w.when(
      { type: 'CorrectContestantName', data: { contestantId: 'c01', name: '某', reason: ' ' } },
      HOST,
      6,
    ).thenFails('BAD_REQUEST', /原因/);
    w.when(
      { type: 'CorrectContestantName', data: { contestantId: 'c01', name: '某', reason: 'x' } },
      { role: 'stage' },
      6,
    ).thenFails('FORBIDDEN');
  });

  test('a unit’s name: every contestant of that unit, on every screen', () => {
    const w = contestSpec.given(...opening());
    const unit = w.state.definition.contestants[0]!.organisation;
    const ids = w.state.definition.contestants.filter((c) => c.organisation === unit).map((c) => c.id);
    w.when({ type: 'CorrectUnitName', data: { from: unit, to: '新单位名称', reason: '单位更名' } }, HOST, 5).then({
      type: 'UnitRenamed',
      data: { from: unit, to: '新单位名称', contestantIds: ids, reason: '单位更名', at: 5 },
    });
    for (const viewer of VIEWERS) {
      const seen = foldAs(w.log, viewer)!;
      for (const id of ids)
        expect(seen.definition.contestants.find((c) => c.id === id)?.organisation).toBe('新单位名称');
    }
    w.when({ type: 'CorrectUnitName', data: { from: unit, to: 'x', reason: 'x' } }, HOST, 6).thenFails('NOT_FOUND');
  });
});

describe('a segment’s timer changed for the rest of the night', () => {
  test('the answer time of a knowledge segment: the next timer started runs the new seconds', () => {
    const w = contestSpec.given(...opening({ segmentId: 'knowledge-required' }));
    w.when(
      { type: 'ChangeSegmentTimer', data: { segmentId: 'knowledge-required', seconds: 45, reason: '题目较长' } },
      HOST,
      3,
    ).then({
      type: 'SegmentTimerChanged',
      data: { segmentId: 'knowledge-required', setting: 'answerSeconds', from: 30, to: 45, reason: '题目较长', at: 3 },
    });
    w.when(
      { type: 'PrepareQuestion', data: { segmentId: 'knowledge-required', questionId: 'q01', contestantId: 'c01' } },
      HOST,
      4,
    ).thenAccepted();
    w.when({ type: 'ShowQuestion', data: { run: 1 } }, HOST, 5).thenAccepted();
    const [started] = w.when({ type: 'StartAnswerTimer', data: { run: 1 } }, HOST, 1000).events;
    expect(started).toMatchObject({ data: { deadlineAt: 1000 + 45_000 } });
    w.when(
      { type: 'ChangeSegmentTimer', data: { segmentId: 'knowledge-required', seconds: 45, reason: 'x' } },
      HOST,
      6,
    ).thenFails('BAD_REQUEST');
  });

  test('the performance time of a judged segment, from the next performance; a finished segment’s timer no longer changes', () => {
    const w = contestSpec.given(...opening({ segmentId: 'reflection' }));
    w.when(
      { type: 'StartPerformance', data: { segmentId: 'reflection', contestantId: 'c01' } },
      HOST,
      10,
    ).thenAccepted();
    w.when(
      { type: 'ChangeSegmentTimer', data: { segmentId: 'reflection', seconds: 240, reason: '延长陈述' } },
      HOST,
      11,
    ).thenAccepted();
    expect(w.state.judging.performances['reflection']?.['c01']?.deadlineAt).toBe(10 + 180_000);
    const [, started] = w.when(
      { type: 'StartPerformance', data: { segmentId: 'reflection', contestantId: 'c02' } },
      HOST,
      20,
    ).events;
    expect(started).toMatchObject({ type: 'PerformanceStarted', data: { deadlineAt: 20 + 240_000 } });
    w.when({ type: 'FinishSegment', data: { segmentId: 'reflection' } }, HOST, 30).thenAccepted();
    w.when(
      { type: 'ChangeSegmentTimer', data: { segmentId: 'reflection', seconds: 100, reason: 'x' } },
      HOST,
      31,
    ).thenFails('INVALID_STATE');
  });
});
