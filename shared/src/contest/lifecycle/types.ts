/**
 * The run of a contest: stages and segments started and finished, the contestant in focus, the
 * stage screen's scene, and which devices sit in which seat. Every other capability builds on it.
 */
import type { Role } from '../kernel/actor.ts';
import type { CoreState } from '../kernel/core-state.ts';

export type RunStatus = 'pending' | 'running' | 'finished';

export interface SeatedDevice {
  role: Role;
  subjectId?: string;
  /** The device: its id on the server, a short tag of it in the host's view (ids never leave the server). */
  device: string;
  since: number;
}

/** This capability's slice of the contest state. */
export interface LifecycleSlice {
  stageStatus: Record<string, RunStatus>;
  segmentStatus: Record<string, RunStatus>;
  currentStageId: string | null;
  currentSegmentId: string | null;
  currentContestantId: string | null;
  /** What the stage screen and the overlay show (a scene of some capability: see `SCENES`). */
  scene: string;
  /**
   * Seated devices of privileged roles (the audience is not seated), keyed by seat and device
   * together (`deviceKey`): a device id claimed for another seat never touches this seat's entry.
   * Host-only; other roles' views hold none.
   */
  devices: Record<string, SeatedDevice>;
  /** Corrections made on the night to names and timers, in order, each with its reason (现场更正). */
  amendments: LifecycleAmendment[];
}

/** The state the lifecycle reads: the core and its own slice. */
export type LifecycleState = CoreState & LifecycleSlice;

export type LifecycleCommand =
  | { type: 'SeatDevice'; data: { deviceId: string; role: Role; subjectId?: string } }
  | { type: 'ReleaseDevice'; data: { deviceId: string; role: Role; subjectId?: string } }
  | { type: 'StartStage'; data: { stageId: string } }
  | { type: 'FinishStage'; data: { stageId: string } }
  | { type: 'StartSegment'; data: { segmentId: string } }
  | { type: 'FinishSegment'; data: { segmentId: string } }
  | { type: 'SetCurrentContestant'; data: { contestantId: string | null } }
  | { type: 'ChooseScene'; data: { scene: string } }
  | { type: 'CorrectContestantName'; data: { contestantId: string; name: string; reason: string } }
  | { type: 'CorrectUnitName'; data: { from: string; to: string; reason: string } }
  | { type: 'ChangeSegmentTimer'; data: { segmentId: string; seconds: number; reason: string } };

export type LifecycleEvent =
  | { type: 'DeviceSeated'; data: { deviceId: string; role: Role; subjectId?: string; at: number } }
  /** `role`/`subjectId` name the seat (absent in logs older than them: then every seat of the device). */
  | { type: 'DeviceLeft'; data: { deviceId: string; role?: Role; subjectId?: string; at: number } }
  | { type: 'StageStarted'; data: { stageId: string; at: number } }
  | { type: 'StageFinished'; data: { stageId: string; at: number } }
  | { type: 'SegmentStarted'; data: { stageId: string; segmentId: string; at: number } }
  | { type: 'SegmentFinished'; data: { segmentId: string; at: number } }
  | { type: 'CurrentContestantSet'; data: { contestantId: string | null } }
  | { type: 'SceneChosen'; data: { scene: string } }
  /** On the night: a contestant's name corrected (every screen shows `to` from here on). */
  | { type: 'ContestantRenamed'; data: { contestantId: string; from: string; to: string; reason: string; at: number } }
  /** On the night: a unit's name corrected for every contestant of that unit (`contestantIds`). */
  | {
      type: 'UnitRenamed';
      data: { from: string; to: string; contestantIds: string[]; reason: string; at: number };
    }
  /**
   * On the night: a segment's timer changed for the rest of the night: the answer time of a
   * knowledge segment, the performance time of a judged one. A timer already running keeps its
   * deadline; the next one started uses `to`.
   */
  | {
      type: 'SegmentTimerChanged';
      data: {
        segmentId: string;
        setting: 'answerSeconds' | 'performanceSeconds';
        /** The seconds in force before (the segment's setting, or its default; null: untimed). */
        from: number | null;
        to: number;
        reason: string;
        at: number;
      };
    };

/** A correction of names or timers, as the lifecycle keeps it. */
export type LifecycleAmendment = Extract<
  LifecycleEvent,
  { type: 'ContestantRenamed' | 'UnitRenamed' | 'SegmentTimerChanged' }
>;

/** Lifecycle events other capabilities may emit beside their own (a scene change, the contestant in focus). */
export type SharedLifecycleEvent = Extract<LifecycleEvent, { type: 'SceneChosen' | 'CurrentContestantSet' }>;

/** The lifecycle's own scenes. */
export const LIFECYCLE_SCENES = ['title', 'roster', 'contestant', 'scoreboard', 'blank'] as const;
