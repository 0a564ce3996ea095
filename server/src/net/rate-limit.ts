import { retryLaterError, type DomainError } from '@leitai/shared';

/** The answer to a sender whose bucket is empty: `RATE_LIMITED` with the wait as a typed field. */
export function rateLimitedError(waitMs: number, message = `slow down: retry in ${Math.ceil(waitMs)} ms`): DomainError {
  return retryLaterError('RATE_LIMITED', message, waitMs);
}

/** A token bucket: `burst` tokens, refilled at `perSecond`. Time comes from the caller. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Take one token; false when the bucket is empty. */
  take(now: number): boolean {
    // A clock that steps backwards refills nothing (rather than draining the bucket).
    const elapsed = Math.max(0, now - this.last);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.perSecond);
    this.last = Math.max(this.last, now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token is available. */
  waitMs(): number {
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }
}

/**
 * Counts failures per key (e.g. wrong join codes per address) and locks a key out for
 * `lockMs` once it reaches `maxFailures` within `windowMs`. Entries expire, so memory stays bounded
 * by the number of distinct keys seen in a window.
 */
export class FailureLimiter {
  private readonly entries = new Map<string, { count: number; since: number; lockedUntil: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly lockMs: number,
  ) {}

  locked(key: string, now: number): boolean {
    const e = this.entries.get(key);
    return !!e && e.lockedUntil > now;
  }

  fail(key: string, now: number): void {
    this.sweep(now);
    const e = this.entries.get(key);
    if (!e || now - e.since > this.windowMs) {
      this.entries.set(key, { count: 1, since: now, lockedUntil: 0 });
      return;
    }
    e.count += 1;
    if (e.count >= this.maxFailures) e.lockedUntil = now + this.lockMs;
  }

  private sweep(now: number): void {
    if (this.entries.size < 10_000) return;
    for (const [k, e] of this.entries) {
      if (e.lockedUntil <= now && now - e.since > this.windowMs) this.entries.delete(k);
    }
  }
}
