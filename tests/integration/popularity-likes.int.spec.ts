/**
 * 人气奖 by likes through real sockets: likes from the audience page count for the contestant
 * whose turn it is when they arrive, tallied once a flush per address (never one event per tap),
 * capped per address and weighed by device age; the host asks, the server records the counts
 * (PopularityRecorded, by likes) and answers with how each was formed; the same counts come back
 * from the stored log after a restart. Addresses are told apart through a trusted proxy
 * (X-Forwarded-For from loopback). Expected values by hand:
 * - likes before anyone's turn count for no one;
 * - c03's turn: one address, 5 new phones × 8 messages × 50 = 2,000 likes → 500 counted (the cap),
 *   each ¼ (devices under a minute old) → 125;
 * - c07's turn: 6 new phones at 6 addresses × 2 × 50 = 600 likes → all counted, ¼ each → 150.
 * c07 wins with 150 although c03 got more than three times the taps.
 */
import { rmSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import {
  DEMO_CONTEST,
  PROTOCOL_VERSION,
  POPULARITY_RULE,
  stageResults,
  weighLikes,
  type ContestFile,
} from '@leitai/shared';
import { startLeitaiServer, type LeitaiServerHandle } from '@leitai/server';
import { ask, newDeviceId } from '../support/audience-clients.ts';
import {
  connectRaw,
  connectScreen,
  startWithDemo,
  type Screen,
  type TestContest,
  type TestSocket,
} from '../support/harness.ts';

let t: TestContest | null = null;
let again: LeitaiServerHandle | null = null;
const sockets: TestSocket[] = [];
const screens: Screen[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const s of screens.splice(0)) s.close();
  await again?.close();
  again = null;
  await t?.cleanup();
  t = null;
});

const BY_LIKES: ContestFile = {
  ...DEMO_CONTEST,
  awards: { ...DEMO_CONTEST.awards!, popularity: { name: '人气奖', by: 'likes' } },
};

test('likes of each turn → host asks → PopularityRecorded by likes, weighed; the log gives the same counts again', async () => {
  t = await startWithDemo({ trustedProxies: ['127.0.0.1', '::1'], audienceLimits: { exemptLoopback: false } });
  const server = t.server;
  const created = await server.service.create(BY_LIKES, { contestId: 'likes' });
  if (!created.ok) throw new Error(created.error.message);
  const { contestId, joinCode, seats } = created.contest;
  const hostToken = seats.find((s) => s.role === 'host')!.token;
  const host = await connectScreen(server.url, { token: hostToken });
  screens.push(host);

  /** A phone behind the trusted proxy, at `address`. */
  const phone = async (address: string): Promise<TestSocket> => {
    const socket = connectRaw(
      server.url,
      { protocolVersion: PROTOCOL_VERSION, joinCode, deviceId: newDeviceId() },
      { extraHeaders: { 'x-forwarded-for': address } },
    );
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('audience:identity', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };
  /** `messages` likes messages of 50 taps each, all acknowledged (stored). */
  const tap = async (socket: TestSocket, messages: number) => {
    const acks = await Promise.all(Array.from({ length: messages }, () => ask(socket, 'audience:like', { count: 50 })));
    expect(acks).toEqual(Array.from({ length: messages }, () => ({ ok: true, accepted: 50 })));
  };
  const turn = async (contestantId: string) => {
    const ack = await host.send({ type: 'SetCurrentContestant', data: { contestantId } });
    expect(ack).toMatchObject({ ok: true });
  };

  expect(await host.send({ type: 'StartStage', data: { stageId: 'final' } })).toMatchObject({ ok: true });
  // Before anyone's turn: counted in the likes total, for no contestant.
  await tap(await phone('192.0.2.1'), 2);

  await turn('c03');
  const stuffers = await Promise.all(Array.from({ length: 5 }, () => phone('203.0.113.7')));
  await Promise.all(stuffers.map((s) => tap(s, 8)));

  await turn('c07');
  const fans = await Promise.all(Array.from({ length: 6 }, (_, i) => phone(`198.51.100.${i + 10}`)));
  await Promise.all(fans.map((s) => tap(s, 2)));

  // Tallied once a flush, not once a tap: a handful of events for 2,700 likes.
  const room = server.audience.room(contestId)!;
  expect(room.state.likes).toBe(2700);
  const stored = [...server.service.store.readStream(room.streamId)].map((e) => e.type);
  const tallies = stored.filter((type) => type === 'LikesTallied').length;
  expect(tallies).toBeGreaterThanOrEqual(2);
  expect(tallies).toBeLessThanOrEqual(20);

  // Only the host asks; the server counts.
  expect(await ask(fans[0]!, 'moderation:popularity', { stageId: 'final' })).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
  const ack = await ask(host.socket, 'moderation:popularity', { stageId: 'final' });
  const cap = POPULARITY_RULE.likesPerAddress;
  expect(ack).toMatchObject({
    ok: true,
    counts: { c03: cap / 4, c07: 150 },
    breakdown: {
      c03: { raw: 2000, capped: cap, weighted: cap / 4, platformLikes: 0, total: cap / 4 },
      c07: { raw: 600, capped: 600, weighted: 150, platformLikes: 0, total: 150 },
    },
  });
  const breakdown = ack['breakdown'] as Record<string, { topAddresses: { cheers: number; share: number }[] }>;
  expect(breakdown['c03']!.topAddresses).toEqual([{ tag: expect.any(String) as string, cheers: cap, share: 1 }]);
  expect(breakdown['c07']!.topAddresses.map((a) => a.cheers)).toEqual([100, 100, 100]);
  expect(Object.keys(breakdown).sort()).toEqual(['c03', 'c07']);

  const position = ack['position'] as number;
  await host.waitForVersion(position);
  const recorded = host.events.filter((e) => e.type === 'PopularityRecorded');
  expect(recorded.map((e) => e.data)).toEqual([
    { stageId: 'final', by: 'likes', counts: { c03: cap / 4, c07: 150 }, at: expect.any(Number) as number },
  ]);
  expect(stageResults(host.state(), 'final')?.popularity?.winners).toEqual([{ id: 'c07', count: 150 }]);

  // Recomputable: a server started again over the same file folds the same tallies.
  const before = weighLikes(room.state, 'final');
  const dbFile = t.dbFile;
  await t.server.close();
  again = await startLeitaiServer({ dbFile, port: 0 });
  const reloaded = again.audience.room(contestId);
  expect(reloaded && weighLikes(reloaded.state, 'final')).toEqual(before);
  const dir = t.dir;
  t = { ...t, cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
}, 60_000);
