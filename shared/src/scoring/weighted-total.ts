/**
 * A contestant's stage total from their segment scores (domain.md, "Arithmetic"):
 * total = Σ weight × part score ÷ part full marks, in points out of 100, computed exactly from
 * the already rounded scores and rounded half-up to hundredths once, at the end.
 *
 * Segments that name the same `part` form one scored part (比知识 = required + buzzer):
 * its score is the part's base points plus its segments' scores, its full marks the base
 * points plus their full marks, its weight the sum of their weights. A segment without a
 * `part` is a part of its own. Scores are not clamped: a buzzer round can go negative or
 * past its nominal full marks, and the total follows.
 */
import type { Segment, Stage } from '../model/contest-file-schema.ts';
import { assertHundredths, divRoundHalfUp, fromBigHundredths, toHundredths, type Hundredths } from './hundredths.ts';

/** A contestant's scores by segment id; a segment with no entry counts as 0 (not yet scored). */
export type SegmentScores = Readonly<Record<string, Hundredths>>;

/** One scored part of a stage total, for the breakdown on screen and in exports. */
export interface ScoredPart {
  /** The part id, or the segment id for a segment that is a part of its own. */
  partId: string;
  name: string;
  /** The segments feeding this part, in stage order. */
  segmentIds: string[];
  /** Base points plus the segments' scores. */
  score: Hundredths;
  /** Base points plus the segments' full marks. */
  fullMarks: Hundredths;
  /** Sum of the segments' weights, in hundredths of a percent (15% = 1500). */
  weight: Hundredths;
  /**
   * This part's contribution, weight × score ÷ full marks, rounded half-up for display only:
   * the total is rounded once from the exact sum, so the rounded contributions may not add up
   * to it exactly (e.g. 13.275 + 13.5 + 64.631 shows as 13.28 + 13.50 + 64.63 but totals 91.41).
   */
  weighted: Hundredths;
}

/** A stage total with its per-part breakdown. */
export interface StageTotal {
  /** Points out of 100 (when the stage's weights sum to 100), in hundredths. */
  total: Hundredths;
  parts: ScoredPart[];
}

/** An exact fraction; numerator and denominator are BigInt so products cannot overflow. */
interface Fraction {
  num: bigint;
  den: bigint;
}

interface ExactPart extends ScoredPart {
  exact: Fraction;
}

/** Total and breakdown of one contestant on a stage. Missing segment scores count as 0. */
export function stageTotal(stage: Stage, segmentScores: SegmentScores): StageTotal {
  const parts = exactParts(stage, segmentScores, undefined);
  return { total: roundedSum(parts), parts: parts.map(({ exact: _exact, ...part }) => part) };
}

/**
 * The weighted sum over only the given segments (advancement "by a named subset of segments",
 * e.g. lecture + written test), or over all segments when `onlySegmentIds` is omitted. Parts
 * are formed from the listed segments alone (base points still count once per part). The
 * result is out of the subset's summed weights, not rescaled to 100: ranking is unaffected.
 * Throws RangeError for a segment id the stage does not have.
 */
export function weightedSum(
  stage: Stage,
  segmentScores: SegmentScores,
  onlySegmentIds?: readonly string[],
): Hundredths {
  return roundedSum(exactParts(stage, segmentScores, onlySegmentIds));
}

function exactParts(stage: Stage, segmentScores: SegmentScores, only: readonly string[] | undefined): ExactPart[] {
  let segments: readonly Segment[] = stage.segments;
  if (only) {
    const wanted = new Set(only);
    for (const id of wanted) {
      if (!stage.segments.some((s) => s.id === id)) throw new RangeError(`stage ${stage.id} has no segment ${id}`);
    }
    segments = stage.segments.filter((s) => wanted.has(s.id));
  }

  // Parts in the order of their first segment, so the breakdown reads like the run of show.
  const byId = new Map<string, ExactPart>();
  for (const segment of segments) {
    const partId = segment.part ?? segment.id;
    let part = byId.get(partId);
    if (!part) {
      // A part id missing from stage.parts is treated as a part with no base points, named by
      // its id: load-time validation reports it; scoring should not fail in the middle of a show.
      const declared = segment.part === undefined ? undefined : stage.parts?.find((p) => p.id === segment.part);
      const base = toHundredths(declared?.basePoints ?? 0);
      part = {
        partId,
        name: segment.part === undefined ? segment.name : (declared?.name ?? partId),
        segmentIds: [],
        score: base,
        fullMarks: base,
        weight: 0,
        weighted: 0,
        exact: { num: 0n, den: 1n },
      };
      byId.set(partId, part);
    }
    const score = Object.hasOwn(segmentScores, segment.id) ? (segmentScores[segment.id] ?? 0) : 0;
    assertHundredths(score, `score of segment ${segment.id}`);
    part.segmentIds.push(segment.id);
    part.score += score;
    part.fullMarks += toHundredths(segment.fullMarks);
    part.weight += toHundredths(segment.weight);
  }

  const parts = [...byId.values()];
  for (const part of parts) {
    // In hundredths: weight (hundredths of a percent) × score ÷ full marks gives hundredths of
    // a point, e.g. 1500 × 8850 ÷ 10000 = 1327.5 (15% of 88.50/100 = 13.275 points).
    part.exact = { num: BigInt(part.weight) * BigInt(part.score), den: BigInt(part.fullMarks) };
    part.weighted = fromBigHundredths(divRoundHalfUp(part.exact.num, part.exact.den));
  }
  return parts;
}

function roundedSum(parts: readonly ExactPart[]): Hundredths {
  let den = 1n;
  for (const p of parts) den = lcm(den, p.exact.den);
  let num = 0n;
  for (const p of parts) num += p.exact.num * (den / p.exact.den);
  return fromBigHundredths(divRoundHalfUp(num, den));
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}
