import type { CoreState } from '../kernel/core-state.ts';
import { withJudgeName } from '../kernel/definition-edit.ts';
import type { Correction, JudgingContest, JudgingEvent, JudgingResult, JudgingState, Performance } from './types.ts';

export const initialJudging = (): JudgingState => ({
  performances: {},
  recusals: {},
  focus: null,
  caption: null,
  corrections: [],
  ceremonyStep: 0,
  popularity: {},
  seatChanges: [],
});

function withPerformance(j: JudgingState, perf: Performance): JudgingState {
  return {
    ...j,
    performances: {
      ...j.performances,
      [perf.segmentId]: { ...j.performances[perf.segmentId], [perf.contestantId]: perf },
    },
  };
}

function getPerformance(j: JudgingState, segmentId: string, contestantId: string): Performance | undefined {
  const bySegment = j.performances[segmentId];
  return bySegment && Object.hasOwn(bySegment, contestantId) ? bySegment[contestantId] : undefined;
}

/** The sum of every correction (and undo) made to one ledger entry. */
export function correctionSum(corrections: readonly Correction[], segmentId: string, contestantId: string): number {
  let sum = 0;
  for (const c of corrections) if (c.segmentId === segmentId && c.contestantId === contestantId) sum += c.delta;
  return sum;
}

export function setLedger(
  scores: CoreState['scores'],
  segmentId: string,
  contestantId: string,
  value: number,
): CoreState['scores'] {
  return { ...scores, [segmentId]: { ...scores[segmentId], [contestantId]: value } };
}

/** The ledger entry of a judged performance: its locked score plus every correction made to it. */
function withResult<S extends JudgingContest>(s: S, segmentId: string, contestantId: string, result: JudgingResult): S {
  if (result.score === null) return s;
  const value = result.score + correctionSum(s.judging.corrections, segmentId, contestantId);
  return { ...s, scores: setLedger(s.scores, segmentId, contestantId, value) };
}

export function evolveJudgingEvent<S extends JudgingContest>(state: S, event: JudgingEvent): S {
  const j = state.judging;
  switch (event.type) {
    case 'PerformanceStarted': {
      const { segmentId, contestantId, at, deadlineAt, warningAt } = event.data;
      const prev = getPerformance(j, segmentId, contestantId);
      const perf: Performance = prev
        ? { ...prev, startedAt: at, deadlineAt, warningAt }
        : {
            segmentId,
            contestantId,
            status: 'open',
            startedAt: at,
            deadlineAt,
            warningAt,
            submitted: [],
            marks: {},
            result: null,
            lockedAt: null,
            revealedAt: null,
          };
      return { ...state, judging: { ...withPerformance(j, perf), focus: { segmentId, contestantId }, caption: null } };
    }
    case 'JudgeScoreSubmitted': {
      const { segmentId, contestantId, judgeId, at, score, criteria } = event.data;
      const prev = getPerformance(j, segmentId, contestantId);
      if (!prev) return state;
      const perf: Performance = {
        ...prev,
        submitted: prev.submitted.includes(judgeId) ? prev.submitted : [...prev.submitted, judgeId],
        marks:
          score === undefined
            ? prev.marks
            : { ...prev.marks, [judgeId]: criteria ? { score, criteria, at } : { score, at } },
      };
      return { ...state, judging: withPerformance(j, perf) };
    }
    case 'JudgeRecusalSet': {
      const { segmentId, contestantId, judgeId, recused } = event.data;
      const current = j.recusals[segmentId]?.[contestantId] ?? [];
      const next = recused ? [...current.filter((x) => x !== judgeId), judgeId] : current.filter((x) => x !== judgeId);
      let judging: JudgingState = {
        ...j,
        recusals: { ...j.recusals, [segmentId]: { ...j.recusals[segmentId], [contestantId]: next } },
      };
      const prev = getPerformance(j, segmentId, contestantId);
      if (recused && prev) {
        const marks = { ...prev.marks };
        delete marks[judgeId];
        judging = withPerformance(judging, {
          ...prev,
          submitted: prev.submitted.filter((x) => x !== judgeId),
          marks,
        });
      }
      return { ...state, judging };
    }
    case 'JudgingLocked': {
      const { segmentId, contestantId, at, result } = event.data;
      const prev = getPerformance(j, segmentId, contestantId);
      if (!prev) return state;
      const perf: Performance = { ...prev, status: 'locked', lockedAt: at, result: result ?? null };
      const s = { ...state, judging: withPerformance(j, perf) };
      return result ? withResult(s, segmentId, contestantId, result) : s;
    }
    case 'ScoresRevealed': {
      const { segmentId, contestantId, at, result } = event.data;
      const prev = getPerformance(j, segmentId, contestantId);
      if (!prev) return state;
      const perf: Performance = { ...prev, status: 'revealed', revealedAt: at, result };
      const s = {
        ...state,
        judging: { ...withPerformance(j, perf), focus: { segmentId, contestantId } },
      };
      return withResult(s, segmentId, contestantId, result);
    }
    case 'JudgeCaptionSet':
      return { ...state, judging: { ...j, caption: event.data.caption } };
    case 'ScoreCorrected': {
      const c = event.data;
      const current = state.scores[c.segmentId]?.[c.contestantId] ?? 0;
      return {
        ...state,
        scores: setLedger(state.scores, c.segmentId, c.contestantId, current + c.delta),
        judging: { ...j, corrections: [...j.corrections, c] },
      };
    }
    case 'CeremonyStepSet':
      return { ...state, judging: { ...j, ceremonyStep: event.data.step } };
    case 'JudgeSeatReplaced': {
      const { title, ...change } = event.data;
      return {
        ...state,
        definition: change.newJudge
          ? withJudgeName(state.definition, change.judgeId, change.to, title ?? null)
          : state.definition,
        judging: { ...j, seatChanges: [...(j.seatChanges ?? []), change] },
      };
    }
    case 'PopularityRecorded': {
      const { stageId, by, counts, at } = event.data;
      return {
        ...state,
        judging: { ...j, popularity: { ...j.popularity, [stageId]: { by, counts: { ...counts }, at } } },
      };
    }
  }
}
