import { expect, test } from 'vitest';
import { FailureLimiter, rateLimitedError, TokenBucket } from './rate-limit.ts';

test('a token bucket allows its burst, then refills at its rate', () => {
  const b = new TokenBucket(10, 3, 0);
  expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
  expect(b.waitMs()).toBe(100);
  expect(b.take(100)).toBe(true);
  expect(b.take(100)).toBe(false);
});

test('a clock stepping backwards neither drains nor refills the bucket', () => {
  const b = new TokenBucket(10, 2, 10_000);
  expect(b.take(10_000)).toBe(true);
  // The wall clock steps back a minute: the one token left is still there.
  expect(b.take(-50_000)).toBe(true);
  expect(b.take(-50_000)).toBe(false);
  // Time is measured from the latest instant seen, so the refill resumes from there.
  expect(b.take(10_100)).toBe(true);
});

test('a failure limiter locks a key out after its maximum within the window, then lets it go', () => {
  const l = new FailureLimiter(3, 60_000, 30_000);
  for (let i = 0; i < 2; i++) l.fail('127.0.0.1', 1000);
  expect(l.locked('127.0.0.1', 1000)).toBe(false);
  l.fail('127.0.0.1', 1000);
  expect(l.locked('127.0.0.1', 1000)).toBe(true);
  expect(l.locked('127.0.0.2', 1000)).toBe(false);
  expect(l.locked('127.0.0.1', 31_001)).toBe(false);
});

test("an empty bucket's refusal carries the wait as a typed field, whole milliseconds", () => {
  const b = new TokenBucket(3, 1, 0);
  expect(b.take(0)).toBe(true);
  expect(b.take(0)).toBe(false);
  expect(rateLimitedError(b.waitMs())).toEqual({
    code: 'RATE_LIMITED',
    message: 'slow down: retry in 334 ms',
    retryAfterMs: 334,
  });
  expect(rateLimitedError(12.2, 'too many').retryAfterMs).toBe(13);
  expect(rateLimitedError(-5).retryAfterMs).toBe(0);
});
