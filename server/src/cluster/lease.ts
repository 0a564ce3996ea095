/**
 * The primary's lease in Redis (R14, docs/reliability.md "Takeover"): one key,
 * `<prefix>:primary`, holding `<id>@<epoch>` with a time to live. The primary takes it at start
 * (SET NX), renews it every third of its life (only if it still holds that exact value: a Lua
 * compare-and-expire), and a standby takes it once it has lapsed. Every acquisition increments
 * `<prefix>:primary-epoch`, so a value names one term of one process.
 *
 * Fencing: `validUntil` is the local time before which this process may still believe it holds
 * the lease (the start of its last successful renewal plus the time to live, less a margin). The
 * store's write gate refuses every append after it, so a primary that was paused, cut off from
 * Redis or replaced never writes once a standby could have taken over; a renewal that finds
 * another value ends its term for good (`onLost`).
 */
import type { RedisClientType } from 'redis';

type Client = Pick<RedisClientType, 'set' | 'get' | 'incr' | 'eval' | 'del'>;

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** Default time to live of the lease (ms): a dead primary is replaced about this long after its last renewal. */
export const LEASE_TTL_MS = 3000;

export const leaseKey = (prefix: string): string => `${prefix}:primary`;

/** The current holder's value (`id@epoch`), or null when the lease has lapsed. */
export async function leaseHolder(client: Client, prefix: string): Promise<string | null> {
  return (await client.get(leaseKey(prefix))) ?? null;
}

export class LeaseHeldError extends Error {
  readonly code = 'LEASE_HELD' as const;
  constructor(readonly holder: string) {
    super(
      `another core holds the primary lease (${holder}): this process must not write. If that core is the ` +
        `promoted standby, start this one as its standby (--standby-of); if it is gone, wait for its lease to lapse`,
    );
    this.name = 'LeaseHeldError';
  }
}

export class LeaseLostError extends Error {
  readonly code = 'LEASE_LOST' as const;
  constructor(reason: string) {
    super(`this core no longer holds the primary lease (${reason}); writes are refused`);
    this.name = 'LeaseLostError';
  }
}

export interface LeaseOptions {
  prefix: string;
  /** This process's id (host name and pid, or the standby's id). */
  id: string;
  ttlMs?: number;
  /** Called once when a renewal finds the lease held by someone else. */
  onLost?: (holder: string | null) => void;
  log?: (line: string) => void;
}

export class Lease {
  readonly ttlMs: number;
  private value = '';
  epoch = 0;
  /** Local time (ms) until which this process may write. */
  validUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private lost: string | undefined;
  /** Called once when a renewal finds the lease held by someone else (or lapsed). */
  onLost: ((holder: string | null) => void) | undefined;

  constructor(
    private readonly client: Client,
    private readonly options: LeaseOptions,
  ) {
    this.ttlMs = options.ttlMs ?? LEASE_TTL_MS;
    this.onLost = options.onLost;
  }

  get key(): string {
    return leaseKey(this.options.prefix);
  }

  /** Takes the lease if nobody holds it (`force`: even if someone does, for `leitai promote`); throws `LeaseHeldError`. */
  async acquire(force = false): Promise<void> {
    const started = Date.now();
    const epoch = Number(await this.client.incr(`${this.options.prefix}:primary-epoch`));
    const value = `${this.options.id}@${epoch}`;
    const ok = force
      ? await this.client.set(this.key, value, { PX: this.ttlMs })
      : await this.client.set(this.key, value, { PX: this.ttlMs, NX: true });
    if (ok !== 'OK') throw new LeaseHeldError((await this.client.get(this.key)) ?? 'unknown');
    this.value = value;
    this.epoch = epoch;
    this.validUntil = started + this.ttlMs - this.margin();
    this.lost = undefined;
  }

  /** The holder's value (`id@epoch`) while held. */
  get holderValue(): string {
    return this.value;
  }

  /** Renews every third of the time to live until `stop`. */
  start(): void {
    const every = Math.max(100, Math.floor(this.ttlMs / 3));
    this.timer = setInterval(() => void this.renew(), every);
    this.timer.unref();
  }

  /** Why writes are refused now, if they are (the store's write gate). */
  fence(): LeaseLostError | undefined {
    if (this.lost) return new LeaseLostError(this.lost);
    if (Date.now() >= this.validUntil) return new LeaseLostError('it was not renewed in time');
    return undefined;
  }

  async renew(): Promise<boolean> {
    if (this.lost || !this.value) return false;
    const started = Date.now();
    try {
      const r = await this.client.eval(RENEW, { keys: [this.key], arguments: [this.value, String(this.ttlMs)] });
      if (Number(r) === 1) {
        this.validUntil = started + this.ttlMs - this.margin();
        return true;
      }
      const holder = (await this.client.get(this.key)) ?? null;
      this.lost = holder ? `held by ${holder}` : 'it lapsed';
      this.options.log?.(`lease: ${this.lost}; this core stops writing`);
      this.stop();
      this.onLost?.(holder);
      return false;
    } catch (error) {
      // Redis away: keep trying; writes stop by themselves at validUntil.
      this.options.log?.(`lease: renewal failed (${error instanceof Error ? error.message : String(error)})`);
      return false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Gives the lease up (a clean stop), so a standby need not wait for it to lapse. */
  async release(): Promise<void> {
    this.stop();
    if (!this.value || this.lost) return;
    try {
      await this.client.eval(RELEASE, { keys: [this.key], arguments: [this.value] });
    } catch {
      // It lapses by itself.
    }
    this.lost = 'released';
  }

  private margin(): number {
    return Math.min(500, Math.floor(this.ttlMs / 6));
  }
}
