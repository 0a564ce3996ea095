/**
 * The bilibili open-platform adapter against a fake room on 127.0.0.1 that speaks the documented
 * protocol: the signed app-start call, op 7 auth → op 8, heartbeats answered with op 3, comments
 * in plain, zlib and brotli bodies holding several packets, likes and gifts, a dropped
 * connection (reconnect with back-off), bad keys and a refused auth (state `refused`, no retry).
 * Then through a real server: a source added over HTTP brings comments to the stage with the
 * platform badge, and no screen nor the host's API ever carries a key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sleep } from '@leitai/shared';
import { BilibiliAdapter, type BilibiliConfig } from '../../server/src/ingest/bilibili-adapter.ts';
import type { IngestItem, SourceHealth } from '../../server/src/ingest/adapter.ts';
import { FAKE_KEYS, startFakeBilibiliRoom, type FakeRoom } from '../support/fake-bilibili.ts';
import { startWithDemo, type TestContest } from '../support/harness.ts';
import { ask, queueOf, recordFrames, type FrameRecorder } from '../support/audience-clients.ts';

let room: FakeRoom | null = null;
let adapter: BilibiliAdapter | null = null;
let contest: TestContest | null = null;
const open: FrameRecorder[] = [];
afterEach(async () => {
  await adapter?.stop();
  adapter = null;
  for (const r of open.splice(0)) r.close();
  await contest?.cleanup();
  contest = null;
  await room?.close();
  room = null;
});

function run(config: Partial<BilibiliConfig> = {}) {
  const items: IngestItem[] = [];
  const states: SourceHealth[] = [];
  const counts = { heartbeats: 0, reconnects: 0, errors: 0 };
  adapter = new BilibiliAdapter(
    {
      baseUrl: room!.baseUrl,
      ...FAKE_KEYS,
      heartbeatMs: 100,
      appHeartbeatMs: 200,
      backoffBaseMs: 50,
      backoffMaxMs: 400,
      ...config,
    },
    {
      item: (i) => items.push(i),
      health: (h) => states.push(h),
      count: (c) => (counts[c] += 1),
      now: () => Date.now(),
    },
  );
  adapter.start();
  const state = () => states.at(-1)?.state;
  return { items, states, counts, state };
}

const waitUntil = async (pred: () => boolean, what: string, ms = 5000) => {
  const until = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
};

describe('bilibili adapter', () => {
  it('authenticates, heartbeats, and reads plain, zlib and brotli bodies of several packets', async () => {
    room = await startFakeBilibiliRoom();
    const a = run();
    await waitUntil(() => a.state() === 'connected', 'connected');
    expect(room.stats).toMatchObject({ starts: 1, auths: 1 });
    await waitUntil(() => a.counts.heartbeats >= 3 && room!.stats.heartbeats >= 3, 'heartbeats both ways');
    await waitUntil(() => room!.stats.appHeartbeats >= 1, 'app heartbeat call');
    room.comments([{ text: '普通一条', uid: 1, uname: '甲' }], 0);
    room.comments(
      [
        { text: 'zlib 一', uid: 2 },
        { text: 'zlib 二', uid: 3 },
      ],
      2,
    );
    room.comments(
      [
        { text: 'brotli 一', uid: 4 },
        { text: 'brotli 二', uid: 5 },
        { text: 'brotli 三', uid: 6 },
      ],
      3,
    );
    room.likes(7, '乙', 12);
    room.gift(8, '丙', '小心心', 3);
    await waitUntil(() => a.items.length === 8, 'eight items');
    const comments = a.items.filter((i) => i.kind === 'comment');
    expect(comments.map((c) => c.text)).toEqual([
      '普通一条',
      'zlib 一',
      'zlib 二',
      'brotli 一',
      'brotli 二',
      'brotli 三',
    ]);
    expect(comments[0]?.sender).toEqual({ id: 'open-1', name: '甲' });
    expect(a.items.find((i) => i.kind === 'like')).toMatchObject({ count: 12, sender: { id: 'open-7' } });
    expect(a.items.find((i) => i.kind === 'gift')).toMatchObject({ gift: '小心心', count: 3 });
    await adapter!.stop();
    expect(a.state()).toBe('stopped');
    expect(room.stats.ends).toBe(1);
  });

  it('a dropped connection: retrying, then connected again with back-off, and comments flow again', async () => {
    room = await startFakeBilibiliRoom();
    const a = run();
    await waitUntil(() => a.state() === 'connected', 'connected');
    room.fail(); // every connection dropped, and the platform answers 503 for a while
    await waitUntil(() => a.state() === 'retrying', 'retrying');
    await sleep(300);
    expect(a.state()).toBe('retrying');
    expect(a.counts.errors).toBeGreaterThanOrEqual(2); // tried again, and again
    const retry = a.states.filter((s) => s.state === 'retrying').map((s) => s.retryAt! - s.since);
    expect(Math.max(...retry)).toBeLessThanOrEqual(400); // capped
    room.heal();
    await waitUntil(() => a.state() === 'connected', 'connected again');
    expect(a.counts.reconnects).toBe(1);
    room.comments([{ text: '回来了', uid: 9 }], 2);
    await waitUntil(() => a.items.some((i) => i.kind === 'comment' && i.text === '回来了'), 'comment after reconnect');
  });

  it('bad keys or a bad identity code: refused, and no retry', async () => {
    room = await startFakeBilibiliRoom();
    const a = run({ accessKeySecret: 'wrong-secret' });
    await waitUntil(() => a.state() === 'refused', 'refused');
    expect(a.states.at(-1)?.detail).toMatch(/code 4102/u);
    await sleep(300);
    expect(room.stats.refusedStarts).toBe(1);
    expect(room.stats.auths).toBe(0);
    await adapter!.stop();
    const b = run({ code: 'NOT-THE-CODE' });
    await waitUntil(() => b.state() === 'refused', 'refused (identity code)');
  });

  it('an auth packet the room refuses: refused', async () => {
    room = await startFakeBilibiliRoom({ refuseAuth: true });
    const a = run();
    await waitUntil(() => a.state() === 'refused', 'refused');
    expect(a.states.at(-1)?.detail).toMatch(/auth refused/u);
    await sleep(300);
    expect(room.stats.auths).toBe(1);
  });
});

describe('bilibili source on a server', () => {
  it('configured over HTTP: comments reach the stage with a badge, through the review queue; keys never leave', async () => {
    room = await startFakeBilibiliRoom();
    contest = await startWithDemo({ ingest: { bilibili: { heartbeatMs: 200, backoffBaseMs: 50 } } });
    const { url } = contest.server;
    const host = contest.token('host');
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${url}/api/contests/${contest!.contestId}/ingest${path}`, {
        ...init,
        headers: {
          Authorization: `Bearer ${host}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
      });
    const stage = await recordFrames(url, { token: contest.token('stage') });
    const hostRec = await recordFrames(url, { token: host });
    open.push(stage, hostRec);
    // Only the host may configure.
    const asStage = await fetch(`${url}/api/contests/${contest.contestId}/ingest`, {
      headers: { Authorization: `Bearer ${contest.token('stage')}` },
    });
    expect(asStage.status).toBe(403);
    const bad = await api('', { method: 'POST', body: JSON.stringify({ kind: 'bilibili', baseUrl: room.baseUrl }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    const added = await api('', {
      method: 'POST',
      body: JSON.stringify({ kind: 'bilibili', name: '主直播间', baseUrl: room.baseUrl, ...FAKE_KEYS }),
    });
    expect(added.status).toBe(201);
    const { source } = (await added.json()) as { source: { id: string; health: { state: string } } };
    expect(source.health.state).toBe('stopped');
    expect((await api(`/${source.id}/start`, { method: 'POST' })).status).toBe(200);
    await room.waitFor(() => room!.clients() === 1, 5000, 'adapter connected');
    room.comments(
      [
        { text: 'B站的朋友来了', uid: 11, uname: '小电视' },
        { text: '加油加油', uid: 12, uname: '二号' },
      ],
      3,
    );
    // The demo contest reviews comments: they wait for the host.
    await hostRec.waitFor(() => queueOf(hostRec).length === 2, 5000, 'two queued');
    const ids = new Set(queueOf(hostRec));
    const queued = hostRec.moderation.flatMap((f) => f.added).filter((c) => ids.has(c.id));
    expect(queued.map((c) => [c.text, c.nickname, c.source, c.deviceId])).toEqual([
      ['B站的朋友来了', '小电视', 'bilibili', 'bilibili:open-11'],
      ['加油加油', '二号', 'bilibili', 'bilibili:open-12'],
    ]);
    expect(stage.comments()).toEqual([]);
    expect(await ask(hostRec.socket, 'moderation:decide', { ids: [queued[0]!.id], approve: true })).toMatchObject({
      ok: true,
    });
    await stage.waitFor(() => stage.comments().length === 1, 3000, 'approved one on stage');
    expect(stage.comments()[0]).toMatchObject({ text: 'B站的朋友来了', source: 'bilibili', nickname: '小电视' });
    // A banned platform sender stays muted.
    expect(await ask(hostRec.socket, 'moderation:ban', { commentId: queued[1]!.id })).toMatchObject({ ok: true });
    room.comments([{ text: '又来一条', uid: 12, uname: '二号' }], 0);
    const listed = async () =>
      ((await (await api('')).json()) as { sources: { counters: Record<string, number>; health: { state: string } }[] })
        .sources[0]!;
    const until = Date.now() + 3000;
    let view = await listed();
    while ((view.counters.muted ?? 0) < 1 && Date.now() < until) {
      await sleep(50);
      view = await listed();
    }
    expect(view.health.state).toBe('connected');
    expect(view.counters).toMatchObject({ comments: 3, queued: 2, muted: 1 });
    // Keys: never in the host's API, nor in any frame a screen or the host received.
    const everything = JSON.stringify([
      view,
      await (await api('')).json(),
      stage.frames,
      hostRec.frames,
      hostRec.moderation,
    ]);
    for (const secret of [FAKE_KEYS.accessKeySecret, FAKE_KEYS.accessKeyId, FAKE_KEYS.code]) {
      expect(everything).not.toContain(secret);
    }
    // Nor in the audience or contest event log.
    const log = JSON.stringify(contest.server.store.readStream(`audience-${contest.contestId}`));
    expect(log).toContain('bilibili');
    expect(log).not.toContain(FAKE_KEYS.accessKeySecret);
    // Stopped by the host: the room sees the session end.
    expect((await api(`/${source.id}/stop`, { method: 'POST' })).status).toBe(200);
    await room.waitFor(() => room!.stats.ends === 1 && room!.clients() === 0, 3000, 'session ended');
  });
});
