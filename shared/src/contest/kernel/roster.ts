import type { ContestFile } from '../../model/contest-file-schema.ts';

/** One group of a stage's roster as the contest now holds it. */
export interface RosterGroup {
  groupId: string;
  contestantIds: string[];
}

/**
 * A stage's roster: its groups' members and its seeded entrants (who skip earlier stages).
 * `built`: false while it is the contest file's, true once an advancement built it.
 */
export interface StageRosterState {
  groups: RosterGroup[];
  seeded: string[];
  built: boolean;
}

/** Every stage's roster, by stage id. */
export type Rosters = Record<string, StageRosterState>;

/** The rosters of a new contest: each stage's groups and seeded entrants as the file lists them. */
export function initialRosters(def: ContestFile): Rosters {
  return Object.fromEntries(
    def.stages.map((s) => [
      s.id,
      {
        groups: s.groups.map((g) => ({ groupId: g.id, contestantIds: [...g.contestantIds] })),
        seeded: [...(s.seededContestantIds ?? [])],
        built: false,
      },
    ]),
  );
}
