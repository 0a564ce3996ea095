/**
 * R3 — reconnect. A contestant phone (c01), a judge pad (j1) and the stage drop out mid-round —
 * while c01 is answering a required question — and stay away 5 s, 60 s and 3 min while the
 * host and the other phones (c02, c03) carry on: the host marks c01's answer, c02 answers,
 * buzzer questions are armed, pressed, decided and marked, scores change; in the 3-minute case
 * the show also moves on by more than 500 events. Meanwhile c01 answers and presses the buzzer
 * on its phone (offline: the commands wait for the network, as socket.io buffers them). Then the
 * three come back with the same seat token and device id. Asserted:
 *
 * - Seat: the welcome names the same role, subject and device; the device is seated again,
 *   exactly once. The phone and the stage drop silently (their TCP relay is cut: no FIN), so the
 *   server only learns of it by its own ping timeout: after 5 s it has not noticed, the phone's
 *   new socket arrives while the old one lingers, and when the old one finally times out the
 *   seat is NOT released (no DeviceLeft at all). After 60 s and 3 min the server has noticed
 *   (one DeviceLeft) and the return seats it again. The judge pad hangs up cleanly: DeviceLeft
 *   at once, DeviceSeated on return.
 * - State: `contest:resync` from the version each kept while away, folded with the client's
 *   `foldPositioned`, equals the server's `viewFor` for that viewer — a tail of events after
 *   5 s and 60 s, the whole view after 3 min (more than 500 events behind). The snapshot sent on
 *   reconnect equals the server's view too, and every device then folds live frames gap-free to
 *   the server's current view.
 * - Offline commands, sent once back: the answer to the required question (already marked),
 *   a press on a buzzer question that closed with nobody pressing and has since moved on, and a
 *   press on a question that another contestant won (c01's press time is EARLIER than the
 *   winner's) are refused with INVALID_STATE, and the store's version does not move.
 * - Others unaffected: c02 and c03 never saw a gap, their views equal the server's, the winners
 *   and scores are those of the script; and c01 plays on: it wins the next question live.
 *   (The q23 press, arriving while c03 still answers, used to be appended as a late `after` press
 *   behind the winner; the buzz window check now applies once a buzz is decided too.)
 *
 * Time. The server takes a Clock (LeitaiConfig.clock); the engine's heartbeat (ping 10 s,
 * timeout 8 s: a dead link is noticed 8–18 s after it goes) runs on real timers. `npm test`
 * runs the 5 s case for real with the production heartbeat, and the 60 s and 3 min cases
 * compressed: the heartbeat is set to 1 s + 2 s on that server (so a dead link is noticed within
 * 3 s, as 18 s is within 60 s) and the phone stays away 5 s of real time, after which the
 * server's clock (an OffsetClock) is moved forward by the rest of the 60 s / 180 s, so the
 * offline presses arrive a minute or three later on the server's clock. The three cases run
 * concurrently (about 20 s in all, most of it the 5 s case waiting for the old socket's ping
 * timeout). With LEITAI_CHAOS_LONG=1 (`npm run chaos`), all three are real: production
 * heartbeat, real outages of 5 s, 60 s and 180 s, no clock moved.
 */
import { afterAll, test, type ExpectStatic } from 'vitest';
import {
  DEMO_CONTEST,
  viewFor,
  type ClientCommand,
  type ContestFile,
  type ContestState,
  type PositionedEvent,
} from '@leitai/shared';
import { connectScreen, newCommandId, type Screen } from '../support/harness.ts';
import { CHAOS_LONG } from '../support/chaos-support.ts';
import {
  Device,
  FlakyLink,
  OffsetClock,
  sleep,
  startReconnectContest,
  type ReconnectContest,
  type Viewer,
} from '../support/reconnect-support.ts';

type Expect = ExpectStatic;

const definition: ContestFile = {
  ...DEMO_CONTEST,
  stages: DEMO_CONTEST.stages.map((stage) => ({
    ...stage,
    segments: stage.segments.map((s) => {
      if (s.kind === 'required') return { ...s, settings: { ...s.settings, answerSeconds: 30 } };
      if (s.kind === 'buzzer') {
        return { ...s, settings: { ...s.settings, answerSeconds: 600, buzzSeconds: 1, openDelayMs: 300 } };
      }
      return s;
    }),
  })),
};

interface OutageCase {
  label: string;
  /** How long the device is away, on the server's clock. */
  awayMs: number;
  /** How long it is away in real time (at least; the show's script may take longer). */
  realAwayMs: number;
  /** Engine heartbeat of this server; production (10 s + 8 s) when absent. */
  ping?: { intervalMs: number; timeoutMs: number };
  /** The server has noticed the silent drop (ping timeout) before the device returns. */
  serverNotices: boolean;
  /** The show moves on by more than the resync tail limit (500 events): a whole-view resync. */
  bigGap: boolean;
}

const COMPRESSED_PING = { intervalMs: 1000, timeoutMs: 2000 };
const CASES: OutageCase[] = CHAOS_LONG
  ? [
      { label: '5 s', awayMs: 5_000, realAwayMs: 5_000, serverNotices: false, bigGap: false },
      { label: '60 s', awayMs: 60_000, realAwayMs: 60_000, serverNotices: true, bigGap: false },
      { label: '3 min', awayMs: 180_000, realAwayMs: 180_000, serverNotices: true, bigGap: true },
    ]
  : [
      { label: '5 s', awayMs: 5_000, realAwayMs: 5_000, serverNotices: false, bigGap: false },
      { label: '60 s', awayMs: 60_000, realAwayMs: 5_000, ping: COMPRESSED_PING, serverNotices: true, bigGap: false },
      { label: '3 min', awayMs: 180_000, realAwayMs: 5_000, ping: COMPRESSED_PING, serverNotices: true, bigGap: true },
    ];

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const C01: Viewer = { role: 'contestant', subjectId: 'c01' };
const viewerOf = (d: Device): Viewer =>
  d.name === 'stage' ? { role: 'stage' } : d.name === 'j1' ? { role: 'judge', subjectId: 'j1' } : C01;

const contiguous = (versions: number[]): boolean => versions.every((v, i) => i === 0 || v === versions[i - 1]! + 1);

async function outage(c: OutageCase, expect: Expect): Promise<void> {
  const clock = new OffsetClock();
  const t: ReconnectContest = await startReconnectContest(definition, clock, c.ping);
  cleanups.push(() => t.cleanup());
  const host: Screen = await connectScreen(t.server.url, { token: t.seat('host').token });
  cleanups.push(() => host.close());
  let links: { contestantId: string }[] = [];
  let linksAt = 0;
  host.socket.on('link:status', (frame) => {
    links = frame.links;
    linksAt = Date.now();
  });

  const device = async (name: string, role: 'contestant' | 'judge' | 'stage', subjectId?: string, relay = true) => {
    const link = relay ? await FlakyLink.open(t.server.url) : null;
    if (link) cleanups.push(() => link.close());
    const d = new Device(name, link?.url ?? t.server.url, t.seat(role, subjectId).token, `device-${c.awayMs}-${name}`);
    cleanups.push(() => d.close());
    await d.connect();
    return { d, link };
  };
  const { d: c01, link: c01Link } = await device('c01', 'contestant', 'c01');
  const { d: j1 } = await device('j1', 'judge', 'j1');
  const { d: stage, link: stageLink } = await device('stage', 'stage');
  const { d: c02 } = await device('c02', 'contestant', 'c02', false);
  const { d: c03 } = await device('c03', 'contestant', 'c03', false);
  const away = [c01, j1, stage];
  // Let the server's link probes measure every phone (a burst of four after connecting).
  await sleep(1000);

  /** A host command, retried past the per-socket rate limit; resolves with the host's view at its position. */
  const run = async (command: ClientCommand): Promise<ContestState> => {
    let ack = await host.send(command);
    while (!ack.ok && ack.error.code === 'RATE_LIMITED') {
      await sleep(60);
      ack = await host.send(command);
    }
    if (!ack.ok) throw new Error(`${c.label} ${command.type}: ${ack.error.code} ${ack.error.message}`);
    return host.waitForVersion(ack.position);
  };
  const until = async (check: (s: ContestState) => boolean, what: string, timeoutMs = 8000) => {
    const end = Date.now() + timeoutMs;
    while (!check(t.state())) {
      if (Date.now() > end) throw new Error(`${c.label}: timed out waiting for ${what}`);
      await sleep(10);
    }
    return host.waitForVersion(t.state().version);
  };
  const sleepUntil = (at: number) => sleep(at - clock.now());
  /** A press as a phone makes it: its claim is its synced clock (the server's, here) at the press. */
  const buzz = (runNo: number, attempt: number): ClientCommand => ({
    type: 'Buzz',
    data: { run: runNo, attempt, pressedAt: clock.now() },
  });
  const pressAt = async (d: Device, at: number, runNo: number, attempt: number) => {
    await sleepUntil(at);
    const ack = await d.send(buzz(runNo, attempt));
    expect(ack.ok, `${c.label}: ${d.name} presses`).toBe(true);
  };
  const arm = async (questionId: string) => {
    const prepared = await run({ type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId } });
    const runNo = prepared.knowledge.active!.run;
    await run({ type: 'ShowQuestion', data: { run: runNo } });
    const armed = await run({ type: 'ArmBuzzer', data: { run: runNo } });
    const b = armed.knowledge.active!.buzz!;
    return { runNo, attempt: b.attempt, openAt: b.openAt, closeAt: b.closeAt };
  };
  const score = (segmentId: string, id: string) => t.state().scores[segmentId]?.[id] ?? 0;
  const seatedAs = (d: Device) => Object.values(t.state().devices).find((x) => x.device === d.deviceId);

  // ---------- mid-round: c01 is answering its required question ----------
  await run({ type: 'StartSegment', data: { segmentId: 'knowledge-required' } });
  const q01 = (
    await run({
      type: 'PrepareQuestion',
      data: { segmentId: 'knowledge-required', questionId: 'q01', contestantId: 'c01' },
    })
  ).knowledge.active!.run;
  await run({ type: 'ShowQuestion', data: { run: q01 } });
  await run({ type: 'StartAnswerTimer', data: { run: q01 } });
  for (const d of away) await d.settle(t.state().version);
  expect(c01.state().knowledge.active).toMatchObject({ run: q01, phase: 'answering', contestantId: 'c01' });
  expect(seatedAs(c01)).toMatchObject({ role: 'contestant', subjectId: 'c01' });
  expect(seatedAs(j1)).toMatchObject({ role: 'judge', subjectId: 'j1' });
  expect(seatedAs(stage)).toMatchObject({ role: 'stage' });

  // ---------- the drop ----------
  const droppedAt = t.storedVersion();
  const cutAt = Date.now();
  c01Link!.cut();
  c01.hangUp();
  stageLink!.cut();
  stage.hangUp();
  j1.hangUp(); // the judge pad closes its socket itself: the server hears it at once
  /** What c01 does on its phone while offline: sent when it is back. */
  const offline: { what: string; command: ClientCommand }[] = [];
  offline.push({ what: 'answer to q01', command: { type: 'SubmitAnswer', data: { run: q01, choice: ['B'] } } });

  // ---------- the show goes on ----------
  await run({ type: 'MarkAnswer', data: { run: q01, result: 'wrong' } }); // c01 said nothing
  await run({ type: 'RevealAnswer', data: { run: q01 } });
  const q03 = (
    await run({
      type: 'PrepareQuestion',
      data: { segmentId: 'knowledge-required', questionId: 'q03', contestantId: 'c02' },
    })
  ).knowledge.active!.run;
  await run({ type: 'ShowQuestion', data: { run: q03 } });
  expect((await c02.send({ type: 'SubmitAnswer', data: { run: q03, choice: ['true'] } })).ok).toBe(true);
  await until((s) => s.knowledge.active?.result === 'correct', 'c02 answered q03');

  await run({ type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } });
  // q21: c02 and c03 press; c02 was first and is right.
  {
    const q = await arm('q21');
    await Promise.all([
      pressAt(c02, q.openAt + 100, q.runNo, q.attempt),
      pressAt(c03, q.openAt + 200, q.runNo, q.attempt),
    ]);
    await until((s) => s.knowledge.active?.buzz?.winnerId != null, 'q21 decided');
    expect(t.state().knowledge.active!.buzz!.winnerId).toBe('c02');
    await run({ type: 'MarkAnswer', data: { run: q.runNo, result: 'correct' } });
  }
  // q22: only c01 presses — offline; the buzzer closes with nobody.
  const q22 = await arm('q22');
  await sleepUntil(q22.openAt + 150);
  offline.push({ what: 'press on q22 (closed empty, then moved on)', command: buzz(q22.runNo, q22.attempt) });
  await until((s) => s.knowledge.active?.phase === 'closed', 'q22 closed');
  // q23: c01 presses first — offline; c03 presses later, wins, and is still answering when c01
  // comes back (the answer time outlasts even the 3-minute outage).
  const q23 = await arm('q23');
  await sleepUntil(q23.openAt + 60);
  const q23Press = { what: 'press on q23 (won by c03, buzz window closed)', command: buzz(q23.runNo, q23.attempt) };
  offline.push(q23Press);
  await pressAt(c03, q23.openAt + 150, q23.runNo, q23.attempt);
  await until((s) => s.knowledge.active?.buzz?.winnerId != null, 'q23 decided');
  expect(t.state().knowledge.active!.buzz!.winnerId).toBe('c03');
  if (c.bigGap) {
    // Three minutes of show: far more events than the resync tail (500). Issued through the
    // runtime directly (the host socket's rate limit would make this take half a minute).
    const runtime = t.server.service.get(t.contestId)!;
    const from = t.storedVersion();
    const acks = await Promise.all(
      Array.from({ length: 520 }, (_, i) =>
        runtime.execute(
          { type: 'ChooseScene', data: { scene: i % 2 === 0 ? 'scoreboard' : 'roster' } },
          { role: 'host' },
          newCommandId(),
        ),
      ),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(t.storedVersion() - from).toBeGreaterThan(500);
    await host.waitForVersion(t.storedVersion(), 15_000);
  }
  // Back only once q23's buzz window has closed (it has, unless the machine is very slow).
  await sleepUntil(q23.closeAt + 300);
  await sleep(c.realAwayMs - (Date.now() - cutAt));
  // Compressed: the server's clock shows the whole outage.
  clock.advance(c.awayMs - (Date.now() - cutAt));

  // ---------- while away: what the server made of the silence ----------
  const duringAway = t.log(droppedAt);
  const left = (d: Device, events: PositionedEvent[]) =>
    events.filter((e) => e.type === 'DeviceLeft' && e.data.deviceId === d.deviceId).length;
  expect(left(j1, duringAway), `${c.label}: the pad hung up`).toBe(1);
  expect(left(c01, duringAway), `${c.label}: c01's silence noticed`).toBe(c.serverNotices ? 1 : 0);
  expect(left(stage, duringAway), `${c.label}: the stage's silence noticed`).toBe(c.serverNotices ? 1 : 0);
  expect(t.socketsOf(c01.deviceId)).toBe(c.serverNotices ? 0 : 1);
  if (!c.serverNotices) expect(seatedAs(c01)).toMatchObject({ role: 'contestant', subjectId: 'c01' });
  else expect(seatedAs(c01)).toBeUndefined();

  // ---------- back, with the same token and device id ----------
  const backAt = t.storedVersion();
  c01Link!.restore();
  stageLink!.restore();
  for (const d of away) {
    const viewer = viewerOf(d);
    const stale = d.state();
    expect(stale.version, `${c.label}: ${d.name} kept its state`).toBe(droppedAt);
    const { welcome, resync } = await d.reconnect();
    expect(welcome).toMatchObject({ role: viewer.role, deviceId: d.deviceId, contestId: t.contestId });
    expect(welcome.subjectId).toBe(viewer.subjectId);
    expect(resync.kind, `${c.label}: ${d.name}`).toBe(c.bigGap ? 'whole' : 'tail');
    if (resync.kind === 'tail') expect(resync.events).toBe(resync.state.version - stale.version);
    expect(resync.state.version).toBeGreaterThanOrEqual(backAt);
    expect(resync.state, `${c.label}: ${d.name} resynced`).toEqual(t.viewAt(viewer, resync.state.version));
    expect(d.reconnectSnapshot).not.toBeNull();
    expect(d.reconnectSnapshot, `${c.label}: ${d.name} snapshot`).toEqual(
      t.viewAt(viewer, d.reconnectSnapshot!.version),
    );
  }
  // Seated again, exactly once.
  const seatedAgain = (d: Device) =>
    t.log(backAt).some((e) => e.type === 'DeviceSeated' && e.data.deviceId === d.deviceId);
  await until(() => away.every(seatedAgain), 'the returning devices are seated');
  expect(seatedAs(c01)).toMatchObject({ role: 'contestant', subjectId: 'c01' });
  expect(seatedAs(j1)).toMatchObject({ role: 'judge', subjectId: 'j1' });
  expect(seatedAs(stage)).toMatchObject({ role: 'stage' });
  // The host's link panel lists the returned phone once, even while its old socket is still open.
  // (A frame sent well after the new socket's first probes, which are a burst right after it connects.)
  const seatedAt = Date.now();
  for (let end = seatedAt + 8000; linksAt < seatedAt + 1500 && Date.now() < end;) await sleep(50);
  expect(linksAt, `${c.label}: a link frame after the return`).toBeGreaterThan(seatedAt + 1500);
  expect(links.filter((l) => l.contestantId === 'c01').length, `${c.label}: c01 listed once in the host's links`).toBe(
    1,
  );

  // ---------- the offline commands arrive: refused, nothing appended ----------
  const before = t.storedVersion();
  expect(t.state().knowledge.active).toMatchObject({ run: q23.runNo, phase: 'answering', contestantId: 'c03' });
  const q23CommandId = newCommandId();
  for (const o of offline) {
    const ack = await c01.send(o.command, o === q23Press ? q23CommandId : newCommandId());
    expect(ack.ok, `${c.label}: ${o.what}`).toBe(false);
    if (!ack.ok) expect(ack.error.code, `${c.label}: ${o.what}`).toBe('INVALID_STATE');
  }
  await sleep(200);
  expect(t.storedVersion(), `${c.label}: offline commands appended nothing`).toBe(before);
  const answering = t.state().knowledge.active!;
  expect(answering.buzz!.winnerId).toBe('c03');
  expect(answering.buzz!.presses.map((p) => p.contestantId)).toEqual(['c03']);
  expect(answering.buzz!.order!.map((o) => o.contestantId)).toEqual(['c03']);
  await run({ type: 'MarkAnswer', data: { run: q23.runNo, result: 'correct' } });
  // The phone's sender retries with the same command id: refused again, still nothing appended.
  const marked = t.storedVersion();
  const retry = await c01.send(q23Press.command, q23CommandId);
  expect(retry.ok).toBe(false);
  if (!retry.ok) expect(retry.error.code).toBe('INVALID_STATE');
  await sleep(200);
  expect(t.storedVersion()).toBe(marked);

  // ---------- others unaffected ----------
  expect(t.state().knowledge.active!.buzz!.presses.map((p) => p.contestantId)).toEqual(['c03']);
  expect(score('knowledge-required', 'c01')).toBe(0);
  expect(score('knowledge-required', 'c02')).toBe(1000);
  expect(score('knowledge-buzzer', 'c01')).toBe(0);
  expect(score('knowledge-buzzer', 'c02')).toBe(1000);
  expect(score('knowledge-buzzer', 'c03')).toBe(1000);
  const everyone = [c01, j1, stage, c02, c03];
  const agree = async () => {
    const now = t.state();
    for (const d of everyone) {
      const viewer = d === c02 || d === c03 ? { role: 'contestant' as const, subjectId: d.name } : viewerOf(d);
      expect(await d.settle(now.version), `${c.label}: ${d.name} folded to the server's view`).toEqual(
        viewFor(now, viewer),
      );
      expect(d.gaps, `${c.label}: ${d.name} met a gap`).toBe(0);
    }
    for (const d of [c02, c03]) {
      expect(d.frames).toHaveLength(1);
      expect(contiguous(d.frames[0]!), `${c.label}: ${d.name}'s frames`).toBe(true);
    }
  };
  await agree();

  // ---------- c01 plays on: it wins the next question live ----------
  await sleep(700); // its new socket's link probes
  {
    const q = await arm('q24');
    await Promise.all([
      pressAt(c01, q.openAt + 100, q.runNo, q.attempt),
      pressAt(c02, q.openAt + 250, q.runNo, q.attempt),
    ]);
    await until((s) => s.knowledge.active?.buzz?.winnerId != null, 'q24 decided');
    expect(t.state().knowledge.active!.buzz!.winnerId).toBe('c01');
    await run({ type: 'MarkAnswer', data: { run: q.runNo, result: 'correct' } });
    expect(score('knowledge-buzzer', 'c01')).toBe(1000);
  }

  // ---------- a quick return: the old socket times out later, and the seat stays ----------
  if (!c.serverNotices) {
    const end = Date.now() + 25_000;
    while (t.socketsOf(c01.deviceId) > 1 || t.socketsOf(stage.deviceId) > 1) {
      if (Date.now() > end) throw new Error(`${c.label}: the old sockets never timed out`);
      await sleep(100);
    }
    await sleep(300); // a ReleaseDevice, if one were issued, would be on disk by now
    expect(left(c01, t.log(0)), `${c.label}: c01's seat kept through its old socket's timeout`).toBe(0);
    expect(left(stage, t.log(0)), `${c.label}: the stage's seat kept`).toBe(0);
    expect(seatedAs(c01)).toMatchObject({ role: 'contestant', subjectId: 'c01' });
    expect(seatedAs(stage)).toMatchObject({ role: 'stage' });
  }
  const seatsOf = (role: string, subjectId?: string) =>
    Object.values(t.state().devices).filter((d) => d.role === role && d.subjectId === subjectId);
  expect(seatsOf('contestant', 'c01')).toHaveLength(1);
  expect(seatsOf('judge', 'j1')).toHaveLength(1);
  expect(seatsOf('stage')).toHaveLength(1);
  expect(t.socketsOf(c01.deviceId)).toBe(1);
  await agree();
}

for (const c of CASES) {
  test.concurrent(
    `R3: a phone, a judge pad and the stage away ${c.label} mid-round come back to their seats and the server's view`,
    async ({ expect }) => {
      await outage(c, expect);
    },
    CHAOS_LONG ? 600_000 : 60_000,
  );
}
