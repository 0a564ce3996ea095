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

/**
 * A tie at the cut: contestants equal on the total and every tie-break who share the last
 * place that advances, more of them than places left. `advances` marks them all (the default:
 * all tied advance); the host may choose `seats` of them instead (`ConfirmAdvancement`).
 */
export interface CutTie {
  rank: number;
  /** The tied contestants, by id. */
  tiedIds: string[];
  /** How many places are left for them within `perGroup`. */
  seats: number;
}

/** One group's ranking. */
export interface GroupAdvancement {
  groupId: string;
  name: string;
  ranking: AdvancementEntry[];
  /** The tie at the cut, if any (shown as such; the host resolves it when confirming). */
  tie: CutTie | null;
}

/** A group to rank: its id, name and members (the roster the contest holds now). */
export interface AdvancementGroup {
  id: string;
  name: string;
  contestantIds: readonly string[];
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
 * `nextStage` supplies the seeded entrants (those who skip `stage`) for the roster; `groups`
 * the groups to rank (default: the stage's groups as the file lists them).
 */
export function computeAdvancement(
  stage: Stage,
  scores: ScoresByContestant,
  nextStage?: Pick<Stage, 'seededContestantIds'>,
  groups: readonly AdvancementGroup[] = stage.groups,
): AdvancementResult {
  const rule = stage.advancement;
  const ranked = groups.map((g): GroupAdvancement => {
    const standings = stageStandings(stage, scores, {
      contestantIds: g.contestantIds,
      ...(rule?.bySegmentIds ? { bySegmentIds: rule.bySegmentIds } : {}),
    });
    const ranking = standings.map((e) => ({ ...e, advances: rule !== undefined && e.rank <= rule.perGroup }));
    return { groupId: g.id, name: g.name, ranking, tie: rule ? cutTie(ranking, rule.perGroup) : null };
  });
  const advancerIds = unique(ranked.flatMap((g) => g.ranking.filter((e) => e.advances).map((e) => e.id)));
  return {
    groups: ranked,
    advancerIds,
    roster: unique([...advancerIds, ...(nextStage?.seededContestantIds ?? [])]),
  };
}

/** The tie straddling the cut of `perGroup` places, if the ranking has one. */
function cutTie(ranking: readonly AdvancementEntry[], perGroup: number): CutTie | null {
  const last = ranking[perGroup - 1];
  if (!last) return null;
  const tiedIds = ranking.filter((e) => e.rank === last.rank).map((e) => e.id);
  const above = ranking.filter((e) => e.rank < last.rank).length;
  if (above + tiedIds.length <= perGroup) return null;
  return { rank: last.rank, tiedIds, seats: perGroup - above };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
