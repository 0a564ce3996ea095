/**
 * The held buzz decision in the scaled-out mode (docs/protocol-knowledge.md, "Held decision"):
 * a real redis-server, a core and one edge started by the CLI. The host's socket is on the edge,
 * so arming the buzzer and the first press reach the core as forwarded commands. They must get the
 * same held decision as on the core: `holdMs` from the core's probed phones, and absence proofs
 * started by the first valid press, which decide the buzz long before the hold's deadline.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_CONTEST, sleep } from '@leitai/shared';
import { connectScreen, type Screen } from '../support/harness.ts';
import { startCluster, type TestCluster } from '../support/cluster-support.ts';
import { armDemoBuzzer, contestantToken, eventOf, until } from '../support/cluster-buzzer.ts';

let cluster: TestCluster;
const screens: Screen[] = [];

beforeAll(async () => {
  cluster = await startCluster(1);
}, 90_000);

afterAll(async () => {
  for (const s of screens) s.close();
  await cluster?.stop();
});

test('a host on an edge arms a held buzz; a press forwarded by the edge starts the proofs', async () => {
  const out = cluster.core.output();
  const [c1, c2, c3] = DEMO_CONTEST.contestants;
  // Two phones on the core (where HAProxy sends seat links), probed by the core. c1 answers its
  // probes 200 ms late until the buzzer is armed, so its claim window (and the hold) is ~200 ms;
  // then at once, so the absence proofs come back within a few ms.
  let slow = true;
  const phones = await Promise.all(
    [c1!, c2!].map((c) => connectScreen(cluster.core.url, { token: contestantToken(out, c.name) })),
  );
  phones[0]!.socket.on('clock:probe', (_p, ack) => {
    if (slow) setTimeout(() => ack({ synced: false, errorMs: null }), 200);
    else ack({ synced: false, errorMs: null });
  });
  phones[1]!.socket.on('clock:probe', (_p, ack) => ack({ synced: false, errorMs: null }));
  // A third phone and the host on the edge: every command of theirs is forwarded to the core.
  const edgePhone = await connectScreen(cluster.edges[0]!.url, { token: contestantToken(out, c3!.name) });
  const host = await connectScreen(cluster.edges[0]!.url, { token: cluster.token('host') });
  screens.push(...phones, edgePhone, host);
  // The probe burst measures both core phones (a probe sent before the test's listener was set up
  // is lost and waits out its 3 s timeout); the host panel's link status, relayed to the edge, shows it.
  let windows: Record<string, number | null> = {};
  host.socket.on(
    'link:status',
    (f) => (windows = Object.fromEntries(f.links.map((l) => [l.contestantId, l.windowMs]))),
  );
  await until(
    'both core phones measured',
    () => ((windows[c1!.id] ?? 0) >= 200 && windows[c2!.id] ? true : undefined),
    15_000,
  );

  const ok = async (p: Promise<{ ok: boolean }>) => expect(await p).toMatchObject({ ok: true });
  const { run, armed } = await armDemoBuzzer(host);
  // Held for absence proofs, with the slowest core phone's window (not the 150 ms grace alone).
  expect(armed.data.holdMs).toBeGreaterThanOrEqual(150);
  slow = false;
  await sleep(Math.max(0, armed.data.openAt - Date.now()) + 50);

  // The edge's phone presses first: no link is measured for it (arrival order), and its press
  // starts the proofs at the core.
  await ok(edgePhone.send({ type: 'Buzz', data: { run, attempt: armed.data.attempt, pressedAt: null } }));
  const pressed = await until('pressed', () =>
    eventOf(host, 'BuzzPressed', (e) => e.type === 'BuzzPressed' && e.data.press.contestantId === c3!.id),
  );
  expect(pressed.data.press).toMatchObject({ mode: 'arrival', decision: 'accepted' });
  expect(pressed.data.decideAt).not.toBeNull();
  const decided = await until('decided', () =>
    eventOf(host, 'BuzzDecided', (e) => e.type === 'BuzzDecided' && e.data.run === run),
  );
  expect(decided.data.winnerId).toBe(c3!.id);
  // Decided by the proofs (both core phones answered at once), well before the hold's deadline.
  expect(decided.data.at).toBeLessThan(pressed.data.decideAt!);
  expect(decided.data.at - pressed.data.press.arrivedAt).toBeLessThan(armed.data.holdMs! - 50);
}, 60_000);
