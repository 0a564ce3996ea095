import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Segment, Stage } from '../model/contest-file-schema.ts';
import { stageTotal, weightedSum } from './weighted-total.ts';

function judged(id: string, fullMarks: number, weight: number, part?: string): Segment {
  return { id, name: `segment ${id}`, kind: 'judged', fullMarks, weight, ...(part ? { part } : {}) };
}

function stageOf(segments: Segment[], parts?: Stage['parts']): Stage {
  return {
    id: 'final',
    name: '决赛',
    groups: [{ id: 'g', name: 'G', contestantIds: [] }],
    segments,
    ...(parts ? { parts } : {}),
  };
}

// The Hengyang final: 比知识 15%, 悟思想 15%, 述行动 70%, each out of 100.
const final = stageOf([judged('knowledge', 100, 15), judged('reflection', 100, 15), judged('action', 100, 70)]);

test('15/15/70 weighted total matches the hand computation', () => {
  // 0.15 × 88.5 + 0.15 × 90 + 0.70 × 92.33 = 13.275 + 13.5 + 64.631 = 91.406 → 91.41
  const r = stageTotal(final, { knowledge: 8850, reflection: 9000, action: 9233 });
  expect(r.total).toBe(9141);
});

test('the breakdown lists each part with its weighted contribution', () => {
  const r = stageTotal(final, { knowledge: 8850, reflection: 9000, action: 9233 });
  expect(r.parts).toEqual([
    {
      partId: 'knowledge',
      name: 'segment knowledge',
      segmentIds: ['knowledge'],
      score: 8850,
      fullMarks: 10000,
      weight: 1500,
      weighted: 1328,
    },
    {
      partId: 'reflection',
      name: 'segment reflection',
      segmentIds: ['reflection'],
      score: 9000,
      fullMarks: 10000,
      weight: 1500,
      weighted: 1350,
    },
    {
      partId: 'action',
      name: 'segment action',
      segmentIds: ['action'],
      score: 9233,
      fullMarks: 10000,
      weight: 7000,
      weighted: 6463,
    },
  ]);
});

test('the total is rounded once from the exact sum, not from rounded contributions', () => {
  // Each half contributes 0.005 exactly: rounded contributions would give 0.02, the exact sum 0.01.
  const halves = stageOf([judged('a', 100, 50), judged('b', 100, 50)]);
  const r = stageTotal(halves, { a: 1, b: 1 });
  expect(r.parts.map((p) => p.weighted)).toEqual([1, 1]);
  expect(r.total).toBe(1);
});

test('a total at exactly .005 rounds half-up', () => {
  // 100% × 0.01 / 200 = 0.005 points → 0.01
  expect(stageTotal(stageOf([judged('a', 200, 100)]), { a: 1 }).total).toBe(1);
});

test('a total below .005 rounds down', () => {
  // 100% × 0.01 / 300 = 0.00333… → 0.00
  expect(stageTotal(stageOf([judged('a', 300, 100)]), { a: 1 }).total).toBe(0);
});

test('a negative total at exactly .005 rounds away from zero', () => {
  expect(stageTotal(stageOf([judged('a', 200, 100)]), { a: -1 }).total).toBe(-1);
});

test('segments of one part pool their scores, full marks and weights with the base points', () => {
  const stage = stageOf(
    [
      { id: 'required', name: '必答', kind: 'required', questionIds: [], fullMarks: 100, weight: 10, part: 'quiz' },
      { id: 'buzzer', name: '抢答', kind: 'buzzer', questionIds: [], fullMarks: 100, weight: 5, part: 'quiz' },
      judged('speech', 100, 85),
    ],
    [{ id: 'quiz', name: '比知识', basePoints: 100 }],
  );
  // quiz: (100 + 60 − 10) / 300 × 15% = 7.5; speech: 80 / 100 × 85% = 68 → 75.50
  const r = stageTotal(stage, { required: 6000, buzzer: -1000, speech: 8000 });
  expect(r.parts[0]).toEqual({
    partId: 'quiz',
    name: '比知识',
    segmentIds: ['required', 'buzzer'],
    score: 15000,
    fullMarks: 30000,
    weight: 1500,
    weighted: 750,
  });
  expect(r.total).toBe(7550);
});

test('a part id not declared on the stage is named by its id and has no base points', () => {
  const r = stageTotal(stageOf([judged('a', 50, 50, 'pair'), judged('b', 50, 50, 'pair')]), { a: 2500, b: 5000 });
  expect(r.parts).toHaveLength(1);
  expect(r.parts[0]?.name).toBe('pair');
  expect(r.parts[0]?.fullMarks).toBe(10000);
  expect(r.total).toBe(7500);
});

test('a missing segment score counts as 0', () => {
  expect(stageTotal(final, { action: 10000 }).total).toBe(7000);
  expect(stageTotal(final, {}).total).toBe(0);
});

test('a score that is not whole hundredths is refused', () => {
  expect(() => stageTotal(final, { action: 92.33 })).toThrow(RangeError);
});

test('weightedSum over all segments equals the stage total', () => {
  const scores = { knowledge: 8850, reflection: 9000, action: 9233 };
  expect(weightedSum(final, scores)).toBe(stageTotal(final, scores).total);
});

test('weightedSum over a subset counts only those segments, out of their weights', () => {
  // lecture 40% + written 20% of a semifinal; the interview is not counted for advancement
  const semi = stageOf([judged('lecture', 100, 40), judged('written', 100, 20), judged('interview', 100, 40)]);
  // 0.4 × 90 + 0.2 × 75 = 51.00 (out of 60)
  expect(weightedSum(semi, { lecture: 9000, written: 7500, interview: 10000 }, ['lecture', 'written'])).toBe(5100);
});

test('weightedSum over one segment of a part keeps the part base points once', () => {
  const stage = stageOf(
    [judged('a', 100, 10, 'quiz'), judged('b', 100, 10, 'quiz')],
    [{ id: 'quiz', name: 'Quiz', basePoints: 100 }],
  );
  // (100 + 50) / 200 × 10% = 7.5
  expect(weightedSum(stage, { a: 5000, b: 10000 }, ['a'])).toBe(750);
});

test('weightedSum refuses a segment the stage does not have', () => {
  expect(() => weightedSum(final, {}, ['lecture'])).toThrow(RangeError);
});

/** Reference: Σ w·s/f as one BigInt fraction over the product of denominators, rounded by comparison. */
function referenceTotal(parts: { w: number; s: number; f: number }[]): number {
  let num = 0n;
  let den = 1n;
  for (const { w, s, f } of parts) {
    num = num * BigInt(f) + BigInt(w) * BigInt(s) * den;
    den *= BigInt(f);
  }
  const abs = num < 0n ? -num : num;
  let q = abs / den;
  if (2n * (abs % den) >= den) q += 1n;
  return Number(num < 0n ? -q : q);
}

const segmentArb = fc.record({
  fullMarks: fc.integer({ min: 1, max: 100000 }),
  weight: fc.integer({ min: 0, max: 10000 }),
  score: fc.integer({ min: -100000, max: 200000 }),
  part: fc.constantFrom(undefined, 'p', 'q'),
});

test('agrees with an exact rational reference', () => {
  fc.assert(
    fc.property(
      fc.array(segmentArb, { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 0, max: 20000 }),
      fc.integer({ min: 0, max: 20000 }),
      (segs, baseP, baseQ) => {
        const stage = stageOf(
          segs.map((g, i) => judged(`s${i}`, g.fullMarks / 100, g.weight / 100, g.part)),
          [
            { id: 'p', name: 'P', basePoints: baseP / 100 },
            { id: 'q', name: 'Q', basePoints: baseQ / 100 },
          ],
        );
        const scores = Object.fromEntries(segs.map((g, i) => [`s${i}`, g.score]));
        const pooled = new Map<string, { w: number; s: number; f: number }>();
        segs.forEach((g, i) => {
          const key = g.part ?? `own${i}`;
          const base = g.part === 'p' ? baseP : g.part === 'q' ? baseQ : 0;
          const p = pooled.get(key) ?? { w: 0, s: base, f: base };
          pooled.set(key, { w: p.w + g.weight, s: p.s + g.score, f: p.f + g.fullMarks });
        });
        expect(stageTotal(stage, scores).total).toBe(referenceTotal([...pooled.values()]));
      },
    ),
  );
});

test('full marks everywhere with weights summing to 100 give a total of 100', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 100000 }), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 0, max: 10000 }),
      (fullMarks, firstWeight) => {
        // the first segment takes firstWeight, the last the rest; the middle ones weigh 0
        const weights = fullMarks.map((_, i) => (i === 0 ? firstWeight : 0));
        weights[weights.length - 1] = (weights[weights.length - 1] ?? 0) + 10000 - firstWeight;
        const stage = stageOf(fullMarks.map((f, i) => judged(`s${i}`, f / 100, (weights[i] ?? 0) / 100)));
        const scores = Object.fromEntries(fullMarks.map((f, i) => [`s${i}`, f]));
        expect(stageTotal(stage, scores).total).toBe(10000);
      },
    ),
  );
});
