/**
 * The corrections made to a stage's scores, from the log, for the results sheet and the public
 * page: a host's correction of any segment (更正, with its reason), its undo, and the undo of a
 * knowledge-round mark (撤销, with its reason). The reason of a knowledge undo is only in its
 * event, so this reads the log rather than the state.
 */
import type { Role } from '../contest/kernel/actor.ts';
import type { PositionedEvent } from '../contest/events.ts';
import { evolve } from '../contest/evolve.ts';
import type { ContestState } from '../contest/state.ts';
import { findStage } from '../contest/kernel/lookup.ts';
import type { Hundredths } from '../scoring/hundredths.ts';

/** One correction to a contestant's segment score. */
export interface CorrectionLine {
  /** The event's version in the contest log (where an auditor finds it). */
  version: number;
  /** Server time of the event (ms since epoch). */
  at: number;
  /**
   * `correction`: a host's correction; `undo`: the undo of one; `knowledge-undo`: a knowledge
   * mark taken back; `void`: a score reversed because its question was voided on the night.
   */
  kind: 'correction' | 'undo' | 'knowledge-undo' | 'void';
  segmentId: string;
  contestantId: string;
  /** The change to the segment score (hundredths). */
  delta: Hundredths;
  /** The segment score before and after (hundredths; null = no score yet). */
  before: Hundredths | null;
  after: Hundredths | null;
  reason: string;
  by: Role;
  /** The correction's id (`k1`, …), for corrections and their undos. */
  correctionId?: string;
  /** On an undo of a correction: the id of the correction it takes back. */
  undoes?: string;
}

/** Every correction to the scores of `stageId`'s segments, in log order. */
export function stageCorrections(events: readonly PositionedEvent[], stageId: string): CorrectionLine[] {
  const lines: CorrectionLine[] = [];
  let state: ContestState | null = null;
  let segments: Set<string> | null = null;
  for (const e of events) {
    const before = state;
    state = evolve(state, e, e.version);
    if (!segments && state) {
      const stage = findStage(state.definition, stageId);
      segments = new Set(stage?.segments.map((s) => s.id) ?? []);
    }
    if (e.type === 'ScoreCorrected') {
      const c = e.data;
      if (!segments?.has(c.segmentId)) continue;
      lines.push({
        version: e.version,
        at: e.metadata.at,
        kind: c.undoes ? 'undo' : 'correction',
        segmentId: c.segmentId,
        contestantId: c.contestantId,
        delta: c.delta,
        before: c.before,
        after: c.after,
        reason: c.reason,
        by: c.by,
        correctionId: c.correctionId,
        ...(c.undoes ? { undoes: c.undoes } : {}),
      });
    } else if (e.type === 'ScoreUndone') {
      const u = e.data;
      if (!segments?.has(u.segmentId)) continue;
      lines.push({
        version: e.version,
        at: e.metadata.at,
        kind: 'knowledge-undo',
        segmentId: u.segmentId,
        contestantId: u.contestantId,
        delta: u.points,
        before: before?.scores[u.segmentId]?.[u.contestantId] ?? null,
        after: state?.scores[u.segmentId]?.[u.contestantId] ?? null,
        reason: u.reason,
        by: e.metadata.actor.role,
      });
    } else if (e.type === 'QuestionVoided') {
      const v = e.data;
      if (!segments?.has(v.segmentId)) continue;
      // One line per contestant whose score the voided question changed (a buzzer question may
      // have taken a false start's penalty and a wrong answer's points from two contestants).
      const byContestant = new Map<string, number>();
      for (const r of v.reversals) byContestant.set(r.contestantId, (byContestant.get(r.contestantId) ?? 0) + r.points);
      for (const [contestantId, delta] of byContestant) {
        const after = state?.scores[v.segmentId]?.[contestantId] ?? null;
        lines.push({
          version: e.version,
          at: e.metadata.at,
          kind: 'void',
          segmentId: v.segmentId,
          contestantId,
          delta,
          before: after === null ? null : after - delta,
          after,
          reason: v.reason,
          by: e.metadata.actor.role,
        });
      }
    }
  }
  return lines;
}
