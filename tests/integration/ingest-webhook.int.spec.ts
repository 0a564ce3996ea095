/**
 * The signed webhook receiver on a real server: a good signature brings a comment (with its
 * platform badge) and likes in; a wrong secret, a changed body, a stale timestamp and a replay
 * are refused with a typed 401 and change nothing; a bad body is a typed 400; a stopped source
 * refuses (409). The secret never comes back from the host's API.
 */
import { describe, expect, it } from 'vitest';
import { sleep } from '@leitai/shared';
import { signPush } from '../../server/src/ingest/webhook.ts';

import { ask, latest, recordFrames } from '../support/audience-clients.ts';
import { audienceBench } from '../support/audience-bench.ts';

const bench = audienceBench();

const SECRET = 'douyin-push-secret-0123456789abcdef';

async function setup(countLikes = true) {
  const contest = await bench.start({});
  const { url } = contest.server;
  const host = contest.token('host');
  const api = (path: string, body?: object) =>
    fetch(`${url}/api/contests/${contest.contestId}/ingest${path}`, {
      method: body || path ? 'POST' : 'GET',
      headers: { Authorization: `Bearer ${host}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const res = await api('', { kind: 'webhook', platform: 'douyin', name: '抖音直播', secret: SECRET, countLikes });
  expect(res.status).toBe(201);
  const { source } = (await res.json()) as { source: { id: string; pushPath: string } };
  expect((await api(`/${source.id}/start`)).status).toBe(200);
  const push = (body: string | object, opts: { secret?: string; ts?: number; sig?: string } = {}) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const ts = opts.ts ?? Math.floor(Date.now() / 1000);
    return fetch(`${url}${source.pushPath}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-leitai-timestamp': String(ts),
        'x-leitai-signature': opts.sig ?? signPush(opts.secret ?? SECRET, ts, raw),
      },
      body: raw,
    });
  };
  const hostRec = await recordFrames(url, { token: host });
  const stage = await recordFrames(url, { token: contest.token('stage') });
  bench.keep(hostRec, stage);
  // Auto mode: what passes goes straight to the stage.
  expect(await ask(hostRec.socket, 'moderation:mode', { mode: 'auto' })).toMatchObject({ ok: true });
  return { push, source, api, hostRec, stage };
}

const comment = (text: string, id = 'u1') => ({
  platform: 'douyin',
  sender: { id, name: '抖音用户' },
  text,
  ts: Date.now(),
});
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('signed webhook', () => {
  it('a good signature: the comment reaches the stage with its badge; likes count when the setting says so', async () => {
    const { push, stage } = await setup();
    const res = await push(comment('来自抖音的问候'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, results: [{ ok: true, status: 'shown' }] });
    await stage.waitFor(() => stage.comments().length === 1, 3000, 'shown');
    expect(stage.comments()[0]).toMatchObject({ text: '来自抖音的问候', source: 'douyin', nickname: '抖音用户' });
    const before = latest(stage, 'likes') ?? 0;
    const likes = await push({ items: [{ platform: 'douyin', sender: { id: 'u2', name: 'x' }, likes: 25 }] });
    expect(likes.status).toBe(200);
    await stage.waitFor(() => (latest(stage, 'likes') ?? 0) === before + 25, 3000, 'likes counted');
  });

  it('wrong secret, changed body, stale timestamp, replay: 401 and nothing shown; bad body: 400', async () => {
    const { push, stage, api, source } = await setup();
    const wrong = await push(comment('伪造的'), { secret: 'not-the-secret-at-all-000000' });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).code).toBe('UNAUTHENTICATED');
    // Signed for one body, sent with another.
    const ts = Math.floor(Date.now() / 1000);
    const changed = await push(comment('改过的'), { ts, sig: signPush(SECRET, ts, JSON.stringify(comment('原来的'))) });
    expect(changed.status).toBe(401);
    const stale = await push(comment('太旧了'), { ts: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(401);
    expect((await errorOf(stale)).message).toMatch(/window/u);
    const noSig = await push(comment('没签名'), { sig: 'md5=abc' });
    expect(noSig.status).toBe(401);
    // A replay of an accepted push.
    const body = JSON.stringify(comment('只算一次', 'u9'));
    const t = Math.floor(Date.now() / 1000);
    const sig = signPush(SECRET, t, body);
    expect((await push(body, { ts: t, sig })).status).toBe(200);
    const again = await push(body, { ts: t, sig });
    expect(again.status).toBe(401);
    expect((await errorOf(again)).message).toMatch(/replay/u);
    // Bad bodies, correctly signed.
    for (const bad of [
      { platform: 'douyin', sender: { id: 'u1' } },
      { ...comment('x'), platform: 'kuaishou' },
      { items: [] },
    ]) {
      const r = await push(bad);
      expect(r.status).toBe(400);
      expect((await errorOf(r)).code).toBe('BAD_REQUEST');
    }
    expect((await push('{not json')).status).toBe(400);
    await sleep(400);
    expect(stage.comments().map((c) => c.text)).toEqual(['只算一次']);
    // Stopped: refused.
    expect((await api(`/${source.id}/stop`)).status).toBe(200);
    expect((await push(comment('停了'))).status).toBe(409);
    // The secret never comes back.
    const listed = await (await api('')).text();
    expect(listed).toContain('"secret":true');
    expect(listed).not.toContain(SECRET);
  });

  it('filter, kill switch and per-sender rate limit apply to pushed comments', async () => {
    const { push, stage, hostRec } = await setup(false);
    const refused = await push(comment('加我微信 abc12345 有福利', 'spam'));
    expect(await refused.json()).toMatchObject({ results: [{ ok: false }] });
    // Three in a burst per sender, then limited.
    const burst = await push({ items: [1, 2, 3, 4, 5].map((i) => comment(`第${i}条`, 'fast')) });
    const results = ((await burst.json()) as { results: { ok: boolean; code?: string }[] }).results;
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => r.code === 'RATE_LIMITED')).toHaveLength(2);
    await stage.waitFor(() => stage.comments().length === 3, 3000, 'three shown');
    expect(await ask(hostRec.socket, 'moderation:kill', { active: true })).toMatchObject({ ok: true });
    await stage.waitFor(() => latest(stage, 'killed') === true, 1000, 'killed within 1 s');
    const n = stage.comments().length;
    await push(comment('清屏后', 'later'));
    await sleep(500);
    expect(stage.comments().length).toBe(n);
  });
});
