/**
 * Advancement between stages (domain.md, "Contest, stages..."): per group, the top N by the
 * stage total (or by the weighted sum of a named subset of segments) advance; the next stage's
 * roster is the advancers plus that stage's seeded entrants.
 */
import type { Stage } from '../model/contest-file-schema.ts';
import type { RankedEntry } from './ranking.ts';
import { stageStandings, type ScoresByContestant } from './standings.ts';

/** A contestant's place in their group and whether it carries them to the next stage. */
export interface AdvancementEntry extends RankedEntry {
  advances: boolean;
}

/** One group's ranking. */
export interface GroupAdvancement {
  groupId: string;
  name: string;
  ranking: AdvancementEntry[];
}

/** Who advances from a stage, group by group, and the roster of the stage they enter. */
export interface AdvancementResult {
  groups: GroupAdvancement[];
  /** Advancers in group order, best first within each group. */
  advancerIds: string[];
  /** The next stage's roster: the advancers, then its seeded entrants not already among them. */
  roster: string[];
}

/**
 * Ranks each group of `stage` by its advancement rule and selects the top `perGroup`. Ties at
 * the cut all advance (a shared rank ≤ perGroup), so a group may send more than `perGroup`;
 * the stage's tie-breaks apply first, so only contestants equal on every tie-break share a
 * place. Only group members are ranked; a stage without an advancement rule advances nobody.
 * `nextStage` supplies the seeded entrants (those who skip `stage`) for the roster.
 */
export function computeAdvancement(
  stage: Stage,
  scores: ScoresByContestant,
  nextStage?: Pick<Stage, 'seededContestantIds'>,
): AdvancementResult {
  const rule = stage.advancement;
  const groups = stage.groups.map((g): GroupAdvancement => {
    const standings = stageStandings(stage, scores, {
      contestantIds: g.contestantIds,
      ...(rule?.bySegmentIds ? { bySegmentIds: rule.bySegmentIds } : {}),
    });
    return {
      groupId: g.id,
      name: g.name,
      ranking: standings.map((e) => ({ ...e, advances: rule !== undefined && e.rank <= rule.perGroup })),
    };
  });
  const advancerIds = unique(groups.flatMap((g) => g.ranking.filter((e) => e.advances).map((e) => e.id)));
  return { groups, advancerIds, roster: unique([...advancerIds, ...(nextStage?.seededContestantIds ?? [])]) };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
