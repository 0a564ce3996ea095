/**
 * Strikes, cut-offs and mutes of the audience gate, keyed by device and address together, so that
 * coming back with a new device id does not escape them (the server names devices:
 * audience-identity.ts; a phone that drops its identity is a *fresh* device at its address):
 *
 * - **device strikes**: a blocked or rate-limited message is a strike; `strikeLimit` strikes
 *   within a minute cut the device off for `cutOffMs`, and fresh devices that connect from its
 *   address while the cut-off lasts are cut off too (devices already there are not: a venue's
 *   Wi-Fi is one address for hundreds of phones);
 * - **address strikes**: comments the word filter refuses, from every device of one address,
 *   `addressStrikeLimit` within a minute, escalate: the devices that sent them are muted for
 *   2 min, then 10 min, then an hour (the level falls back after an hour without one), with fresh
 *   devices from the address; each escalation is recorded in the audience log (`SendersMuted`).
 *
 * Memory only, per gate process (the recorded mutes hold in the core, where they are events).
 */
import { createHash } from 'node:crypto';

export interface StrikeOptions {
  strikeLimit?: number;
  cutOffMs?: number;
  addressStrikeLimit?: number;
  /** Mute lengths per escalation level (default 2 min, 10 min, 1 h). */
  muteLevelsMs?: readonly number[];
  /** Addresses exempt from the address rules (loopback, unless told otherwise). */
  exempt?: (address: string) => boolean;
}

/** An escalation to record. */
export interface AddressMute {
  deviceIds: string[];
  addressTag: string;
  until: number;
  level: number;
  strikes: number;
  /** When it was decided. */
  at: number;
}

/** Whether a value is an `AddressMute` (one forwarded by an edge: the wire is checked). */
export function isAddressMute(v: unknown): v is AddressMute {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  const n = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  return (
    Array.isArray(m['deviceIds']) &&
    m['deviceIds'].length <= 10_000 &&
    m['deviceIds'].every((d) => typeof d === 'string' && d.length <= 200) &&
    typeof m['addressTag'] === 'string' &&
    m['addressTag'].length <= 64 &&
    n(m['until']) &&
    n(m['level']) &&
    n(m['strikes']) &&
    n(m['at'])
  );
}

interface AddressState {
  refusals: number;
  windowStart: number;
  offenders: Set<string>;
  level: number;
  lastMuteAt: number;
  /** Fresh devices connecting from `since` on are held until `until`. */
  since: number;
  until: number;
}

const WINDOW_MS = 60_000;

/** A stable, non-reversible-at-a-glance tag of a client address within a contest (logged instead of the address). */
export const addressTag = (contestId: string, address: string): string =>
  createHash('sha256').update(`${contestId}\u0000${address}`).digest('base64url').slice(0, 12);

export class AudienceStrikes {
  private readonly strikeLimit: number;
  private readonly cutOffMs: number;
  private readonly addressLimit: number;
  private readonly levels: readonly number[];
  private readonly exempt: (address: string) => boolean;
  private readonly strikes = new Map<string, { count: number; since: number }>();
  private readonly mutedUntil = new Map<string, number>();
  private readonly addresses = new Map<string, AddressState>();

  constructor(options: StrikeOptions = {}) {
    this.strikeLimit = options.strikeLimit ?? 10;
    this.cutOffMs = options.cutOffMs ?? 10 * 60_000;
    this.addressLimit = options.addressStrikeLimit ?? 30;
    this.levels = options.muteLevelsMs ?? [2 * 60_000, 10 * 60_000, 3600_000];
    this.exempt = options.exempt ?? (() => false);
  }

  private address(contestId: string, address: string, t: number): AddressState {
    const key = `${contestId}/${address}`;
    let a = this.addresses.get(key);
    if (!a) {
      a = { refusals: 0, windowStart: t, offenders: new Set(), level: 0, lastMuteAt: 0, since: 0, until: 0 };
      this.addresses.set(key, a);
    }
    return a;
  }

  /**
   * A strike against a device. `cutOff`: the device is now cut off (disconnect it). `mute`: the
   * address escalated (record it).
   */
  strike(
    contestId: string,
    deviceId: string,
    address: string,
    kind: 'blocked' | 'rateLimited',
    t: number,
  ): { cutOff: boolean; mute?: AddressMute } {
    const key = `${contestId}/${deviceId}`;
    let cutOff = false;
    const s = this.strikes.get(key);
    if (!s || t - s.since > WINDOW_MS) this.strikes.set(key, { count: 1, since: t });
    else if (++s.count >= this.strikeLimit) {
      this.strikes.delete(key);
      this.mutedUntil.set(key, Math.max(this.mutedUntil.get(key) ?? 0, t + this.cutOffMs));
      cutOff = true;
      if (!this.exempt(address)) this.holdFresh(this.address(contestId, address, t), t, t + this.cutOffMs);
    }
    if (kind !== 'blocked' || this.exempt(address)) return { cutOff };
    const a = this.address(contestId, address, t);
    if (t - a.windowStart > WINDOW_MS) {
      a.windowStart = t;
      a.refusals = 0;
      a.offenders.clear();
    }
    a.refusals += 1;
    a.offenders.add(deviceId);
    if (a.refusals < this.addressLimit) return { cutOff };
    a.level = t - a.lastMuteAt < 3600_000 ? Math.min(a.level + 1, this.levels.length) : 1;
    a.lastMuteAt = t;
    const until = t + (this.levels[a.level - 1] ?? this.cutOffMs);
    const deviceIds = [...a.offenders];
    for (const d of deviceIds) {
      const k = `${contestId}/${d}`;
      this.mutedUntil.set(k, Math.max(this.mutedUntil.get(k) ?? 0, until));
    }
    this.holdFresh(a, t, until);
    const mute = {
      deviceIds,
      addressTag: addressTag(contestId, address),
      until,
      level: a.level,
      strikes: a.refusals,
      at: t,
    };
    a.refusals = 0;
    a.offenders.clear();
    a.windowStart = t;
    return { cutOff, mute };
  }

  private holdFresh(a: AddressState, t: number, until: number): void {
    if (a.until <= t) a.since = t;
    a.until = Math.max(a.until, until);
  }

  /**
   * Until when a device may not comment (0: it may). `fresh`: its identity is new (no valid token
   * at its handshake); `connectedAt`: when that handshake was.
   */
  mutedFor(
    contestId: string,
    deviceId: string,
    address: string,
    fresh: boolean,
    connectedAt: number,
    t: number,
  ): number {
    const own = this.mutedUntil.get(`${contestId}/${deviceId}`) ?? 0;
    if (own > t) return own;
    if (!fresh) return 0;
    const a = this.addresses.get(`${contestId}/${address}`);
    return a && a.until > t && connectedAt >= a.since ? a.until : 0;
  }

  /** Forget what has expired. */
  sweep(t: number): void {
    for (const [k, v] of this.strikes) if (t - v.since > WINDOW_MS) this.strikes.delete(k);
    for (const [k, until] of this.mutedUntil) if (until <= t) this.mutedUntil.delete(k);
    for (const [k, a] of this.addresses) {
      if (a.until <= t && t - a.windowStart > WINDOW_MS && t - a.lastMuteAt > 3600_000) this.addresses.delete(k);
    }
  }
}
