import type { ContestFile } from '../model/contest-file-schema.ts';
import type { Role } from './actor.ts';
import type { Scene } from './scene.ts';
import type { KnowledgeEvent } from './knowledge/index.ts';
import type { JudgingEvent } from './judging/index.ts';

/**
 * Contest events: past tense, `{ type, data }`. Metadata (actor, commandId, server time)
 * travels beside the event in the store and on the wire, see `StoredEvent`.
 */
export type LifecycleEvent =
  | {
      type: 'ContestCreated';
      data: { contestId: string; joinCode: string; definition: ContestFile; createdAt: number };
    }
  | { type: 'DeviceSeated'; data: { deviceId: string; role: Role; subjectId?: string; at: number } }
  /** `role`/`subjectId` name the seat (absent in logs older than them: then every seat of the device). */
  | { type: 'DeviceLeft'; data: { deviceId: string; role?: Role; subjectId?: string; at: number } }
  /**
   * Never decided: what a role receives in place of an event its view withholds entirely, so its
   * stream stays gap-free (it carries the position, nothing of the event).
   */
  | { type: 'EventWithheld'; data: Record<string, never> }
  | { type: 'StageStarted'; data: { stageId: string; at: number } }
  | { type: 'StageFinished'; data: { stageId: string; at: number } }
  | { type: 'SegmentStarted'; data: { stageId: string; segmentId: string; at: number } }
  | { type: 'SegmentFinished'; data: { segmentId: string; at: number } }
  | { type: 'CurrentContestantSet'; data: { contestantId: string | null } }
  | { type: 'SceneChosen'; data: { scene: Scene } };

/** Every contest event: the lifecycle's and each capability module's. */
export type ContestEvent = LifecycleEvent | KnowledgeEvent | JudgingEvent;

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
