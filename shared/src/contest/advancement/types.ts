/**
 * Advancement between stages: the host confirms who advances from a finished stage, which
 * builds the next stage's roster in the core state (`rosters`), and may correct a roster (a
 * withdrawal, a replacement) before its stage starts. Both are recorded with their reasons.
 */
import type { Role } from '../kernel/actor.ts';
import type { CoreState } from '../kernel/core-state.ts';
import type { RosterGroup } from '../kernel/roster.ts';
import type { LifecycleSlice } from '../lifecycle/types.ts';

/** How the host settled a tie at the cut of one group. */
export interface TieResolution {
  groupId: string;
  /** The tied contestants (equal on the total and every tie-break) sharing the last place. */
  tiedIds: string[];
  /** Places left for them within the group's quota. */
  seats: number;
  /** `all`: every tied contestant advances; `chosen`: the host picked `seats` of them. */
  how: 'all' | 'chosen';
  /** Who of the tied advance. */
  advancing: string[];
}

/** A confirmed advancement, as recorded. */
export interface AdvancementRecord {
  fromStageId: string;
  toStageId: string;
  /** The next stage's groups as built (advancers and seeded entrants placed). */
  groups: RosterGroup[];
  /** Who advanced, in group order, best first. */
  advancers: string[];
  /** The next stage's seeded entrants at confirmation. */
  seeded: string[];
  tieResolutions: TieResolution[];
  /** The host's reason (required when the host chose among tied contestants). */
  reason: string | null;
  by: Role;
  at: number;
}

/** One correction of a stage's roster before it starts. */
export interface RosterCorrection {
  stageId: string;
  removed: string[];
  /** Added contestants and the group each joined (null: among the seeded entrants). */
  added: { contestantId: string; groupId: string | null }[];
  reason: string;
  by: Role;
  at: number;
}

export interface AdvancementState {
  /** Confirmed advancements by the stage advanced from. */
  confirmed: Record<string, AdvancementRecord>;
  /** Roster corrections in order; nothing is removed. */
  rosterCorrections: RosterCorrection[];
}

/** This capability's slice of the contest state. */
export interface AdvancementSlice {
  advancement: AdvancementState;
}

/** The state it reads: the core (rosters, scores), the run of the contest, and its own slice. */
export type AdvancementContest = CoreState & LifecycleSlice & AdvancementSlice;

/** A host's answer to a tie at the cut of one group: every tied contestant advances, or these. */
export interface TieChoice {
  groupId: string;
  advance: 'all' | string[];
}

export type AdvancementCommand =
  | {
      type: 'ConfirmAdvancement';
      data: { fromStageId: string; resolutions?: TieChoice[]; reason?: string };
    }
  | {
      type: 'CorrectRoster';
      data: { stageId: string; remove?: string[]; add?: string[]; groupId?: string; reason: string };
    };

export type AdvancementEvent =
  { type: 'AdvancementConfirmed'; data: AdvancementRecord } | { type: 'RosterCorrected'; data: RosterCorrection };
