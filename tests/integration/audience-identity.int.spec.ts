/**
 * The signed audience identity and what it holds, on a real server with real sockets on loopback
 * (capped here: `exemptLoopback: false`): the server names audience devices (a client-chosen id is
 * ignored, a token it issued gives the same device back); bans and cut-offs hold when the sender
 * comes back without its identity; an address's refused comments escalate to a recorded mute; the
 * popularity award weighs one address's burst of new devices down, and says how; the moderator
 * trusts a sender (skips review) and reads a sender's history.
 */
import { describe, expect, it } from 'vitest';
import type { AudienceIdentityFrame, AudienceMe, Welcome } from '@leitai/shared';
import type { LeitaiConfig } from '@leitai/server';
import type { TestContest, TestSocket } from '../support/harness.ts';
import { ask } from '../support/audience-clients.ts';
import { audienceBench } from '../support/audience-bench.ts';

const bench = audienceBench();

interface Phone {
  socket: TestSocket;
  welcome: Welcome;
  identity: AudienceIdentityFrame;
}

/** An audience phone: with a device id of its own choosing, and the token it kept if any. */
async function phone(c: TestContest, audienceToken?: string): Promise<Phone> {
  const socket = bench.join(c, audienceToken ? { auth: { audienceToken } } : {});
  const identity = new Promise<AudienceIdentityFrame>((resolve) => socket.once('audience:identity', resolve));
  const welcome = new Promise<Welcome>((resolve, reject) => {
    (socket as unknown as { once(e: string, f: (w: Welcome) => void): void }).once('session:welcome', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, welcome: await welcome, identity: await identity };
}

async function start(config: LeitaiConfig) {
  const c = await bench.start(config);
  const host = await bench.record(c, { token: c.token('host') });
  return { c, host };
}

describe('signed audience identity', () => {
  it('the server names the device; its token gives the same one back; a forged or foreign one does not', async () => {
    const { c } = await start({});
    const first = await phone(c);
    expect(first.welcome.deviceId).toBe(first.identity.deviceId);
    expect(first.identity.deviceId).toMatch(/^a-/); // not the id the client sent
    expect(first.identity.expiresAt).toBeGreaterThan(Date.now());
    first.socket.disconnect();
    const back = await phone(c, first.identity.token);
    expect(back.welcome.deviceId).toBe(first.identity.deviceId);
    const tampered = `${first.identity.token.slice(0, -2)}xx`;
    expect((await phone(c, tampered)).welcome.deviceId).not.toBe(first.identity.deviceId);
  });

  it('a banned sender stays banned with its token and without it; a cut-off holds for a fresh identity', async () => {
    const { c, host } = await start({ audienceLimits: { exemptLoopback: false, strikeLimit: 3 } });
    expect(await ask(host.socket, 'moderation:mode', { mode: 'auto' })).toEqual({ ok: true });
    const neighbour = await phone(c);
    const abuser = await phone(c);
    const sent = await ask(abuser.socket, 'audience:comment', { text: '第一条' });
    expect(await ask(host.socket, 'moderation:ban', { commentId: sent.id })).toEqual({ ok: true });
    abuser.socket.disconnect();
    const withToken = await phone(c, abuser.identity.token);
    expect(withToken.welcome.deviceId).toBe(abuser.identity.deviceId);
    expect(await ask(withToken.socket, 'audience:comment', { text: '我回来了' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const fresh = await phone(c); // dropped its identity: a new device at the banned address
    expect(await ask(fresh.socket, 'audience:comment', { text: '换个身份再来' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    // Cut-off by strikes (three refused comments), then back without the identity: still cut off.
    const striker = await phone(c);
    const gone = new Promise<void>((resolve) => striker.socket.once('disconnect', () => resolve()));
    for (let i = 0; i < 3; i++) {
      expect(await ask(striker.socket, 'audience:comment', { text: `傻逼${i}` })).toMatchObject({ ok: false });
    }
    await gone;
    const again = await phone(c);
    expect(await ask(again.socket, 'audience:comment', { text: '我是新来的' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'you may not comment' },
    });
    expect(await ask(neighbour.socket, 'audience:comment', { text: '我一直在这里' })).toMatchObject({ ok: true });
  });

  it("an address's refused comments escalate to a mute, recorded in the audience log", async () => {
    const { c, host } = await start({
      audienceLimits: { exemptLoopback: false, strikeLimit: 50, addressStrikeLimit: 4 },
    });
    expect(await ask(host.socket, 'moderation:mode', { mode: 'auto' })).toEqual({ ok: true });
    const a = await phone(c);
    const b = await phone(c);
    const bystander = await phone(c);
    for (let i = 0; i < 2; i++) {
      await ask(a.socket, 'audience:comment', { text: `傻逼${i}` });
      await ask(b.socket, 'audience:comment', { text: `傻逼b${i}` });
    }
    const room = () => c.server.audience.room(c.contestId)!;
    await expect
      .poll(() => Object.keys(room().state.muted).sort())
      .toEqual([a.welcome.deviceId, b.welcome.deviceId].sort());
    expect(await ask(a.socket, 'audience:comment', { text: '正常发言' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await ask(bystander.socket, 'audience:comment', { text: '正常发言' })).toMatchObject({ ok: true });
    // The moderator sees the mute in the sender's history.
    const history = await ask(host.socket, 'moderation:sender', { deviceId: a.welcome.deviceId });
    expect(history).toMatchObject({
      ok: true,
      mutedUntil: expect.any(Number) as number,
      history: { actions: [{ action: 'muted' }] },
    });
  });

  it('a trusted sender skips review; the host reads their history', async () => {
    const { c, host } = await start({});
    const fan = await phone(c);
    const first = await ask(fan.socket, 'audience:comment', { text: '加油' });
    expect(first).toMatchObject({ ok: true, status: 'queued' });
    expect(await ask(host.socket, 'moderation:trust', { deviceId: fan.welcome.deviceId, trusted: true })).toEqual({
      ok: true,
    });
    await host.waitFor(() => host.moderation.some((m) => m.trusted?.includes(fan.welcome.deviceId)));
    expect(await ask(fan.socket, 'audience:comment', { text: '太棒了' })).toMatchObject({ ok: true, status: 'shown' });
    const h = await ask(host.socket, 'moderation:sender', { deviceId: fan.welcome.deviceId });
    expect(h).toMatchObject({
      ok: true,
      trusted: true,
      banned: false,
      history: {
        posted: 2,
        comments: [
          { text: '加油', status: 'queued' },
          { text: '太棒了', status: 'shown' },
        ],
        actions: [{ action: 'trusted' }],
      },
    });
  });
});

describe('identity across a restart', () => {
  it('a restarted server knows its phones again: nickname and cheer come back; a phone without its token is new', async () => {
    const { c } = await start({});
    const fan = await phone(c);
    expect(await ask(fan.socket, 'audience:nickname', { nickname: '老观众' })).toEqual({
      ok: true,
      nickname: '老观众',
    });
    expect(await ask(fan.socket, 'audience:cheer', { contestantId: 'c05' })).toEqual({ ok: true });
    const restarted = await bench.restart(c);

    const me = (socket: TestSocket) =>
      new Promise<AudienceMe>((resolve) =>
        (socket as unknown as { once(e: string, f: (m: AudienceMe) => void): void }).once('audience:me', resolve),
      );
    const socketOf = (token?: string) => bench.join(restarted, token ? { auth: { audienceToken: token } } : {});
    const back = socketOf(fan.identity.token);
    const [backMe, backId] = await Promise.all([
      me(back),
      new Promise<AudienceIdentityFrame>((resolve) => back.once('audience:identity', resolve)),
    ]);
    expect(backId.deviceId).toBe(fan.identity.deviceId);
    expect(backMe).toMatchObject({ nickname: '老观众', cheers: { final: 'c05' } });
    // The same device: its one cheer on this stage is spent.
    expect(await ask(back, 'audience:cheer', { contestantId: 'c01' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });

    // Without its token a phone is a new device: a default nickname, no cheer, newborn.
    const stranger = socketOf();
    const [strangerMe, strangerId] = await Promise.all([
      me(stranger),
      new Promise<AudienceIdentityFrame>((resolve) => stranger.once('audience:identity', resolve)),
    ]);
    expect(strangerId.deviceId).not.toBe(fan.identity.deviceId);
    expect(strangerMe.nickname).not.toBe('老观众');
    expect(strangerMe.cheers).toEqual({});
  });
});

describe('weighted popularity', () => {
  it('a burst of new devices from one address moves the award by little, and the host sees how', async () => {
    const { c, host } = await start({ audienceLimits: { exemptLoopback: false, cheersPerContestant: 30 } });
    const phones = await Promise.all(Array.from({ length: 30 }, () => phone(c)));
    const acks = await Promise.all(phones.map((p) => ask(p.socket, 'audience:cheer', { contestantId: 'c03' })));
    expect(acks.every((a) => a.ok)).toBe(true);
    const ack = await ask(host.socket, 'moderation:popularity', { stageId: 'final' });
    expect(ack).toMatchObject({ ok: true, breakdown: { c03: { raw: 30, capped: 10 } } });
    const f = (ack as unknown as { breakdown: Record<string, { weighted: number; topAddresses: { share: number }[] }> })
      .breakdown.c03!;
    // Ten counted, all new devices (¼) in one burst (½ after the first three).
    expect(f.weighted).toBeCloseTo(3 * 0.25 + 7 * 0.125, 2);
    expect(f.topAddresses).toHaveLength(1);
    expect(f.topAddresses[0]!.share).toBe(1);
    expect(ack.counts).toEqual({ c03: 2 });
    await host.waitFor(() => host.moderation.some((m) => m.popularity?.breakdown['c03']?.raw === 30));
  });
});
