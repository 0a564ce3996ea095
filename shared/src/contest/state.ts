import type { ContestFile } from '../model/contest-file-schema.ts';
import type { Role } from './actor.ts';
import type { Scene } from './scene.ts';

export type RunStatus = 'pending' | 'running' | 'finished';

export interface SeatedDevice {
  role: Role;
  subjectId?: string;
  since: number;
}

/** The state of one contest, folded from its events by `evolve`. Every screen holds a (role-redacted) copy. */
export interface ContestState {
  contestId: string;
  joinCode: string;
  definition: ContestFile;
  createdAt: number;
  /** Stream version of the last event folded in. */
  version: number;
  stageStatus: Record<string, RunStatus>;
  segmentStatus: Record<string, RunStatus>;
  currentStageId: string | null;
  currentSegmentId: string | null;
  currentContestantId: string | null;
  scene: Scene;
  /** Seated devices by device id (privileged roles only; the audience is not seated). */
  devices: Record<string, SeatedDevice>;
}
