/**
 * R11, the return of Redis (docs/reliability.md): an event the core appends while its own Redis
 * link is down (or still reconnecting) is published to no edge. When the core's link is back it
 * re-announces each contest's position (the events since its link went down, through the usual
 * delivery), so an edge's phones fold what they missed, or see the gap and resync, at once: not
 * at the host's next command. A real redis-server, a core and one edge started by the CLI.
 *
 * The host issues exactly one command in each scenario and none after it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sleep, type ClusterStatusFrame } from '@leitai/shared';
import { connectScreen, type Screen } from '../support/harness.ts';
import { startCoreWithEdges, type DirectCluster } from '../support/cluster-support.ts';

let cluster: DirectCluster;
let host: Screen;
const screens: Screen[] = [];

/** Within this long after Redis answers again, the missed event is on the edge's screens. */
const RESUME_MS = 5000;

const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(25);
  }
  throw new Error(`timed out: ${what}`);
};

let scene = 0;
const SCENES = ['scoreboard', 'title', 'roster'] as const;
/** One host command on the core; its acknowledged position. */
async function hostCommand(): Promise<number> {
  const ack = await host.send({ type: 'ChooseScene', data: { scene: SCENES[scene++ % SCENES.length]! } });
  if (!ack.ok) throw new Error(`host command refused: ${ack.error.code} ${ack.error.message}`);
  return ack.position;
}

const coreRedisUp = async () =>
  ((await (await fetch(`${cluster.core.url}/api/cluster`)).json()) as ClusterStatusFrame).redisUp;
const edgeReady = async () => (await fetch(`${cluster.edges[0]!.url}/api/ready`)).status === 200;
const has = (s: Screen, version: number) => s.events.some((e) => e.version === version);

/** An audience phone and a host screen on the edge (the audience broadcast and the adapter's rooms), both at `version`. */
async function edgeScreens(n: number, version: number): Promise<{ phone: Screen; edgeHost: Screen }> {
  const edge = cluster.edges[0]!.url;
  const phone = await connectScreen(edge, { joinCode: cluster.joinCode, deviceId: `return-${n}-xxxxxxxx` });
  const edgeHost = await connectScreen(edge, { token: cluster.hostToken, deviceId: `return-host-${n}-xxxxxxxx` });
  screens.push(phone, edgeHost);
  await phone.waitForVersion(version);
  await edgeHost.waitForVersion(version);
  return { phone, edgeHost };
}

/** Redis SIGKILLed; resolves once the edge and the core both see it gone. */
async function redisDown(): Promise<void> {
  await cluster.redis.stop();
  await until('edge not ready', async () => !(await edgeReady()));
  await until('the core sees Redis down', async () => !(await coreRedisUp()));
}

beforeAll(async () => {
  cluster = await startCoreWithEdges('rr', {}, 1);
  host = await connectScreen(cluster.core.url, { token: cluster.hostToken });
}, 90_000);

afterAll(async () => {
  for (const s of screens) s.close();
  host?.close();
  await cluster?.stop();
});

test('one event appended while Redis is down reaches the edge once Redis is back, with no further command', async () => {
  const { phone, edgeHost } = await edgeScreens(1, await hostCommand());

  await redisDown();
  const lost = await hostCommand();
  await sleep(300);
  expect(has(phone, lost)).toBe(false);

  await cluster.redis.start();
  const back = Date.now();
  await until('the edge gets the missed event', () => has(phone, lost) && has(edgeHost, lost), RESUME_MS);
  // Folded in order, without a resync (these test screens never ask for one): the re-announced
  // tail reaches back to before the outage.
  expect(phone.state().version).toBeGreaterThanOrEqual(lost);
  expect(edgeHost.state().version).toBeGreaterThanOrEqual(lost);
  expect(Date.now() - back).toBeLessThan(RESUME_MS);
  await until('edge ready again', edgeReady, 15_000);
}, 60_000);

test('one event appended as Redis returns, before the core has reconnected, reaches the edge with no further command', async () => {
  const { phone, edgeHost } = await edgeScreens(2, await hostCommand());

  await redisDown();
  await cluster.redis.start();
  // At once: the core's clients retry at most once a second, so it is (nearly always) still away.
  const stillDown = !(await coreRedisUp());
  const lost = await hostCommand();
  const back = Date.now();
  await until('the edge gets the event', () => has(phone, lost) && has(edgeHost, lost), RESUME_MS);
  expect(phone.state().version).toBeGreaterThanOrEqual(lost);
  expect(edgeHost.state().version).toBeGreaterThanOrEqual(lost);
  expect(Date.now() - back).toBeLessThan(RESUME_MS);
  // Tell which case this run exercised (the first test covers the core being away for certain).
  console.info(`cluster-redis-return: the command went out with the core's Redis link ${stillDown ? 'down' : 'up'}`);
  await until('edge ready again', edgeReady, 15_000);
}, 60_000);
