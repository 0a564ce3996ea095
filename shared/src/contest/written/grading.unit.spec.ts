import { expect, test } from 'vitest';
import type { Question } from '../../model/contest-file-schema.ts';
import { creditPercent, gradePaper, itemAnalysis } from './grading.ts';

const single: Question = {
  id: 's',
  kind: 'single',
  text: 's',
  options: [
    { key: 'A', text: 'a' },
    { key: 'B', text: 'b' },
  ],
  answer: ['A'],
};
const multi: Question = {
  id: 'm',
  kind: 'multiple',
  text: 'm',
  options: ['A', 'B', 'C', 'D'].map((key) => ({ key, text: key })),
  answer: ['A', 'B', 'C'],
};
const tf: Question = { id: 't', kind: 'truefalse', text: 't', answer: ['false'] };
const bank = new Map([single, multi, tf].map((q) => [q.id, q]));

test('single and true/false are all or nothing', () => {
  expect(creditPercent(single, ['A'], 50)).toBe(100);
  expect(creditPercent(single, ['B'], 50)).toBe(0);
  expect(creditPercent(single, [], 50)).toBe(0);
  expect(creditPercent(tf, ['false'], 50)).toBe(100);
  expect(creditPercent(tf, ['true'], 50)).toBe(0);
});

test('multiple: all correct full, a correct subset the set share, any wrong option nothing', () => {
  expect(creditPercent(multi, ['C', 'B', 'A'], 50)).toBe(100);
  expect(creditPercent(multi, ['A', 'B'], 50)).toBe(50);
  expect(creditPercent(multi, ['A'], 40)).toBe(40);
  expect(creditPercent(multi, ['A', 'D'], 50)).toBe(0);
  expect(creditPercent(multi, ['A', 'B', 'C', 'D'], 50)).toBe(0);
  expect(creditPercent(multi, ['A', 'B'], 0)).toBe(0);
});

test('a paper’s score is exact hundredths, rounded once', () => {
  const g = gradePaper(['s', 'm', 't'], { s: ['A'], m: ['A'], t: ['true'] }, bank, {
    pointsPerQuestion: 2.55,
    partialPercent: 50,
  });
  // 255 + 127.5 + 0 = 382.5 → 383
  expect(g).toEqual({ score: 383, credit: { s: 100, m: 50, t: 0 }, correct: 1 });
  expect(gradePaper(['s'], { s: ['A'] }, bank, { pointsPerQuestion: 1, partialPercent: 50 }, true).score).toBe(0);
});

test('item analysis: share correct per question and choices per option', () => {
  const items = itemAnalysis(
    [
      { questionIds: ['s', 't'], answers: { s: ['A'], t: ['false'] } },
      { questionIds: ['s', 't'], answers: { s: ['B'] } },
      { questionIds: ['s'], answers: { s: ['A'] } },
    ],
    bank,
    50,
  );
  expect(items).toEqual([
    { questionId: 's', takers: 3, correct: 2, correctPercent: 66.7, chosen: { A: 2, B: 1 } },
    { questionId: 't', takers: 2, correct: 1, correctPercent: 50, chosen: { false: 1 } },
  ]);
});
