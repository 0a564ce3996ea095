import { expect, test } from 'vitest';
import type { Stage } from '../model/contest-file-schema.ts';
import { stageStandings } from './standings.ts';

const stage: Stage = {
  id: 'final',
  name: '决赛',
  groups: [
    { id: 'east', name: '东片', contestantIds: ['a', 'b'] },
    { id: 'west', name: '西片', contestantIds: ['c'] },
  ],
  segments: [
    { id: 'quiz', name: '比知识', kind: 'judged', fullMarks: 100, weight: 30 },
    { id: 'action', name: '述行动', kind: 'judged', fullMarks: 100, weight: 70 },
  ],
  tieBreaks: ['action'],
  seededContestantIds: ['d'],
};

test('ranks the group members and seeded entrants by stage total', () => {
  const r = stageStandings(stage, {
    a: { quiz: 8000, action: 9000 }, // 87.00
    b: { quiz: 10000, action: 8000 }, // 86.00
    c: { quiz: 9000, action: 9500 }, // 93.50
    d: { quiz: 7000, action: 7000 }, // 70.00
  });
  expect(r.map((e) => [e.id, e.rank, e.total])).toEqual([
    ['c', 1, 9350],
    ['a', 2, 8700],
    ['b', 3, 8600],
    ['d', 4, 7000],
  ]);
});

test('a contestant without scores ranks with a total of 0', () => {
  const r = stageStandings(stage, { a: { quiz: 1000 } }, { contestantIds: ['a', 'b'] });
  expect(r.map((e) => [e.id, e.total])).toEqual([
    ['a', 300],
    ['b', 0],
  ]);
});

test('equal totals are separated by the stage tie-breaks', () => {
  // both 87.00: a has the heavier 述行动 score
  const r = stageStandings(
    stage,
    { a: { quiz: 8000, action: 9000 }, b: { quiz: 10000, action: 8143 } },
    { contestantIds: ['b', 'a'] },
  );
  expect(r.map((e) => e.total)).toEqual([8700, 8700]);
  expect(r.map((e) => [e.id, e.rank])).toEqual([
    ['a', 1],
    ['b', 2],
  ]);
});

test('ranks by a subset of segments when asked', () => {
  const r = stageStandings(
    stage,
    { a: { quiz: 8000, action: 9000 }, b: { quiz: 10000, action: 8000 } },
    { contestantIds: ['a', 'b'], bySegmentIds: ['quiz'] },
  );
  expect(r.map((e) => [e.id, e.total])).toEqual([
    ['b', 3000],
    ['a', 2400],
  ]);
});
