/**
 * Stuffing from one address, on a real server with real sockets on loopback (loopback is
 * capped here: `exemptLoopback: false`): fresh device ids do not buy more cheers than the
 * per-address cap, nor more connections; a banned sender reconnecting with a new device id is
 * still banned, while a device already there before the ban is not; X-Forwarded-For is believed
 * only from a configured trusted proxy.
 */
import { describe, expect, it } from 'vitest';
import { expectConnectError, type TestContest, type TestSocket } from '../support/harness.ts';
import { ask } from '../support/audience-clients.ts';
import { audienceBench } from '../support/audience-bench.ts';

const bench = audienceBench();
const start = bench.start;

/** An audience socket with a fresh device id; resolves once connected. */
const phone = (c: TestContest, headers?: Record<string, string>): Promise<TestSocket> =>
  bench.phone(c, headers ? { headers } : {});

const cheersFor = (c: TestContest, contestantId: string): number =>
  c.server.audience.room(c.contestId)?.state.cheers.final?.counts[contestantId] ?? 0;

describe('stuffing from one address', () => {
  it('300 connections with fresh device ids move a cheer count by at most the per-address cap', async () => {
    const c = await start({
      audienceLimits: { cheersPerContestant: 20, connectionsPerAddress: 320, exemptLoopback: false },
    });
    const phones: TestSocket[] = [];
    for (let i = 0; i < 300; i += 50) {
      phones.push(...(await Promise.all(Array.from({ length: 50 }, () => phone(c)))));
    }
    const acks = await Promise.all(phones.map((p) => ask(p, 'audience:cheer', { contestantId: 'c03' }, 10_000)));
    expect(acks.filter((a) => a.ok)).toHaveLength(20);
    const refused = acks.filter((a) => !a.ok);
    expect(refused).toHaveLength(280);
    for (const r of refused) expect(r.error?.code).toBe('RATE_LIMITED');
    expect(cheersFor(c, 'c03')).toBe(20);
    // Another contestant has its own cap; a refused cheer (already cheered) gives its place back.
    expect(await ask(phones[0]!, 'audience:cheer', { contestantId: 'c04' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const later = await Promise.all(
      phones.slice(100, 125).map((p) => ask(p, 'audience:cheer', { contestantId: 'c04' })),
    );
    expect(later.filter((a) => a.ok)).toHaveLength(20);
    expect(cheersFor(c, 'c04')).toBe(20);

    // Connections: 320 at most from the address; the 321st is refused at the handshake.
    phones.push(...(await Promise.all(Array.from({ length: 20 }, () => phone(c)))));
    const extra = bench.join(c);
    expect((await expectConnectError(extra)).data).toMatchObject({ code: 'RATE_LIMITED' });
    // One leaves, one more may come.
    phones.pop()?.disconnect();
    await expect
      .poll(async () => {
        const s = bench.join(c);
        return new Promise<boolean>((resolve) => {
          s.once('connect', () => resolve(true));
          s.once('connect_error', () => resolve(false));
        });
      })
      .toBe(true);
  }, 60_000);

  it('a banned sender who reconnects with a new device id stays banned; a phone there before the ban does not', async () => {
    const c = await start({ audienceLimits: { exemptLoopback: false } });
    const host = await bench.record(c, { token: c.token('host') });
    expect(await ask(host.socket, 'moderation:mode', { mode: 'auto' })).toEqual({ ok: true });
    const neighbour = await phone(c); // the same address (a venue's Wi-Fi), connected before the ban
    const abuser = await phone(c);
    const sent = await ask(abuser, 'audience:comment', { text: '第一条' });
    expect(sent).toMatchObject({ ok: true, status: 'shown' });
    expect(await ask(host.socket, 'moderation:ban', { commentId: sent.id })).toEqual({ ok: true });
    expect(await ask(abuser, 'audience:comment', { text: '第二条' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'you may not comment' },
    });
    abuser.disconnect();
    const again = await phone(c); // a new device id, the same address
    expect(await ask(again, 'audience:comment', { text: '换个身份再来' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'you may not comment' },
    });
    // The new id is banned in the stream too, so it stays banned after a restart.
    expect(Object.values(c.server.audience.room(c.contestId)?.state.banned ?? {})).toEqual(['host', 'auto']);
    expect(await ask(neighbour, 'audience:comment', { text: '我一直在这里' })).toMatchObject({ ok: true });
  });

  it('X-Forwarded-For counts only from a trusted proxy', async () => {
    const trusted = await start({
      trustedProxies: ['127.0.0.1', '::1'],
      audienceLimits: { cheersPerContestant: 2, exemptLoopback: false },
    });
    const viaProxy = async (client: string) =>
      ask(await phone(trusted, { 'x-forwarded-for': client }), 'audience:cheer', { contestantId: 'c03' });
    // Behind the trusted proxy, each client address has its own cap.
    expect((await viaProxy('203.0.113.7')).ok).toBe(true);
    expect((await viaProxy('203.0.113.7')).ok).toBe(true);
    expect(await viaProxy('203.0.113.7')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect((await viaProxy('198.51.100.9')).ok).toBe(true);
    // The right-most untrusted hop is the client: an address the client wrote itself is ignored.
    expect(await viaProxy('198.51.100.1, 203.0.113.7')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    await bench.stop();

    // Without a trusted proxy the header is the client's own claim: ignored, one address.
    const plain = await start({ audienceLimits: { cheersPerContestant: 2, exemptLoopback: false } });
    const direct = async (client: string) =>
      ask(await phone(plain, { 'x-forwarded-for': client }), 'audience:cheer', { contestantId: 'c03' });
    expect((await direct('203.0.113.7')).ok).toBe(true);
    expect((await direct('198.51.100.9')).ok).toBe(true);
    expect(await direct('192.0.2.55')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });
});
