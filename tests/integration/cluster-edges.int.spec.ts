/**
 * The scaled-out mode with real processes: a private redis-server, a core and two edges started
 * by the CLI, a real HAProxy in front, and socket.io-client sockets (docs/architecture.md, "Scaling out").
 * The tests share one cluster and run in order; the last ones kill an edge and stop Redis (R11).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type AudienceFrame,
  type ClusterStatusFrame,
  type ContestState,
  type PositionedEvent,
  sleep,
} from '@leitai/shared';
import { connectRaw, connectScreen, waitFor as until, type Screen, type TestSocket } from '../support/harness.ts';
import { startCluster, startEdgeProcess, startRedis, type TestCluster } from '../support/cluster-support.ts';
import { startHaproxy, waitForServer } from '../../scripts/lib/haproxy-process.ts';

let cluster: TestCluster;
let host: Screen;
let stage: Screen;
const acked: number[] = [];

const frames = (socket: TestSocket) => {
  const got: AudienceFrame[] = [];
  socket.on('audience:frame', (f) => got.push(f));
  return got;
};
const texts = (got: AudienceFrame[]) => got.flatMap((f) => f.comments.map((c) => c.text));

let scene = 0;
const SCENES = ['scoreboard', 'title', 'roster'] as const;
/** A host command on the core; records its acknowledged position. */
async function hostCommand(): Promise<number> {
  const ack = await host.send({ type: 'ChooseScene', data: { scene: SCENES[scene++ % SCENES.length]! } });
  if (!ack.ok) throw new Error(`host command refused: ${ack.error.code} ${ack.error.message}`);
  acked.push(ack.position);
  return ack.position;
}

const audienceOn = (url: string, n: number) =>
  connectScreen(url, { joinCode: cluster.joinCode, deviceId: `cluster-${n}-${'x'.repeat(8)}` });

const edgeSockets = async (i: number) =>
  ((await (await fetch(`${cluster.edges[i]!.url}/api/health`)).json()) as { sockets: number }).sockets;

/** An audience socket through HAProxy as the audience page opens it (pool=audience, a key per page load). */
function throughLb(key: string, transports: ('websocket' | 'polling')[], url = cluster.lb.url) {
  const socket: TestSocket = ioClient(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, joinCode: cluster.joinCode, deviceId: `${key}-xxxxxxxx` },
    query: { pool: 'audience', k: key },
    transports,
    upgrade: false,
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  let version = 0;
  let disconnects = 0;
  socket.on('disconnect', () => (disconnects += 1));
  socket.on('contest:events', ({ events }) => {
    for (const e of events) version = Math.max(version, e.version);
  });
  socket.on('contest:snapshot', ({ state }: { state: ContestState }) => (version = Math.max(version, state.version)));
  return { socket, version: () => version, disconnects: () => disconnects };
}

beforeAll(async () => {
  cluster = await startCluster(2);
  host = await connectScreen(cluster.core.url, { token: cluster.token('host') });
  stage = await connectScreen(cluster.core.url, { token: cluster.token('stage') });
  const mode: unknown = await host.socket.timeout(5000).emitWithAck('moderation:mode', { mode: 'auto' });
  expect(mode).toMatchObject({ ok: true });
}, 90_000);

afterAll(async () => {
  host?.close();
  stage?.close();
  await cluster?.stop();
});

describe('core and two edges on Redis', () => {
  test('a comment sent to edge A reaches the stage on the core and the audience of edge B', async () => {
    const a = await audienceOn(cluster.edges[0]!.url, 1);
    const b = await audienceOn(cluster.edges[1]!.url, 2);
    // The audience view comes from the edge's mirror, at the core's version.
    expect(a.state().version).toBe(stage.state().version);
    const onStage = frames(stage.socket);
    const onB = frames(b.socket);
    await sleep(300); // the policy (auto mode) reaches the edges
    const ack: unknown = await a.socket.timeout(5000).emitWithAck('audience:comment', { text: '边缘节点A的弹幕' });
    expect(ack).toMatchObject({ ok: true, status: 'shown' });
    await until('stage and edge B see the comment', () =>
      [onStage, onB].every((got) => texts(got).includes('边缘节点A的弹幕')),
    );
    // Likes from both edges add up at the core.
    await a.socket.timeout(5000).emitWithAck('audience:like', { count: 3 });
    await b.socket.timeout(5000).emitWithAck('audience:like', { count: 4 });
    await until('likes counted', () => onStage.some((f) => f.likes === 7));
    // The edge applies the word filter itself: a banned word never reaches the core.
    const banned: unknown = await b.socket.timeout(5000).emitWithAck('audience:comment', { text: '傻 逼' });
    expect(banned).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    a.close();
    b.close();
  });

  test('a host command on the core reaches audience sockets on both edges; the core sees both edges', async () => {
    const a = await audienceOn(cluster.edges[0]!.url, 3);
    const b = await audienceOn(cluster.edges[1]!.url, 4);
    const position = await hostCommand();
    await Promise.all([a.waitForVersion(position), b.waitForVersion(position), stage.waitForVersion(position)]);
    expect(a.state().scene).toBe(stage.state().scene);
    expect(b.state().scene).toBe(stage.state().scene);
    const status = (await (await fetch(`${cluster.core.url}/api/cluster`)).json()) as ClusterStatusFrame;
    expect(status.redisUp).toBe(true);
    expect(status.edges.map((e) => e.edgeId)).toEqual(['edge-1', 'edge-2']);
    // And the host panel is told the same.
    const pushed = await new Promise<ClusterStatusFrame>((r) => host.socket.once('cluster:status', r));
    expect(pushed.edges).toHaveLength(2);
    a.close();
    b.close();
  });

  test('a host on an edge: the core checks its token, its commands are forwarded and acknowledged by the core', async () => {
    const edge = cluster.edges[1]!;
    const remoteHost = await connectScreen(edge.url, { token: cluster.token('host'), deviceId: 'edge-host-xxxxxxxx' });
    expect(remoteHost.welcome.role).toBe('host');
    // The host's view (answers included) comes from the core.
    expect(remoteHost.state().version).toBeGreaterThanOrEqual(stage.state().version - 1);
    const ack = await remoteHost.send({ type: 'ChooseScene', data: { scene: 'roster' } });
    expect(ack).toMatchObject({ ok: true });
    if (!ack.ok) return;
    acked.push(ack.position);
    await stage.waitForVersion(ack.position);
    await until('the host on the edge gets the event', () => remoteHost.events.some((e) => e.version === ack.position));
    expect(stage.state().scene).toBe('roster');
    // Bad input is refused on the edge with the same typed errors as on the core.
    const bad: unknown = await remoteHost.socket
      .timeout(5000)
      .emitWithAck('command:send', { commandId: 'x', command: { type: 'Nope' } } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    remoteHost.close();
    const refused = connectRaw(edge.url, { protocolVersion: PROTOCOL_VERSION, token: 'x'.repeat(43) });
    const error = await new Promise<{ data?: { code: string } }>((r) => refused.once('connect_error', r));
    expect(error.data?.code).toBe('UNAUTHENTICATED');
    refused.close();
  });

  test('through HAProxy: WebSocket upgrades and long-polling sessions stay on one edge, spread over both', async () => {
    await until('edges empty', async () => (await edgeSockets(0)) + (await edgeSockets(1)) === 0);
    const ws = Array.from({ length: 6 }, (_, i) => throughLb(`up-ws-${i}`, ['websocket']));
    const polling = Array.from({ length: 6 }, (_, i) => throughLb(`up-poll-${i}`, ['polling']));
    const all = [...ws, ...polling];
    await until('all connected', () => all.every((s) => s.socket.connected));
    for (const s of ws) expect(s.socket.io.engine.transport.name).toBe('websocket');
    for (const s of polling) expect(s.socket.io.engine.transport.name).toBe('polling');
    expect((await edgeSockets(0)) + (await edgeSockets(1))).toBe(12);
    expect(await edgeSockets(0)).toBeGreaterThan(0);
    expect(await edgeSockets(1)).toBeGreaterThan(0);
    // Several polling requests per session (events, then a comment's ack): a request sent to the
    // other edge would end the session ("Session ID unknown") and disconnect it.
    const position = await hostCommand();
    await until('every socket has the event', () => all.every((s) => s.version() >= position));
    for (const s of polling) {
      const ack: unknown = await s.socket.timeout(5000).emitWithAck('audience:like', { count: 1 });
      expect(ack).toMatchObject({ ok: true });
    }
    expect(all.reduce((n, s) => n + s.disconnects(), 0)).toBe(0);
    for (const s of all) s.socket.close();
  }, 60_000);

  test('an edge drained through the runtime API keeps its sockets until they leave; new ones go to the other edge', async () => {
    await until('edges empty', async () => (await edgeSockets(0)) + (await edgeSockets(1)) === 0);
    const old = [
      ...Array.from({ length: 6 }, (_, i) => throughLb(`drain-ws-${i}`, ['websocket'])),
      ...Array.from({ length: 4 }, (_, i) => throughLb(`drain-poll-${i}`, ['polling'])),
    ];
    await until('all connected', () => old.every((s) => s.socket.connected));
    const onFirst = await edgeSockets(0);
    expect(onFirst).toBeGreaterThan(0);

    expect(await cluster.lb.command('set server audience/edge-1 state drain')).toBe('\n');
    await waitForServer(cluster.lb, 'audience', 'edge-1', 'DRAIN');
    await waitForServer(cluster.lb, 'pages', 'edge-1', 'DRAIN');
    // New audience sockets (WebSocket and polling) all go to edge 2.
    const fresh = [
      ...Array.from({ length: 6 }, (_, i) => throughLb(`fresh-ws-${i}`, ['websocket'])),
      ...Array.from({ length: 4 }, (_, i) => throughLb(`fresh-poll-${i}`, ['polling'])),
    ];
    await until('new ones connected', () => fresh.every((s) => s.socket.connected));
    expect(await edgeSockets(0)).toBe(onFirst);
    expect(await edgeSockets(1)).toBe(20 - onFirst);
    // The drained edge's sockets, polling included, still get events and send.
    const position = await hostCommand();
    await until('every socket has the event', () => [...old, ...fresh].every((s) => s.version() >= position));
    for (const s of old) {
      const ack: unknown = await s.socket.timeout(5000).emitWithAck('audience:like', { count: 1 });
      expect(ack).toMatchObject({ ok: true });
    }
    expect(old.reduce((n, s) => n + s.disconnects(), 0)).toBe(0);
    // They leave: the drained edge is empty; back to ready.
    for (const s of old) s.socket.close();
    await until('edge 1 empty', async () => (await edgeSockets(0)) === 0);
    expect(await cluster.lb.command('set server audience/edge-1 state ready')).toBe('\n');
    await waitForServer(cluster.lb, 'audience', 'edge-1', 'UP');
    for (const s of fresh) s.socket.close();
  }, 60_000);

  test('an edge whose core never answers fails its /api/ready check and gets no new audience', async () => {
    // An edge on a Redis of its own: no core there. A second HAProxy fronts it and edge 2.
    const lonelyRedis = await startRedis();
    const lonely = await startEdgeProcess(lonelyRedis.url, 'lonely', 'edge-lonely');
    const lb = await startHaproxy({
      core: `127.0.0.1:${cluster.core.port}`,
      edges: [
        { name: 'edge-lonely', address: `127.0.0.1:${lonely.port}` },
        { name: 'edge-2', address: `127.0.0.1:${cluster.edges[1]!.port}` },
      ],
      checkMs: 300,
      fall: 1,
      rise: 1,
    });
    try {
      await waitForServer(lb, 'audience', 'edge-2', 'UP');
      await waitForServer(lb, 'audience', 'edge-lonely', 'DOWN', 15_000);
      const ready = await fetch(`${lonely.url}/api/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ready: false, reason: 'no core answers' });
      const before = await edgeSockets(1);
      const sockets = Array.from({ length: 6 }, (_, i) => throughLb(`lonely-${i}`, ['websocket'], lb.url));
      await until('all connected', () => sockets.every((s) => s.socket.connected));
      expect(await edgeSockets(1)).toBe(before + 6);
      for (const s of sockets) s.socket.close();
    } finally {
      await lb.close();
      await lonely.kill('SIGTERM');
      await lonelyRedis.stop();
    }
  }, 60_000);

  test('an edge killed mid-stream loses its sockets only; they reconnect through HAProxy to the other edge', async () => {
    const health = async (url: string) =>
      ((await (await fetch(`${url}/api/health`)).json()) as { sockets: number }).sockets;
    // The earlier tests' sockets are closed; wait until the edges have let them go.
    await until(
      'edges empty',
      async () => (await health(cluster.edges[0]!.url)) + (await health(cluster.edges[1]!.url)) === 0,
    );
    const base = [0, 0];
    const sockets: TestSocket[] = [];
    const disconnects = new Map<number, number>();
    const versions = new Map<number, number>();
    for (let i = 0; i < 12; i++) {
      const s: TestSocket = ioClient(cluster.lb.url, {
        auth: { protocolVersion: PROTOCOL_VERSION, joinCode: cluster.joinCode, deviceId: `lb-${i}-xxxxxxxx` },
        query: { pool: 'audience', k: `key-${i}` },
        transports: ['websocket'],
        forceNew: true,
        reconnectionDelay: 100,
        reconnectionDelayMax: 500,
      });
      s.on('disconnect', () => disconnects.set(i, (disconnects.get(i) ?? 0) + 1));
      const seen = (events: PositionedEvent[]) => {
        for (const e of events) versions.set(i, Math.max(versions.get(i) ?? 0, e.version));
      };
      s.on('contest:events', ({ events }) => seen(events));
      s.on('contest:snapshot', ({ state }: { state: ContestState }) =>
        versions.set(i, Math.max(versions.get(i) ?? 0, state.version)),
      );
      sockets.push(s);
    }
    await until('all connected', () => sockets.every((s) => s.connected));
    const onFirst = (await health(cluster.edges[0]!.url)) - base[0]!;
    const onSecond = (await health(cluster.edges[1]!.url)) - base[1]!;
    expect(onFirst + onSecond).toBe(12);
    expect(onFirst).toBeGreaterThan(0);
    expect(onSecond).toBeGreaterThan(0);

    // A stream of host commands while edge 1 dies.
    let streaming = true;
    const stream = (async () => {
      while (streaming) {
        await hostCommand();
        await sleep(50);
      }
    })();
    await sleep(300);
    await cluster.edges[0]!.kill('SIGKILL');
    await until('edge 1 sockets dropped', () => disconnects.size === onFirst, 10_000);
    await until('every socket reconnected', () => sockets.every((s) => s.connected), 15_000);
    streaming = false;
    await stream;
    expect(await health(cluster.edges[1]!.url)).toBe(12 + base[1]!);
    // Only edge 1's sockets dropped.
    expect(disconnects.size).toBe(onFirst);
    const last = await hostCommand();
    await until('every socket has the latest event', () => sockets.every((_, i) => (versions.get(i) ?? 0) >= last));
    for (const s of sockets) s.close();
  }, 60_000);

  test('R11: Redis stopped and restarted: the contest goes on at the core, the edge says so, then delivery resumes', async () => {
    const edge = cluster.edges[1]!;
    const phone = await audienceOn(edge.url, 5);
    let dropped = 0;
    phone.socket.on('disconnect', () => (dropped += 1));
    const before = await hostCommand();
    await phone.waitForVersion(before);

    await cluster.redis.stop();
    await until('edge not ready', async () => (await fetch(`${edge.url}/api/ready`)).status === 503);
    // The core runs the contest for the stage and the phones without Redis.
    const during: number[] = [];
    for (let i = 0; i < 5; i++) during.push(await hostCommand());
    await stage.waitForVersion(during.at(-1)!);
    const refused: unknown = await phone.socket.timeout(5000).emitWithAck('audience:comment', { text: '断线时的弹幕' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    await sleep(2000);
    expect(phone.socket.connected).toBe(true);

    await cluster.redis.start();
    await until('edge ready again', async () => (await fetch(`${edge.url}/api/ready`)).status === 200, 15_000);
    // The phone missed the outage's events: it resyncs from its position, as the client does.
    const resync = (await phone.socket.timeout(5000).emitWithAck('contest:resync', { fromVersion: before })) as {
      ok: boolean;
    };
    expect(resync.ok).toBe(true);
    // Delivery resumes: an event the core published before its own Redis client had reconnected
    // reaches no edge (the phone would resync at the next one), so the host goes on until one
    // arrives, within the same 10 s.
    const resumeBy = Date.now() + 10_000;
    let after = await hostCommand();
    while (!phone.events.some((e) => e.version === after) && Date.now() < resumeBy) {
      await sleep(500);
      if (!phone.events.some((e) => e.version === after)) after = await hostCommand();
    }
    await until('the phone gets events again', () => phone.events.some((e) => e.version === after), 2_000);
    const comment: unknown = await phone.socket.timeout(5000).emitWithAck('audience:comment', { text: '恢复后的弹幕' });
    expect(comment).toMatchObject({ ok: true });
    expect(dropped).toBe(0);
    phone.close();

    // Nothing acknowledged was lost: the log holds every acknowledged position, contiguous, chain intact.
    const auth = { headers: { authorization: `Bearer ${cluster.token('host')}` } };
    const log = (await (await fetch(`${cluster.core.url}/api/contests/demo/log`, auth)).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { version: number });
    const versions = log.map((e) => e.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    for (const p of acked) expect(versions).toContain(p);
    const verify = (await (await fetch(`${cluster.core.url}/api/contests/demo/verify`, auth)).json()) as {
      ok: boolean;
    };
    expect(verify.ok).toBe(true);
  }, 60_000);
});
