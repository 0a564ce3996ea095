import { expect, test } from 'vitest';
import { median, percentile } from './stats.ts';

test('percentile is the nearest rank', () => {
  const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
  expect(percentile(xs, 50)).toBe(5);
  expect(percentile(xs, 90)).toBe(9);
  expect(percentile(xs, 99)).toBe(10);
  expect(percentile(xs, 0)).toBe(1);
  expect(percentile([], 50)).toBeNaN();
  expect(xs[0]).toBe(5);
});

test('median of odd and even counts', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 2, 3])).toBe(2.5);
  expect(median([])).toBeNaN();
});
