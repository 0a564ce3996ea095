import type { ContestFile } from '../model/contest-file-schema.ts';
import type { Role } from './kernel/actor.ts';
import type { EventOf } from './kernel/capability.ts';
import type { EventWithheld } from './kernel/view-engine.ts';
import type { ContestCapability } from './capabilities.ts';

export type { LifecycleEvent } from './lifecycle/types.ts';
export type { EventWithheld } from './kernel/view-engine.ts';

/** The first event of every contest stream. */
export interface ContestCreated {
  type: 'ContestCreated';
  data: { contestId: string; joinCode: string; definition: ContestFile; createdAt: number };
}

/**
 * Contest events: past tense, `{ type, data }`: creation, every capability's, and
 * `EventWithheld` (never decided: what a role receives in place of an event its view withholds,
 * so its stream stays gap-free). Metadata (actor, commandId, server time) travels beside the
 * event in the store and on the wire, see `PositionedEvent`.
 */
export type ContestEvent = ContestCreated | EventWithheld | EventOf<ContestCapability>;

export type ContestEventType = ContestEvent['type'];

/** Metadata stored with every event. */
export interface EventMetadata {
  actor: { role: Role; subjectId?: string };
  commandId?: string;
  /** Server time (ms since epoch) when the event was decided. */
  at: number;
}

/** An event as read back from the store or received on the wire: with its stream version. */
export type PositionedEvent = ContestEvent & {
  /** Version in the contest's stream: 1 for ContestCreated, then +1 per event. */
  version: number;
  metadata: EventMetadata;
};
