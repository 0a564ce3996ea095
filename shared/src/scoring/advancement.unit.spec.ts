import { expect, test } from 'vitest';
import type { Stage } from '../model/contest-file-schema.ts';
import { computeAdvancement } from './advancement.ts';

// A 复赛 run per liaison group: lecture 60%, written test 40%; the top 2 of each group advance.
const semifinal: Stage = {
  id: 'semi',
  name: '复赛',
  groups: [
    { id: 'north', name: '北片', contestantIds: ['n1', 'n2', 'n3', 'n4'] },
    { id: 'south', name: '南片', contestantIds: ['s1', 's2', 's3'] },
  ],
  segments: [
    { id: 'lecture', name: '党课', kind: 'judged', fullMarks: 100, weight: 60 },
    { id: 'written', name: '笔试', kind: 'written', questionIds: [], fullMarks: 100, weight: 40 },
  ],
  advancement: { perGroup: 2, toStageId: 'final' },
};

const final: Pick<Stage, 'seededContestantIds'> = { seededContestantIds: ['direct1', 'direct2'] };

const scores = {
  n1: { lecture: 9000, written: 8000 }, // 86.00
  n2: { lecture: 8000, written: 9000 }, // 84.00
  n3: { lecture: 9500, written: 9500 }, // 95.00
  n4: { lecture: 7000, written: 7000 }, // 70.00
  s1: { lecture: 8800, written: 8800 }, // 88.00
  s2: { lecture: 9100, written: 9100 }, // 91.00
  s3: { lecture: 6000, written: 10000 }, // 76.00
};

test('the top 2 of each group advance', () => {
  const r = computeAdvancement(semifinal, scores, final);
  expect(r.advancerIds).toEqual(['n3', 'n1', 's2', 's1']);
});

test('each group is ranked on its own, marking who advances', () => {
  const r = computeAdvancement(semifinal, scores, final);
  expect(r.groups.map((g) => g.groupId)).toEqual(['north', 'south']);
  expect(r.groups[0]?.ranking.map((e) => [e.id, e.rank, e.total, e.advances])).toEqual([
    ['n3', 1, 9500, true],
    ['n1', 2, 8600, true],
    ['n2', 3, 8400, false],
    ['n4', 4, 7000, false],
  ]);
});

test('the next roster is the advancers plus the seeded entrants', () => {
  const r = computeAdvancement(semifinal, scores, final);
  expect(r.roster).toEqual(['n3', 'n1', 's2', 's1', 'direct1', 'direct2']);
});

test('a seeded entrant who also advanced appears once in the roster', () => {
  const r = computeAdvancement(semifinal, scores, { seededContestantIds: ['s2', 'direct1'] });
  expect(r.roster).toEqual(['n3', 'n1', 's2', 's1', 'direct1']);
});

test('without a next stage the roster is the advancers', () => {
  expect(computeAdvancement(semifinal, scores).roster).toEqual(['n3', 'n1', 's2', 's1']);
});

test('everyone tied at the cut advances', () => {
  const tied = { ...scores, n2: { lecture: 9000, written: 8000 } }; // n2 now equals n1 at 86.00
  const north = computeAdvancement(semifinal, tied).groups[0];
  expect(north?.ranking.filter((e) => e.advances).map((e) => [e.id, e.rank])).toEqual([
    ['n3', 1],
    ['n1', 2],
    ['n2', 2],
  ]);
});

test('a stage tie-break decides a tie at the cut', () => {
  const tied = { ...scores, n2: { lecture: 8000, written: 9500 } }; // 86.00, lower lecture than n1
  const r = computeAdvancement({ ...semifinal, tieBreaks: ['lecture'] }, tied);
  expect(r.groups[0]?.ranking.filter((e) => e.advances).map((e) => e.id)).toEqual(['n3', 'n1']);
});

test('advancement by a subset of segments ranks by their weighted sum', () => {
  const byWritten: Stage = { ...semifinal, advancement: { perGroup: 1, bySegmentIds: ['written'] } };
  const r = computeAdvancement(byWritten, scores);
  // s3 leads the written test (40.00) though last by total
  expect(r.advancerIds).toEqual(['n3', 's3']);
  expect(r.groups[1]?.ranking[0]).toMatchObject({ id: 's3', total: 4000 });
});

test('a contestant with no scores ranks last with 0 and does not advance', () => {
  const { n4: _n4, ...withoutN4 } = scores;
  const north = computeAdvancement(semifinal, withoutN4).groups[0];
  expect(north?.ranking.at(-1)).toMatchObject({ id: 'n4', total: 0, advances: false });
});

test('a stage without an advancement rule advances nobody', () => {
  const { advancement: _advancement, ...withoutRule } = semifinal;
  const r = computeAdvancement(withoutRule, scores, final);
  expect(r.advancerIds).toEqual([]);
  expect(r.roster).toEqual(['direct1', 'direct2']);
});
