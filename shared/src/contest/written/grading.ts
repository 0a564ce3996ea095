/**
 * Grading of written papers, in integer arithmetic: single and true/false all or nothing;
 * multiple choice full marks for exactly the key, `partialPercent` for a non-empty subset of the
 * key without a wrong option, nothing for any wrong option. Scores in hundredths.
 */
import type { Question } from '../../model/contest-file-schema.ts';
import { toHundredths } from '../../scoring/hundredths.ts';

/** The share of a question's points a choice earns, in percent (0-100). */
export function creditPercent(question: Question, choice: readonly string[], partialPercent: number): number {
  const key = new Set(question.answer);
  const chosen = new Set(choice);
  if (chosen.size === 0) return 0;
  if (question.kind !== 'multiple') return chosen.size === 1 && key.size === 1 && key.has(choice[0] ?? '') ? 100 : 0;
  for (const c of chosen) if (!key.has(c)) return 0;
  return chosen.size === key.size ? 100 : partialPercent;
}

/** One graded paper. */
export interface GradedPaper {
  /** Hundredths; 0 for a void paper. */
  score: number;
  /** Credit per question id, percent. */
  credit: Record<string, number>;
  correct: number;
}

/**
 * Grade the answers to the paper's questions: Σ points × credit, rounded once to the hundredth
 * (half up) at the end, so no rounding accumulates per question.
 */
export function gradePaper(
  questionIds: readonly string[],
  answers: Readonly<Record<string, readonly string[]>>,
  questions: ReadonlyMap<string, Question>,
  settings: { pointsPerQuestion: number; partialPercent: number },
  voided = false,
): GradedPaper {
  const pointsH = toHundredths(settings.pointsPerQuestion);
  let sum = 0;
  let correct = 0;
  const credit: Record<string, number> = {};
  for (const id of questionIds) {
    const q = questions.get(id);
    if (!q) continue;
    const c = creditPercent(q, answers[id] ?? [], settings.partialPercent);
    credit[id] = c;
    if (c === 100) correct++;
    sum += pointsH * c;
  }
  return { score: voided ? 0 : Math.floor((sum + 50) / 100), credit, correct };
}

/** Item analysis of one question: how many had it, share fully correct, and how often each option was chosen. */
export interface ItemAnalysis {
  questionId: string;
  takers: number;
  correct: number;
  /** Percent of takers with full credit, one decimal. */
  correctPercent: number;
  /** Option key → number of takers who chose it. */
  chosen: Record<string, number>;
}

/** Item analysis over papers (their question ids and answers); void papers are left out by the caller. */
export function itemAnalysis(
  papers: Iterable<{ questionIds: readonly string[]; answers: Readonly<Record<string, readonly string[]>> }>,
  questions: ReadonlyMap<string, Question>,
  partialPercent: number,
): ItemAnalysis[] {
  const byId = new Map<string, ItemAnalysis>();
  for (const p of papers) {
    for (const id of p.questionIds) {
      const q = questions.get(id);
      if (!q) continue;
      let item = byId.get(id);
      if (!item) byId.set(id, (item = { questionId: id, takers: 0, correct: 0, correctPercent: 0, chosen: {} }));
      item.takers++;
      const choice = p.answers[id] ?? [];
      if (creditPercent(q, choice, partialPercent) === 100) item.correct++;
      for (const c of choice) item.chosen[c] = (item.chosen[c] ?? 0) + 1;
    }
  }
  const out = [...byId.values()];
  for (const item of out) item.correctPercent = item.takers ? Math.round((item.correct * 1000) / item.takers) / 10 : 0;
  return out;
}
