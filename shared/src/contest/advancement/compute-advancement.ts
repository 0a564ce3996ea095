/**
 * Pure selectors of advancement over the contest state: the ranking per group by the stage's
 * rule within the roster the contest holds now, where each advancer goes in the next stage,
 * and what the 晋级名单 scene shows.
 */
import type { Stage } from '../../model/contest-file-schema.ts';
import { computeAdvancement, type AdvancementResult } from '../../scoring/advancement.ts';
import type { ScoresByContestant } from '../../scoring/standings.ts';
import type { CoreState } from '../kernel/core-state.ts';
import { findStage, stageGroups, stageSeeded } from '../kernel/lookup.ts';
import type { RosterGroup } from '../kernel/roster.ts';
import type { AdvancementRecord, AdvancementState } from './types.ts';

/** The stage an advancement from `stage` leads to: its rule's `toStageId`, else the next in order. */
export function nextStageOf(state: Pick<CoreState, 'definition'>, stage: Stage): Stage | undefined {
  const to = stage.advancement?.toStageId;
  if (to) return findStage(state.definition, to);
  const i = state.definition.stages.findIndex((s) => s.id === stage.id);
  return state.definition.stages[i + 1];
}

/** A stage's ledger transposed to contestant → segment → score (hundredths). */
export function stageScores(state: Pick<CoreState, 'scores'>, stage: Stage): ScoresByContestant {
  const out: Record<string, Record<string, number>> = {};
  for (const segment of stage.segments) {
    const bySegment = Object.hasOwn(state.scores, segment.id) ? state.scores[segment.id] : undefined;
    if (!bySegment) continue;
    for (const [contestantId, score] of Object.entries(bySegment)) (out[contestantId] ??= {})[segment.id] = score;
  }
  return out;
}

/**
 * Who advances from `stage` by its rule: each group ranked within the roster the contest holds
 * now, ties at the cut marked, and the next stage's seeded entrants as the contest holds them.
 */
export function stageAdvancement(state: CoreState, stage: Stage): AdvancementResult {
  const next = nextStageOf(state, stage);
  const seeded = next ? { seededContestantIds: stageSeeded(state, next.id) } : undefined;
  return computeAdvancement(stage, stageScores(state, stage), seeded, stageGroups(state, stage.id));
}

/**
 * The group of `toStage` a contestant joins: the group that already lists them, else the group
 * whose name is the contestant's `group` label, else the stage's only group; undefined if none.
 */
export function placeInGroup(state: CoreState, toStageId: string, contestantId: string): string | undefined {
  const groups = stageGroups(state, toStageId);
  const listing = groups.find((g) => g.contestantIds.includes(contestantId));
  if (listing) return listing.id;
  const label = state.definition.contestants.find((c) => c.id === contestantId)?.group;
  const named = label === undefined ? undefined : groups.find((g) => g.name === label);
  if (named) return named.id;
  return groups.length === 1 ? groups[0]?.id : undefined;
}

/** The next stage's groups with `placed` members: each group's listed members first, in its order, then the rest. */
export function buildGroups(state: CoreState, toStageId: string, placed: ReadonlyMap<string, string>): RosterGroup[] {
  return stageGroups(state, toStageId).map((g) => {
    const mine = [...placed].filter(([, groupId]) => groupId === g.id).map(([id]) => id);
    const listed = g.contestantIds.filter((id) => mine.includes(id));
    return { groupId: g.id, contestantIds: [...listed, ...mine.filter((id) => !listed.includes(id))] };
  });
}

/** What the 晋级名单 scene shows: the latest confirmed advancement and the roster it built, as corrected since. */
export interface AdvancementBoard {
  fromStageId: string;
  fromStageName: string;
  toStageId: string;
  toStageName: string;
  /** The next stage's groups: each member and whether they were seeded (skipped the stage before). */
  groups: { groupId: string; name: string; members: { id: string; seeded: boolean }[] }[];
  /** Seeded entrants placed in no group. */
  seededOutsideGroups: string[];
}

/** The board of the latest confirmed advancement; null before any. */
export function advancementBoard(state: CoreState & { advancement: AdvancementState }): AdvancementBoard | null {
  let latest: AdvancementRecord | undefined;
  for (const record of Object.values(state.advancement.confirmed)) {
    if (!latest || record.at >= latest.at) latest = record;
  }
  if (!latest) return null;
  const from = findStage(state.definition, latest.fromStageId);
  const to = findStage(state.definition, latest.toStageId);
  const seeded = new Set(stageSeeded(state, latest.toStageId));
  const groups = stageGroups(state, latest.toStageId).map((g) => ({
    groupId: g.id,
    name: g.name,
    members: g.contestantIds.map((id) => ({ id, seeded: seeded.has(id) })),
  }));
  const inGroups = new Set(groups.flatMap((g) => g.members.map((m) => m.id)));
  return {
    fromStageId: latest.fromStageId,
    fromStageName: from?.name ?? latest.fromStageId,
    toStageId: latest.toStageId,
    toStageName: to?.name ?? latest.toStageId,
    groups,
    seededOutsideGroups: [...seeded].filter((id) => !inGroups.has(id)),
  };
}
