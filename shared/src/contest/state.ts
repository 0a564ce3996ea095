import type { ContestFile } from '../model/contest-file-schema.ts';
import type { Role } from './actor.ts';
import type { Scene } from './scene.ts';
import type { KnowledgeState } from './knowledge/index.ts';
import type { JudgingState } from './judging/index.ts';

export type RunStatus = 'pending' | 'running' | 'finished';

/**
 * The shape of `ContestState`, bumped whenever it changes: a stored snapshot of another shape is
 * not used (the state is rebuilt from the log, which is the truth).
 */
export const CONTEST_STATE_SCHEMA = 2;

export interface SeatedDevice {
  role: Role;
  subjectId?: string;
  /** The device: its id on the server, a short tag of it in the host's view (ids never leave the server). */
  device: string;
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
  /**
   * Seated devices of privileged roles (the audience is not seated), keyed by seat and device
   * together (`deviceKey`): a device id claimed for another seat never touches this seat's entry.
   * Host-only; other roles' views hold none.
   */
  devices: Record<string, SeatedDevice>;
  /**
   * The score ledger: raw segment scores in integer hundredths, by segment id then contestant
   * id. Knowledge rounds add points here, judged segments set the locked trimmed mean, and
   * corrections adjust it; totals and rankings are computed from it by `scoring/`.
   */
  scores: Record<string, Record<string, number>>;
  knowledge: KnowledgeState;
  judging: JudgingState;
}
