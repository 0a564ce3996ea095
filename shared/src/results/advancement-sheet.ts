/**
 * The advancement sheet of a stage (晋级名单) for the results page, CSV and XLSX: per group the
 * ranking by the advancement rule with who advances (as confirmed, or as computed before the
 * confirmation), the seeded entrants of the next stage, and the record behind it: ties at the
 * cut and how they were settled, the host's reason, and every correction of the next roster.
 */
import { nextStageOf, stageAdvancement, stageScores } from '../contest/advancement/compute-advancement.ts';
import type { RosterCorrection, TieResolution } from '../contest/advancement/types.ts';
import { findStage, stageGroups } from '../contest/kernel/lookup.ts';
import type { ContestState } from '../contest/state.ts';
import type { Hundredths } from '../scoring/hundredths.ts';

export interface AdvancementSheetRow {
  id: string;
  rank: number;
  /** The rule's segments' raw scores (hundredths), by segment id; absent = not scored. */
  segmentScores: Record<string, Hundredths>;
  /** The score the rule ranks by (the total, or the weighted sum of its segments). */
  total: Hundredths;
  /** Advances (as confirmed once confirmed), tied at the cut (unresolved), or stays. */
  outcome: 'advances' | 'tied' | 'out';
}

export interface AdvancementSheet {
  stageId: string;
  stageName: string;
  toStageId: string | null;
  toStageName: string | null;
  perGroup: number;
  /** The segments the rule ranks by (all of the stage's when the rule names none). */
  segments: { id: string; name: string }[];
  byTotal: boolean;
  groups: { groupId: string; name: string; rows: AdvancementSheetRow[] }[];
  /** The next stage's seeded entrants. */
  seeded: string[];
  confirmed: { at: number; reason: string | null; tieResolutions: TieResolution[] } | null;
  /** The next stage's built roster, group by group (null before the confirmation). */
  nextRoster: { groupId: string; name: string; contestantIds: string[] }[] | null;
  /** Corrections of the next stage's roster, in order. */
  corrections: RosterCorrection[];
}

/** The advancement sheet of `stageId`; null for an unknown stage or one without an advancement rule. */
export function advancementSheet(state: ContestState, stageId: string): AdvancementSheet | null {
  const stage = findStage(state.definition, stageId);
  const rule = stage?.advancement;
  if (!stage || !rule) return null;
  const to = nextStageOf(state, stage) ?? null;
  const result = stageAdvancement(state, stage);
  const record = Object.hasOwn(state.advancement.confirmed, stageId) ? state.advancement.confirmed[stageId] : undefined;
  const advancing = new Set(record ? record.advancers : result.advancerIds);
  const segmentIds = rule.bySegmentIds ?? stage.segments.map((s) => s.id);
  const scores = stageScores(state, stage);
  return {
    stageId,
    stageName: stage.name,
    toStageId: to?.id ?? null,
    toStageName: to?.name ?? null,
    perGroup: rule.perGroup,
    segments: segmentIds.map((id) => ({ id, name: stage.segments.find((s) => s.id === id)?.name ?? id })),
    byTotal: rule.bySegmentIds === undefined,
    groups: result.groups.map((g) => ({
      groupId: g.groupId,
      name: g.name,
      rows: g.ranking.map((e) => {
        const own = scores[e.id] ?? {};
        const segmentScores: Record<string, Hundredths> = {};
        for (const id of segmentIds) if (own[id] !== undefined) segmentScores[id] = own[id];
        const tied = !record && (g.tie?.tiedIds.includes(e.id) ?? false);
        return {
          id: e.id,
          rank: e.rank,
          segmentScores,
          total: e.total,
          outcome: tied ? 'tied' : advancing.has(e.id) ? 'advances' : 'out',
        };
      }),
    })),
    seeded: to ? (state.rosters[to.id]?.seeded ?? []) : [],
    confirmed: record ? { at: record.at, reason: record.reason, tieResolutions: record.tieResolutions } : null,
    nextRoster:
      record && to
        ? stageGroups(state, to.id).map((g) => ({ groupId: g.id, name: g.name, contestantIds: g.contestantIds }))
        : null,
    corrections: to ? state.advancement.rosterCorrections.filter((c) => c.stageId === to.id) : [],
  };
}
