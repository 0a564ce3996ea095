import { expect, test } from 'vitest';
import {
  assignAwardTiers,
  bestInSegment,
  DEFAULT_AWARD_TIERS,
  popularityWinners,
  topInSegment,
  type AwardTier,
} from './awards.ts';

const byRanks = (ranks: number[]) => ranks.map((rank, i) => ({ id: `c${i + 1}`, rank }));
const tierIds = (ranks: number[], tiers?: readonly AwardTier[]) =>
  assignAwardTiers(byRanks(ranks), tiers).map((a) => a.tier?.id ?? null);

test('the default tiers are 1 first, 2 second, 3 third prizes and excellence awards for the rest', () => {
  expect(DEFAULT_AWARD_TIERS.map((t) => [t.name, t.count])).toEqual([
    ['一等奖', 1],
    ['二等奖', 2],
    ['三等奖', 3],
    ['优秀奖', undefined],
  ]);
});

test('distinct ranks fill the default tiers in order', () => {
  expect(tierIds([1, 2, 3, 4, 5, 6, 7, 8])).toEqual([
    'first',
    'second',
    'second',
    'third',
    'third',
    'third',
    'excellence',
    'excellence',
  ]);
});

test('an award carries the tier name', () => {
  expect(assignAwardTiers([{ id: 'a', rank: 1 }])).toEqual([
    { id: 'a', rank: 1, tier: { id: 'first', name: '一等奖' } },
  ]);
});

test('contestants tied at a boundary all get the higher tier', () => {
  // two share first place; the next (rank 3) takes the second tier's remaining place
  expect(tierIds([1, 1, 3, 4])).toEqual(['first', 'first', 'second', 'third']);
});

test('a tie straddling the second and third tiers gives both the second prize', () => {
  expect(tierIds([1, 2, 3, 3, 5])).toEqual(['first', 'second', 'second', 'second', 'third']);
});

test('a last tier with a count leaves those beyond it without a tier', () => {
  const tiers: AwardTier[] = [
    { id: 'gold', name: 'Gold', count: 1 },
    { id: 'silver', name: 'Silver', count: 1 },
  ];
  expect(tierIds([1, 2, 3], tiers)).toEqual(['gold', 'silver', null]);
});

test('a tier without a count takes everyone remaining, leaving later tiers empty', () => {
  const tiers: AwardTier[] = [
    { id: 'all', name: 'All' },
    { id: 'never', name: 'Never', count: 5 },
  ];
  expect(tierIds([1, 2, 3], tiers)).toEqual(['all', 'all', 'all']);
});

test('no tiers award nobody', () => {
  expect(tierIds([1, 2], [])).toEqual([null, null]);
});

test('the best score in a segment wins the single-item award', () => {
  expect(bestInSegment({ a: 9100, b: 9350, c: 8800 })).toEqual({ value: 9350, winnerIds: ['b'] });
});

test('tied best scores share the single-item award', () => {
  expect(bestInSegment({ c: 9350, a: 9350, b: 8800 })).toEqual({ value: 9350, winnerIds: ['a', 'c'] });
});

test('no scores give no single-item award', () => {
  expect(bestInSegment({})).toBeNull();
});

test('a top-N single-item award includes everyone tied at the last place', () => {
  const top = topInSegment({ a: 9500, b: 9400, c: 9400, d: 9000 }, 2);
  expect(top).toEqual([
    { id: 'a', rank: 1, score: 9500 },
    { id: 'b', rank: 2, score: 9400 },
    { id: 'c', rank: 2, score: 9400 },
  ]);
});

test('the highest count wins the popularity award', () => {
  expect(popularityWinners({ a: 120, b: 12000, c: 7 })).toEqual({ value: 12000, winnerIds: ['b'] });
});

test('tied highest counts share the popularity award', () => {
  expect(popularityWinners({ b: 300, a: 300, c: 100 })).toEqual({ value: 300, winnerIds: ['a', 'b'] });
});

test('no votes give no popularity award', () => {
  expect(popularityWinners({ a: 0, b: 0 })).toBeNull();
  expect(popularityWinners({})).toBeNull();
});

test('a negative or fractional count is refused', () => {
  expect(() => popularityWinners({ a: -1 })).toThrow(RangeError);
  expect(() => popularityWinners({ a: 1.5 })).toThrow(RangeError);
});
