/**
 * The written test in the scaled-out mode: a private redis-server, a core and two edges started
 * by the CLI, HAProxy in front. Takers hold their `/written` sockets on the edges (directly, and
 * through HAProxy's `pool=written`); every message is decided by the core and acknowledged
 * with its answer; views, a take-over across edges, the close and the release reach the takers
 * through the shared rooms. The papers and scores are the core's, exactly as on one process.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import { PROTOCOL_VERSION, WRITTEN_NAMESPACE } from '@leitai/shared';
import { connectScreen, type Screen } from '../support/harness.ts';
import { startCluster, type TestCluster } from '../support/cluster-support.ts';
import { must } from '../support/judging-play.ts';
import { connectTaker, writtenContest, WRITTEN_SEGMENT as SEG, type Taker } from '../support/written-takers.ts';

let cluster: TestCluster;
let host: Screen;
let links: { takerId: string; url: string }[];
const takers: Taker[] = [];
const tokenOf = (takerId: string) => {
  const url = links.find((l) => l.takerId === takerId)!.url;
  return url.slice(url.indexOf('#token=') + 7);
};
async function taker(url: string, takerId: string, device: string, query?: Record<string, string>): Promise<Taker> {
  const t = await connectTaker(url, tokenOf(takerId), device, query);
  takers.push(t);
  return t;
}

beforeAll(async () => {
  cluster = await startCluster(2);
  const admin = /Admin token \(POST \/api\/contests\): (\S+)/.exec(cluster.core.output())?.[1];
  if (!admin) throw new Error('no admin token in the core output');
  const res = await fetch(`${cluster.core.url}/api/contests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify(writtenContest()),
  });
  expect(res.status).toBe(201);
  const created = (await res.json()) as { contestId: string; seats: { role: string; url: string }[] };
  const hostUrl = created.seats.find((s) => s.role === 'host')!.url;
  const hostToken = hostUrl.slice(hostUrl.indexOf('#token=') + 7);
  host = await connectScreen(cluster.core.url, { token: hostToken });
  const body = (await (
    await fetch(`${cluster.core.url}/api/contests/${created.contestId}/written/${SEG}/links`, {
      headers: { authorization: `Bearer ${hostToken}` },
    })
  ).json()) as { links: typeof links };
  links = body.links;
}, 90_000);

afterAll(async () => {
  for (const t of takers) t.close();
  host?.close();
  await cluster?.stop();
});

test('an edge checks the link with the core: a wrong token is refused at the handshake', async () => {
  const socket = ioClient(`${cluster.edges[0]!.url}${WRITTEN_NAMESPACE}`, {
    auth: { protocolVersion: PROTOCOL_VERSION, token: 'x'.repeat(43), deviceId: 'device-zz' },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const error = await new Promise<Error & { data?: { code?: string } }>((resolve) =>
    socket.once('connect_error', resolve),
  );
  socket.close();
  expect(error.data?.code).toBe('UNAUTHENTICATED');
});

test('takers on the edges write their papers; each answer is acknowledged by the core and shown to them', async () => {
  const a1 = await taker(cluster.edges[0]!.url, 'a1', 'phone-a1');
  // Through HAProxy: `pool=written` goes to an edge (its `audience` backend).
  const a2 = await taker(cluster.lb.url, 'a2', 'phone-a2', { pool: 'written', k: 'page-load-a2' });
  const onEdges = (await cluster.lb.servers()).filter((s) => s.backend === 'audience' && s.server !== 'core');
  expect(onEdges.reduce((n, s) => n + s.current, 0)).toBe(1);
  expect(a1.welcome).toMatchObject({ segmentId: SEG, takerId: 'a1' });
  expect(await a1.open()).toMatchObject({ ok: true, paper: { testStatus: 'pending' } });
  await a2.open();
  await must(host, { type: 'OpenWrittenTest', data: { segmentId: SEG } });
  // The opening reaches the waiting takers on the edges.
  await a1.waitForView((v) => v.testStatus === 'open');
  await a2.waitForView((v) => v.testStatus === 'open');
  const opened = await a1.open();
  if (!opened.ok) throw new Error(opened.error.message);
  expect(opened.paper.paperStatus).toBe('writing');
  expect(JSON.stringify(opened.paper)).not.toMatch(/"answer"|"explanation"/);
  await a2.open();
  // q01 B, q03 true right; q09 A wrong; q10 false right; wm1 A half: 70.00.
  const id = 'cmd-a1-q01-000000000001';
  expect(await a1.save('q01', ['B'], id)).toEqual({ ok: true, version: 2 });
  expect(await a1.save('q01', ['B'], id)).toEqual({ ok: true, version: 2 });
  for (const [q, c] of [
    ['q03', ['true']],
    ['q09', ['A']],
    ['q10', ['false']],
    ['wm1', ['A']],
  ] as const)
    expect((await a1.save(q, [...c])).ok).toBe(true);
  expect(await a1.save('q01', ['Z'])).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  // The view of each durable change reaches the taker's socket on the edge.
  await a1.waitForView((v) => v.answers['wm1']?.[0] === 'A' && Object.keys(v.answers).length === 5);
  expect((await a2.save('q01', ['B'])).ok).toBe(true);
  expect((await a2.submit()).ok).toBe(true);
  await a2.waitForView((v) => v.paperStatus === 'submitted');
});

test('a second device on the other edge takes the paper over; the first is told and can no longer write', async () => {
  const a1 = takers[0]!;
  const tablet = await taker(cluster.edges[1]!.url, 'a1', 'tablet-a1');
  const ack = await tablet.open();
  if (!ack.ok) throw new Error(ack.error.message);
  expect(ack.paper.answers).toEqual({ q01: ['B'], q03: ['true'], q09: ['A'], q10: ['false'], wm1: ['A'] });
  await expect.poll(() => a1.notices, { timeout: 8000 }).toEqual(['taken-over']);
  expect(await a1.save('q09', ['B'])).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
});

test('the close submits and grades every paper; the release reaches the takers on the edges', async () => {
  await must(host, { type: 'CloseWrittenTest', data: { segmentId: SEG } });
  await expect
    .poll(() => host.state().scores[SEG], { timeout: 8000 })
    .toMatchObject({ a1: 7000, a2: 2000, b1: 0, h3: 0 });
  const tablet = takers[2]!;
  await tablet.waitForView((v) => v.testStatus === 'closed' && v.paperStatus === 'submitted', 8000);
  await must(host, { type: 'ReleaseWrittenResults', data: { segmentId: SEG, withKey: false } });
  const v = await tablet.waitForView((p) => p.result !== null, 8000);
  expect(v.result).toMatchObject({ score: 7000, correct: 3, questions: 5 });
});
