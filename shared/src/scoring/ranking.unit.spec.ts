import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Stage } from '../model/contest-file-schema.ts';
import { compareEntries, rank, tieBreakScores, type RankEntry } from './ranking.ts';

const ranks = (entries: RankEntry[]) => rank(entries).map((e) => [e.id, e.rank]);

test('a higher total ranks first', () => {
  expect(
    ranks([
      { id: 'a', total: 8000 },
      { id: 'b', total: 9000 },
      { id: 'c', total: 8500 },
    ]),
  ).toEqual([
    ['b', 1],
    ['c', 2],
    ['a', 3],
  ]);
});

test('equal totals share a rank and the next rank skips (1, 2, 2, 4)', () => {
  expect(
    rank([
      { id: 'd', total: 7000 },
      { id: 'b', total: 8000 },
      { id: 'a', total: 9000 },
      { id: 'c', total: 8000 },
    ]).map((e) => e.rank),
  ).toEqual([1, 2, 2, 4]);
});

test('contestants sharing a rank are listed by id', () => {
  expect(
    ranks([
      { id: 'zhao', total: 8000 },
      { id: 'li', total: 8000 },
      { id: 'wang', total: 8000 },
    ]),
  ).toEqual([
    ['li', 1],
    ['wang', 1],
    ['zhao', 1],
  ]);
});

test('a tie-break separates equal totals, higher first', () => {
  expect(
    ranks([
      { id: 'a', total: 9000, tieBreak: [8000] },
      { id: 'b', total: 9000, tieBreak: [8500] },
    ]),
  ).toEqual([
    ['b', 1],
    ['a', 2],
  ]);
});

test('the second tie-break decides when the first is equal', () => {
  expect(
    ranks([
      { id: 'a', total: 9000, tieBreak: [8000, 7000] },
      { id: 'b', total: 9000, tieBreak: [8000, 7100] },
    ]),
  ).toEqual([
    ['b', 1],
    ['a', 2],
  ]);
});

test('equal on every tie-break still shares a rank', () => {
  expect(
    rank([
      { id: 'a', total: 9000, tieBreak: [8000, 7000] },
      { id: 'b', total: 9000, tieBreak: [8000, 7000] },
      { id: 'c', total: 8000, tieBreak: [9900, 9900] },
    ]).map((e) => e.rank),
  ).toEqual([1, 1, 3]);
});

test('tie-breaks do not override a higher total', () => {
  expect(
    ranks([
      { id: 'a', total: 9001, tieBreak: [0] },
      { id: 'b', total: 9000, tieBreak: [10000] },
    ]),
  ).toEqual([
    ['a', 1],
    ['b', 2],
  ]);
});

test('a missing tie-break value ranks below any value', () => {
  expect(
    ranks([
      { id: 'a', total: 9000 },
      { id: 'b', total: 9000, tieBreak: [-500] },
    ]),
  ).toEqual([
    ['b', 1],
    ['a', 2],
  ]);
});

test('negative totals rank below zero', () => {
  expect(
    ranks([
      { id: 'a', total: -1000 },
      { id: 'b', total: 0 },
    ]),
  ).toEqual([
    ['b', 1],
    ['a', 2],
  ]);
});

test('the ranked entries keep total and tie-break', () => {
  expect(rank([{ id: 'a', total: 9000, tieBreak: [1] }])).toEqual([{ id: 'a', rank: 1, total: 9000, tieBreak: [1] }]);
});

test('a duplicate id is refused', () => {
  expect(() =>
    rank([
      { id: 'a', total: 1 },
      { id: 'a', total: 2 },
    ]),
  ).toThrow(RangeError);
});

test('a total that is not whole hundredths is refused', () => {
  expect(() => rank([{ id: 'a', total: 90.5 }])).toThrow(RangeError);
});

test('no entries give an empty ranking', () => {
  expect(rank([])).toEqual([]);
});

test('tieBreakScores reads the stage tie-break segments in order, missing as 0', () => {
  const stage: Stage = {
    id: 's',
    name: 'S',
    groups: [{ id: 'g', name: 'G', contestantIds: [] }],
    segments: [
      { id: 'action', name: '述行动', kind: 'judged', fullMarks: 100, weight: 70 },
      { id: 'quiz', name: '比知识', kind: 'judged', fullMarks: 100, weight: 30 },
    ],
    tieBreaks: ['action', 'quiz'],
  };
  expect(tieBreakScores(stage, { quiz: 8000, action: 9000 })).toEqual([9000, 8000]);
  expect(tieBreakScores(stage, { quiz: 8000 })).toEqual([0, 8000]);
  const { tieBreaks: _tieBreaks, ...noTieBreaks } = stage;
  expect(tieBreakScores(noTieBreaks, { quiz: 8000 })).toEqual([]);
});

const entriesArb = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 3 }),
    total: fc.integer({ min: -3, max: 3 }),
    tieBreak: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
  }),
  { selector: (e) => e.id, maxLength: 12 },
);

test('the ranking does not depend on the input order', () => {
  fc.assert(
    fc.property(
      entriesArb.chain((es) =>
        fc.tuple(fc.constant(es), fc.shuffledSubarray(es, { minLength: es.length, maxLength: es.length })),
      ),
      ([entries, shuffled]) => {
        expect(rank(shuffled)).toEqual(rank(entries));
      },
    ),
  );
});

test('each rank is one more than the number of entries strictly better', () => {
  fc.assert(
    fc.property(entriesArb, (entries) => {
      for (const r of rank(entries)) {
        const self = entries.find((e) => e.id === r.id);
        if (!self) throw new Error('entry lost');
        const better = entries.filter((e) => compareEntries(e, self) < 0).length;
        expect(r.rank).toBe(better + 1);
      }
    }),
  );
});

test('totals never increase down the ranking', () => {
  fc.assert(
    fc.property(entriesArb, (entries) => {
      const totals = rank(entries).map((e) => e.total);
      expect(totals).toEqual([...totals].sort((a, b) => b - a));
    }),
  );
});
