/**
 * What a client address limits in the audience, so that one address cannot stuff the counts or
 * escape a ban by inventing device ids (the device id is the client's own choice):
 *
 * - the real address: the peer, or, when the peer is a configured trusted proxy, the nearest
 *   untrusted address of its `X-Forwarded-For` (never a header from anyone else);
 * - audience connections and cheers per address: counted by address-limits.ts (shared across edges);
 * - bans by address: a device first seen at an address after a device there was banned is
 *   banned too. Devices already seen there before the ban are not (a venue's Wi-Fi is one
 *   address for hundreds of phones). Address bans live in memory; the device bans are events.
 */

/** Addresses of the proxies whose `X-Forwarded-For` is believed (exact, IPv4 or IPv6). */
export type TrustedProxies = ReadonlySet<string>;

/** `::ffff:127.0.0.1` and `127.0.0.1` are one address. */
export const normaliseAddress = (address: string): string => {
  const a = address.trim().toLowerCase();
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
};

/** Trusted proxies from a list (config or env `LEITAI_TRUSTED_PROXIES`, comma-separated). */
export function trustedProxies(list: readonly string[] | string | undefined): TrustedProxies {
  const items = typeof list === 'string' ? list.split(',') : (list ?? []);
  return new Set(items.map(normaliseAddress).filter(Boolean));
}

/**
 * The client's address: the peer's, unless the peer is a trusted proxy; then the right-most
 * address of `X-Forwarded-For` that is not itself a trusted proxy (the left-most when all are).
 */
export function clientAddress(
  handshake: { address: string; headers: Record<string, string | string[] | undefined> },
  trusted: TrustedProxies,
): string {
  const peer = normaliseAddress(handshake.address);
  if (!trusted.has(peer)) return peer;
  const header = handshake.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map(normaliseAddress)
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (hop !== undefined && !trusted.has(hop)) return hop;
  }
  return hops[0] ?? peer;
}

export interface AddressLimits {
  /** Audience connections one address may hold at once (default env LEITAI_AUDIENCE_CONNECTIONS_PER_ADDRESS, else 500). */
  connectionsPerAddress?: number;
  /** Cheers from one address for one contestant over the contest (default env LEITAI_AUDIENCE_CHEERS_PER_CONTESTANT, else 50). */
  cheersPerContestant?: number;
  /** Strikes within a minute that cut a device off (default 10), and for how long (default 10 min): audience-strikes.ts. */
  strikeLimit?: number;
  cutOffMs?: number;
  /** Comments the filter refuses from one address within a minute that mute its senders (default 30). */
  addressStrikeLimit?: number;
  /**
   * Loopback (127.0.0.0/8, ::1) is not capped (default true): what connects from there is a
   * proxy on the same machine, which should be a trusted proxy so its clients' addresses count,
   * or a load test. Addresses behind a trusted proxy are capped as any other.
   */
  exemptLoopback?: boolean;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1)$/u;

/** Which devices were seen at which address, and the address bans, for the audience core of one process. */
export class AddressGuard {
  /** contest/device → [address, first seen]. Bounded: the oldest go first. */
  private readonly devices = new Map<string, { address: string; at: number }>();
  /** contest/address → when a device there was banned. */
  private readonly bans = new Map<string, number>();
  private readonly exemptLoopback: boolean;

  constructor(limits: AddressLimits = {}) {
    this.exemptLoopback = limits.exemptLoopback ?? true;
  }

  /** Whether the address is exempt from the per-address rules (loopback, unless told otherwise). */
  exempt(address: string): boolean {
    return this.exemptLoopback && LOOPBACK.test(address);
  }

  /** A device was seen at an address (its first sighting is what counts for address bans). */
  seen(contestId: string, deviceId: string, address: string, at: number): void {
    const key = `${contestId}\u0000${deviceId}`;
    if (this.devices.has(key)) return;
    if (this.devices.size >= 100_000) {
      const oldest = this.devices.keys().next().value;
      if (oldest !== undefined) this.devices.delete(oldest);
    }
    this.devices.set(key, { address, at });
  }

  /** A device was banned: its address bans the devices that appear there from now on. */
  banned(contestId: string, deviceId: string, at: number): void {
    const d = this.devices.get(`${contestId}\u0000${deviceId}`);
    if (d) this.bans.set(`${contestId}\u0000${d.address}`, at);
  }

  /** Whether a device inherits a ban of its address (first seen there after the ban). */
  inheritsBan(contestId: string, deviceId: string): boolean {
    const d = this.devices.get(`${contestId}\u0000${deviceId}`);
    if (!d) return false;
    const since = this.bans.get(`${contestId}\u0000${d.address}`);
    return since !== undefined && d.at >= since;
  }
}
