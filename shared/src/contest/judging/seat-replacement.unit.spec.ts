import { describe, expect, test } from 'vitest';
import type { Actor } from '../kernel/actor.ts';
import { contestSpec, foldAs, opening } from '../contest-spec.ts';

const HOST: Actor = { role: 'host' };
const J1: Actor = { role: 'judge', subjectId: 'j1' };

describe('a judge’s seat replaced on the night', () => {
  test('a new pad for the same judge: scores already given are kept, the judge scores on', () => {
    const w = contestSpec.given(...opening({ segmentId: 'reflection' }));
    w.when(
      { type: 'StartPerformance', data: { segmentId: 'reflection', contestantId: 'c01' } },
      HOST,
      3,
    ).thenAccepted();
    w.when(
      { type: 'SubmitJudgeScore', data: { segmentId: 'reflection', contestantId: 'c01', score: 9050 } },
      J1,
      4,
    ).thenAccepted();
    w.when({ type: 'ReplaceJudgeSeat', data: { judgeId: 'j1', reason: '平板没电' } }, HOST, 5).then({
      type: 'JudgeSeatReplaced',
      data: { judgeId: 'j1', from: '陈立新', to: '陈立新', newJudge: false, reason: '平板没电', at: 5 },
    });
    expect(w.state.judging.performances['reflection']?.['c01']?.marks['j1']).toMatchObject({ score: 9050 });
    expect(w.state.judging.seatChanges).toHaveLength(1);
  });

  test('a new judge takes the seat over: the seat keeps its scores, every screen shows the new name', () => {
    const w = contestSpec.given(...opening({ segmentId: 'reflection' }));
    w.when(
      {
        type: 'ReplaceJudgeSeat',
        data: { judgeId: 'j2', name: '王建平', title: '市委党校副教授', reason: '林老师临时有事' },
      },
      HOST,
      5,
    ).then({
      type: 'JudgeSeatReplaced',
      data: {
        judgeId: 'j2',
        from: '林秀英',
        to: '王建平',
        newJudge: true,
        reason: '林老师临时有事',
        at: 5,
        title: '市委党校副教授',
      },
    });
    for (const viewer of [HOST, { role: 'stage' }, J1] as Actor[]) {
      const judges = foldAs(w.log, viewer)!.definition.judges;
      expect(judges.find((j) => j.id === 'j2')).toEqual({ id: 'j2', name: '王建平', title: '市委党校副教授' });
    }
    w.when({ type: 'ReplaceJudgeSeat', data: { judgeId: 'j9', reason: 'x' } }, HOST, 6).thenFails('NOT_FOUND');
    w.when({ type: 'ReplaceJudgeSeat', data: { judgeId: 'j2', reason: '' } }, HOST, 6).thenFails('BAD_REQUEST');
    w.when({ type: 'ReplaceJudgeSeat', data: { judgeId: 'j2', reason: 'x' } }, J1, 6).thenFails('FORBIDDEN');
  });
});
