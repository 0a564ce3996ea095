/**
 * What every platform source is to the rest of the server: something that connects,
 * authenticates, hands over comments, likes and gifts, keeps its connection alive, reconnects
 * with exponential back-off, and says how it is doing (connected / retrying / refused) with
 * counters. Pull adapters (bilibili) implement `IngestAdapter`; push sources (the signed
 * webhook) have no connection and only report what arrived.
 */

/** Platforms a source may stand for; the badge the stage shows. */
export const INGEST_PLATFORMS = ['bilibili', 'douyin', 'kuaishou', 'wechat'] as const;
export type IngestPlatform = (typeof INGEST_PLATFORMS)[number];

export interface IngestSender {
  /** The platform's id of the sender (open id, uid). */
  id: string;
  name: string;
}

/** One normalised item from a platform. */
export type IngestItem =
  | { kind: 'comment'; sender: IngestSender; text: string; ts: number }
  | { kind: 'like'; sender: IngestSender; count: number; ts: number }
  | { kind: 'gift'; sender: IngestSender; gift: string; count: number; ts: number };

/**
 * - `stopped`: not started (or stopped by the host);
 * - `connecting`: first attempt under way;
 * - `connected`: authenticated and receiving (for a webhook: accepting pushes);
 * - `retrying`: the connection dropped or could not be made; the next attempt is scheduled;
 * - `refused`: the platform refused the keys or identity code; no retry until the host changes them or restarts.
 */
export type SourceState = 'stopped' | 'connecting' | 'connected' | 'retrying' | 'refused';

export interface SourceCounters {
  comments: number;
  likes: number;
  gifts: number;
  /** Comments that reached the stage or the review queue. */
  shown: number;
  queued: number;
  /** Refused by the word filter, a ban, the rate limit, or closed comments. */
  filtered: number;
  muted: number;
  rateLimited: number;
  /** Connections made after the first (reconnects), and failed attempts. */
  reconnects: number;
  errors: number;
  /** Heartbeat replies received (pull adapters). */
  heartbeats: number;
}

export const emptyCounters = (): SourceCounters => ({
  comments: 0,
  likes: 0,
  gifts: 0,
  shown: 0,
  queued: 0,
  filtered: 0,
  muted: 0,
  rateLimited: 0,
  reconnects: 0,
  errors: 0,
  heartbeats: 0,
});

export interface SourceHealth {
  state: SourceState;
  /** A short English reason for `retrying` / `refused` (the panel shows a translated state). */
  detail: string | null;
  /** When the next attempt is due (`retrying`). */
  retryAt: number | null;
  since: number;
}

/** What an adapter calls back into. */
export interface AdapterHooks {
  item(item: IngestItem): void;
  health(health: SourceHealth): void;
  /** A heartbeat reply or a reconnect: counted. */
  count(counter: 'heartbeats' | 'reconnects' | 'errors'): void;
  now(): number;
}

export interface IngestAdapter {
  start(): void;
  /** Close the connection and end the platform session; resolves when closed. */
  stop(): Promise<void>;
}

/** A refusal of the keys or identity code: the adapter stops retrying (state `refused`). */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';
}

/** Exponential back-off with full jitter: base·2^n capped, a random point below it. */
export class Backoff {
  private attempt = 0;
  constructor(
    private readonly baseMs = 500,
    private readonly maxMs = 30_000,
    private readonly random: () => number = Math.random,
  ) {}
  /** The wait before the next attempt (and count it). */
  next(): number {
    const cap = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(cap / 2 + (this.random() * cap) / 2);
  }
  reset(): void {
    this.attempt = 0;
  }
  get attempts(): number {
    return this.attempt;
  }
}
