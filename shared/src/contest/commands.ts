import type { ContestFile } from '../model/contest-file-schema.ts';
import type { CommandOf } from './kernel/capability.ts';
import type { ContestCapability } from './capabilities.ts';

export type { LifecycleCommand } from './lifecycle/types.ts';

/** The server's own command that starts a stream (from a validated contest file). */
export interface CreateContest {
  type: 'CreateContest';
  data: { contestId: string; joinCode: string; definition: ContestFile };
}

/** Every contest command: imperative, `{ type, data }`; creation and every capability's. */
export type ContestCommand = CreateContest | CommandOf<ContestCapability>;

export type ContestCommandType = ContestCommand['type'];
