import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CLOCK_ROUNDING_MS, EDGE_SAMPLES, estimateClock, type ClockSample } from './clock-sync.ts';

/** A sample taken by a client whose clock reads `theta` behind the server's, with these one-way delays. */
const sample = (sentServer: number, theta: number, up: number, down: number): ClockSample => ({
  t0: sentServer - theta,
  serverTime: sentServer + up,
  t1: sentServer + up + down - theta,
});

describe('estimateClock', () => {
  test('no usable sample → null; samples with t1 < t0 are ignored', () => {
    expect(estimateClock([])).toBeNull();
    expect(estimateClock([{ t0: 10, serverTime: 5, t1: 9 }])).toBeNull();
  });

  test('symmetric delays give the exact offset', () => {
    const est = estimateClock([sample(1000, 500, 20, 20), sample(2000, 500, 30, 30)])!;
    expect(est.offset).toBe(500);
    expect(est.rtt).toBe(40);
    expect(est.samples).toBe(2);
  });

  test('uplink and downlink jitter are filtered separately, beating the lowest round trip', () => {
    // Sample A: fast up (10), slow down (60). Sample B: slow up (60), fast down (10). Both RTT 70;
    // each alone is off by 25 ms, together they pin θ to the 10/10 base.
    const a = sample(1000, -300, 10, 60);
    const b = sample(2000, -300, 60, 10);
    expect(estimateClock([a])!.offset).toBe(-300 - 25);
    const est = estimateClock([a, b])!;
    expect(est.offset).toBe(-300);
    expect(est.error).toBe(10);
  });

  test('the truth lies within the bound, and the bound is never wider than half the best round trip', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -86_400_000, max: 86_400_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 })), {
          minLength: 1,
          maxLength: 60,
        }),
        (theta, delays) => {
          const samples = delays.map(([up, down], i) => sample(1_000_000 + i * 2000, theta, up, down));
          const est = estimateClock(samples)!;
          expect(Math.abs(est.offset - theta)).toBeLessThanOrEqual(est.error + 1e-9);
          expect(est.error).toBeLessThanOrEqual(est.rtt / 2 + 1e-9);
          expect(est.rtt).toBe(Math.min(...delays.map(([u, d]) => u + d)));
        },
      ),
    );
  });

  test('a clock that stepped between samples: only the newest samples that agree are used', () => {
    // The client's clock jumps 200 ms forward after the first three samples: no θ fits them all.
    const before = [0, 1, 2].map((i) => sample(1000 + i * 100, 0, 5 + i, 5 + i));
    const after = [0, 1, 2].map((i) => sample(5000 + i * 100, -200, 20 + i, 22 - i));
    const est = estimateClock([...before, ...after])!;
    expect(est.samples).toBe(3);
    expect(est.offset).toBe(-200);
    expect(est.rtt).toBe(42);
    expect(est.error).toBe(20);
    // Right after the step, a single new sample: the classic midpoint and half round trip.
    const fresh = estimateClock([...before, after[0]!])!;
    expect(fresh).toEqual({ offset: -201, rtt: 42, error: 21, samples: 1 });
  });

  test('whole-millisecond server stamps that make the bounds cross slightly are tolerated', () => {
    // θ = 0, RTT 0.4 ms on loopback, server stamps rounded: the bounds cross by under 1 ms.
    const samples: ClockSample[] = [
      { t0: 1000.3, serverTime: 1000, t1: 1000.7 },
      { t0: 2000.0, serverTime: 2001, t1: 2000.4 },
    ];
    const est = estimateClock(samples)!;
    expect(Math.abs(est.offset)).toBeLessThanOrEqual(CLOCK_ROUNDING_MS);
    expect(est.error).toBe(0);
  });

  test('the timestamp uncertainty is the mean spacing of the best bounds on each side, so one stray sample does not set it', () => {
    expect(EDGE_SAMPLES).toBe(4);
    // θ = 0. Uplinks 10, 30, 31, 32, 60…; downlinks 10, 12, 14, 16, 60…: the best uplink is a lucky
    // outlier 20 ms ahead of the next (the old one-gap estimate: (20 + 2) / 2 + 1 = 12 ms).
    const ups = [10, 30, 31, 32, 60, 60];
    const downs = [16, 10, 14, 12, 60, 60];
    const est = estimateClock(ups.map((u, i) => sample(1000 * (i + 1), 0, u, downs[i]!)))!;
    // Mean spacing: uplink (32 − 10) / 3, downlink (16 − 10) / 3; halved and summed, + 1 ms rounding.
    expect(est.uncertainty).toBeCloseTo((22 / 3 + 6 / 3) / 2 + CLOCK_ROUNDING_MS, 6);
    expect(est.uncertainty).toBeLessThan(12);
    expect(est.uncertainty!).toBeLessThanOrEqual(est.error);
    // Two samples: the one spacing there is.
    const two = estimateClock([sample(1000, 0, 10, 12), sample(2000, 0, 14, 20)])!;
    expect(two.uncertainty).toBeCloseTo((4 + 8) / 2 + CLOCK_ROUNDING_MS, 6);
  });
});
