/**
 * The audience's signed identity: the server, not the phone, names an audience device. On each
 * audience connection the server issues a short-lived token, an HMAC over the device id, the
 * contest, the client address and an expiry (`audience:identity`); the phone keeps it and sends
 * it back at its next handshake (`auth.audienceToken`). A valid token (signature, contest, not
 * expired) gives the socket that device id again; anything else, including a device id the
 * client made up, gets a new one from the server. A banned or muted device therefore cannot come
 * back as someone else by choosing an id, and a phone that drops its token is a new device at its
 * address, where the address's bans and cut-offs catch it (address-guard.ts, audience-strikes.ts).
 *
 * The key: `LEITAI_AUDIENCE_SECRET` (shared by every process of a cluster, so a token from one edge
 * holds on another), else a random key per process (a restart issues new identities).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a token holds (re-issued at every connection and every `refreshMs` while connected). */
export const IDENTITY_TTL_MS = 2 * 3600_000;
export const IDENTITY_REFRESH_MS = 30 * 60_000;

/** What a token says. */
export interface AudienceIdentity {
  deviceId: string;
  contestId: string;
  /** The client address it was issued to. */
  address: string;
  /** When the server first named this device (kept through re-issues: the device's age). */
  since: number;
  expiresAt: number;
}

export interface IdentitySigner {
  issue(identity: Omit<AudienceIdentity, 'expiresAt'>, now: number): { token: string; expiresAt: number };
  /** The identity a token carries, or null (bad signature, malformed, another contest, expired). */
  verify(token: string | undefined, contestId: string, now: number): AudienceIdentity | null;
}

/** A new server-chosen audience device id. */
export const newAudienceDeviceId = (): string => `a-${randomBytes(12).toString('base64url')}`;

export function identitySigner(secret: string | undefined = process.env.LEITAI_AUDIENCE_SECRET): IdentitySigner {
  const key = secret && secret.length >= 16 ? Buffer.from(secret) : randomBytes(32);
  const mac = (body: string): Buffer => createHmac('sha256', key).update(body).digest();
  return {
    issue(identity, now) {
      const expiresAt = now + IDENTITY_TTL_MS;
      const body = Buffer.from(
        JSON.stringify({
          d: identity.deviceId,
          c: identity.contestId,
          a: identity.address,
          s: identity.since,
          e: expiresAt,
        }),
      ).toString('base64url');
      return { token: `${body}.${mac(body).toString('base64url')}`, expiresAt };
    },
    verify(token, contestId, now) {
      if (typeof token !== 'string' || token.length > 512) return null;
      const dot = token.indexOf('.');
      if (dot <= 0) return null;
      const body = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), 'base64url');
      const want = mac(body);
      if (given.length !== want.length || !timingSafeEqual(given, want)) return null;
      try {
        const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
        const { d, c, a, s, e } = p;
        if (typeof d !== 'string' || typeof c !== 'string' || typeof a !== 'string') return null;
        if (typeof s !== 'number' || typeof e !== 'number') return null;
        if (c !== contestId || e <= now) return null;
        return { deviceId: d, contestId: c, address: a, since: s, expiresAt: e };
      } catch {
        return null;
      }
    },
  };
}
