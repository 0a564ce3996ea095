import type { ContestFile, Segment, Stage } from '../../model/contest-file-schema.ts';

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

/** The contestants on a stage's roster: its groups' members plus seeded entrants, in seat order. */
export function stageRoster(def: ContestFile, stageId: string): string[] {
  const stage = findStage(def, stageId);
  if (!stage) return [];
  const ids = new Set<string>();
  for (const g of stage.groups) for (const id of g.contestantIds) ids.add(id);
  for (const id of stage.seededContestantIds ?? []) ids.add(id);
  const seat = new Map(def.contestants.map((c, i) => [c.id, c.seat ?? i + 1]));
  return [...ids].sort((a, b) => (seat.get(a) ?? 0) - (seat.get(b) ?? 0));
}
