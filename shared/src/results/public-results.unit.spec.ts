import { expect, test } from 'vitest';
import { DEMO_CONTEST } from '../demo/index.ts';
import { evolve } from '../contest/evolve.ts';
import type { ContestState } from '../contest/state.ts';
import { publicResults } from './public-results.ts';
import { stageResults } from './stage-results.ts';

const base = evolve(
  null,
  { type: 'ContestCreated', data: { contestId: 'd', joinCode: 'ABCD', definition: DEMO_CONTEST, createdAt: 0 } },
  1,
)!;
const LOG = { version: 1, hash: 'f'.repeat(64) };

function state(ceremonyStep: number): ContestState {
  return {
    ...base,
    currentStageId: 'final',
    stageStatus: { final: 'finished' },
    scores: {
      'knowledge-required': { c01: 2000, c02: 1000 },
      reflection: { c01: 9000, c02: 9500 },
      action: { c01: 9000, c02: 9000 },
    },
    judging: { ...base.judging, ceremonyStep },
  };
}

test('the parts of a stage carry base points, full marks and weight', () => {
  expect(stageResults(base, 'final')!.parts).toEqual([
    {
      id: 'knowledge',
      name: '比知识',
      segmentIds: ['knowledge-required', 'knowledge-buzzer'],
      basePoints: 10000,
      fullMarks: 15000,
      weight: 1500,
    },
    { id: 'reflection', name: '悟思想', segmentIds: ['reflection'], basePoints: 0, fullMarks: 10000, weight: 1500 },
    { id: 'action', name: '述行动', segmentIds: ['action'], basePoints: 0, fullMarks: 10000, weight: 7000 },
  ]);
});

test('awards of the ceremony stage appear step by step, even once the stage is finished', () => {
  const before = publicResults(state(0), [], LOG, 0).stages[0]!;
  expect(before.awards).toBe('none');
  // c01: 15 × 120/150 + 15% × 90 + 70% × 90 = 12 + 13.5 + 63 = 88.50, shown without its award
  const c01 = before.results.rows.find((r) => r.id === 'c01');
  expect([c01?.total, c01?.tier, c01?.singleItems]).toEqual([8850, null, []]);
  expect(before.results.singleItems.every((a) => a.winners.length === 0)).toBe(true);
  // advancement and totals are not awards: totals are shown; the demo final has no advancement
  expect(before.results.advancement).toBeNull();

  const first = publicResults(state(1), [], LOG, 0).stages[0]!;
  expect(first.awards).toBe('partial');
  expect(first.results.singleItems.filter((a) => a.winners.length > 0).map((a) => a.id)).toEqual(['best-speech']);
  expect(first.results.rows.find((r) => r.id === 'c02')?.singleItems).toEqual([
    { id: 'best-speech', name: '最佳演讲奖' },
  ]);
  expect(first.results.rows.every((r) => r.tier === null)).toBe(true);

  const all = publicResults(state(99), [], LOG, 0).stages[0]!;
  expect(all.awards).toBe('all');
  expect(all.results.rows.find((r) => r.id === 'c01')?.tier?.name).toBe('一等奖');
  expect(publicResults(state(99), [], LOG, 0).log).toEqual(LOG);
});
