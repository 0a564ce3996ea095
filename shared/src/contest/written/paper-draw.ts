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
