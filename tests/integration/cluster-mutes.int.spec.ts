/**
 * Address mutes decided on an edge (server/src/audience/audience-strikes.ts) reach the core's
 * audience log as `SendersMuted` and hold on every edge: Redis, a core and two edges as spawned
 * processes, sharing one audience secret (a phone's identity holds on either edge). The processes
 * trust 127.0.0.1 as their proxy, so `X-Forwarded-For` names the address. On edge 1, ten phones at
 * one address send thirty comments the word filter refuses (the address limit): the edge mutes
 * them; the core records it; on edge 2 a muted sender (its identity kept) and a fresh phone at the
 * same address are refused as muted, while a phone at another address comments.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { PROTOCOL_VERSION, type AudienceIdentityFrame } from '@leitai/shared';
import { startCoreWithEdges, type DirectCluster, type EdgeProcess } from '../support/cluster-support.ts';
import { connectRaw, connectScreen, type Screen, type TestSocket } from '../support/harness.ts';
import { ask } from '../support/audience-clients.ts';

let cluster: DirectCluster;
let host: Screen | null = null;
let edges: EdgeProcess[] = [];
let joinCode = '';
const sockets: TestSocket[] = [];
const ENV = {
  LEITAI_TRUSTED_PROXIES: '127.0.0.1',
  LEITAI_AUDIENCE_SECRET: 'cluster-mutes-test-secret-0123456789',
};

beforeAll(async () => {
  cluster = await startCoreWithEdges('mutes', ENV);
  ({ edges, joinCode } = cluster);
  host = await connectScreen(cluster.core.url, { token: cluster.hostToken });
}, 90_000);

afterAll(async () => {
  host?.close();
  for (const s of sockets) s.close();
  await cluster?.stop();
});

let device = 0;
/** An audience phone on edge `i` from `address`, with the identity token it kept if any. */
async function phone(
  i: number,
  address: string,
  audienceToken?: string,
): Promise<{ socket: TestSocket; identity: AudienceIdentityFrame }> {
  const socket = connectRaw(
    edges[i]!.url,
    {
      protocolVersion: PROTOCOL_VERSION,
      joinCode,
      deviceId: `mutes-${device++}-xxxxxxxx`,
      ...(audienceToken ? { audienceToken } : {}),
    },
    { extraHeaders: { 'x-forwarded-for': address } },
  );
  sockets.push(socket);
  const identity = await new Promise<AudienceIdentityFrame>((resolve, reject) => {
    socket.once('audience:identity', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, identity };
}

/** A comment, sent again while the edge does not know the contest's policy yet (it answers UNAVAILABLE). */
async function comment(socket: TestSocket, text: string) {
  for (let i = 0; ; i++) {
    const a = await ask(socket, 'audience:comment', { text });
    if (a.ok || a.error?.code !== 'UNAVAILABLE' || i >= 30) return a;
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a mute decided on an edge is recorded by the core and holds on the other edge', async () => {
  const address = '203.0.113.50';
  const offenders = await Promise.all(Array.from({ length: 10 }, () => phone(0, address)));
  for (let round = 0; round < 3; round++) {
    const acks = await Promise.all(offenders.map((p, i) => comment(p.socket, `傻逼${round}${i}`)));
    for (const a of acks) expect(a).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  }

  // The core has it in the audience log: the moderator sees the mute in a sender's history.
  const first = offenders[0]!.identity.deviceId;
  await expect
    .poll(async () => ask(host!.socket, 'moderation:sender', { deviceId: first }), { timeout: 10_000, interval: 200 })
    .toMatchObject({ ok: true, mutedUntil: expect.any(Number) as number, history: { actions: [{ action: 'muted' }] } });

  // On the other edge: the muted sender with its identity, and a fresh phone at the address, are held.
  offenders[0]!.socket.close();
  const back = await phone(1, address, offenders[0]!.identity.token);
  expect(back.identity.deviceId).toBe(first);
  expect(await comment(back.socket, '我回来了')).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN', refusal: 'muted' },
  });
  const fresh = await phone(1, address);
  expect(fresh.identity.deviceId).not.toBe(first);
  expect(await comment(fresh.socket, '换个身份再来')).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN', refusal: 'muted' },
  });
  // Another address on that edge is not affected.
  const bystander = await phone(1, '198.51.100.77');
  expect(await comment(bystander.socket, '大家好')).toMatchObject({ ok: true });
}, 60_000);
