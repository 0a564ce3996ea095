/**
 * The public results of a contest (the read-only page anyone with the join code may open): per
 * stage the totals with every input, each judge's marks, dropped marks and trimmed means, ranks,
 * corrections with their reasons, advancement and awards, as far as the hall has been shown them.
 *
 * Nothing unrevealed leaks because everything is computed from the state as the stage screen
 * sees it (`viewFor(state, { role: 'stage' })`): a judge's mark, a locked result and the ledger
 * entry it writes appear only at the reveal. On top of that, awards are withheld until the
 * ceremony has revealed them (or their stage is over and the ceremony is another stage's), and
 * advancement until the stage is finished.
 */
import type { PositionedEvent } from '../contest/events.ts';
import type { ContestState, RunStatus } from '../contest/state.ts';
import { viewFor } from '../contest/view.ts';
import { judgeSheet, type JudgeSheetSegment } from './judge-sheet.ts';
import { nightCorrections, type NightCorrectionLine } from './night-corrections.ts';
import { stageCorrections, type CorrectionLine } from './score-corrections.ts';
import { ceremonySteps, resultsStageId, stageResults, type StageResults } from './stage-results.ts';

/** One stage on the public page. */
export interface PublicStage {
  stageId: string;
  name: string;
  status: RunStatus;
  results: StageResults;
  judged: JudgeSheetSegment[];
  corrections: CorrectionLine[];
  /** The corrections made on the night that touch this stage (现场更正), with their reasons, in log order. */
  night: NightCorrectionLine[];
  /** `all`: every award is final and shown; `partial`: the ceremony is under way; `none`: not yet. */
  awards: 'all' | 'partial' | 'none';
}

/** The whole public page. */
export interface PublicResults {
  contestId: string;
  title: string;
  organiser: string | null;
  stages: PublicStage[];
  names: Record<string, { name: string; organisation: string; seat: number }>;
  /** The contest log's head when this was computed: anyone can later check an export ends here or passes here. */
  log: { version: number; hash: string };
  generatedAt: number;
}

/** Results with only the awards in `published` (by `kind:id`) left in. */
function withAwards(results: StageResults, published: ReadonlySet<string>, advancement: boolean): StageResults {
  const shown = (kind: string, id: string) => published.has(`${kind}:${id}`);
  return {
    ...results,
    rows: results.rows.map((r) => ({
      ...r,
      tier: r.tier && shown('tier', r.tier.id) ? r.tier : null,
      singleItems: r.singleItems.filter((a) =>
        a.id === 'popularity' ? shown('popularity', a.id) : shown('single', a.id),
      ),
    })),
    tiers: results.tiers.map((t) => (shown('tier', t.id) ? t : { ...t, winnerIds: [] })),
    singleItems: results.singleItems.map((a) => (shown('single', a.id) ? a : { ...a, winners: [] })),
    popularity:
      results.popularity && !shown('popularity', results.popularity.id)
        ? { ...results.popularity, counts: null, recordedAt: null, winners: [] }
        : results.popularity,
    advancement: advancement ? results.advancement : null,
  };
}

/**
 * The public results from the full state, the contest's events (for the corrections' reasons)
 * and the log head at `state.version`. Pure.
 */
export function publicResults(
  state: ContestState,
  events: readonly PositionedEvent[],
  log: { version: number; hash: string },
  now: number,
): PublicResults {
  const seen = viewFor(state, { role: 'stage' });
  const def = seen.definition;
  const ceremonyStage = resultsStageId(seen);
  const names: PublicResults['names'] = {};
  def.contestants.forEach((c, i) => {
    names[c.id] = { name: c.name, organisation: c.organisation, seat: c.seat ?? i + 1 };
  });
  const stages = def.stages.flatMap((stage): PublicStage[] => {
    const full = stageResults(seen, stage.id);
    if (!full) return [];
    const status = seen.stageStatus[stage.id] ?? 'pending';
    const steps = ceremonySteps(full);
    let published: Set<string>;
    let awards: PublicStage['awards'];
    if (stage.id === ceremonyStage) {
      const reached = steps.slice(0, Math.min(seen.judging.ceremonyStep, steps.length));
      published = new Set(reached.map((s) => `${s.kind}:${s.id}`));
      awards = reached.length === 0 ? 'none' : reached.length === steps.length ? 'all' : 'partial';
    } else if (status === 'finished') {
      published = new Set(steps.map((s) => `${s.kind}:${s.id}`));
      awards = 'all';
    } else {
      published = new Set();
      awards = 'none';
    }
    // Each correction is made after its entry's reveal; knowledge marks are public when made.
    const corrections = stageCorrections(events, stage.id).filter((c) => c.version <= state.version);
    return [
      {
        stageId: stage.id,
        name: stage.name,
        status,
        results: withAwards(full, published, status === 'finished'),
        judged: judgeSheet(seen, stage.id),
        corrections,
        night: nightCorrections(events, stage.id).filter((c) => c.version <= state.version),
        awards,
      },
    ];
  });
  return {
    contestId: state.contestId,
    title: def.title,
    organiser: def.organiser ?? null,
    stages,
    names,
    log,
    generatedAt: now,
  };
}
