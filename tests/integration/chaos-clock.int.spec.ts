/**
 * R4 — skewed clocks. Clients whose clocks are off by seconds to a day estimate the server's
 * time over `clock:ping` within the estimate's own error bound; a server whose injected clock
 * runs an hour ahead is tracked the same way; when the machine's wall clock steps backwards the
 * server's clock (wall time at start + monotonic time) does not, so events' `at` never
 * decreases; and with a Clock that does step back, the log's order is still the command order
 * and the log still verifies and replays to the same state (`at` is the Clock's, as documented).
 */
import { afterEach, expect, test, vi } from 'vitest';
import { estimateClock, foldEvents, type ClockSample } from '@leitai/shared';
import { contestStream, toPositioned, type Clock } from '@leitai/server';
import { connectScreen, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';
import { sleep } from '../support/chaos-support.ts';

const started: TestContest[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const t of started.splice(0)) await t.cleanup();
});

/** NTP-style samples taken with a client clock that is `skewMs` off the machine's. */
async function sample(screen: Screen, skewMs: number, n = 12): Promise<ClockSample[]> {
  const clientNow = () => performance.timeOrigin + performance.now() + skewMs;
  const samples: ClockSample[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = clientNow();
    const pong = (await screen.socket.timeout(3000).emitWithAck('clock:ping', { t0 })) as {
      ok: boolean;
      serverTime: number;
    };
    samples.push({ t0, serverTime: pong.serverTime, t1: clientNow() });
    await sleep(20);
  }
  return samples;
}

test('R4: clients with skewed clocks converge on the server time within the error bound', async () => {
  const t = await startWithDemo();
  started.push(t);
  const server = t.server.service.clock;
  for (const skew of [0, 2_500, -90_000, 3_600_000, -86_400_000]) {
    const phone = await connectScreen(t.server.url, { joinCode: t.joinCode });
    const est = estimateClock(await sample(phone, skew));
    expect(est).not.toBeNull();
    // True offset = server time − client time = (server − machine) − skew.
    const machine = performance.timeOrigin + performance.now();
    const trueOffset = server.now() - machine - skew;
    // The bound is half the best round trip; 2 ms for the server's rounding to whole milliseconds.
    expect(Math.abs(est!.offset - trueOffset), `skew ${skew}`).toBeLessThanOrEqual(est!.error + 2);
    expect(est!.error).toBeLessThan(50);
    phone.close();
  }
});

test('R4: a server clock an hour ahead is tracked; welcome and pings agree', async () => {
  const ahead = 3_600_000;
  const clock: Clock = { now: () => Math.round(performance.timeOrigin + performance.now() + ahead) };
  const t = await startWithDemo({ clock });
  started.push(t);
  const phone = await connectScreen(t.server.url, { joinCode: t.joinCode });
  expect(Math.abs(phone.welcome.serverTime - (Date.now() + ahead))).toBeLessThan(1000);
  const est = estimateClock(await sample(phone, -30_000));
  expect(Math.abs(est!.offset - (ahead + 30_000))).toBeLessThanOrEqual(est!.error + 2);
  phone.close();
});

test('R4: the machine’s wall clock stepping back an hour does not step the server’s clock back', async () => {
  const t = await startWithDemo();
  started.push(t);
  const host = await connectScreen(t.server.url, { token: t.token('host') });
  const phone = await connectScreen(t.server.url, { joinCode: t.joinCode });
  const first = await host.send({ type: 'ChooseScene', data: { scene: 'roster' } });
  expect(first.ok).toBe(true);
  const realNow = Date.now.bind(Date);
  // From here on, the wall clock reads an hour earlier.
  vi.spyOn(Date, 'now').mockImplementation(() => realNow() - 3_600_000);
  const pings: number[] = [];
  for (const scene of ['scoreboard', 'contestant', 'title', 'roster'] as const) {
    expect((await host.send({ type: 'ChooseScene', data: { scene } })).ok).toBe(true);
    const pong = (await phone.socket.timeout(3000).emitWithAck('clock:ping', { t0: 1 })) as { serverTime: number };
    pings.push(pong.serverTime);
  }
  await t.server.service.get(t.contestId)!.drain();
  const ats = t.server.store.readStream(contestStream(t.contestId)).map((e) => (e.metadata as { at: number }).at);
  for (let i = 1; i < ats.length; i++) expect(ats[i]!).toBeGreaterThanOrEqual(ats[i - 1]!);
  for (let i = 1; i < pings.length; i++) expect(pings[i]!).toBeGreaterThanOrEqual(pings[i - 1]!);
  // And it stays close to the real time, not the stepped one.
  expect(Math.abs(pings[pings.length - 1]! - realNow())).toBeLessThan(5_000);
  host.close();
  phone.close();
});

test('R4: with a Clock that steps back, order, hash chain and replay are unaffected', async () => {
  let offset = 0;
  const clock: Clock = { now: () => Date.now() + offset };
  const t = await startWithDemo({ clock });
  started.push(t);
  let host = await connectScreen(t.server.url, { token: t.token('host') });
  const scenes = ['roster', 'scoreboard', 'contestant', 'title', 'blank', 'roster'] as const;
  const positions: number[] = [];
  for (const [i, scene] of scenes.entries()) {
    if (i === 3) {
      offset = -600_000; // ten minutes back
      // A socket's rate-limit bucket measured from the old time would refuse it until the clock
      // caught up (reported: TokenBucket should ignore negative elapsed time); a new socket starts fresh.
      host.close();
      host = await connectScreen(t.server.url, { token: t.token('host') });
    }
    const ack = await host.send({ type: 'ChooseScene', data: { scene } });
    expect(ack).toMatchObject({ ok: true });
    if (ack.ok) positions.push(ack.position);
  }
  // Acknowledged positions follow the command order.
  for (let i = 1; i < positions.length; i++) expect(positions[i]!).toBeGreaterThan(positions[i - 1]!);
  await t.server.service.get(t.contestId)!.drain();
  const log = t.server.store.readStream(contestStream(t.contestId));
  const chosen = log.filter((e) => e.type === 'SceneChosen').map((e) => (e.data as { scene: string }).scene);
  expect(chosen).toEqual([...scenes]);
  expect(t.server.store.verify(contestStream(t.contestId))).toMatchObject({ ok: true });
  const replayed = foldEvents(null, log.map(toPositioned));
  expect(replayed).toEqual(t.server.service.get(t.contestId)!.state);
  expect(host.state().scene).toBe('roster');
  host.close();
});
