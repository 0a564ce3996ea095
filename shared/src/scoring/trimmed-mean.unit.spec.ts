import fc from 'fast-check';
import { expect, test } from 'vitest';
import { DEFAULT_TRIM_RULE, trimmedMean } from './trimmed-mean.ts';

test('the default rule drops one highest and one lowest score', () => {
  expect(DEFAULT_TRIM_RULE).toEqual({ drop: 1, minScores: 5 });
});

test('five scores: the highest and the lowest are dropped and the rest averaged', () => {
  // 90, 85, 95, 80, 88 → drop 95 and 80 → (90 + 85 + 88) / 3 = 87.666… → 87.67
  const r = trimmedMean([9000, 8500, 9500, 8000, 8800]);
  expect(r).toEqual({ score: 8767, kept: [0, 1, 4], dropped: [2, 3], ruleApplied: true });
});

test('four scores: nothing is dropped', () => {
  const r = trimmedMean([9000, 8500, 9500, 8000]);
  expect(r).toEqual({ score: 8750, kept: [0, 1, 2, 3], dropped: [], ruleApplied: false });
});

test('a recused judge leaves fewer scores, which may fall below the drop threshold', () => {
  const fullPanel = trimmedMean([9000, 8500, 9500, 8000, 8800]);
  const recused = trimmedMean([9000, 8500, 9500, 8800]); // the judge who gave 80 is recused
  expect(fullPanel.ruleApplied).toBe(true);
  expect(recused.ruleApplied).toBe(false);
  expect(recused.score).toBe(8950);
});

test('the number dropped on each side is configurable', () => {
  const r = trimmedMean([7000, 9900, 8000, 8200, 8400, 9000, 6000], { drop: 2, minScores: 7 });
  expect(r.dropped).toEqual([0, 1, 5, 6]);
  expect(r.kept).toEqual([2, 3, 4]);
  expect(r.score).toBe(8200);
});

test('the threshold is configurable', () => {
  expect(trimmedMean([9000, 8000, 7000], { drop: 1, minScores: 3 }).score).toBe(8000);
  expect(trimmedMean([9000, 8000, 7000, 6500, 6000], { drop: 1, minScores: 6 }).ruleApplied).toBe(false);
});

test('the rule is not applied when it would drop every score', () => {
  const r = trimmedMean([9000, 8000, 7000, 6000], { drop: 2, minScores: 1 });
  expect(r.ruleApplied).toBe(false);
  expect(r.score).toBe(7500);
});

test('drop 0 keeps every score', () => {
  const r = trimmedMean([9000, 8000, 7000, 6000, 5000], { drop: 0, minScores: 1 });
  expect(r.ruleApplied).toBe(false);
  expect(r.kept).toEqual([0, 1, 2, 3, 4]);
});

test('no scores gives a null score', () => {
  expect(trimmedMean([])).toEqual({ score: null, kept: [], dropped: [], ruleApplied: false });
});

test('a single score is the segment score', () => {
  expect(trimmedMean([8733]).score).toBe(8733);
});

test('a mean at exactly .005 rounds half-up', () => {
  // (85.00 + 85.01) / 2 = 85.005 → 85.01
  expect(trimmedMean([8500, 8501]).score).toBe(8501);
});

test('a mean just below .005 rounds down', () => {
  // (85.00 + 85.00 + 85.01) / 3 = 85.00333… → 85.00
  expect(trimmedMean([8500, 8500, 8501]).score).toBe(8500);
});

test('a mean just above .005 rounds up', () => {
  // (85.00 + 85.01 + 85.01) / 3 = 85.00666… → 85.01
  expect(trimmedMean([8500, 8501, 8501]).score).toBe(8501);
});

test('tied lowest or highest scores drop only the earliest entry', () => {
  const r = trimmedMean([8000, 8000, 9000, 9000, 8500]);
  expect(r.dropped).toEqual([0, 2]);
  expect(r.score).toBe(8500); // (80 + 90 + 85) / 3
});

test('equal scores drop the first entry as lowest and the second as highest', () => {
  const r = trimmedMean([8800, 8800, 8800, 8800, 8800]);
  expect(r.dropped).toEqual([0, 1]);
  expect(r.score).toBe(8800);
});

test('a score that is not whole hundredths is refused', () => {
  expect(() => trimmedMean([88.5, 9000])).toThrow(RangeError);
});

test('a negative drop is refused', () => {
  expect(() => trimmedMean([9000], { drop: -1, minScores: 1 })).toThrow(RangeError);
});

/** Reference: sort the values, cut `drop` off each end, mean as a BigInt fraction, round half-up by comparison. */
function referenceTrimmedMean(scores: number[], drop: number, minScores: number): number {
  const sorted = [...scores].sort((a, b) => a - b);
  const cut = drop > 0 && sorted.length >= minScores && sorted.length > 2 * drop;
  const kept = cut ? sorted.slice(drop, sorted.length - drop) : sorted;
  const num = kept.reduce((s, v) => s + BigInt(v), 0n);
  const den = BigInt(kept.length);
  // floor division, then round up when the remainder is at least half
  let q = num / den;
  let rem = num % den;
  if (rem < 0n) {
    q -= 1n;
    rem += den;
  }
  const half = 2n * rem;
  if (half > den || (half === den && num >= 0n)) q += 1n;
  return Number(q);
}

const trimRule = fc.record({ drop: fc.integer({ min: 0, max: 3 }), minScores: fc.integer({ min: 1, max: 9 }) });

test('agrees with an exact rational reference', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -20000, max: 20000 }), { minLength: 1, maxLength: 12 }),
      trimRule,
      (s, r) => {
        expect(trimmedMean(s, r).score).toBe(referenceTrimmedMean(s, r.drop, r.minScores));
      },
    ),
  );
});

test('kept and dropped partition the input and the kept ones are the middle scores', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 10000 }), { maxLength: 12 }), trimRule, (s, rule) => {
      const r = trimmedMean(s, rule);
      expect([...r.kept, ...r.dropped].sort((a, b) => a - b)).toEqual(s.map((_, i) => i));
      expect(r.dropped.length).toBe(r.ruleApplied ? 2 * rule.drop : 0);
      // the kept values are exactly the middle of the sorted scores
      const sorted = [...s].sort((a, b) => a - b);
      const middle = r.ruleApplied ? sorted.slice(rule.drop, sorted.length - rule.drop) : sorted;
      expect(r.kept.map((i) => s[i] ?? 0).sort((a, b) => a - b)).toEqual(middle);
    }),
  );
});

test('the result does not depend on the order of the judges', () => {
  fc.assert(
    fc.property(
      fc
        .array(fc.integer({ min: 0, max: 10000 }), { minLength: 1, maxLength: 10 })
        .chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s, { minLength: s.length, maxLength: s.length }))),
      ([s, shuffled]) => {
        expect(trimmedMean(shuffled).score).toBe(trimmedMean(s).score);
      },
    ),
  );
});

test('the score lies between the lowest and highest kept score', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 1, maxLength: 12 }), (s) => {
      const r = trimmedMean(s);
      const kept = r.kept.map((i) => s[i] ?? 0);
      expect(r.score).toBeGreaterThanOrEqual(Math.min(...kept));
      expect(r.score).toBeLessThanOrEqual(Math.max(...kept));
    }),
  );
});
