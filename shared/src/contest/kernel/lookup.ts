import type { ContestFile, Segment, Stage } from '../../model/contest-file-schema.ts';
import type { CoreState } from './core-state.ts';

/** Find a segment and the stage that holds it. */
export function findSegment(def: ContestFile, segmentId: string): { stage: Stage; segment: Segment } | undefined {
  for (const stage of def.stages) {
    const segment = stage.segments.find((g) => g.id === segmentId);
    if (segment) return { stage, segment };
  }
  return undefined;
}

export function findStage(def: ContestFile, stageId: string): Stage | undefined {
  return def.stages.find((s) => s.id === stageId);
}

/** What the roster lookups read: the contest file (for seats) and the rosters the state holds. */
export type RosterSource = Pick<CoreState, 'definition' | 'rosters'>;

/**
 * The contestants on a stage's roster as the contest now holds it (the file's groups and seeded
 * entrants until an advancement builds it, then the built roster with its corrections), in seat order.
 */
export function stageRoster(state: RosterSource, stageId: string): string[] {
  const roster = Object.hasOwn(state.rosters, stageId) ? state.rosters[stageId] : undefined;
  if (!roster) return [];
  const ids = new Set<string>();
  for (const g of roster.groups) for (const id of g.contestantIds) ids.add(id);
  for (const id of roster.seeded) ids.add(id);
  const seat = new Map(state.definition.contestants.map((c, i) => [c.id, c.seat ?? i + 1]));
  return [...ids].sort((a, b) => (seat.get(a) ?? 0) - (seat.get(b) ?? 0));
}

/** A stage's groups as the contest now holds them, with their names from the file. */
export function stageGroups(
  state: RosterSource,
  stageId: string,
): { id: string; name: string; contestantIds: string[] }[] {
  const roster = Object.hasOwn(state.rosters, stageId) ? state.rosters[stageId] : undefined;
  const stage = findStage(state.definition, stageId);
  if (!roster || !stage) return [];
  const names = new Map(stage.groups.map((g) => [g.id, g.name]));
  return roster.groups.map((g) => ({
    id: g.groupId,
    name: names.get(g.groupId) ?? g.groupId,
    contestantIds: g.contestantIds,
  }));
}

/** A stage's seeded entrants as the contest now holds them. */
export function stageSeeded(state: RosterSource, stageId: string): string[] {
  const roster = Object.hasOwn(state.rosters, stageId) ? state.rosters[stageId] : undefined;
  return roster ? roster.seeded : [];
}
