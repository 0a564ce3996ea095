/**
 * Each taker's paper: which questions, in which order, with options in which order. Drawn from a
 * per-taker seed that the paper's first event records, with a small seeded PRNG, so grading and
 * review reproduce the exact paper the taker saw.
 */
import type { Question } from '../../model/contest-file-schema.ts';
import type { ResolvedWrittenSettings } from '../../model/segment-defaults.ts';

/** mulberry32: a tiny, well-mixed 32-bit PRNG. Deterministic for a seed; not for secrets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates with the given PRNG; returns a new array. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The layout of one paper: question ids in order, and each question's option keys in order. */
export interface PaperLayout {
  questionIds: string[];
  optionOrder: Record<string, string[]>;
}

/** The option keys of a question as the file orders them (true/false: true, then false). */
export const optionKeys = (q: Question): string[] =>
  q.kind === 'truefalse' ? ['true', 'false'] : (q.options ?? []).map((o) => o.key);

/**
 * Draw a paper from the segment's questions (in the segment's order) for a seed: the draws per
 * category when the settings have some (else every question), then the orders shuffled as set.
 */
export function drawPaper(
  questions: readonly Question[],
  settings: Pick<ResolvedWrittenSettings, 'draw' | 'shuffleQuestions' | 'shuffleOptions'>,
  seed: number,
): PaperLayout {
  const random = seededRandom(seed);
  let chosen: Question[];
  if (settings.draw.length === 0) chosen = [...questions];
  else {
    const taken = new Set<string>();
    for (const d of settings.draw) {
      const pool = questions.filter((q) => !taken.has(q.id) && (d.category === undefined || q.category === d.category));
      for (const q of shuffled(pool, random).slice(0, d.count)) taken.add(q.id);
    }
    // Drawn questions keep the segment's order unless the order is shuffled below.
    chosen = questions.filter((q) => taken.has(q.id));
  }
  if (settings.shuffleQuestions) chosen = shuffled(chosen, random);
  const optionOrder: Record<string, string[]> = {};
  for (const q of chosen) {
    const keys = optionKeys(q);
    optionOrder[q.id] = settings.shuffleOptions && q.kind !== 'truefalse' ? shuffled(keys, random) : keys;
  }
  return { questionIds: chosen.map((q) => q.id), optionOrder };
}

/** The fewest and the most questions a paper can hold; equal when every seed gives the same number. */
export interface PaperLength {
  min: number;
  max: number;
}

/**
 * How many questions `drawPaper` puts on a paper, over every seed, without drawing: every
 * question without draws; with draws, a draw by category takes min(count, what is left of its
 * category) and a draw without one min(count, what is left in all). Only a category draw after
 * a draw without category can vary (the earlier draw may have taken some of that category), so
 * what is left is followed as bounds, per category and in all. The bounds are safe (every
 * paper's length lies within them) and exact whenever the length cannot vary.
 */
export function paperLength(questions: readonly Question[], draw: ResolvedWrittenSettings['draw']): PaperLength {
  const total = questions.length;
  if (draw.length === 0) return { min: total, max: total };
  // Per category (undefined: questions without one), the fewest and the most still undrawn.
  const left = new Map<string | undefined, { lo: number; hi: number }>();
  for (const q of questions) {
    const b = left.get(q.category) ?? { lo: 0, hi: 0 };
    b.lo++;
    b.hi++;
    left.set(q.category, b);
  }
  const buckets = [...left.values()];
  let rest = { lo: total, hi: total };
  for (const d of draw) {
    if (d.category !== undefined) {
      const b = left.get(d.category);
      if (!b) continue; // no question of that category: the draw takes none
      const takeLo = Math.min(d.count, b.lo);
      const takeHi = Math.min(d.count, b.hi);
      b.lo -= takeLo;
      b.hi -= takeHi;
      rest = { lo: rest.lo - takeHi, hi: rest.hi - takeLo };
    } else {
      // At least min(count, fewest left) are taken; what the other categories cannot give comes from this one.
      const takeLo = Math.min(d.count, rest.lo);
      const sumHi = buckets.reduce((s, b) => s + b.hi, 0);
      const forced = buckets.map((b) => Math.max(0, takeLo - (sumHi - b.hi)));
      buckets.forEach((b, i) => {
        b.hi = Math.max(0, b.hi - (forced[i] ?? 0));
        b.lo = Math.max(0, b.lo - d.count);
      });
      rest = { lo: Math.max(0, rest.lo - d.count), hi: Math.max(0, rest.hi - d.count) };
    }
    // What is left in all is also what is left per category.
    const leftLo = buckets.reduce((s, b) => s + b.lo, 0);
    const leftHi = buckets.reduce((s, b) => s + b.hi, 0);
    rest = { lo: Math.max(rest.lo, leftLo), hi: Math.min(rest.hi, leftHi) };
  }
  return { min: total - rest.hi, max: total - rest.lo };
}
