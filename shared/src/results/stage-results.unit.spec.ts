import fc from 'fast-check';
import { expect, test } from 'vitest';
import { DEMO_CONTEST } from '../demo/index.ts';
import { evolve } from '../contest/evolve.ts';
import type { ContestState } from '../contest/state.ts';
import { ceremonySteps, stageResults } from './stage-results.ts';

const base = evolve(
  null,
  { type: 'ContestCreated', data: { contestId: 'd', joinCode: 'ABCD', definition: DEMO_CONTEST, createdAt: 0 } },
  1,
)!;
const IDS = ['c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07', 'c08', 'c09', 'c10'];
const SEGMENTS = ['knowledge-required', 'knowledge-buzzer', 'reflection', 'action'];

function withLedger(ledger: Record<string, Record<string, number>>): ContestState {
  return { ...base, scores: ledger };
}

test('totals, ranks, tiers and single-item awards of a hand-computed final', () => {
  // knowledge part: base 100 + required + buzzer over 150, weight 15; reflection 15; action 70.
  const state = withLedger({
    'knowledge-required': { c01: 2000, c02: 1000 },
    'knowledge-buzzer': { c01: 1000, c02: -1000 },
    reflection: { c01: 9000, c02: 9500, c03: 8000 },
    action: { c01: 9000, c02: 9000, c03: 9500 },
  });
  const r = stageResults(state, 'final')!;
  // c01: 15×130/150 = 13 ; 15×90/100 = 13.5 ; 70×90/100 = 63 → 89.50
  // c02: 15×100/150 = 10 ; 14.25 ; 63 → 87.25
  // c03: 15×100/150 = 10 ; 12 ; 66.5 → 88.50
  // others: 10 each
  expect(r.rows.slice(0, 4).map((x) => [x.id, x.total, x.rank, x.tier?.id])).toEqual([
    ['c01', 8950, 1, 'first'],
    ['c03', 8850, 2, 'second'],
    ['c02', 8725, 3, 'second'],
    ['c04', 1000, 4, 'third'],
  ]);
  // c04..c10 share rank 4 at 10.00
  expect(r.rows.slice(3).every((x) => x.rank === 4 && x.tier?.id === 'third')).toBe(true);
  expect(r.singleItems.map((a) => [a.id, a.winners.map((w) => w.id)])).toEqual([
    ['best-speech', ['c02']],
    ['best-action', ['c03']],
  ]);
  expect(ceremonySteps(r).map((s) => s.id)).toEqual(['best-speech', 'best-action', 'third', 'second', 'first']);
});

test('property: results do not depend on the order of the ledger, and ranks follow totals', () => {
  const ledger = fc.dictionary(
    fc.constantFrom(...SEGMENTS),
    fc.dictionary(fc.constantFrom(...IDS), fc.integer({ min: -3000, max: 10000 })),
  );
  fc.assert(
    fc.property(ledger, fc.integer(), (l, seed) => {
      const reversed: Record<string, Record<string, number>> = {};
      const keys = Object.keys(l);
      const order = seed % 2 === 0 ? keys.reverse() : keys;
      for (const k of order) reversed[k] = Object.fromEntries(Object.entries(l[k] ?? {}).reverse());
      const a = stageResults(withLedger(l), 'final')!;
      const b = stageResults(withLedger(reversed), 'final')!;
      expect(b.rows).toEqual(a.rows);
      for (const x of a.rows) {
        expect(x.rank).toBe(1 + a.rows.filter((y) => y.total > x.total).length + tieAbove(a.rows, x));
      }
    }),
    { numRuns: 100 },
  );
});

/** Contestants with the same total ranked above by the stage's tie-breaks (action, then reflection). */
function tieAbove(
  rows: { total: number; segmentScores: Record<string, number> }[],
  x: { total: number; segmentScores: Record<string, number> },
): number {
  const key = (r: typeof x) => [r.segmentScores['action'] ?? 0, r.segmentScores['reflection'] ?? 0];
  const [xa, xr] = key(x);
  return rows.filter((y) => {
    if (y.total !== x.total) return false;
    const [ya, yr] = key(y);
    return ya! > xa! || (ya === xa && yr! > xr!);
  }).length;
}

test('the popularity award: winners from the recorded cheers (ties share), in the rows and before the tiers', () => {
  const none = stageResults(withLedger({ action: { c01: 9000, c02: 8000 } }), 'final')!;
  expect(none.popularity).toEqual({
    id: 'popularity',
    name: '人气奖',
    by: 'cheers',
    counts: null,
    recordedAt: null,
    winners: [],
  });
  expect(ceremonySteps(none).map((s) => s.id)).not.toContain('popularity');

  const state: ContestState = {
    ...withLedger({ reflection: { c01: 9000, c02: 9500 }, action: { c01: 9000, c02: 9000, c03: 9500 } }),
    judging: {
      ...base.judging,
      popularity: { final: { by: 'cheers', counts: { c05: 7, c07: 7, c01: 2 }, at: 42 } },
    },
  };
  const r = stageResults(state, 'final')!;
  expect(r.popularity?.winners).toEqual([
    { id: 'c05', count: 7 },
    { id: 'c07', count: 7 },
  ]);
  expect(r.rows.find((x) => x.id === 'c05')?.singleItems).toEqual([{ id: 'popularity', name: '人气奖' }]);
  expect(r.rows.find((x) => x.id === 'c01')?.singleItems).toEqual([]);
  const steps = ceremonySteps(r);
  expect(steps.map((s) => s.id)).toEqual(['best-speech', 'best-action', 'popularity', 'third', 'second', 'first']);
  expect(steps[2]).toEqual({
    kind: 'popularity',
    id: 'popularity',
    name: '人气奖',
    winners: [
      { id: 'c05', rank: 1, score: 7 },
      { id: 'c07', rank: 1, score: 7 },
    ],
  });
});

test('no award tier before the stage has a score: ten contestants tied at rank 1 have not won 一等奖', () => {
  const before = stageResults(withLedger({}), 'final')!;
  expect(before.rows.every((x) => x.rank === 1 && x.tier === null)).toBe(true);
  expect(before.tiers.every((t) => t.winnerIds.length === 0)).toBe(true);
  expect(ceremonySteps(before).filter((s) => s.kind === 'tier')).toEqual([]);
  const after = stageResults(withLedger({ reflection: { c01: 9000 } }), 'final')!;
  expect(after.rows[0]).toMatchObject({ id: 'c01', rank: 1, tier: { id: 'first' } });
});
