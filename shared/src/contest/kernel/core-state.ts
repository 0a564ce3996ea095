import type { ContestFile } from '../../model/contest-file-schema.ts';
import type { Rosters } from './roster.ts';

/**
 * The fields of a contest's state that belong to no capability: who the contest is, its file,
 * its position in the stream, and the score ledger every scoring capability writes into.
 * Each capability adds its own slice beside these (see `Capability`); the hub's `ContestState`
 * is their sum.
 */
export interface CoreState {
  contestId: string;
  joinCode: string;
  definition: ContestFile;
  createdAt: number;
  /** Stream version of the last event folded in. */
  version: number;
  /**
   * The score ledger: raw segment scores in integer hundredths, by segment id then contestant
   * id. Knowledge rounds add points here, judged segments set the locked trimmed mean, and
   * corrections adjust it; totals and rankings are computed from it by `scoring/`.
   */
  scores: Record<string, Record<string, number>>;
  /**
   * Who is on each stage, group by group: the contest file's groups and seeded entrants at
   * creation, the built roster once advancement is confirmed, and every roster correction.
   * Every capability reads membership from here (`stageRoster`, `stageGroups`), never from the file.
   */
  rosters: Rosters;
}
