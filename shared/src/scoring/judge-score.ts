/**
 * One judge's score for one contestant: 0 to the segment's full marks, two decimals, optionally
 * given per rubric criterion and summed (domain.md, "Judging").
 */
import type { Criterion } from '../model/contest-file-schema.ts';
import { toHundredths, type Hundredths } from './hundredths.ts';

/** True when `score` is a whole number of hundredths within 0..fullMarks (inclusive). */
export function isValidJudgeScore(score: Hundredths, fullMarks: Hundredths): boolean {
  return Number.isSafeInteger(score) && score >= 0 && score <= fullMarks;
}

/**
 * Sums a judge's per-criterion marks into one score. Every criterion must be marked, each
 * within 0..its max; a mark for a criterion not in the rubric is refused too, so a stale or
 * mistyped rubric cannot silently change a score. Throws RangeError naming the criterion.
 */
export function sumCriteria(criteria: readonly Criterion[], marks: Readonly<Record<string, Hundredths>>): Hundredths {
  const known = new Set(criteria.map((c) => c.id));
  for (const id of Object.keys(marks)) {
    if (!known.has(id)) throw new RangeError(`unknown criterion: ${id}`);
  }
  let total = 0;
  for (const c of criteria) {
    const mark = Object.hasOwn(marks, c.id) ? marks[c.id] : undefined;
    if (mark === undefined) throw new RangeError(`criterion not marked: ${c.id}`);
    const max = toHundredths(c.max);
    if (!isValidJudgeScore(mark, max))
      throw new RangeError(`criterion ${c.id}: ${mark} hundredths is outside 0..${max}`);
    total += mark; // ≤ 20 criteria of ≤ 10^7 hundredths each: far below 2^53
  }
  return total;
}
