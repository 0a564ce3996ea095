import { request } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_CONTEST, PROTOCOL_VERSION, foldEvents, viewFor, type ContestState, type ResyncAck } from '@leitai/shared';
import { contestStream, toPositioned } from '@leitai/server';
import {
  connectRaw,
  connectScreen,
  expectConnectError,
  newCommandId,
  startWithDemo,
  type Screen,
  type TestContest,
} from '../support/harness.ts';

let t: TestContest;
let host: Screen;

beforeAll(async () => {
  t = await startWithDemo();
  host = await connectScreen(t.server.url, { token: t.token('host') });
});

afterAll(async () => {
  host.close();
  await t.cleanup();
});

const streamVersion = () => t.server.store.streamVersion(contestStream(t.contestId));

test('the welcome names the role from the seat token, never from the payload', async () => {
  const judge = await connectScreen(t.server.url, { token: t.token('judge', 'j2') });
  expect(judge.welcome).toMatchObject({
    protocolVersion: PROTOCOL_VERSION,
    role: 'judge',
    subjectId: 'j2',
    contestId: 'demo',
  });
  judge.close();
});

test('a host command reaches every screen, each with its own view', async () => {
  const screens = {
    judge: await connectScreen(t.server.url, { token: t.token('judge', 'j1') }),
    contestant: await connectScreen(t.server.url, { token: t.token('contestant', 'c01') }),
    stage: await connectScreen(t.server.url, { token: t.token('stage') }),
    overlay: await connectScreen(t.server.url, { token: t.token('overlay') }),
    audience: await connectScreen(t.server.url, { joinCode: t.joinCode }),
  };
  const ack = await host.send({ type: 'StartSegment', data: { segmentId: 'knowledge-required' } });
  expect(ack).toMatchObject({ ok: true });
  if (!ack.ok) return;
  await host.waitForVersion(ack.position);
  expect(host.state().currentSegmentId).toBe('knowledge-required');
  const answered = host.state().definition.questions.filter((q) => q.answer.length > 0);
  expect(answered.length).toBeGreaterThan(0);
  for (const [role, screen] of Object.entries(screens)) {
    const s = await screen.waitForVersion(ack.position);
    expect(s.currentSegmentId, role).toBe('knowledge-required');
    expect(s.currentStageId, role).toBe('final');
    // Answers are the host's alone until revealed.
    expect(
      s.definition.questions.every((q) => q.answer.length === 0 && q.reference === undefined),
      role,
    ).toBe(true);
    // The audience's view also leaves out the question bank, judges and awards (B3); the others match the stage's.
    const viewer = { role: role === 'audience' ? ('audience' as const) : ('stage' as const) };
    expect(s).toEqual(viewFor(t.server.service.get(t.contestId)!.state!, viewer));
  }
  // Closed only after every comparison: each close appends a DeviceLeft and moves the truth on.
  for (const screen of Object.values(screens)) screen.close();
});

test('a duplicate commandId gets the first acknowledgement and appends nothing', async () => {
  const commandId = newCommandId();
  const scene = host.state().scene === 'roster' ? 'scoreboard' : 'roster';
  const before = streamVersion();
  const first = await host.send({ type: 'ChooseScene', data: { scene } }, commandId);
  expect(first.ok && first.position).toBeGreaterThan(before);
  const again = await Promise.all(
    [1, 2, 3].map(() => host.send({ type: 'ChooseScene', data: { scene: 'blank' } }, commandId)),
  );
  for (const a of again) expect(a).toEqual(first);
  const recorded = t.server.store
    .readStream(contestStream(t.contestId))
    .filter((e) => e.metadata.commandId === commandId);
  expect(recorded.map((e) => [e.type, e.version])).toEqual([['SceneChosen', first.ok && first.position]]);
  expect(t.server.service.get(t.contestId)!.state!.scene).toBe(scene);
});

test('bad input gets a typed error and changes nothing', async () => {
  const before = streamVersion();
  const emit = (event: string, payload: unknown) =>
    (
      host.socket.timeout(3000) as unknown as {
        emitWithAck(e: string, p: unknown): Promise<{ ok: boolean; error?: { code: string } }>;
      }
    ).emitWithAck(event, payload);
  const malformed = [
    null,
    'ChooseScene',
    { commandId: newCommandId() },
    { commandId: 'short', command: { type: 'ChooseScene', data: { scene: 'roster' } } },
    { commandId: newCommandId(), command: { type: 'ChooseScene', data: { scene: 'disco' } } },
    { commandId: newCommandId(), command: { type: 'CreateContest', data: {} } },
    { commandId: newCommandId(), command: { type: 'ChooseScene', data: { scene: 'roster' }, extra: 1 } },
  ];
  for (const p of malformed) {
    const r = await emit('command:send', p);
    expect(r, JSON.stringify(p)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  }
  expect(await emit('contest:explode', { a: 1 })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
  const oversize = { commandId: newCommandId(), command: { type: 'ChooseScene', data: { scene: 'x'.repeat(20_000) } } };
  expect(await emit('command:send', oversize)).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  expect(await host.send({ type: 'StartSegment', data: { segmentId: 'no-such-segment' } })).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });
  const judge = await connectScreen(t.server.url, { token: t.token('judge', 'j3') });
  expect(await judge.send({ type: 'ChooseScene', data: { scene: 'blank' } })).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
  const audience = await connectScreen(t.server.url, { joinCode: t.joinCode });
  expect(await audience.send({ type: 'SetCurrentContestant', data: { contestantId: 'c01' } })).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
  judge.close();
  audience.close();
  // Seating and releasing the judge and audience sockets are the only events allowed here.
  const added = t.server.store.readStream(contestStream(t.contestId), before).map((e) => e.type);
  expect(added.every((type) => type === 'DeviceSeated' || type === 'DeviceLeft')).toBe(true);
  expect(host.socket.connected).toBe(true);
});

test('a wrong token, a wrong join code and a wrong protocol version are refused at the handshake', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ protocolVersion: PROTOCOL_VERSION, token: 'x'.repeat(43) }, 'UNAUTHENTICATED'],
    [{ protocolVersion: PROTOCOL_VERSION, joinCode: 'ZZZZZZ' }, 'UNAUTHENTICATED'],
    [{ protocolVersion: PROTOCOL_VERSION + 1, token: t.token('host') }, 'PROTOCOL_VERSION'],
    [{ protocolVersion: PROTOCOL_VERSION }, 'UNAUTHENTICATED'],
    [{ token: t.token('host') }, 'BAD_REQUEST'],
  ];
  for (const [auth, code] of cases) {
    const err = await expectConnectError(connectRaw(t.server.url, auth));
    expect(err.data?.code, JSON.stringify(auth)).toBe(code);
  }
});

test('a foreign Origin is refused on polling and on websocket; the same origin is accepted', async () => {
  const port = t.server.port;
  const poll = (origin: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/socket.io/?EIO=4&transport=polling', headers: { origin } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
  expect(await poll('http://evil.example')).toBe(403);
  expect(await poll(`http://127.0.0.1:${port}`)).toBe(200);
  const foreignWs = connectRaw(
    t.server.url,
    { protocolVersion: PROTOCOL_VERSION, token: t.token('host') },
    { transports: ['websocket'], extraHeaders: { origin: 'http://evil.example' } },
  );
  await expectConnectError(foreignWs);
  foreignWs.close();
  const foreignPoll = connectRaw(
    t.server.url,
    { protocolVersion: PROTOCOL_VERSION, token: t.token('host') },
    { transports: ['polling'], extraHeaders: { origin: 'http://evil.example' } },
  );
  await expectConnectError(foreignPoll);
  foreignPoll.close();
});

test('a client that missed positions resyncs to the same state', async () => {
  const stage = await connectScreen(t.server.url, { token: t.token('stage') });
  const missedFrom = stage.state().version;
  stage.socket.off('contest:events');
  for (const id of ['c03', 'c04', 'c05']) {
    const ack = await host.send({ type: 'SetCurrentContestant', data: { contestantId: id } });
    expect(ack.ok).toBe(true);
  }
  const tail = (await stage.socket
    .timeout(3000)
    .emitWithAck('contest:resync', { fromVersion: missedFrom })) as ResyncAck;
  expect(tail.ok).toBe(true);
  if (!tail.ok) return;
  expect(tail.state).toBeNull();
  expect(tail.events[0]?.version).toBe(missedFrom + 1);
  const rebuilt = foldEvents(stage.state(), tail.events) as ContestState;
  const truth = t.server.service.get(t.contestId)!.state!;
  expect(rebuilt).toEqual(viewFor(truth, { role: 'stage' }));
  expect(rebuilt.currentContestantId).toBe('c05');
  const full = (await stage.socket.timeout(3000).emitWithAck('contest:resync', { fromVersion: 0 })) as ResyncAck;
  expect(full.ok && full.state).toEqual(viewFor(truth, { role: 'stage' }));
  stage.close();
});

test('the durable state equals a pure replay of the log', async () => {
  await t.server.service.drain();
  const replayed = foldEvents(null, t.server.store.readStream(contestStream(t.contestId)).map(toPositioned));
  expect(replayed).toEqual(t.server.service.get(t.contestId)!.state);
  expect(t.server.store.verify()).toMatchObject({ ok: true });
});

test('a command that changed nothing keeps its answer: a retry after the state moved on appends nothing', async () => {
  const current = host.state().scene;
  const commandId = newCommandId();
  const first = await host.send({ type: 'ChooseScene', data: { scene: current } }, commandId);
  expect(first.ok).toBe(true);
  const other = current === 'blank' ? 'roster' : 'blank';
  const moved = await host.send({ type: 'ChooseScene', data: { scene: other } });
  expect(moved.ok).toBe(true);
  const before = streamVersion();
  // The retry would now change the scene back if it were decided again.
  expect(await host.send({ type: 'ChooseScene', data: { scene: current } }, commandId)).toEqual(first);
  expect(streamVersion()).toBe(before);
  expect(t.server.service.get(t.contestId)!.state!.scene).toBe(other);
});

test('command ids are scoped by contest: the same id in another contest is a different command', async () => {
  const created = await t.server.service.create(DEMO_CONTEST, { contestId: 'demo-other' });
  expect(created.ok).toBe(true);
  if (!created.ok) return;
  const otherHost = await connectScreen(t.server.url, {
    token: created.contest.seats.find((s) => s.role === 'host')!.token,
  });
  const commandId = newCommandId();
  const here = await host.send({ type: 'SetCurrentContestant', data: { contestantId: 'c07' } }, commandId);
  const there = await otherHost.send({ type: 'SetCurrentContestant', data: { contestantId: 'c08' } }, commandId);
  expect(here.ok && there.ok).toBe(true);
  expect(t.server.service.get('demo')!.state!.currentContestantId).toBe('c07');
  expect(t.server.service.get('demo-other')!.state!.currentContestantId).toBe('c08');
  otherHost.close();
});
