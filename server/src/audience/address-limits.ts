/**
 * Per-address limits of the audience, counted where every process sees the same numbers:
 * in Redis (rate-limiter-flexible's RateLimiterRedis) when the server is scaled out, so that one
 * address spread over several edges (HAProxy hashes each page load anew) meets one cap; in this
 * process (its RateLimiterMemory) when it runs alone. The numbers are the same either way:
 *
 * - join-code guessing: 10 wrong codes per address within a minute lock the address out for a minute;
 * - connections per address: LEITAI_AUDIENCE_CONNECTIONS_PER_ADDRESS (default 500) at once;
 * - comments per address: 60 per 2 s (30 a second, in bursts), on top of each device's own pace;
 * - cheers per address for one contestant: LEITAI_AUDIENCE_CHEERS_PER_CONTESTANT (default 50) per contest.
 *
 * Loopback is exempt from the connection and cheer caps (never from the comment cap) (address-guard.ts: a local proxy
 * should be a trusted proxy; load tests run there). When Redis fails, each process counts in
 * memory meanwhile (the limiter's insurance), so limits hold, per process, through an outage.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from '../cluster/redis-link.ts';

export interface AddressLimiterConfig {
  /** Redis command client: the limits are shared by every process on it. */
  redis?: RedisClient;
  /** Key prefix in Redis (the cluster's channel prefix: clusters sharing a Redis do not mix). */
  prefix?: string;
  connectionsPerAddress?: number;
  cheersPerContestant?: number;
  exemptLoopback?: boolean;
  /** Comments per address: a sustained rate and a burst (default 30 a second, 60 at once). */
  commentsPerSecond?: number;
  commentBurst?: number;
}

/** A positive whole number from the environment (an operator's setting without a CLI flag). */
function envCount(name: string): number | undefined {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1)$/u;
/** How long a connection is counted at most (a process that dies without saying goodbye). */
const CONNECTION_TTL_S = 6 * 3600;
/** How long a contest's cheers are counted. */
const CHEER_TTL_S = 7 * 24 * 3600;

export const JOIN_FAILURES = { points: 10, windowS: 60, lockS: 60 } as const;

/** The limiter's answer when a key has no points left (rate-limiter-flexible rejects with it). */
const refused = (e: unknown): RateLimiterRes => {
  if (e instanceof RateLimiterRes) return e;
  throw e;
};

export class AddressLimiter {
  readonly connectionCap: number;
  readonly cheerCap: number;
  readonly shared: boolean;
  private readonly exemptLoopback: boolean;
  private readonly joins: RateLimiterAbstract;
  private readonly connections: RateLimiterAbstract;
  private readonly comments: RateLimiterAbstract;
  private readonly cheers: RateLimiterAbstract;
  /** Comments per address within `commentWindowS` (the burst, over the time the rate takes to allow it). */
  readonly commentPoints: number;
  readonly commentWindowS: number;

  constructor(config: AddressLimiterConfig = {}) {
    this.connectionCap = config.connectionsPerAddress ?? envCount('LEITAI_AUDIENCE_CONNECTIONS_PER_ADDRESS') ?? 500;
    this.cheerCap = config.cheersPerContestant ?? envCount('LEITAI_AUDIENCE_CHEERS_PER_CONTESTANT') ?? 50;
    this.exemptLoopback = config.exemptLoopback ?? true;
    this.shared = config.redis !== undefined;
    const prefix = `${config.prefix ?? 'leitai'}:limits`;
    const make = (name: string, points: number, duration: number, blockDuration = 0): RateLimiterAbstract => {
      const opts = { keyPrefix: `${prefix}:${name}`, points, duration, blockDuration };
      if (!config.redis) return new RateLimiterMemory(opts);
      return new RateLimiterRedis({
        ...opts,
        storeClient: config.redis,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(opts),
      });
    };
    this.joins = make('join', JOIN_FAILURES.points, JOIN_FAILURES.windowS, JOIN_FAILURES.lockS);
    this.connections = make('conn', this.connectionCap, CONNECTION_TTL_S);
    this.commentPoints = config.commentBurst ?? 60;
    this.commentWindowS = Math.max(1, Math.ceil(this.commentPoints / (config.commentsPerSecond ?? 30)));
    this.comments = make('comment', this.commentPoints, this.commentWindowS);
    this.cheers = make('cheer', this.cheerCap, CHEER_TTL_S);
  }

  private exempt(address: string): boolean {
    return this.exemptLoopback && LOOPBACK.test(address);
  }

  /** Whether the address is locked out after too many wrong join codes. */
  async joinLocked(address: string): Promise<boolean> {
    const r = await this.joins.get(address);
    return r !== null && r.consumedPoints >= JOIN_FAILURES.points;
  }

  /** A wrong join code from the address; the last one allowed locks it out for a minute. */
  async joinFailed(address: string): Promise<void> {
    const r = await this.joins.consume(address).catch(refused);
    if (r.consumedPoints >= JOIN_FAILURES.points) await this.joins.block(address, JOIN_FAILURES.lockS);
  }

  /** A connection from the address: false (refuse it) when it already holds the cap. */
  async connect(address: string): Promise<boolean> {
    if (this.exempt(address)) return true;
    const r = await this.connections.consume(address).catch(refused);
    if (r.consumedPoints <= this.connectionCap) return true;
    // Refused: the attempt does not count.
    await this.connections.reward(address).catch(() => undefined);
    return false;
  }

  async disconnect(address: string): Promise<void> {
    if (this.exempt(address)) return;
    await this.connections.reward(address).catch(() => undefined);
  }

  /** A comment from the address: 0 when it may go, else the wait in ms. */
  async comment(address: string): Promise<number> {
    // Not waived for loopback: a comment flood from one address is capped wherever it comes from
    // (as the gate's per-address bucket always did; audience-flood.int.spec.ts).
    const r = await this.comments.consume(address).catch(refused);
    return r.consumedPoints <= this.commentPoints ? 0 : Math.max(r.msBeforeNext, 1);
  }

  /** Reserve a cheer for `contestantId`; false at the cap. Give it back with `unreserveCheer` if refused. */
  async reserveCheer(contestId: string, address: string, contestantId: string): Promise<boolean> {
    if (this.exempt(address)) return true;
    const key = `${contestId}/${address}/${contestantId}`;
    const r = await this.cheers.consume(key).catch(refused);
    if (r.consumedPoints <= this.cheerCap) return true;
    await this.cheers.reward(key).catch(() => undefined);
    return false;
  }

  async unreserveCheer(contestId: string, address: string, contestantId: string): Promise<void> {
    if (this.exempt(address)) return;
    await this.cheers.reward(`${contestId}/${address}/${contestantId}`).catch(() => undefined);
  }
}
