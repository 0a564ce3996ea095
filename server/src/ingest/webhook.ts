/**
 * The signed webhook receiver for platforms that push (Douyin, Kuaishou, WeChat Channels live
 * interaction push), behind whatever relay the organiser runs for them:
 *
 *   POST /api/ingest/:contestId/:sourceId
 *   X-Leitai-Timestamp: <unix seconds>
 *   X-Leitai-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *   { "platform": "douyin", "sender": { "id": "…", "name": "…" }, "text": "…", "ts": 1765000000000 }
 *   (or "likes": n instead of "text"; or { "items": [ …up to 100 of these… ] })
 *
 * The signature covers the exact bytes received and the timestamp; a timestamp more than five
 * minutes away is refused, and a signature seen within that window is a replay (refused).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { COMMENT_SOURCES, domainError, type DomainError } from '@leitai/shared';
import type { IngestItem } from './adapter.ts';

export const SIGNATURE_HEADER = 'x-leitai-signature';
export const TIMESTAMP_HEADER = 'x-leitai-timestamp';
/** How far a push's timestamp may be from the server's clock. */
export const WINDOW_MS = 5 * 60_000;
export const MAX_PUSH_ITEMS = 100;

export function signPush(secret: string, timestampSeconds: number, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestampSeconds}.`);
  mac.update(rawBody);
  return `sha256=${mac.digest('hex')}`;
}

/** Signatures accepted within the window, to refuse a replay of one. */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  /** True when new (and now remembered); false for a replay. */
  remember(signature: string, now: number): boolean {
    if (this.seen.size > 50_000 || this.seen.size % 1000 === 999) {
      for (const [k, at] of this.seen) if (now - at > 2 * WINDOW_MS) this.seen.delete(k);
    }
    if (this.seen.has(signature)) return false;
    this.seen.set(signature, now);
    return true;
  }
}

export type VerifyResult = { ok: true } | { ok: false; error: DomainError };

const unauth = (message: string): VerifyResult => ({ ok: false, error: domainError('UNAUTHENTICATED', message) });

/** Check a push's signature and timestamp (not the replay: the caller remembers accepted ones). */
export function verifyPush(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  now: number,
): VerifyResult {
  const ts = headers[TIMESTAMP_HEADER];
  const sig = headers[SIGNATURE_HEADER];
  if (typeof ts !== 'string' || !/^\d{9,11}$/u.test(ts)) return unauth(`${TIMESTAMP_HEADER} (unix seconds) required`);
  if (typeof sig !== 'string' || !/^sha256=[0-9a-f]{64}$/u.test(sig)) {
    return unauth(`${SIGNATURE_HEADER}: sha256=<hex> required`);
  }
  if (Math.abs(now - Number(ts) * 1000) > WINDOW_MS) return unauth('timestamp outside the allowed window (5 min)');
  const expected = Buffer.from(signPush(secret, Number(ts), rawBody));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return unauth('signature does not match');
  return { ok: true };
}

const badBody = (message: string): { ok: false; error: DomainError } => ({
  ok: false,
  error: domainError('BAD_REQUEST', message),
});

/** The items of a verified push body, or a typed 400 error. */
export function parsePush(
  body: unknown,
  platform: string,
  now: number,
): { ok: true; items: IngestItem[] } | { ok: false; error: DomainError } {
  if (typeof body !== 'object' || body === null) return badBody('a JSON object is required');
  const list = Array.isArray((body as { items?: unknown }).items) ? (body as { items: unknown[] }).items : [body];
  if (list.length === 0 || list.length > MAX_PUSH_ITEMS) return badBody(`1 to ${MAX_PUSH_ITEMS} items`);
  const items: IngestItem[] = [];
  for (const [i, raw] of list.entries()) {
    const at = `items[${i}]`;
    if (typeof raw !== 'object' || raw === null) return badBody(`${at}: an object is required`);
    const o = raw as Record<string, unknown>;
    if (typeof o.platform !== 'string' || !(COMMENT_SOURCES as readonly string[]).includes(o.platform)) {
      return badBody(`${at}.platform: one of ${COMMENT_SOURCES.join(', ')}`);
    }
    if (o.platform !== platform) return badBody(`${at}.platform: this source is for ${platform}`);
    const s = o.sender as Record<string, unknown> | undefined;
    if (typeof s !== 'object' || s === null || typeof s.id !== 'string' || !s.id || s.id.length > 64) {
      return badBody(`${at}.sender.id: a string of 1 to 64 characters`);
    }
    const name = typeof s.name === 'string' ? s.name.slice(0, 64) : '';
    const ts = typeof o.ts === 'number' && Number.isFinite(o.ts) ? o.ts : now;
    const sender = { id: s.id, name };
    if (typeof o.text === 'string') {
      if (o.text.length === 0 || o.text.length > 500) return badBody(`${at}.text: 1 to 500 characters`);
      items.push({ kind: 'comment', sender, text: o.text, ts });
    } else if (Number.isInteger(o.likes) && (o.likes as number) > 0 && (o.likes as number) <= 10_000) {
      items.push({ kind: 'like', sender, count: o.likes as number, ts });
    } else {
      return badBody(`${at}: "text" (a comment) or "likes" (1 to 10000) required`);
    }
  }
  return { ok: true, items };
}
