/**
 * The judges' raw scores of a stage's judged segments, for the results sheet and exports, and a
 * contestant's score history (every change to their ledger entries, who made it and when).
 */
import type { Role } from '../contest/kernel/actor.ts';
import { findStage, stageRoster } from '../contest/kernel/lookup.ts';
import type { PositionedEvent } from '../contest/events.ts';
import { foldEvents } from '../contest/evolve.ts';
import type { ContestState } from '../contest/state.ts';
import type { Correction, JudgingResult } from '../contest/judging/index.ts';
import { resolveJudgePanel } from '../model/segment-defaults.ts';
import type { Hundredths } from '../scoring/hundredths.ts';

/** One judge's cell on the sheet. */
export type JudgeCell =
  | { kind: 'score'; score: Hundredths; dropped: boolean; criteria?: Record<string, Hundredths> }
  | { kind: 'recused' }
  | { kind: 'missing' };

export interface JudgeSheetRow {
  contestantId: string;
  status: 'none' | 'open' | 'locked' | 'revealed';
  /** By judge id, in panel order; empty until the scores are locked and visible to the reader. */
  cells: Record<string, JudgeCell>;
  /** The rounded trimmed mean at the lock; null when not locked. */
  trimmedMean: Hundredths | null;
  /** The sum of corrections made to this entry. */
  corrections: Hundredths;
  /** The ledger value (trimmed mean plus corrections). */
  score: Hundredths | null;
}

export interface JudgeSheetSegment {
  segmentId: string;
  name: string;
  judges: { id: string; name: string; title?: string }[];
  criteria: { id: string; name: string }[];
  rows: JudgeSheetRow[];
}

function cellsOf(
  result: JudgingResult,
  panel: readonly string[],
  recused: readonly string[],
): Record<string, JudgeCell> {
  const cells: Record<string, JudgeCell> = {};
  const dropped = new Set(result.droppedJudgeIds);
  for (const judgeId of panel) {
    const given = result.scores.find((s) => s.judgeId === judgeId);
    if (given) {
      cells[judgeId] = given.criteria
        ? { kind: 'score', score: given.score, dropped: dropped.has(judgeId), criteria: given.criteria }
        : { kind: 'score', score: given.score, dropped: dropped.has(judgeId) };
    } else cells[judgeId] = recused.includes(judgeId) ? { kind: 'recused' } : { kind: 'missing' };
  }
  return cells;
}

/** Every judged segment of a stage with each judge's raw score per contestant (as far as the reader may see). */
export function judgeSheet(state: ContestState, stageId: string): JudgeSheetSegment[] {
  const def = state.definition;
  const stage = findStage(def, stageId);
  if (!stage) return [];
  const roster = stageRoster(state, stageId);
  const judgeById = new Map(def.judges.map((j) => [j.id, j]));
  return stage.segments.flatMap((segment) => {
    if (segment.kind !== 'judged') return [];
    const panel = resolveJudgePanel(def, segment);
    return [
      {
        segmentId: segment.id,
        name: segment.name,
        judges: panel.map((id) => {
          const j = judgeById.get(id);
          return j?.title ? { id, name: j.name, title: j.title } : { id, name: j?.name ?? id };
        }),
        criteria: (segment.settings?.criteria ?? []).map((c) => ({ id: c.id, name: c.name })),
        rows: roster.map((contestantId): JudgeSheetRow => {
          const perf = state.judging.performances[segment.id]?.[contestantId];
          const recused = state.judging.recusals[segment.id]?.[contestantId] ?? [];
          const corrections = state.judging.corrections
            .filter((c) => c.segmentId === segment.id && c.contestantId === contestantId)
            .reduce((sum, c) => sum + c.delta, 0);
          const ledger = state.scores[segment.id]?.[contestantId];
          const result = perf?.result ?? null;
          return {
            contestantId,
            status: perf?.status ?? 'none',
            cells: result ? cellsOf(result, panel, recused) : {},
            trimmedMean: result?.score ?? null,
            corrections,
            score: ledger ?? null,
          };
        }),
      },
    ];
  });
}

/** The corrections (and undos) made to one contestant's scores, in order. */
export function contestantCorrections(state: ContestState, contestantId: string): Correction[] {
  return state.judging.corrections.filter((c) => c.contestantId === contestantId);
}

/** One change to a contestant's ledger entry. */
export interface ScoreChange {
  version: number;
  at: number;
  actor: { role: Role; subjectId?: string };
  eventType: string;
  segmentId: string;
  before: Hundredths | null;
  after: Hundredths | null;
  reason?: string;
  correctionId?: string;
  undoes?: string;
}

/**
 * Every change to a contestant's scores, from the log: the ledger before and after each event
 * (knowledge points, judged locks and reveals, corrections, undos), with who and when.
 */
export function scoreHistory(events: readonly PositionedEvent[], contestantId: string): ScoreChange[] {
  const changes: ScoreChange[] = [];
  let state: ContestState | null = null;
  for (const e of events) {
    const before = state;
    state = foldEvents(state, [e]);
    if (!before || !state || before.scores === state.scores) continue;
    const segmentIds = new Set([...Object.keys(before.scores), ...Object.keys(state.scores)]);
    for (const segmentId of segmentIds) {
      const b = before.scores[segmentId]?.[contestantId] ?? null;
      const a = state.scores[segmentId]?.[contestantId] ?? null;
      if (a === b) continue;
      const change: ScoreChange = {
        version: e.version,
        at: e.metadata.at,
        actor: e.metadata.actor,
        eventType: e.type,
        segmentId,
        before: b,
        after: a,
      };
      if (e.type === 'ScoreCorrected') {
        change.reason = e.data.reason;
        change.correctionId = e.data.correctionId;
        if (e.data.undoes) change.undoes = e.data.undoes;
      }
      changes.push(change);
    }
  }
  return changes;
}
