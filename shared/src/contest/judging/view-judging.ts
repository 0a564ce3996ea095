/**
 * The judging capability's view tables. Independence: a score reaches only the judge who gave
 * it; the result reaches the host at the lock and everyone else at the reveal. Who has
 * submitted is public (never the value).
 */
import type { Actor } from '../kernel/actor.ts';
import type { EventViews, StateViews } from '../kernel/capability.ts';
import type { CoreState } from '../kernel/core-state.ts';
import { correctionSum } from './evolve-judging.ts';
import type { JudgingContest, JudgingEvent, JudgingSlice, Performance } from './types.ts';

/** Whether `viewer` sees locked results before the reveal (the host, to check them first). */
const seesLockedResult = (viewer: Actor): boolean => viewer.role === 'host' || viewer.role === 'system';

/** Whether `viewer` sees the value of `judgeId`'s score before it is revealed: only that judge (and the server). */
const seesMark = (viewer: Actor, judgeId: string): boolean =>
  viewer.role === 'system' || (viewer.role === 'judge' && viewer.subjectId === judgeId);

export const JUDGING_EVENT_VIEWS: EventViews<JudgingEvent> = {
  PerformanceStarted: { to: 'all' },
  JudgeScoreSubmitted: {
    to: 'all',
    redact: (e, viewer) => {
      if (seesMark(viewer, e.data.judgeId)) return e;
      const { score: _score, criteria: _criteria, ...data } = e.data;
      return { type: e.type, data };
    },
  },
  JudgeRecusalSet: { to: 'all' },
  JudgingLocked: {
    to: 'all',
    redact: (e, viewer) => {
      if (seesLockedResult(viewer)) return e;
      const { result: _result, ...data } = e.data;
      return { type: e.type, data };
    },
  },
  ScoresRevealed: { to: 'all' },
  JudgeCaptionSet: { to: 'all' },
  ScoreCorrected: { to: 'all' },
  CeremonyStepSet: { to: 'all' },
  PopularityRecorded: { to: 'all' },
  // A seat replaced is public (the judge's name on every screen); the new pad's link never is an event.
  JudgeSeatReplaced: { to: 'all' },
};

export const JUDGING_STATE_VIEWS: StateViews<JudgingSlice, JudgingContest> = {
  judging: {
    fields: {
      performances: (performances, viewer) => {
        const out: Record<string, Record<string, Performance>> = {};
        for (const [segmentId, bySegment] of Object.entries(performances)) {
          const seg: Record<string, Performance> = {};
          for (const [contestantId, perf] of Object.entries(bySegment)) {
            const marks: Performance['marks'] = {};
            for (const [judgeId, mark] of Object.entries(perf.marks))
              if (seesMark(viewer, judgeId)) marks[judgeId] = mark;
            const hideResult = perf.status === 'locked' && !seesLockedResult(viewer);
            seg[contestantId] = { ...perf, marks, result: hideResult ? null : perf.result };
          }
          out[segmentId] = seg;
        }
        return out;
      },
      recusals: 'all',
      focus: 'all',
      caption: 'all',
      corrections: 'all',
      ceremonyStep: 'all',
      popularity: 'all',
      seatChanges: 'all',
    },
  },
};

/** Before the reveal a viewer's ledger holds only the corrections made to a locked entry. */
export function judgingLedgerView(
  scores: CoreState['scores'],
  viewer: Actor,
  state: JudgingContest,
): CoreState['scores'] {
  if (seesLockedResult(viewer)) return scores;
  const j = state.judging;
  let out = scores;
  for (const [segmentId, bySegment] of Object.entries(j.performances)) {
    for (const [contestantId, perf] of Object.entries(bySegment)) {
      if (perf.status !== 'locked') continue;
      const bySeg = { ...out[segmentId] };
      if (j.corrections.some((c) => c.segmentId === segmentId && c.contestantId === contestantId)) {
        bySeg[contestantId] = correctionSum(j.corrections, segmentId, contestantId);
      } else {
        delete bySeg[contestantId];
      }
      const next = { ...out };
      if (Object.keys(bySeg).length === 0) delete next[segmentId];
      else next[segmentId] = bySeg;
      out = next;
    }
  }
  return out;
}
