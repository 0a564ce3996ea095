import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { contestSpec, opening, type ContestScenario } from '../contest-spec.ts';
import {
  GRACE_CAP_MS,
  MAX_CLAIM_WINDOW_MS,
  MIN_GRACE_MS,
  correctPress,
  MAX_SERVER_LAG_MS,
  graceWindow,
  pressTime,
  isPhotoFinish,
  linkWindow,
  rankPresses,
} from './buzz-arbitration.ts';

describe('pure arbitration', () => {
  test('claims inside [arrival − window, arrival] are kept, outside they are clamped; unsynced → arrival', () => {
    expect(correctPress({ claimedAt: 950, arrivedAt: 1000, windowMs: 80, synced: true })).toEqual({
      correctedAt: 950,
      mode: 'synced',
      windowMs: 80,
      boundMs: 0,
    });
    expect(correctPress({ claimedAt: 100, arrivedAt: 1000, windowMs: 80, synced: true }).correctedAt).toBe(920);
    expect(correctPress({ claimedAt: 1200, arrivedAt: 1000, windowMs: 80, synced: true }).correctedAt).toBe(1000);
    expect(correctPress({ claimedAt: 950, arrivedAt: 1000, windowMs: 80, synced: false }).mode).toBe('arrival');
    expect(correctPress({ claimedAt: 0, arrivedAt: 5000, windowMs: 1e9, synced: true }).correctedAt).toBe(
      5000 - MAX_CLAIM_WINDOW_MS,
    );
  });

  test('the clamped label: only a claim moved by more than its clock error bound', () => {
    // Under load: window 40 ms, arrival 145 ms late. The server's own lag widens the window, so the honest claim stays.
    const loaded = correctPress({
      claimedAt: 1000,
      arrivedAt: 1145,
      windowMs: 40,
      synced: true,
      errorMs: 6,
      lagMs: 110,
    });
    expect(loaded).toEqual({ correctedAt: 1000, mode: 'synced', windowMs: 150, boundMs: 6 });
    // Moved by 4 ms with a 6 ms bound: moved to the edge, but not labelled.
    const near = correctPress({ claimedAt: 916, arrivedAt: 1000, windowMs: 80, synced: true, errorMs: 6 });
    expect(near).toEqual({ correctedAt: 920, mode: 'synced', windowMs: 80, boundMs: 6 });
    // Moved by 7 ms with a 6 ms bound: labelled, and its bound is the window.
    const far = correctPress({ claimedAt: 913, arrivedAt: 1000, windowMs: 80, synced: true, errorMs: 6 });
    expect(far).toEqual({ correctedAt: 920, mode: 'clamped', windowMs: 80, boundMs: 80 });
    // A claim from the future beyond its bound is labelled too.
    expect(correctPress({ claimedAt: 1010, arrivedAt: 1000, windowMs: 80, synced: true, errorMs: 6 }).mode).toBe(
      'clamped',
    );
  });

  test('one rounding rule (pressTime): a claim kept with a fraction is its corrected time exactly', () => {
    expect([pressTime(1000.5), pressTime(1000.49), pressTime(999.5)]).toEqual([1001, 1000, 1000]);
    const kept = correctPress({ claimedAt: 950.5, arrivedAt: 1000, windowMs: 80, synced: true, errorMs: 3 });
    expect(kept).toEqual({ correctedAt: pressTime(950.5), mode: 'synced', windowMs: 80, boundMs: 3 });
    // The label compares the times as recorded: 913.4 is recorded 913, moved 7 ms with a 6 ms bound.
    expect(correctPress({ claimedAt: 913.4, arrivedAt: 1000, windowMs: 80, synced: true, errorMs: 6 }).mode).toBe(
      'clamped',
    );
    expect(correctPress({ claimedAt: 913.5, arrivedAt: 1000, windowMs: 80, synced: true, errorMs: 6 }).mode).toBe(
      'synced',
    );
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.integer({ min: 2, max: 1000 }), (claim, window) => {
        const arrivedAt = Math.round(claim) + Math.floor(window / 2);
        const c = correctPress({ claimedAt: claim, arrivedAt, windowMs: window, synced: true, errorMs: 0 });
        return c.correctedAt === pressTime(claim) && Number.isInteger(c.correctedAt);
      }),
    );
  });

  test('a forged early claim is still clamped, server lag included and capped', () => {
    const forged = correctPress({
      claimedAt: 0,
      arrivedAt: 10_000,
      windowMs: 30,
      synced: true,
      errorMs: 5,
      lagMs: 1e6,
    });
    expect(forged.correctedAt).toBe(10_000 - 30 - MAX_SERVER_LAG_MS);
    expect(forged.mode).toBe('clamped');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        (claim, window, error, lag) => {
          const c = correctPress({
            claimedAt: claim,
            arrivedAt: 20_000,
            windowMs: window,
            synced: true,
            errorMs: error,
            lagMs: lag,
          });
          return c.correctedAt >= 20_000 - MAX_CLAIM_WINDOW_MS - MAX_SERVER_LAG_MS && c.correctedAt <= 20_000;
        },
      ),
    );
  });

  test('photo finish: a gap below the two bounds together', () => {
    expect(isPhotoFinish({ correctedAt: 100, boundMs: 6 }, { correctedAt: 110, boundMs: 5 })).toBe(true);
    expect(isPhotoFinish({ correctedAt: 100, boundMs: 6 }, { correctedAt: 111, boundMs: 5 })).toBe(false);
    expect(isPhotoFinish({ correctedAt: 100, boundMs: 0 }, { correctedAt: 100, boundMs: 0 })).toBe(false);
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

describe('photo finish (through decide)', () => {
  /** Two presses 8 ms apart; each phone's clock is known to ±`bound` ms. */
  function decideTwo(bound: number) {
    const { scenario, openAt } = armedWorld(60);
    const at = openAt + 1000;
    for (const [id, claimed, arrived] of [
      ['c01', at, at + 30],
      ['c02', at + 8, at + 35],
    ] as const) {
      scenario
        .when(
          { type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: claimed } },
          { role: 'contestant', subjectId: id },
          arrived,
          { rttMs: 60, synced: true, errorMs: bound },
        )
        .thenAccepted();
    }
    return scenario.whenDeadline();
  }

  test('given two presses closer than their bounds, when the buzz is decided, then the photo finish is recorded and the earlier estimate wins', () => {
    const decided = decideTwo(5).thenAccepted();
    const buzz = decided.state.knowledge.active!.buzz!;
    expect(buzz.winnerId).toBe('c01');
    expect(buzz.photoFinish).toMatchObject({
      presses: [
        { contestantId: 'c01', boundMs: 5 },
        { contestantId: 'c02', boundMs: 5 },
      ],
      rule: 'earlier',
    });
    const [first, second] = buzz.photoFinish!.presses;
    expect(second!.correctedAt - first!.correctedAt).toBe(8);
  });

  test('given two presses further apart than their bounds, when the buzz is decided, then there is no photo finish', () => {
    const decided = decideTwo(3);
    expect(decided.events.find((e) => e.type === 'BuzzDecided')?.data).not.toHaveProperty('photoFinish');
    expect(decided.thenAccepted().state.knowledge.active!.buzz!.photoFinish).toBeUndefined();
  });
});
