/**
 * Draw a knowledge segment's questions from the bank per tag/difficulty with a recorded seed:
 * the same bank, rules and seed always give the same questions in the same order, so the draw
 * written into the contest file (`questionDraw`) can be repeated and checked.
 */
import type { ContestFile, Question } from '../model/contest-file-schema.ts';
import { seededRandom, shuffled } from '../contest/written/paper-draw.ts';

export interface QuestionDrawRule {
  tag?: string;
  difficulty?: number;
  count: number;
}

export interface QuestionDrawResult {
  /** The drawn question ids: each rule's questions in draw order, rule after rule. */
  questionIds: string[];
  /** Rules that found fewer questions than they asked for (index in `rules`, wanted, found). */
  shortfalls: { rule: number; wanted: number; found: number }[];
}

/** FNV-1a over the seed text: a 32-bit number for the PRNG (any string is a seed). */
export function seedNumber(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Does a question fit a rule (its tag among the question's tags or its category, its difficulty)? */
export function questionFitsRule(q: Question, rule: Omit<QuestionDrawRule, 'count'>): boolean {
  if (rule.difficulty !== undefined && q.difficulty !== rule.difficulty) return false;
  if (rule.tag !== undefined && !(q.tags ?? []).includes(rule.tag) && q.category !== rule.tag) return false;
  return true;
}

/**
 * Draw `count` questions per rule, in the order of the rules, never one twice, never one of
 * `exclude` (e.g. questions other segments already ask). The bank is taken in its file order
 * before shuffling, so reordering nothing but unrelated questions does not change the draw.
 */
export function drawQuestions(
  bank: readonly Question[],
  rules: readonly QuestionDrawRule[],
  seed: string,
  exclude: Iterable<string> = [],
): QuestionDrawResult {
  const random = seededRandom(seedNumber(seed));
  const taken = new Set<string>(exclude);
  const questionIds: string[] = [];
  const shortfalls: QuestionDrawResult['shortfalls'] = [];
  rules.forEach((rule, index) => {
    const pool = bank.filter((q) => !taken.has(q.id) && q.kind !== 'open' && questionFitsRule(q, rule));
    const picked = shuffled(pool, random).slice(0, rule.count);
    for (const q of picked) {
      taken.add(q.id);
      questionIds.push(q.id);
    }
    if (picked.length < rule.count) shortfalls.push({ rule: index, wanted: rule.count, found: picked.length });
  });
  return { questionIds, shortfalls };
}

/**
 * The contest with segment `segmentId` (required or buzzer) given the drawn questions and the
 * draw recorded on it. Questions other segments ask and every segment's reserves are left out. Returns the
 * file unchanged (same object) when the segment is not a knowledge segment.
 */
export function applyQuestionDraw(
  file: ContestFile,
  segmentId: string,
  rules: readonly QuestionDrawRule[],
  seed: string,
): { file: ContestFile; result: QuestionDrawResult } {
  const exclude = new Set<string>();
  let target: object | undefined;
  for (const stage of file.stages)
    for (const seg of stage.segments) {
      if (seg.kind === 'judged') continue;
      // Every segment's reserves stay out, and the questions other segments ask.
      if (seg.kind !== 'written') for (const id of seg.reserveQuestionIds ?? []) exclude.add(id);
      if (seg.id === segmentId && seg.kind !== 'written') target = seg;
      else for (const id of seg.questionIds) exclude.add(id);
    }
  if (!target) return { file, result: { questionIds: [], shortfalls: [] } };
  const result = drawQuestions(file.questions, rules, seed, exclude);
  const next: ContestFile = {
    ...file,
    stages: file.stages.map((stage) => ({
      ...stage,
      segments: stage.segments.map((seg) =>
        seg.id === segmentId && (seg.kind === 'required' || seg.kind === 'buzzer')
          ? {
              ...seg,
              questionIds: result.questionIds,
              questionDraw: { seed, rules: rules.map((r) => ({ ...r })) },
            }
          : seg,
      ),
    })),
  };
  return { file: next, result };
}
