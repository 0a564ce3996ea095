/**
 * What every knowledge screen (stage, overlay, host, phone) reads from the folded state: the
 * active question run, its question, the countdown on the synced clock, and names.
 */
import { findSegment, type ActiveQuestion, type ContestState, type QuestionCard, type Stage } from '@leitai/shared';
import { currentSegment } from './contest-view.ts';

/** The active knowledge question, when it belongs to the segment running now (or none runs). */
export function activeQuestion(contest: ContestState): ActiveQuestion | null {
  const a = contest.knowledge.active;
  if (!a) return null;
  return contest.currentSegmentId === null || contest.currentSegmentId === a.segmentId ? a : null;
}

/**
 * The question of a run as this screen may show it: the card its `QuestionShown` carried, or
 * (the host, previewing) the bank's entry; null when hidden from this viewer (in preview).
 */
export function questionOf(contest: ContestState, active: ActiveQuestion | null): QuestionCard | null {
  if (!active?.questionId) return null;
  return (
    contest.knowledge.cards[active.questionId] ??
    contest.definition.questions.find((q) => q.id === active.questionId) ??
    null
  );
}

/** The question's number within its segment (1-based), for "第 N 题". */
export function questionNumber(contest: ContestState, active: ActiveQuestion): number {
  if (active.number > 0) return active.number;
  const found = findSegment(contest.definition, active.segmentId);
  const ids = found && 'questionIds' in found.segment ? found.segment.questionIds : [];
  const i = ids.indexOf(active.questionId);
  if (i >= 0) return i + 1;
  return contest.knowledge.finished.filter((f) => f.segmentId === active.segmentId).length + 1;
}

export function nameOf(contest: ContestState, contestantId: string | null | undefined): string {
  if (!contestantId) return '';
  return contest.definition.contestants.find((c) => c.id === contestantId)?.name ?? contestantId;
}

/** Option key as shown: A-H, or 对/错 for true/false. */
export function optionText(question: QuestionCard, key: string, tf: { yes: string; no: string }): string {
  if (question.kind === 'truefalse') return key === 'true' ? tf.yes : tf.no;
  const o = question.options?.find((x) => x.key === key);
  return o ? `${o.key}. ${o.text}` : key;
}

/** Milliseconds left until `deadlineAt`, clamped at 0; null when there is no deadline. */
export function msLeft(deadlineAt: number | null, now: number): number | null {
  return deadlineAt === null ? null : Math.max(0, deadlineAt - now);
}

/** The countdown the screens show for a run: the answer timer, else the buzzer window. */
export function countdown(
  active: ActiveQuestion | null,
  now: number,
  answerMs: number,
): { left: number; total: number; kind: 'answer' | 'buzz' | 'paused' } | null {
  if (!active) return null;
  if (active.phase === 'answering' && active.deadlineAt !== null) {
    return { left: Math.max(0, active.deadlineAt - now), total: answerMs, kind: 'answer' };
  }
  if (active.phase === 'answering' && active.remainingMs !== null) {
    return { left: active.remainingMs, total: answerMs, kind: 'paused' };
  }
  if (active.phase === 'armed' && active.buzz && active.buzz.decideAt === null && now >= active.buzz.openAt) {
    const total = active.buzz.closeAt - active.buzz.openAt;
    return { left: Math.max(0, active.buzz.closeAt - now), total, kind: 'buzz' };
  }
  return null;
}

/** Answer time of the run's segment, ms. */
export function answerMsOf(contest: ContestState, active: ActiveQuestion | null): number {
  if (!active) return 0;
  const found = findSegment(contest.definition, active.segmentId);
  const s = found?.segment;
  const fallback = active.round === 'required' ? 30 : 20;
  const seconds = s && (s.kind === 'required' || s.kind === 'buzzer') ? s.settings?.answerSeconds : undefined;
  return (seconds ?? fallback) * 1000;
}

/** Seconds before the end when the warning cue sounds and the ring turns red. */
export const WARNING_MS = 5000;

/** The knowledge segment whose part the scoreboard shows: the running one, else the stage's first. */
export function scoreboardSegmentId(contest: ContestState, stage: Stage | null): string | null {
  const running = currentSegment(contest);
  if (running && (running.kind === 'required' || running.kind === 'buzzer')) return running.id;
  return stage?.segments.find((s) => s.kind === 'required' || s.kind === 'buzzer')?.id ?? null;
}
