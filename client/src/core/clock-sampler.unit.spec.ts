import { afterEach, expect, test, vi } from 'vitest';
import { CLOCK_SCHEDULE, ClockSampler, keepLatest } from './clock-sampler.ts';
import { sleep } from '@leitai/shared';

afterEach(() => {
  vi.useRealTimers();
});

test('keepLatest keeps only the newest samples', () => {
  let samples = keepLatest([], { t0: 0, serverTime: 0, t1: 0 }, 3);
  for (let i = 1; i < 6; i++) samples = keepLatest(samples, { t0: i, serverTime: i, t1: i }, 3);
  expect(samples.map((s) => s.t0)).toEqual([3, 4, 5]);
});

test('samples a burst of 8 spaced 100 ms, then one every 10 s', async () => {
  vi.useFakeTimers();
  const pings: number[] = [];
  const sampler = new ClockSampler(
    (t0) => {
      pings.push(Date.now());
      return Promise.resolve({ t0, serverTime: t0 + 500 });
    },
    () => {},
  );
  sampler.start();
  await vi.advanceTimersByTimeAsync(CLOCK_SCHEDULE.burstSpacingMs * 7);
  expect(pings).toHaveLength(8);
  await vi.advanceTimersByTimeAsync(CLOCK_SCHEDULE.intervalMs - 1);
  expect(pings).toHaveLength(8);
  await vi.advanceTimersByTimeAsync(1);
  expect(pings).toHaveLength(9);
  sampler.stop();
  await vi.advanceTimersByTimeAsync(CLOCK_SCHEDULE.intervalMs * 3);
  expect(pings).toHaveLength(9);
});

test('reports the estimated offset and error from the pongs', async () => {
  let now = 1000;
  const estimates: (number | undefined)[] = [];
  const sampler = new ClockSampler(
    (t0) => {
      now += 40; // 40 ms round trip, server 5 s ahead, reply in the middle
      return Promise.resolve({ t0, serverTime: t0 + 20 + 5000 });
    },
    (e) => estimates.push(e?.offset),
    () => now,
  );
  sampler.start();
  await sleep(0);
  sampler.stop();
  expect(estimates[0]).toBe(5000);
  expect(sampler.estimate()).toMatchObject({ rtt: 40, error: 20 });
});

test('drops a pong that answers another ping, and survives a lost one', async () => {
  const estimates: unknown[] = [];
  let n = 0;
  const sampler = new ClockSampler(
    (t0) => {
      n++;
      if (n === 1) return Promise.resolve({ t0: t0 - 1, serverTime: 0 });
      return Promise.reject(new Error('operation has timed out'));
    },
    (e) => estimates.push(e),
  );
  sampler.start();
  await sleep(0);
  sampler.stop();
  expect(estimates).toEqual([]);
  expect(sampler.estimate()).toBeNull();
});
