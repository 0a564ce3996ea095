/**
 * Awards (domain.md, "Arithmetic"): tiers by rank (一等奖, 二等奖, ...), single-item awards
 * (best in a segment) and a popularity award from audience cheers or likes.
 */
import type { Awards } from '../model/contest-file-schema.ts';
import type { Hundredths } from './hundredths.ts';
import { rank } from './ranking.ts';

/** One award tier; `count` places, or everyone remaining when omitted. */
export type AwardTier = Awards['tiers'][number];

/** Default tiers: 1 first prize, 2 second, 3 third, everyone else an excellence award. */
export const DEFAULT_AWARD_TIERS: readonly AwardTier[] = [
  { id: 'first', name: '一等奖', count: 1 },
  { id: 'second', name: '二等奖', count: 2 },
  { id: 'third', name: '三等奖', count: 3 },
  { id: 'excellence', name: '优秀奖' },
];

/** A ranked contestant with the tier they receive (null: tiers ran out). */
export interface TierAward {
  id: string;
  rank: number;
  tier: { id: string; name: string } | null;
}

/**
 * Assigns tiers by rank. Tiers cover places in order: with counts 1, 2, 3 the first tier covers
 * place 1, the second places 2-3, the third places 4-6. A contestant gets the first tier whose
 * places reach their rank, so contestants sharing a rank across a boundary all get the higher
 * tier (ranks 1, 1 both get first prize) and the places they fill are used up (the next
 * contestant, rank 3, gets the second tier's last place). A tier without `count` covers
 * everyone remaining; if the last tier has a count, those beyond it get no tier.
 */
export function assignAwardTiers(
  ranked: readonly { id: string; rank: number }[],
  tiers: readonly AwardTier[] = DEFAULT_AWARD_TIERS,
): TierAward[] {
  return ranked.map(({ id, rank: r }) => {
    let lastPlace = 0;
    for (const t of tiers) {
      lastPlace = t.count === undefined ? Infinity : lastPlace + t.count;
      if (r <= lastPlace) return { id, rank: r, tier: { id: t.id, name: t.name } };
    }
    return { id, rank: r, tier: null };
  });
}

/** Winners of a single-item or popularity award; several when they tie. */
export interface BestResult {
  /** The winning value (a segment score in hundredths, or a count). */
  value: number;
  /** Winners, by id (code-unit order). */
  winnerIds: string[];
}

/** A winner of a "top N" single-item award (e.g. 十佳党课, the ten best lectures). */
export interface TopEntry {
  id: string;
  rank: number;
  score: Hundredths;
}

/**
 * The contestants with the best score in one segment (single-item award). `scores` holds the
 * segment score by contestant id; contestants without a score are not considered. Ties share
 * the award. Null when nobody has a score.
 */
export function bestInSegment(scores: Readonly<Record<string, Hundredths>>): BestResult | null {
  const top = topInSegment(scores, 1);
  const first = top[0];
  return first ? { value: first.score, winnerIds: top.map((e) => e.id) } : null;
}

/**
 * The top `count` contestants in one segment, for awards such as "ten best lectures". Those
 * tied with the last place all receive it, so the list can be longer than `count`.
 */
export function topInSegment(scores: Readonly<Record<string, Hundredths>>, count: number): TopEntry[] {
  return rank(Object.entries(scores).map(([id, total]) => ({ id, total })))
    .filter((e) => e.rank <= count)
    .map((e) => ({ id: e.id, rank: e.rank, score: e.total }));
}

/**
 * The popularity award: the highest count of cheers or likes, by contestant id. Ties share it.
 * Null when nobody received any (all counts 0 or none given): an award for zero votes would be
 * meaningless. Throws RangeError for a count that is not a non-negative safe integer.
 */
export function popularityWinners(counts: Readonly<Record<string, number>>): BestResult | null {
  let best = 0;
  let winners: string[] = [];
  for (const [id, n] of Object.entries(counts)) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`count of ${id} must be a non-negative integer: ${n}`);
    if (n === 0 || n < best) continue;
    if (n > best) {
      best = n;
      winners = [];
    }
    winners.push(id);
  }
  return winners.length === 0 ? null : { value: best, winnerIds: winners.sort() };
}
