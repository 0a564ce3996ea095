import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { contestSpec, opening, type ContestScenario } from '../contest-spec.ts';
import {
  GRACE_CAP_MS,
  MAX_CLAIM_WINDOW_MS,
  MIN_GRACE_MS,
  correctPress,
  graceWindow,
  linkWindow,
  rankPresses,
} from './buzz-arbitration.ts';

describe('pure arbitration', () => {
  test('claims inside [arrival − window, arrival] are kept, outside they are clamped; unsynced → arrival', () => {
    expect(correctPress({ claimedAt: 950, arrivedAt: 1000, windowMs: 80, synced: true })).toEqual({
      correctedAt: 950,
      mode: 'synced',
      windowMs: 80,
    });
    expect(correctPress({ claimedAt: 100, arrivedAt: 1000, windowMs: 80, synced: true }).correctedAt).toBe(920);
    expect(correctPress({ claimedAt: 1200, arrivedAt: 1000, windowMs: 80, synced: true }).correctedAt).toBe(1000);
    expect(correctPress({ claimedAt: 950, arrivedAt: 1000, windowMs: 80, synced: false }).mode).toBe('arrival');
    expect(correctPress({ claimedAt: 0, arrivedAt: 5000, windowMs: 1e9, synced: true }).correctedAt).toBe(
      5000 - MAX_CLAIM_WINDOW_MS,
    );
  });

  test('grace window: the slowest phone, at least the minimum, at most the cap', () => {
    expect(graceWindow(undefined)).toBe(GRACE_CAP_MS);
    expect(graceWindow(3)).toBe(MIN_GRACE_MS);
    expect(graceWindow(70)).toBe(70);
    expect(graceWindow(900)).toBe(GRACE_CAP_MS);
    expect(GRACE_CAP_MS).toBeLessThanOrEqual(150);
  });

  test('link window: the high-water round trip, one outlier ignored once there are five samples', () => {
    expect(linkWindow([20])).toBeNull();
    expect(linkWindow([20, 30])).toBe(30);
    expect(linkWindow([20, 30, 25, 22, 400])).toBe(30);
  });

  test('ranking is by corrected time, ties by arrival then id, with gaps to the first', () => {
    expect(
      rankPresses([
        { contestantId: 'b', correctedAt: 120, arrivedAt: 130, mode: 'synced' },
        { contestantId: 'a', correctedAt: 100, arrivedAt: 190, mode: 'clamped' },
        { contestantId: 'c', correctedAt: 120, arrivedAt: 125, mode: 'arrival' },
      ]),
    ).toEqual([
      { contestantId: 'a', correctedAt: 100, gapMs: 0, mode: 'clamped' },
      { contestantId: 'c', correctedAt: 120, gapMs: 20, mode: 'arrival' },
      { contestantId: 'b', correctedAt: 120, gapMs: 20, mode: 'synced' },
    ]);
  });
});

// ------------------------------------------------------------------------------------------
// Properties, through the real `decide`/`evolve`/`deadlines`: the same path the server runs.

const PHONES = ['c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07', 'c08', 'c09', 'c10'];
/** Clock error bound of an honest phone in the model, ms. */
const E = 20;

interface SimPress {
  contestantId: string;
  /** True press time, server clock. */
  pressAt: number;
  /** One-way delay, within [0, windowMs]. */
  delay: number;
  windowMs: number;
  /** What the phone claims (honest: pressAt + clock error; forged: anything). */
  claimedAt: number;
}

/** Given a buzzer question shown, when the host arms it over a link of `graceLink` ms: the scenario and the open instant. */
function armedWorld(graceLink: number): { scenario: ContestScenario; openAt: number } {
  const scenario = contestSpec.given(
    ...opening({ contestId: 'p', segmentId: 'knowledge-buzzer' }),
    {
      type: 'QuestionPrepared',
      data: { run: 1, segmentId: 'knowledge-buzzer', round: 'buzzer', questionId: 'q21', contestantId: null },
    },
    { type: 'QuestionShown', data: { run: 1, questionId: 'q21', at: 2 } },
  );
  scenario
    .when({ type: 'ArmBuzzer', data: { run: 1 } }, { role: 'host' }, 10_000, { rttMs: graceLink, synced: true })
    .thenAccepted();
  const openAt = scenario.state.knowledge.active!.buzz!.openAt;
  return { scenario, openAt };
}

/** Deliver presses in arrival order, firing the decision deadline when its time comes; returns the winner. */
function play(presses: SimPress[], graceLink: number): string | null {
  const { scenario } = armedWorld(graceLink);
  const arrivals = [...presses].sort((a, b) => a.pressAt + a.delay - (b.pressAt + b.delay));
  const fireDue = (until: number) => {
    for (;;) {
      const next = scenario.deadlines[0];
      if (!next || next.at > until || next.command.type !== 'DecideBuzz') return;
      scenario.whenDeadline().thenAccepted();
    }
  };
  for (const p of arrivals) {
    const arrivedAt = p.pressAt + p.delay;
    fireDue(arrivedAt - 1);
    scenario
      .when(
        { type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: p.claimedAt } },
        { role: 'contestant', subjectId: p.contestantId },
        arrivedAt,
        { rttMs: p.windowMs, synced: true },
      )
      .thenAccepted();
  }
  fireDue(Number.MAX_SAFE_INTEGER);
  return scenario.state.knowledge.active?.buzz?.winnerId ?? null;
}

describe('arbitration properties (through decide)', () => {
  test('whatever the arrival order and latencies within the model, the earliest true press wins', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 10 }),
        fc.array(
          fc.record({
            gap: fc.integer({ min: 2 * E + 1, max: 400 }),
            window: fc.integer({ min: 2, max: GRACE_CAP_MS }),
            delayShare: fc.double({ min: 0, max: 1, noNaN: true }),
            error: fc.integer({ min: -E, max: E }),
          }),
          { minLength: 10, maxLength: 10 },
        ),
        fc.integer({ min: 400, max: 2000 }),
        (n, params, firstAfterOpen) => {
          const { openAt } = armedWorld(GRACE_CAP_MS);
          let t = openAt + firstAfterOpen;
          const presses: SimPress[] = params.slice(0, n).map((p, i) => {
            if (i > 0) t += p.gap;
            const delay = Math.floor(p.delayShare * p.window);
            return { contestantId: PHONES[i]!, pressAt: t, delay, windowMs: p.window, claimedAt: t + p.error };
          });
          const slowest = Math.max(...presses.map((p) => p.windowMs));
          expect(play(presses, slowest)).toBe('c01');
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a forged early time cannot beat a genuine press made more than the cheat’s window (+ clock error) earlier', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 1200 }),
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 2, max: GRACE_CAP_MS }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: -E, max: E }),
        fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1e12 })),
        (cheatWindow, margin, cheatDelayShare, honestWindow, honestDelayShare, honestError, forged) => {
          const { openAt } = armedWorld(GRACE_CAP_MS);
          const honestAt = openAt + 500;
          // The cheat really presses more than its window + E after the honest phone.
          const cheatAt = honestAt + cheatWindow + E + 1 + margin;
          const cheat: SimPress = {
            contestantId: 'c02',
            pressAt: cheatAt,
            delay: Math.floor(cheatDelayShare * Math.min(cheatWindow, MAX_CLAIM_WINDOW_MS)),
            windowMs: cheatWindow,
            claimedAt: forged,
          };
          const honest: SimPress = {
            contestantId: 'c01',
            pressAt: honestAt,
            delay: Math.floor(honestDelayShare * honestWindow),
            windowMs: honestWindow,
            claimedAt: honestAt + honestError,
          };
          const winner = play([cheat, honest], Math.min(GRACE_CAP_MS, Math.max(cheatWindow, honestWindow)));
          // The forged claim is clamped to arrival − window ≥ its real press − window > the honest press + E.
          // (A forged time before the open instant is a false start: then the honest phone wins too.)
          expect(winner).toBe('c01');
        },
      ),
      { numRuns: 300 },
    );
  });
});
