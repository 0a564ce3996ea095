/**
 * Standings of a stage: every contestant's total (or weighted sum over a subset of segments)
 * with the stage's tie-breaks, ranked. Glue between `weighted-total.ts` and `ranking.ts`.
 */
import type { Stage } from '../model/contest-file-schema.ts';
import { rank, tieBreakScores, type RankedEntry } from './ranking.ts';
import { weightedSum, type SegmentScores } from './weighted-total.ts';

/** Segment scores of many contestants, by contestant id; a contestant with no entry scored nothing. */
export type ScoresByContestant = Readonly<Record<string, SegmentScores>>;

/** Options of `stageStandings`. */
export interface StandingsOptions {
  /** Who to rank; default: the stage's group members and seeded entrants. */
  contestantIds?: readonly string[];
  /** Rank by these segments' weighted sum instead of the full stage total. */
  bySegmentIds?: readonly string[];
}

/** Ranks contestants on a stage by total, breaking ties by the stage's `tieBreaks` segments. */
export function stageStandings(stage: Stage, scores: ScoresByContestant, opts: StandingsOptions = {}): RankedEntry[] {
  const ids = new Set(opts.contestantIds ?? defaultContestantIds(stage));
  return rank(
    [...ids].map((id) => {
      const own = Object.hasOwn(scores, id) ? (scores[id] ?? {}) : {};
      return { id, total: weightedSum(stage, own, opts.bySegmentIds), tieBreak: tieBreakScores(stage, own) };
    }),
  );
}

function defaultContestantIds(stage: Stage): string[] {
  return [...stage.groups.flatMap((g) => g.contestantIds), ...(stage.seededContestantIds ?? [])];
}
