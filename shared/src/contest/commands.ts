import type { ContestFile } from '../model/contest-file-schema.ts';
import type { Role } from './actor.ts';
import type { Scene } from './scene.ts';

/** Contest commands: imperative, `{ type, data }`. */
export type ContestCommand =
  | { type: 'CreateContest'; data: { contestId: string; joinCode: string; definition: ContestFile } }
  | { type: 'SeatDevice'; data: { deviceId: string; role: Role; subjectId?: string } }
  | { type: 'ReleaseDevice'; data: { deviceId: string } }
  | { type: 'StartStage'; data: { stageId: string } }
  | { type: 'FinishStage'; data: { stageId: string } }
  | { type: 'StartSegment'; data: { segmentId: string } }
  | { type: 'FinishSegment'; data: { segmentId: string } }
  | { type: 'SetCurrentContestant'; data: { contestantId: string | null } }
  | { type: 'ChooseScene'; data: { scene: Scene } };

export type ContestCommandType = ContestCommand['type'];

/** Commands a client may send over the socket (the rest are issued by the server itself). */
export const CLIENT_COMMAND_TYPES = [
  'StartStage',
  'FinishStage',
  'StartSegment',
  'FinishSegment',
  'SetCurrentContestant',
  'ChooseScene',
] as const satisfies readonly ContestCommandType[];
export type ClientCommand = Extract<ContestCommand, { type: (typeof CLIENT_COMMAND_TYPES)[number] }>;
