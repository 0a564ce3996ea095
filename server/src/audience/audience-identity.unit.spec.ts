import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IDENTITY_RENEW_MS, IDENTITY_TTL_MS, audienceSecret, identitySigner } from './audience-identity.ts';

const SECRET = 'a-test-secret-of-enough-length';
const who = { deviceId: 'a-dev1', contestId: 'demo', address: '203.0.113.9', since: 1000 };

describe('identitySigner', () => {
  it('a token names its device, contest, address and first issue until it expires', () => {
    const signer = identitySigner(SECRET);
    const { token, expiresAt } = signer.issue(who, 5000);
    expect(expiresAt).toBe(5000 + IDENTITY_TTL_MS);
    expect(signer.verify(token, 'demo', 6000)).toEqual({ ...who, expiresAt });
    expect(signer.verify(token, 'other', 6000)).toBeNull();
    expect(identitySigner('another-secret-entirely').verify(token, 'demo', 6000)).toBeNull();
    expect(signer.verify(`${token.slice(0, -3)}abc`, 'demo', 6000)).toBeNull();
    expect(signer.verify(undefined, 'demo', 6000)).toBeNull();
  });

  it('an expired token still names its device within the renewal window, not after it', () => {
    const signer = identitySigner(SECRET);
    const { token, expiresAt } = signer.issue(who, 0);
    expect(signer.verify(token, 'demo', expiresAt + 3600_000)).toMatchObject({ deviceId: 'a-dev1', since: 1000 });
    expect(signer.verify(token, 'demo', expiresAt + IDENTITY_RENEW_MS - 1)).not.toBeNull();
    expect(signer.verify(token, 'demo', expiresAt + IDENTITY_RENEW_MS)).toBeNull();
  });
});

describe('audienceSecret', () => {
  const dirs: string[] = [];
  const saved = process.env.LEITAI_AUDIENCE_SECRET;
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    if (saved === undefined) delete process.env.LEITAI_AUDIENCE_SECRET;
    else process.env.LEITAI_AUDIENCE_SECRET = saved;
  });

  it('makes a key file beside the database once (0600) and reads it back; the environment wins', () => {
    delete process.env.LEITAI_AUDIENCE_SECRET;
    const dir = mkdtempSync(join(tmpdir(), 'leitai-idkey-'));
    dirs.push(dir);
    const db = join(dir, 'leitai.sqlite');
    const first = audienceSecret(db);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(`${db}.audience-key`).mode & 0o777).toBe(0o600);
    expect(audienceSecret(db)).toBe(first);
    // Two signers over the same file (a restart) accept each other's tokens.
    const { token } = identitySigner(first).issue(who, 0);
    expect(identitySigner(audienceSecret(db)).verify(token, 'demo', 1)).toMatchObject({ deviceId: 'a-dev1' });
    process.env.LEITAI_AUDIENCE_SECRET = SECRET;
    expect(audienceSecret(db)).toBe(SECRET);
    delete process.env.LEITAI_AUDIENCE_SECRET;
    expect(audienceSecret(undefined)).toBeUndefined();
  });
});
