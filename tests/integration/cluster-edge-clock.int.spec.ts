/**
 * A contestant phone that reached an edge (misrouted, or moved there by a failover) is measured
 * as the core measures its own (docs/architecture.md, "The fair buzzer"): a real redis-server, a
 * core and one edge started by the CLI. The edge relays the phone's `clock:ping` to the core, so
 * its clock is the core's end to end; it probes the phone and forwards its press with the window
 * measured through the edge; the core waits for the edge's absence proof. A phone on the edge
 * with 60 ms each way presses 30 ms before a phone on the core with 5 ms each way: it arrives
 * later, and must still win by its clock, with the bound the host sees.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { performance } from 'node:perf_hooks';
import { DEMO_CONTEST, sleep, type LinkStatus } from '@leitai/shared';
import { connectScreen, type Screen } from '../support/harness.ts';
import { startCluster, type TestCluster } from '../support/cluster-support.ts';
import { armDemoBuzzer, contestantToken, eventOf, until } from '../support/cluster-buzzer.ts';
import { TestPhone } from '../support/knowledge-phones.ts';

let cluster: TestCluster;
const screens: Screen[] = [];
const phones: TestPhone[] = [];

beforeAll(async () => {
  cluster = await startCluster(1);
}, 90_000);

afterAll(async () => {
  for (const p of phones) p.close();
  for (const s of screens) s.close();
  await cluster?.stop();
});

test('a phone on an edge with a slow link is ranked by its clock, not by arrival, with its bound', async () => {
  const out = cluster.core.output();
  const [c1, c2] = DEMO_CONTEST.contestants;
  const host = await connectScreen(cluster.core.url, { token: cluster.token('host') });
  screens.push(host);
  let links: LinkStatus[] = [];
  host.socket.on('link:status', (f) => (links = f.links));

  // c1 on the edge, 60 ms each way (its clock 5 s ahead); c2 on the core, 5 ms each way (3 s behind).
  const far = await TestPhone.connect(cluster.edges[0]!.url, contestantToken(out, c1!.name), c1!.id, {
    upMs: 60,
    downMs: 60,
    skewMs: 5000,
    reportsUncertainty: true,
  });
  const near = await TestPhone.connect(cluster.core.url, contestantToken(out, c2!.name), c2!.id, {
    upMs: 5,
    downMs: 5,
    skewMs: -3000,
    reportsUncertainty: true,
  });
  phones.push(far, near);
  // The phone's clock was synced through the edge to the core's: the skew is gone, and the error
  // bound covers the whole way (at least half the 120 ms round trip).
  expect(far.clock).not.toBeNull();
  expect(Math.abs(far.clock!.offset + 5000)).toBeLessThan(far.clock!.error + 2);
  expect(far.clock!.error).toBeGreaterThanOrEqual(60);

  // The host panel lists the edge's phone, synced, with a window through the edge (≥ its 120 ms).
  const seen = await until(
    'both phones measured and synced',
    () => {
      const f = links.find((l) => l.contestantId === c1!.id);
      const n = links.find((l) => l.contestantId === c2!.id);
      return f?.synced && n?.synced && (f.windowMs ?? 0) >= 120 && n.windowMs !== null ? f : undefined;
    },
    20_000,
  );
  // Through the edge: the phone's leg and the edge's calls to the core, so at least the phone's own round trip.
  expect(seen.rttMs).toBeGreaterThanOrEqual(120);

  const ok = async (p: Promise<{ ok: boolean }>) => expect(await p).toMatchObject({ ok: true });
  const { run, armed } = await armDemoBuzzer(host);
  // Held for absence proofs, with the slowest window: the edge's phone's.
  expect(armed.data.holdMs).toBeGreaterThanOrEqual(120);
  await sleep(Math.max(0, armed.data.openAt - Date.now()) + 100);

  // The edge's phone presses first; the core's phone 30 ms later, which arrives ~25 ms before it.
  const farAt = performance.now();
  const farPress = far.press(run, armed.data.attempt);
  await sleep(30);
  const nearAt = performance.now();
  const nearPress = near.press(run, armed.data.attempt);
  await ok(farPress);
  await ok(nearPress);

  const pressOf = (id: string) =>
    until(`${id} pressed`, () =>
      eventOf(host, 'BuzzPressed', (e) => e.type === 'BuzzPressed' && e.data.press.contestantId === id),
    ).then((e) => e.data.press);
  const [a, b] = await Promise.all([pressOf(c1!.id), pressOf(c2!.id)]);
  // Arrived later, ranked earlier: by its claim, kept (not clamped) within its window through the edge.
  expect(a.arrivedAt).toBeGreaterThan(b.arrivedAt);
  expect(a).toMatchObject({ mode: 'synced', decision: 'accepted' });
  expect(b).toMatchObject({ mode: 'synced', decision: 'accepted' });
  // Not moved (not clamped): the corrected time is the claim, the same number (this test phone's
  // claim may carry a half millisecond; the server records both by one rounding rule, pressTime).
  expect(a.correctedAt).toBe(a.claimedAt);
  expect(Number.isInteger(a.claimedAt)).toBe(true);
  expect(a.windowMs).toBeGreaterThanOrEqual(120);
  expect(a.arrivedAt - a.correctedAt).toBeLessThanOrEqual(a.windowMs);
  // The bounds the host sees: the phone's error bound and its timestamp uncertainty (photo finish).
  expect(a.errorMs).toBeGreaterThanOrEqual(60);
  expect(a.boundMs).toBeGreaterThanOrEqual(0);
  expect(a.boundMs).toBeLessThanOrEqual(a.errorMs!);
  // The bounds hold: the claims' gap is the presses' real gap within both clocks' error bounds.
  const realGap = nearAt - farAt;
  expect(Math.abs(b.correctedAt - a.correctedAt - realGap)).toBeLessThanOrEqual(a.errorMs! + (b.errorMs ?? 0) + 2);

  const decided = await until(
    'decided',
    () => eventOf(host, 'BuzzDecided', (e) => e.type === 'BuzzDecided' && e.data.run === run),
    5000,
  );
  expect(decided.data.winnerId).toBe(c1!.id);
  expect(decided.data).not.toHaveProperty('photoFinish');
}, 90_000);
