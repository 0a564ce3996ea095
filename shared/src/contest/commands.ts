import type { ContestFile } from '../model/contest-file-schema.ts';
import type { Role } from './actor.ts';
import type { Scene } from './scene.ts';
import type { KnowledgeCommand } from './knowledge/index.ts';
import type { JudgingCommand } from './judging/index.ts';

/** Lifecycle commands: imperative, `{ type, data }`. */
export type LifecycleCommand =
  | { type: 'CreateContest'; data: { contestId: string; joinCode: string; definition: ContestFile } }
  | { type: 'SeatDevice'; data: { deviceId: string; role: Role; subjectId?: string } }
  | { type: 'ReleaseDevice'; data: { deviceId: string; role: Role; subjectId?: string } }
  | { type: 'StartStage'; data: { stageId: string } }
  | { type: 'FinishStage'; data: { stageId: string } }
  | { type: 'StartSegment'; data: { segmentId: string } }
  | { type: 'FinishSegment'; data: { segmentId: string } }
  | { type: 'SetCurrentContestant'; data: { contestantId: string | null } }
  | { type: 'ChooseScene'; data: { scene: Scene } };

/** Every contest command: the lifecycle's and each capability module's. */
export type ContestCommand = LifecycleCommand | KnowledgeCommand | JudgingCommand;

export type ContestCommandType = ContestCommand['type'];
