/**
 * Results of a stage as pure selectors over the contest state: the score ledger (knowledge
 * points, locked judged scores, corrections) turned into weighted totals, ranks, award tiers,
 * single-item awards, advancement and the awards-ceremony order. All arithmetic is the
 * scoring core's (`scoring/`); this file only gathers and arranges.
 */
import type { Contestant, Stage } from '../model/contest-file-schema.ts';
import { stageAdvancement } from '../contest/advancement/compute-advancement.ts';
import { findStage, stageRoster } from '../contest/kernel/lookup.ts';
import type { ContestState } from '../contest/state.ts';
import type { AdvancementResult } from '../scoring/advancement.ts';
import {
  DEFAULT_AWARD_TIERS,
  assignAwardTiers,
  popularityWinners,
  topInSegment,
  type TopEntry,
} from '../scoring/awards.ts';
import { toHundredths, type Hundredths } from '../scoring/hundredths.ts';
import type { ScoresByContestant } from '../scoring/standings.ts';
import { stageStandings } from '../scoring/standings.ts';
import { stageTotal, type ScoredPart } from '../scoring/weighted-total.ts';

/** One segment as the results show it. */
export interface ResultSegment {
  id: string;
  name: string;
  kind: string;
  fullMarks: Hundredths;
  /** Weight in hundredths of a percent (15% = 1500). */
  weight: Hundredths;
}

/**
 * One scored part of a stage (比知识 = 必答 + 抢答 + base points, or one segment on its own), as
 * the results show it: everything a person needs besides the raw scores to recompute a total,
 * total = Σ weight × (base points + Σ segment scores) ÷ full marks, rounded half-up once.
 */
export interface ResultPart {
  /** The part id, or the segment id for a segment that is a part of its own. */
  id: string;
  name: string;
  /** The segments feeding this part, in stage order. */
  segmentIds: string[];
  /** Points every contestant starts the part with (hundredths); 0 for most parts. */
  basePoints: Hundredths;
  /** Base points plus the segments' full marks (hundredths). */
  fullMarks: Hundredths;
  /** Sum of the segments' weights, in hundredths of a percent (15% = 1500). */
  weight: Hundredths;
}

/** The popularity award (人气奖) of a stage, from the counts frozen into the log. */
export interface PopularityResult {
  /** Always `popularity`: the id the award carries in a row's `singleItems`. */
  id: 'popularity';
  name: string;
  by: 'cheers' | 'likes';
  /** The recorded counts by contestant id; null until the host records them. */
  counts: Record<string, number> | null;
  /** Server time of the recording; null until then. */
  recordedAt: number | null;
  /** Winners (the highest count; ties share it), by id. Empty before a recording or with no votes. */
  winners: { id: string; count: number }[];
}

/** One contestant's line of the results. */
export interface ResultRow {
  id: string;
  name: string;
  organisation: string;
  seat: number;
  /** Raw segment scores from the ledger (hundredths); absent = not scored yet. */
  segmentScores: Record<string, Hundredths>;
  parts: ScoredPart[];
  total: Hundredths;
  rank: number;
  tier: { id: string; name: string } | null;
  /** Single-item awards this contestant receives. */
  singleItems: { id: string; name: string }[];
}

export interface SingleItemResult {
  id: string;
  name: string;
  segmentId: string;
  count: number;
  winners: TopEntry[];
}

export interface TierResult {
  id: string;
  name: string;
  /** Winners best first. */
  winnerIds: string[];
}

export interface StageResults {
  stageId: string;
  stageName: string;
  segments: ResultSegment[];
  /** The scored parts the totals are made of, in stage order. */
  parts: ResultPart[];
  /** Rows in rank order (shared ranks listed by id). */
  rows: ResultRow[];
  tiers: TierResult[];
  singleItems: SingleItemResult[];
  /** The popularity award; null when the contest file has none. */
  popularity: PopularityResult | null;
  /** Who advances per group; null when the stage has no advancement rule. */
  advancement: AdvancementResult | null;
}

/** The ledger transposed to contestant → segment → score, for the scoring core. */
export function scoresByContestant(state: ContestState, stage: Stage): Record<string, Record<string, Hundredths>> {
  const out: Record<string, Record<string, Hundredths>> = {};
  for (const segment of stage.segments) {
    const bySegment = state.scores[segment.id];
    if (!bySegment) continue;
    for (const [contestantId, score] of Object.entries(bySegment)) {
      (out[contestantId] ??= {})[segment.id] = score;
    }
  }
  return out;
}

/** Every number of a stage's results, from the state alone. Null for an unknown stage. */
export function stageResults(state: ContestState, stageId: string): StageResults | null {
  const def = state.definition;
  const stage = findStage(def, stageId);
  if (!stage) return null;
  const scores: ScoresByContestant = scoresByContestant(state, stage);
  const roster = stageRoster(state, stageId);
  const standings = stageStandings(stage, scores, { contestantIds: roster });
  const tiers = def.awards?.tiers ?? DEFAULT_AWARD_TIERS;
  // Tiers wait for the stage's first score: before it every contestant ties at rank 1, and no
  // one has won 一等奖 yet (single-item awards wait for a score in their segment likewise).
  const anyScore = roster.some((id) => Object.keys(scores[id] ?? {}).length > 0);
  const tierOf = new Map(anyScore ? assignAwardTiers(standings, tiers).map((a) => [a.id, a.tier]) : []);

  const onRoster = new Set(roster);
  const singleItems: SingleItemResult[] = (def.awards?.singleItem ?? [])
    .filter((a) => stage.segments.some((s) => s.id === a.segmentId))
    .map((a) => {
      const bySegment: Record<string, Hundredths> = {};
      for (const [id, v] of Object.entries(state.scores[a.segmentId] ?? {})) if (onRoster.has(id)) bySegment[id] = v;
      const count = a.count ?? 1;
      return { id: a.id, name: a.name, segmentId: a.segmentId, count, winners: topInSegment(bySegment, count) };
    });

  const popularity = popularityResult(state, stage.id, onRoster);
  const popularIds = new Set(popularity?.winners.map((w) => w.id) ?? []);

  const people = new Map<string, { c: Contestant; seat: number }>(
    def.contestants.map((c, i) => [c.id, { c, seat: c.seat ?? i + 1 }]),
  );
  const rows: ResultRow[] = standings.map((e) => {
    const person = people.get(e.id);
    const own = scores[e.id] ?? {};
    return {
      id: e.id,
      name: person?.c.name ?? e.id,
      organisation: person?.c.organisation ?? '',
      seat: person?.seat ?? 0,
      segmentScores: { ...own },
      parts: stageTotal(stage, own).parts,
      total: e.total,
      rank: e.rank,
      tier: tierOf.get(e.id) ?? null,
      singleItems: [
        ...singleItems.filter((a) => a.winners.some((w) => w.id === e.id)).map((a) => ({ id: a.id, name: a.name })),
        ...(popularity && popularIds.has(e.id) ? [{ id: popularity.id, name: popularity.name }] : []),
      ],
    };
  });

  return {
    stageId: stage.id,
    stageName: stage.name,
    segments: stage.segments.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      fullMarks: toHundredths(s.fullMarks),
      weight: toHundredths(s.weight),
    })),
    // With no scores each part's score is its base points.
    parts: stageTotal(stage, {}).parts.map((p) => ({
      id: p.partId,
      name: p.name,
      segmentIds: p.segmentIds,
      basePoints: p.score,
      fullMarks: p.fullMarks,
      weight: p.weight,
    })),
    rows,
    tiers: tiers.map((t) => ({
      id: t.id,
      name: t.name,
      winnerIds: rows.filter((r) => r.tier?.id === t.id).map((r) => r.id),
    })),
    singleItems,
    popularity,
    advancement: stage.advancement ? stageAdvancement(state, stage) : null,
  };
}

/** The popularity award from the recorded counts of the stage's roster (pure). */
function popularityResult(
  state: ContestState,
  stageId: string,
  onRoster: ReadonlySet<string>,
): PopularityResult | null {
  const award = state.definition.awards?.popularity;
  if (!award) return null;
  const byStage = state.judging.popularity ?? {};
  const recorded = Object.hasOwn(byStage, stageId) ? byStage[stageId] : undefined;
  if (!recorded || recorded.by !== award.by) {
    return { id: 'popularity', name: award.name, by: award.by, counts: null, recordedAt: null, winners: [] };
  }
  const counts: Record<string, number> = {};
  for (const [id, n] of Object.entries(recorded.counts)) if (onRoster.has(id)) counts[id] = n;
  const best = popularityWinners(counts);
  return {
    id: 'popularity',
    name: award.name,
    by: award.by,
    counts,
    recordedAt: recorded.at,
    winners: best ? best.winnerIds.map((id) => ({ id, count: best.value })) : [],
  };
}

/** One step of the awards ceremony: an award and who receives it. */
export interface CeremonyStep {
  kind: 'single' | 'popularity' | 'tier';
  id: string;
  name: string;
  /**
   * Winners with their rank and what won it: the segment score or total (hundredths), or for
   * the popularity award the number of cheers (a plain count, rank 1).
   */
  winners: { id: string; rank: number; score: number }[];
}

/**
 * The order of the awards ceremony: single-item awards first, then the popularity award, then
 * the tiers from the lowest upward, the first prize last. Awards nobody receives are skipped.
 */
export function ceremonySteps(results: StageResults): CeremonyStep[] {
  const rowById = new Map(results.rows.map((r) => [r.id, r]));
  const singles: CeremonyStep[] = results.singleItems
    .filter((a) => a.winners.length > 0)
    .map((a) => ({
      kind: 'single',
      id: a.id,
      name: a.name,
      winners: a.winners.map((w) => ({ id: w.id, rank: w.rank, score: w.score })),
    }));
  const tiers: CeremonyStep[] = [...results.tiers]
    .reverse()
    .filter((t) => t.winnerIds.length > 0)
    .map((t) => ({
      kind: 'tier',
      id: t.id,
      name: t.name,
      winners: t.winnerIds.flatMap((id) => {
        const r = rowById.get(id);
        return r ? [{ id, rank: r.rank, score: r.total }] : [];
      }),
    }));
  const popular: CeremonyStep[] =
    results.popularity && results.popularity.winners.length > 0
      ? [
          {
            kind: 'popularity',
            id: results.popularity.id,
            name: results.popularity.name,
            winners: results.popularity.winners.map((w) => ({ id: w.id, rank: 1, score: w.count })),
          },
        ]
      : [];
  return [...singles, ...popular, ...tiers];
}

/** The stage whose results the screens show: the current one, else the last started, else the first. */
export function resultsStageId(state: ContestState): string | null {
  if (state.currentStageId) return state.currentStageId;
  const stages = state.definition.stages;
  const started = [...stages].reverse().find((s) => state.stageStatus[s.id] !== 'pending');
  return (started ?? stages[0])?.id ?? null;
}
