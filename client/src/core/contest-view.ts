/** Read-only lookups the screens share: what is running now and who is on stage. */
import { findSegment, stageRoster, type Contestant, type ContestState, type Segment, type Stage } from '@leitai/shared';

/** A contestant with the seat number shown on screens (the file's `seat`, else the list position). */
export interface SeatedContestant extends Contestant {
  seatNumber: number;
}

/** The stage running now, else the last one started, else none. */
export function currentStage(state: ContestState): Stage | null {
  const id = state.currentStageId;
  return (id && state.definition.stages.find((s) => s.id === id)) || null;
}

/** The segment running now, with its stage. */
export function currentSegment(state: ContestState): Segment | null {
  const id = state.currentSegmentId;
  return (id && findSegment(state.definition, id)?.segment) || null;
}

/** The stage whose roster the screens show: the current one, else the first not finished, else the first. */
export function rosterStage(state: ContestState): Stage | null {
  const { stages } = state.definition;
  return currentStage(state) ?? stages.find((s) => state.stageStatus[s.id] !== 'finished') ?? stages[0] ?? null;
}

/** Every contestant with their seat number, keyed by id. */
export function contestantsById(state: ContestState): Map<string, SeatedContestant> {
  return new Map(state.definition.contestants.map((c, i) => [c.id, { ...c, seatNumber: c.seat ?? i + 1 }]));
}

/** The contestants of the roster stage in seat order (all contestants when the contest has no stage roster). */
export function rosterContestants(state: ContestState): SeatedContestant[] {
  const byId = contestantsById(state);
  const stage = rosterStage(state);
  const ids = stage ? stageRoster(state, stage.id) : [];
  if (ids.length === 0) return [...byId.values()].sort((a, b) => a.seatNumber - b.seatNumber);
  return ids.flatMap((id) => {
    const c = byId.get(id);
    return c ? [c] : [];
  });
}

/** The contestant on stage now, if any. */
export function currentContestant(state: ContestState): SeatedContestant | null {
  const id = state.currentContestantId;
  return (id && contestantsById(state).get(id)) || null;
}

/** The contestant `step` places before or after the current one in roster order (the first / last when none is set). */
export function neighbourContestant(state: ContestState, step: 1 | -1): SeatedContestant | null {
  const roster = rosterContestants(state);
  if (roster.length === 0) return null;
  const index = roster.findIndex((c) => c.id === state.currentContestantId);
  if (index < 0) return (step === 1 ? roster[0] : roster[roster.length - 1]) ?? null;
  return roster[index + step] ?? null;
}

/** First character of a name, for an initial avatar when there is no photo. */
export function initialOf(name: string): string {
  return Array.from(name.trim())[0] ?? '?';
}
