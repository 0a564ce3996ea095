import { expect, test } from 'vitest';
import type { Criterion } from '../model/contest-file-schema.ts';
import { isValidJudgeScore, sumCriteria } from './judge-score.ts';

const rubric: Criterion[] = [
  { id: 'content', name: '内容', max: 40 },
  { id: 'delivery', name: '表达', max: 30.5 },
  { id: 'effect', name: '效果', max: 29.5 },
];

test('a judge score may be 0 or the full marks', () => {
  expect(isValidJudgeScore(0, 10000)).toBe(true);
  expect(isValidJudgeScore(10000, 10000)).toBe(true);
});

test('a judge score may not be negative or above the full marks', () => {
  expect(isValidJudgeScore(-1, 10000)).toBe(false);
  expect(isValidJudgeScore(10001, 10000)).toBe(false);
});

test('a judge score must be whole hundredths', () => {
  expect(isValidJudgeScore(8750.5, 10000)).toBe(false);
  expect(isValidJudgeScore(Number.NaN, 10000)).toBe(false);
});

test('criteria marks are summed into one score', () => {
  expect(sumCriteria(rubric, { content: 3850, delivery: 2733, effect: 2950 })).toBe(9533);
});

test('every criterion must be marked', () => {
  expect(() => sumCriteria(rubric, { content: 3850, delivery: 2733 })).toThrow(/effect/);
});

test('a mark for an unknown criterion is refused', () => {
  expect(() => sumCriteria(rubric, { content: 3850, delivery: 2733, effect: 2950, style: 100 })).toThrow(/style/);
});

test('a criterion mark above its max is refused', () => {
  expect(() => sumCriteria(rubric, { content: 3850, delivery: 3051, effect: 2950 })).toThrow(RangeError);
});

test('a negative criterion mark is refused', () => {
  expect(() => sumCriteria(rubric, { content: -1, delivery: 2733, effect: 2950 })).toThrow(RangeError);
});

test('a criterion mark that is not whole hundredths is refused', () => {
  expect(() => sumCriteria(rubric, { content: 38.5, delivery: 2733, effect: 2950 })).toThrow(RangeError);
});
