/**
 * Every frame the server sends, validated the way an outside client in another language would:
 * a real server on port 0, real socket.io-client sockets for every role (host, judges, a
 * contestant phone, stage, overlay, an audience phone, a written-test taker), a short knowledge
 * round, a judged performance, an audience comment and a written save; every frame and every
 * acknowledgement received, and the HTTP answers protocol.md documents, are checked against the
 * committed JSON Schema in docs/protocol-schemas/ with a standard validator (Ajv). That the
 * committed files are the generated ones: protocol-schemas-fresh.int.spec.ts.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { PROTOCOL_VERSION, type ClientCommand, type CommandAck as CommandAckType } from '@leitai/shared';
import { FROM_TYPEBOX, FROM_TYPES } from '../support/protocol-schema-files.ts';
import {
  connectRaw,
  connectScreen,
  startWithDemo,
  type Screen,
  type TestContest,
  type TestSocket,
} from '../support/harness.ts';
import { connectFinalNight, type FinalNight } from '../support/final-night.ts';
import { must, playPerformance } from '../support/judging-play.ts';
import { connectTaker, writtenContest, WRITTEN_SEGMENT } from '../support/written-takers.ts';

/** Which schema each server → client frame is published under. */
const FRAME_SCHEMA: Record<string, string> = {
  'session:welcome': 'Welcome',
  'contest:snapshot': 'ContestSnapshotFrame',
  'contest:events': 'ContestEventsFrame',
  'clock:probe': 'ClockProbe',
  'link:status': 'LinkStatusFrame',
  'cluster:status': 'ClusterStatusFrame',
  'written:proctor': 'WrittenProctorFrame',
  'audience:frame': 'AudienceFrameFrame',
  'audience:me': 'AudienceMeFrame',
  'audience:identity': 'AudienceIdentityFrame',
  'moderation:queue': 'ModerationQueueFrame',
  'paper:welcome': 'PaperWelcomeFrame',
  'paper:state': 'PaperStateFrame',
  'paper:notice': 'PaperNoticeFrame',
};

// ── recording ──────────────────────────────────────────────────────────────────────────────
interface Received {
  who: string;
  name: string;
  payload: unknown;
}
const received: Received[] = [];
/** Acks and HTTP answers: what was received and the schema it is published under. */
const answers: (Received & { schema: string })[] = [];

function record(who: string, socket: { onAny(l: (name: string, ...args: unknown[]) => void): unknown }): void {
  socket.onAny((name: string, ...args: unknown[]) => received.push({ who, name, payload: structuredClone(args[0]) }));
}
/** A screen whose snapshot (already received at connect), frames and command acks are recorded. */
function recordScreen(who: string, screen: Screen): Screen {
  received.push({ who, name: 'session:welcome', payload: screen.welcome });
  received.push({ who, name: 'contest:snapshot', payload: { state: structuredClone(screen.state()) } });
  record(who, screen.socket);
  const send = screen.send.bind(screen);
  screen.send = async (command: ClientCommand, commandId?: string): Promise<CommandAckType> => {
    const ack = await send(command, commandId);
    answers.push({ who, name: 'command:send', schema: 'CommandAck', payload: structuredClone(ack) });
    return ack;
  };
  return screen;
}
async function ack(who: string, socket: TestSocket, event: string, payload: unknown, schema: string): Promise<unknown> {
  const timed = socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> };
  const result = await timed.emitWithAck(event, payload).catch((err: unknown) => {
    throw new Error(`${who}: no answer to ${event}: ${String(err)}`);
  });
  answers.push({ who, name: event, schema, payload: structuredClone(result) });
  return result;
}

let t: TestContest;
let night: FinalNight;
const others: Screen[] = [];
const sockets: { disconnect(): void }[] = [];

beforeAll(async () => {
  t = await startWithDemo();
  night = await connectFinalNight(t);
  recordScreen('host', night.host);
  for (const [id, judge] of night.judges) recordScreen(`judge ${id}`, judge);
  for (const [who, auth] of [
    ['contestant c01', { token: t.token('contestant', 'c01') }],
    ['stage', { token: t.token('stage') }],
    ['overlay', { token: t.token('overlay') }],
  ] as const) {
    const screen = await connectScreen(t.server.url, auth);
    // A contestant phone answers the server's link probe, as play.html does.
    screen.socket.on('clock:probe', (_probe, reply) => reply({ synced: true, errorMs: 3, uncertaintyMs: 2 }));
    others.push(recordScreen(who, screen));
  }
});

afterAll(async () => {
  night?.close();
  for (const s of others) s.close();
  for (const s of sockets) s.disconnect();
  await t?.cleanup();
});

test('every frame, ack and HTTP answer of a short final validates against its published JSON Schema', async () => {
  const { host, judges } = night;
  // An audience phone (join code), recorded from its first frame.
  const audience = connectRaw(t.server.url, {
    protocolVersion: PROTOCOL_VERSION,
    joinCode: t.joinCode,
    deviceId: 'audience-phone-1',
  });
  sockets.push(audience);
  record('audience', audience);
  await new Promise<void>((resolve) => audience.once('audience:frame', () => resolve()));

  // A knowledge question, marked correct.
  const run = await night.showQuestion('c01');
  await must(host, { type: 'MarkAnswer', data: { run, result: 'correct' } });
  await must(host, { type: 'FinishQuestion', data: { run } });
  // A refusal (a judge may not choose the scene) and a score in the operator's terms.
  const refused = await judges.get('j1')!.send({ type: 'ChooseScene', data: { scene: 'title' } });
  expect(refused.ok).toBe(false);
  // A judged performance, scored by seven judges, locked and revealed.
  const started = await must(host, { type: 'StartSegment', data: { segmentId: 'reflection' } });
  for (const j of judges.values()) await j.waitForVersion(started);
  const scores = Object.fromEntries([...judges.keys()].map((j, i) => [j, 8500 + i * 37]));
  const revealed = await playPerformance(host, judges, 'reflection', 'c01', scores);
  const badScore = await judges.get('j2')!.send({
    type: 'SubmitJudgeScore',
    data: { segmentId: 'reflection', contestantId: 'c02', score: 1_000_000 },
  });
  expect(badScore.ok).toBe(false);
  for (const s of others) await s.waitForVersion(revealed);

  // The audience: a comment, likes, a cheer, a nickname, a sync; the host's popularity count.
  await ack('audience', audience, 'audience:nickname', { nickname: '观众甲' }, 'AudienceNicknameAck');
  await ack('audience', audience, 'audience:comment', { text: '加油！' }, 'AudienceCommentAck');
  await ack('audience', audience, 'audience:like', { count: 3 }, 'AudienceLikeAck');
  await ack('audience', audience, 'audience:cheer', { contestantId: 'c01' }, 'AudienceOkAck');
  await ack('audience', audience, 'audience:sync', {}, 'AudienceSyncAck');
  await ack('host', host.socket, 'audience:sync', {}, 'AudienceSyncAck');
  await ack('host', host.socket, 'moderation:popularity', { stageId: 'final' }, 'ModerationPopularityAck');
  // The server named the audience phone (audience:identity): the host trusts it and reads its history.
  const identity = received.find((r) => r.name === 'audience:identity')?.payload as { deviceId: string } | undefined;
  expect(identity?.deviceId).toMatch(/^a-/);
  const sender = identity?.deviceId ?? '';
  await ack('host', host.socket, 'moderation:trust', { deviceId: sender, trusted: true }, 'AudienceOkAck');
  await ack('host', host.socket, 'moderation:sender', { deviceId: sender }, 'ModerationSenderAck');
  await ack('audience', audience, 'moderation:kill', { active: true }, 'AudienceOkAck'); // refused: FORBIDDEN
  // The demo reviews comments: the host approves the queued one.
  const comment = answers.find((a) => a.name === 'audience:comment')!.payload as { id: string };
  await expect
    .poll(
      () =>
        received.some(
          (r) => r.who === 'host' && r.name === 'moderation:queue' && JSON.stringify(r.payload).includes(comment.id),
        ),
      { timeout: 5000 },
    )
    .toBe(true);
  await ack('host', host.socket, 'moderation:decide', { ids: [comment.id], approve: true }, 'AudienceOkAck');
  // A play-along round: opened, answered, closed.
  const playQ = t.server.service.get(t.contestId)!.state!.definition.questions.find((x) => x.kind === 'single')!;
  const round = (await ack('host', host.socket, 'playalong:open', { questionId: playQ.id }, 'PlayAlongOpenAck')) as {
    roundId: string;
  };
  await expect
    .poll(() => received.some((r) => r.who === 'audience' && JSON.stringify(r.payload).includes(round.roundId)), {
      timeout: 5000,
    })
    .toBe(true);
  await ack(
    'audience',
    audience,
    'playalong:answer',
    { roundId: round.roundId, answer: playQ.answer },
    'AudienceOkAck',
  );
  await ack('host', host.socket, 'playalong:close', {}, 'PlayAlongCloseAck');
  // Resync (the tail and the whole view), clock ping, an unknown event.
  await ack('host', host.socket, 'contest:resync', { fromVersion: revealed - 3 }, 'ResyncAck');
  await ack('judge j1', judges.get('j1')!.socket, 'contest:resync', { fromVersion: 0 }, 'ResyncAck');
  await ack('host', host.socket, 'clock:ping', { t0: Date.now() }, 'ClockPingAck');
  await ack('host', host.socket, 'no:such-event', {}, 'CommandAck');
  // The audience frame carrying the comment has gone out (the tick is 100 ms).
  await expect
    .poll(() => received.some((r) => r.who === 'audience' && JSON.stringify(r.payload).includes('加油')), {
      timeout: 5000,
    })
    .toBe(true);

  // The written test, in a second contest on the same server: a taker opens, saves, submits; results released.
  const created = await t.server.service.create(writtenContest(), { contestId: 'written' });
  if (!created.ok) throw new Error(created.error.message);
  const writtenHost = recordScreen(
    'written host',
    await connectScreen(t.server.url, { token: created.contest.seats.find((s) => s.role === 'host')!.token }),
  );
  others.push(writtenHost);
  const hostToken = created.contest.seats.find((s) => s.role === 'host')!.token;
  const api = async (path: string, schema: string, token?: string, status = 200) => {
    const res = await fetch(`${t.server.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect(res.status, path).toBe(status);
    const body: unknown = await res.json();
    answers.push({ who: 'http', name: path, schema, payload: body });
    return body;
  };
  const { links } = (await api(
    `/api/contests/written/written/${WRITTEN_SEGMENT}/links`,
    'WrittenLinksAnswer',
    hostToken,
  )) as {
    links: { takerId: string; url: string }[];
  };
  const url = links[0]!.url;
  const taker = await connectTaker(t.server.url, url.slice(url.indexOf('#token=') + 7), 'taker-device-1');
  sockets.push(taker.socket);
  received.push({ who: 'taker', name: 'paper:welcome', payload: taker.welcome });
  record('taker', taker.socket);
  await must(writtenHost, { type: 'OpenWrittenTest', data: { segmentId: WRITTEN_SEGMENT } });
  await taker.waitForView((v) => v.testStatus === 'open');
  const opened = await ack('taker', taker.socket, 'paper:open', {}, 'PaperOpenAck');
  const paper = (opened as { paper: { questions: { id: string; options?: { key: string }[] }[] } }).paper;
  const q = paper.questions[0]!;
  await ack(
    'taker',
    taker.socket,
    'paper:save',
    { commandId: 'save-0001', questionId: q.id, choice: [q.options?.[0]?.key ?? 'A'] },
    'PaperVersionAck',
  );
  await ack('taker', taker.socket, 'paper:focus', { commandId: 'focus-0001' }, 'PaperVersionAck');
  await ack('taker', taker.socket, 'paper:submit', { commandId: 'submit-0001' }, 'PaperVersionAck');
  await ack(
    'taker',
    taker.socket,
    'paper:save',
    { commandId: 'save-0002', questionId: q.id, choice: ['B'] },
    'PaperVersionAck',
  ); // refused: submitted
  await ack('taker', taker.socket, 'clock:ping', { t0: Date.now() }, 'ClockPingAck');
  await must(writtenHost, { type: 'CloseWrittenTest', data: { segmentId: WRITTEN_SEGMENT } });
  await must(writtenHost, { type: 'ReleaseWrittenResults', data: { segmentId: WRITTEN_SEGMENT, withKey: true } });
  await taker.waitForView((v) => v.result !== null);
  await expect.poll(() => received.some((r) => r.name === 'written:proctor'), { timeout: 5000 }).toBe(true);

  // The contestant phone's link probe and the host's link status (sent about once a second).
  for (const name of ['clock:probe', 'link:status'])
    await expect.poll(() => received.some((r) => r.name === name), { timeout: 10_000 }).toBe(true);

  // The HTTP answers protocol.md documents.
  const demoHost = t.token('host');
  await api('/api/health', 'HealthAnswer');
  await api('/api/ready', 'ReadyAnswer');
  await api('/api/contests', 'ContestListAnswer');
  await api(`/api/join/${t.joinCode}`, 'JoinAnswer');
  await api('/api/join/ZZZZZZ', 'HttpErrorAnswer', undefined, 404);
  await api('/api/contests/demo/seats', 'SeatsAnswer', demoHost);
  await api('/api/contests/demo/seats', 'HttpErrorAnswer', 'not-a-valid-token-at-all', 401);
  await api('/api/contests/demo/verify', 'VerifyAnswer', demoHost);
  await api('/api/contests/demo/results/final', 'ResultsSheetAnswer', demoHost);
  await api('/api/contests/demo/history/c01', 'ScoreHistory', demoHost);
  await api(`/api/public/${t.joinCode}/results`, 'PublicResults');
  await api(`/api/contests/written/written/${WRITTEN_SEGMENT}/takers`, 'WrittenTakersAnswer', hostToken);
  await api(`/api/contests/written/written/${WRITTEN_SEGMENT}/results`, 'WrittenResultsAnswer', hostToken);
  await api('/api/contests/demo/ingest', 'IngestSourcesAnswer', demoHost);
  await api('/api/contests/written/contest.json', 'ContestJsonAnswer', hostToken);
  const createdRes = await fetch(`${t.server.url}/api/contests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...writtenContest(), title: '另一场' }),
  });
  expect(createdRes.status).toBe(201);
  answers.push({
    who: 'http',
    name: 'POST /api/contests',
    schema: 'ContestCreatedAnswer',
    payload: await createdRes.json(),
  });
  const draftId = (answers.at(-1)!.payload as { contestId: string }).contestId;
  const draftHost = t.server.service.seats.forContest(draftId).find((s) => s.role === 'host')!.token;

  // The exported log: every NDJSON line a stored event (LogLine).
  const logRes = await fetch(`${t.server.url}/api/contests/demo/log`, {
    headers: { authorization: `Bearer ${demoHost}` },
  });
  expect(logRes.status).toBe(200);
  const logLines = (await logRes.text()).split('\n').filter((l) => l !== '');
  expect(logLines.length).toBeGreaterThan(20);
  for (const [i, line] of logLines.entries())
    answers.push({ who: 'http', name: `log line ${i + 1}`, schema: 'LogLine', payload: JSON.parse(line) });

  // The authoring routes' refusals, with their Chinese text beside the English.
  const authoring = async (
    path: string,
    method: string,
    body: string,
    status: number,
    schema: string,
    token: string,
  ) => {
    const res = await fetch(`${t.server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body,
    });
    expect(res.status, path).toBe(status);
    answers.push({ who: 'http', name: `${method} ${path} (${status})`, schema, payload: await res.json() });
  };
  await authoring(`/api/contests/${draftId}/contest.json`, 'PUT', 'not json', 400, 'AuthoringErrorAnswer', draftHost);
  await authoring('/api/contests/written/contest.json', 'PUT', '{}', 409, 'AuthoringErrorAnswer', hostToken);
  await authoring(
    `/api/contests/${draftId}/contest.json`,
    'PUT',
    JSON.stringify({ ...writtenContest(), stages: [] }),
    400,
    'ContestProblemsAnswer',
    draftHost,
  );
  await authoring(
    `/api/contests/${draftId}/import/questions`,
    'POST',
    'foo,bar\r\n1,2\r\n',
    400,
    'ImportRefusedAnswer',
    draftHost,
  );
  const problems = answers.find((a) => a.schema === 'ContestProblemsAnswer')!.payload as {
    error: { code: string; zh: string };
    problems: unknown[];
  };
  expect(problems.error.code).toBe('INVALID_CONTEST');
  expect(problems.problems.length).toBeGreaterThan(0);
  const importRefused = answers.find((a) => a.schema === 'ImportRefusedAnswer')!.payload as { issues: unknown[] };
  expect(importRefused.issues.length).toBeGreaterThan(0);

  // Validate everything with Ajv: draft-07 for the type-generated files, 2020-12 for the TypeBox ones.
  const draft07 = new Ajv({ allErrors: true, strict: false });
  const draft2020 = new Ajv2020({ allErrors: true, strict: false });
  const validators = new Map<string, ValidateFunction>();
  for (const [name, schema] of Object.entries(FROM_TYPES)) validators.set(name, draft07.compile(schema as object));
  for (const [name, schema] of Object.entries(FROM_TYPEBOX)) validators.set(name, draft2020.compile(schema as object));
  const failures: string[] = [];
  const check = (r: Received, schema: string | undefined) => {
    const validate = schema ? validators.get(schema) : undefined;
    if (!validate) return failures.push(`${r.who}: ${r.name} has no published schema`);
    if (!validate(r.payload))
      failures.push(`${r.who}: ${r.name} (${schema}): ${draft07.errorsText(validate.errors, { separator: '; ' })}`);
    return 0;
  };
  for (const r of received) check(r, FRAME_SCHEMA[r.name]);
  for (const a of answers) check(a, a.schema);
  expect(failures).toEqual([]);

  // What was covered: every role's snapshot and events, every frame kind of this run, acks ok and refused.
  const kinds = new Set(received.map((r) => r.name));
  for (const name of Object.keys(FRAME_SCHEMA).filter((n) => n !== 'cluster:status' && n !== 'paper:notice'))
    expect(kinds, name).toContain(name);
  for (const who of ['host', 'judge j1', 'contestant c01', 'stage', 'overlay', 'audience'])
    expect(
      received.some((r) => r.who === who && r.name === 'contest:events'),
      who,
    ).toBe(true);
  const eventTypes = new Set(
    received.flatMap((r) =>
      r.name === 'contest:events' ? (r.payload as { events: { type: string }[] }).events.map((e) => e.type) : [],
    ),
  );
  for (const type of [
    'QuestionShown',
    'AnswerMarked',
    'JudgeScoreSubmitted',
    'ScoresRevealed',
    'EventWithheld',
    'WrittenResultsReleased',
  ])
    expect(eventTypes, type).toContain(type);
  expect(answers.some((a) => a.name === 'command:send' && (a.payload as { ok: boolean }).ok === false)).toBe(true);
  expect(
    answers.filter((a) => a.name === 'contest:resync').map((a) => (a.payload as { state: unknown }).state === null),
  ).toEqual([true, false]);
});
