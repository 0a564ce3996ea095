/**
 * Read-only helpers every screen shares: the required round's plan (who gets which question),
 * the next step of a knowledge segment, and the knowledge part's scores and standings.
 */
import { resolveRequiredSettings } from '../../model/segment-defaults.ts';
import { rank } from '../../scoring/ranking.ts';
import { stageTotal } from '../../scoring/weighted-total.ts';
import { findSegment, stageRoster } from '../kernel/lookup.ts';
import type { KnowledgeContest } from './types.ts';

export interface RequiredSlot {
  contestantId: string;
  /** 0-based slot of this contestant (0 .. questionsPerContestant − 1). */
  slot: number;
  questionId: string | null;
  /** The run that used this slot's question, when it has been asked or is being asked. */
  status: 'pending' | 'active' | 'done';
}

/** Question ids of a segment that have been shown (finished) or are active now. */
export function usedQuestionIds(state: KnowledgeContest, segmentId: string): Set<string> {
  const used = new Set<string>();
  for (const f of state.knowledge.finished)
    if (f.segmentId === segmentId && f.shown && f.questionId) used.add(f.questionId);
  const a = state.knowledge.active;
  if (a && a.segmentId === segmentId && a.questionId) used.add(a.questionId);
  return used;
}

/**
 * The required round's plan: contestants in roster (seat) order, each with `questionsPerContestant`
 * consecutive questions of the segment's list.
 */
export function requiredPlan(state: KnowledgeContest, segmentId: string): RequiredSlot[] {
  const found = findSegment(state.definition, segmentId);
  if (!found || found.segment.kind !== 'required') return [];
  const per = resolveRequiredSettings(found.segment).questionsPerContestant;
  const ids = found.segment.questionIds;
  const roster = stageRoster(state, found.stage.id);
  const a = state.knowledge.active;
  const finished = state.knowledge.finished.filter((f) => f.segmentId === segmentId && f.shown);
  return roster.flatMap((contestantId, i) =>
    Array.from({ length: per }, (_, slot): RequiredSlot => {
      const questionId = ids[i * per + slot] ?? null;
      const isActive =
        !!a && a.segmentId === segmentId && a.contestantId === contestantId && a.questionId === questionId;
      const done = finished.some((f) => f.contestantId === contestantId && f.questionId === questionId);
      return { contestantId, slot, questionId, status: isActive ? 'active' : done ? 'done' : 'pending' };
    }),
  );
}

/** What the host's "next" (N) prepares in a knowledge segment, or null when the list is done. */
export function nextKnowledgeStep(
  state: KnowledgeContest,
  segmentId: string,
): { segmentId: string; questionId: string; contestantId?: string } | null {
  const found = findSegment(state.definition, segmentId);
  if (!found) return null;
  const used = usedQuestionIds(state, segmentId);
  if (found.segment.kind === 'required') {
    const slot = requiredPlan(state, segmentId).find(
      (s) => s.status === 'pending' && s.questionId && !used.has(s.questionId),
    );
    return slot?.questionId ? { segmentId, questionId: slot.questionId, contestantId: slot.contestantId } : null;
  }
  if (found.segment.kind === 'buzzer') {
    const questionId = found.segment.questionIds.find((q) => !used.has(q));
    return questionId ? { segmentId, questionId } : null;
  }
  return null;
}

export interface PartStanding {
  contestantId: string;
  rank: number;
  /** Base points plus the part's segment scores, hundredths. */
  score: number;
  /** Each segment's raw score, hundredths. */
  bySegment: Record<string, number>;
}

/**
 * Scores and ranks of the scored part that `segmentId` feeds (e.g. 比知识 = base + 必答 + 抢答),
 * from the score ledger, by the scoring core.
 */
export function partStandings(state: KnowledgeContest, segmentId: string): PartStanding[] {
  const found = findSegment(state.definition, segmentId);
  if (!found) return [];
  const { stage, segment } = found;
  const partId = segment.part ?? segment.id;
  const roster = stageRoster(state, stage.id);
  const rows = roster.map((contestantId) => {
    const own: Record<string, number> = {};
    for (const g of stage.segments) {
      const v = state.scores[g.id]?.[contestantId];
      if (v !== undefined) own[g.id] = v;
    }
    const part = stageTotal(stage, own).parts.find((p) => p.partId === partId);
    const bySegment = Object.fromEntries((part?.segmentIds ?? []).map((id) => [id, own[id] ?? 0]));
    return { contestantId, score: part?.score ?? 0, bySegment };
  });
  const ranked = rank(rows.map((r) => ({ id: r.contestantId, total: r.score })));
  const byId = new Map(rows.map((r) => [r.contestantId, r]));
  return ranked.map((r) => ({
    contestantId: r.id,
    rank: r.rank,
    score: r.total,
    bySegment: byId.get(r.id)?.bySegment ?? {},
  }));
}

/**
 * The label a screen shows for a run's result, following the log: 'undone' once the host undid
 * the score that result gave (the ledger entry of that run and answerer with that cause), the
 * result otherwise. A result that scored nothing has no ledger entry and stays as it is.
 */
export function shownResult<R extends string>(
  state: KnowledgeContest,
  run: number,
  contestantId: string | null,
  result: R,
): R | 'undone' {
  const entry = [...state.knowledge.ledger]
    .reverse()
    .find((e) => e.run === run && e.contestantId === contestantId && e.cause === result);
  return entry?.undone ? 'undone' : result;
}
