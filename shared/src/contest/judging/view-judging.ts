import type { Actor } from '../actor.ts';
import type { ContestState } from '../state.ts';
import { correctionSum } from './evolve-judging.ts';
import type { JudgingEvent, Performance } from './types.ts';

/** Whether `viewer` sees locked results before the reveal (the host, to check them first). */
const seesLockedResult = (viewer: Actor): boolean => viewer.role === 'host' || viewer.role === 'system';

/** Whether `viewer` sees the value of `judgeId`'s score before it is revealed: only that judge (and the server). */
const seesMark = (viewer: Actor, judgeId: string): boolean =>
  viewer.role === 'system' || (viewer.role === 'judge' && viewer.subjectId === judgeId);

/**
 * Independence: a score reaches only the judge who gave it; the result reaches the host at the
 * lock and everyone else at the reveal. Who has submitted is public (never the value).
 */
export function projectJudging(event: JudgingEvent, viewer: Actor): JudgingEvent {
  switch (event.type) {
    case 'JudgeScoreSubmitted': {
      if (seesMark(viewer, event.data.judgeId)) return event;
      const { score: _score, criteria: _criteria, ...data } = event.data;
      return { type: event.type, data };
    }
    case 'JudgingLocked': {
      if (seesLockedResult(viewer)) return event;
      const { result: _result, ...data } = event.data;
      return { type: event.type, data };
    }
    default:
      return event;
  }
}

export function viewJudgingState(state: ContestState, viewer: Actor): ContestState {
  if (viewer.role === 'system') return state;
  const j = state.judging;
  let scores = state.scores;
  const performances: Record<string, Record<string, Performance>> = {};
  for (const [segmentId, bySegment] of Object.entries(j.performances)) {
    const out: Record<string, Performance> = {};
    for (const [contestantId, perf] of Object.entries(bySegment)) {
      const marks: Performance['marks'] = {};
      for (const [judgeId, mark] of Object.entries(perf.marks)) if (seesMark(viewer, judgeId)) marks[judgeId] = mark;
      const hideResult = perf.status === 'locked' && !seesLockedResult(viewer);
      out[contestantId] = { ...perf, marks, result: hideResult ? null : perf.result };
      if (hideResult) {
        // Before the reveal this viewer's ledger holds only the corrections made to the entry.
        const bySeg = { ...scores[segmentId] };
        if (j.corrections.some((c) => c.segmentId === segmentId && c.contestantId === contestantId)) {
          bySeg[contestantId] = correctionSum(j.corrections, segmentId, contestantId);
        } else {
          delete bySeg[contestantId];
        }
        const next = { ...scores };
        if (Object.keys(bySeg).length === 0) delete next[segmentId];
        else next[segmentId] = bySeg;
        scores = next;
      }
    }
    performances[segmentId] = out;
  }
  return { ...state, scores, judging: { ...j, performances } };
}
