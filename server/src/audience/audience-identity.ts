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
 * holds on another), else a key file beside the database (`<db>.audience-key`, mode 0600, made on
 * first use: a restarted server knows its phones again), else a random key per process.
 *
 * A token past its expiry still names its device when it comes back within `IDENTITY_RENEW_MS`
 * (a phone asleep through a long evening): its signature proves the server issued it, so the
 * device, its age (`since`) and everything keyed by it (nickname, cheers, bans, mutes) come back,
 * and a new token is issued. This gives nothing to a stuffer: only a token the server signed
 * names an existing device; any other connection is a fresh device, newborn in the popularity
 * weights and held by its address's cut-offs.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** How long a token holds (re-issued at every connection and every `refreshMs` while connected). */
export const IDENTITY_TTL_MS = 2 * 3600_000;
export const IDENTITY_REFRESH_MS = 30 * 60_000;
/** How long after its expiry a token may still be renewed (same device, new token). */
export const IDENTITY_RENEW_MS = 24 * 3600_000;

/**
 * The identity key: env `LEITAI_AUDIENCE_SECRET` (16 characters or more), else the key file beside
 * the database (made on first use, 0600), else undefined (a random key per process).
 */
export function audienceSecret(dbFile?: string): string | undefined {
  const env = process.env.LEITAI_AUDIENCE_SECRET;
  if (env && env.length >= 16) return env;
  if (!dbFile) return undefined;
  const file = `${dbFile}.audience-key`;
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 16) return kept;
  }
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

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
  /** The identity a token carries, or null (bad signature, malformed, another contest, expired beyond renewal). */
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
        if (c !== contestId || e + IDENTITY_RENEW_MS <= now) return null;
        return { deviceId: d, contestId: c, address: a, since: s, expiresAt: e };
      } catch {
        return null;
      }
    },
  };
}
