/**
 * The judged segment score: drop the highest and lowest judges' scores when enough were given,
 * then average the rest, rounded half-up to hundredths (domain.md, "Judging").
 */
import type { TrimRule } from '../model/contest-file-schema.ts';
import { assertHundredths, divRoundHalfUp, fromBigHundredths, type Hundredths } from './hundredths.ts';

/** Default trim: drop one highest and one lowest score when there are at least 5 scores. */
export const DEFAULT_TRIM_RULE: TrimRule = { drop: 1, minScores: 5 };

/** The trimmed mean with the bookkeeping the reveal needs (which judges' scores were dropped). */
export interface TrimmedMean {
  /** Mean of the kept scores, rounded half-up; null when there are no scores. */
  score: Hundredths | null;
  /** Indices into the input of the scores that count, ascending. */
  kept: number[];
  /** Indices into the input of the dropped scores (lowest and highest), ascending. */
  dropped: number[];
  /** Whether the drop rule was applied (enough scores, something to drop). */
  ruleApplied: boolean;
}

/**
 * Trimmed mean of judges' scores. A recused judge simply gives no score, so fewer scores may
 * fall below `rule.minScores` and then nothing is dropped. The rule is also not applied when
 * dropping would leave no score (e.g. drop 2 of 4), rather than failing mid-contest.
 *
 * When several judges gave the same lowest (or highest) score, exactly `drop` entries are
 * dropped on each side: among equal scores the earliest entries in the input go first, and
 * the lowest are chosen before the highest (so five equal scores drop indices 0 and 1).
 */
export function trimmedMean(scores: readonly Hundredths[], rule: TrimRule = DEFAULT_TRIM_RULE): TrimmedMean {
  scores.forEach((s, i) => assertHundredths(s, `score #${i}`));
  if (!Number.isInteger(rule.drop) || rule.drop < 0) throw new RangeError(`trim drop must be ≥ 0: ${rule.drop}`);
  const n = scores.length;
  if (n === 0) return { score: null, kept: [], dropped: [], ruleApplied: false };

  const ruleApplied = rule.drop > 0 && n >= rule.minScores && n > 2 * rule.drop;
  const dropped = new Set<number>();
  if (ruleApplied) {
    const score = (i: number): number => scores[i] ?? 0;
    const indices = scores.map((_, i) => i);
    const lowFirst = [...indices].sort((a, b) => score(a) - score(b) || a - b);
    for (const i of lowFirst.slice(0, rule.drop)) dropped.add(i);
    const highFirst = indices.filter((i) => !dropped.has(i)).sort((a, b) => score(b) - score(a) || a - b);
    for (const i of highFirst.slice(0, rule.drop)) dropped.add(i);
  }

  const kept: number[] = [];
  let sum = 0n;
  scores.forEach((s, i) => {
    if (dropped.has(i)) return;
    kept.push(i);
    sum += BigInt(s);
  });
  return {
    score: fromBigHundredths(divRoundHalfUp(sum, BigInt(kept.length))),
    kept,
    dropped: [...dropped].sort((a, b) => a - b),
    ruleApplied,
  };
}
