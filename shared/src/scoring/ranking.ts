/**
 * Ranking by total (domain.md, "Arithmetic"): higher first; equal totals share a rank
 * (1, 2, 2, 4) unless the stage's tie-breaks (segment scores, the heavier segment first)
 * tell them apart.
 */
import type { Stage } from '../model/contest-file-schema.ts';
import { assertHundredths, type Hundredths } from './hundredths.ts';
import type { SegmentScores } from './weighted-total.ts';

/** One contestant to rank. */
export interface RankEntry {
  id: string;
  total: Hundredths;
  /** Compared in order, higher first, only when totals are equal. */
  tieBreak?: readonly Hundredths[];
}

/** A ranked contestant. */
export interface RankedEntry {
  id: string;
  /** 1-based; equal entries share the rank of the first of them (standard competition ranking). */
  rank: number;
  total: Hundredths;
  tieBreak?: readonly Hundredths[];
}

/**
 * Ranks entries, best first. Tie-break arrays are compared element by element, higher first;
 * a missing element ranks below any value (arrays are normally the same length). Entries equal
 * in total and every tie-break share a rank and are listed by id (code-unit order), so the
 * result does not depend on the input order. Throws RangeError on a duplicate id.
 */
export function rank(entries: readonly RankEntry[]): RankedEntry[] {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.id)) throw new RangeError(`duplicate id in ranking: ${e.id}`);
    seen.add(e.id);
    assertHundredths(e.total, `total of ${e.id}`);
    e.tieBreak?.forEach((v, i) => assertHundredths(v, `tie-break #${i} of ${e.id}`));
  }
  const sorted = [...entries].sort((a, b) => compareEntries(a, b) || compareIds(a.id, b.id));
  const ranked: RankedEntry[] = [];
  sorted.forEach((e, i) => {
    const previous = sorted[i - 1];
    const prevRanked = ranked[i - 1];
    const shared = previous !== undefined && prevRanked !== undefined && compareEntries(previous, e) === 0;
    const out: RankedEntry = { id: e.id, rank: shared ? prevRanked.rank : i + 1, total: e.total };
    if (e.tieBreak) out.tieBreak = e.tieBreak;
    ranked.push(out);
  });
  return ranked;
}

/** Orders two entries best first (negative when `a` ranks above `b`); 0 when they share a rank. */
export function compareEntries(a: RankEntry, b: RankEntry): number {
  if (a.total !== b.total) return b.total - a.total;
  const ta = a.tieBreak ?? [];
  const tb = b.tieBreak ?? [];
  for (let i = 0; i < Math.max(ta.length, tb.length); i++) {
    const va = ta[i];
    const vb = tb[i];
    if (va === vb) continue;
    if (va === undefined) return 1;
    if (vb === undefined) return -1;
    return vb - va;
  }
  return 0;
}

/** The stage's tie-break values for one contestant: its `tieBreaks` segments' scores (missing = 0). */
export function tieBreakScores(stage: Stage, segmentScores: SegmentScores): Hundredths[] {
  return (stage.tieBreaks ?? []).map((id) => (Object.hasOwn(segmentScores, id) ? (segmentScores[id] ?? 0) : 0));
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
