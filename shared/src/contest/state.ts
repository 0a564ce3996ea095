import type { ContestFile } from '../model/contest-file-schema.ts';
import type { Role } from './actor.ts';
import type { Scene } from './scene.ts';
import type { KnowledgeState } from './knowledge/index.ts';
import type { JudgingState } from './judging/index.ts';

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
  /**
   * The score ledger: raw segment scores in integer hundredths, by segment id then contestant
   * id. Knowledge rounds add points here, judged segments set the locked trimmed mean, and
   * corrections adjust it; totals and rankings are computed from it by `scoring/`.
   */
  scores: Record<string, Record<string, number>>;
  knowledge: KnowledgeState;
  judging: JudgingState;
}
