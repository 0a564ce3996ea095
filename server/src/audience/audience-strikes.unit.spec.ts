import { describe, expect, it } from 'vitest';
import { AudienceStrikes } from './audience-strikes.ts';
import { IDENTITY_RENEW_MS, identitySigner } from './audience-identity.ts';

describe('AudienceStrikes', () => {
  it('cuts a device off, and fresh devices that come from its address meanwhile; not the ones already there', () => {
    const s = new AudienceStrikes({ strikeLimit: 3, cutOffMs: 10_000 });
    expect(s.strike('k', 'abuser', 'A', 'blocked', 1).cutOff).toBe(false);
    expect(s.strike('k', 'abuser', 'A', 'blocked', 2).cutOff).toBe(false);
    expect(s.strike('k', 'abuser', 'A', 'blocked', 3).cutOff).toBe(true);
    expect(s.mutedFor('k', 'abuser', 'A', false, 0, 4)).toBe(10_003);
    expect(s.mutedFor('k', 'fresh', 'A', true, 5, 6)).toBe(10_003); // came back with a new id
    expect(s.mutedFor('k', 'neighbour', 'A', true, 0, 6)).toBe(0); // connected before the cut-off
    expect(s.mutedFor('k', 'known', 'A', false, 5, 6)).toBe(0); // a device named before
    expect(s.mutedFor('k', 'fresh', 'B', true, 5, 6)).toBe(0);
    expect(s.mutedFor('k', 'fresh', 'A', true, 5, 10_004)).toBe(0);
  });

  it("escalates an address's refused comments: 2 min, then 10 min, then an hour", () => {
    const s = new AudienceStrikes({ strikeLimit: 100, addressStrikeLimit: 4 });
    const round = (t: number) => {
      let mute;
      for (let i = 0; i < 4; i++) mute = s.strike('k', `d${i % 2}`, 'A', 'blocked', t + i).mute ?? mute;
      return mute;
    };
    const first = round(0);
    expect(first).toMatchObject({ deviceIds: ['d0', 'd1'], level: 1, until: 3 + 2 * 60_000, strikes: 4 });
    expect(first?.addressTag).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(s.mutedFor('k', 'd0', 'A', false, 0, 10)).toBeGreaterThan(10);
    expect(s.mutedFor('k', 'other', 'A', false, 0, 10)).toBe(0);
    expect(round(200_000)?.level).toBe(2);
    expect(round(400_000)).toMatchObject({ level: 3, until: 400_003 + 3600_000 });
    // Rate limits alone do not escalate an address; loopback is exempt when told.
    const t = new AudienceStrikes({ strikeLimit: 100, addressStrikeLimit: 1, exempt: (a) => a === 'L' });
    expect(t.strike('k', 'x', 'A', 'rateLimited', 1).mute).toBeUndefined();
    expect(t.strike('k', 'x', 'L', 'blocked', 1).mute).toBeUndefined();
  });
});

describe('identitySigner', () => {
  it('gives back the device it issued, for its contest, until its renewal window ends; nothing else', () => {
    const signer = identitySigner('a-test-secret-of-enough-length');
    const { token, expiresAt } = signer.issue({ deviceId: 'a-1', contestId: 'k', address: '1.2.3.4', since: 5 }, 100);
    expect(signer.verify(token, 'k', 200)).toEqual({
      deviceId: 'a-1',
      contestId: 'k',
      address: '1.2.3.4',
      since: 5,
      expiresAt,
    });
    expect(signer.verify(token, 'other', 200)).toBeNull();
    // Past its expiry a token is renewable (the same device) for IDENTITY_RENEW_MS, not longer.
    expect(signer.verify(token, 'k', expiresAt)).toMatchObject({ deviceId: 'a-1', since: 5 });
    expect(signer.verify(token, 'k', expiresAt + IDENTITY_RENEW_MS)).toBeNull();
    const [body, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ d: 'victim', c: 'k', a: '1.2.3.4', s: 5, e: expiresAt })).toString(
      'base64url',
    );
    expect(signer.verify(`${forged}.${mac}`, 'k', 200)).toBeNull();
    expect(signer.verify(`${body}.x${mac}`, 'k', 200)).toBeNull();
    expect(identitySigner('another-secret-of-enough-len').verify(token, 'k', 200)).toBeNull();
    expect(signer.verify(undefined, 'k', 200)).toBeNull();
  });
});
