/**
 * What every role receives, frame by frame: a socket per role (host, stage, overlay, every judge,
 * three contestant phones, an audience phone) records every inbound frame — the snapshot, each
 * event frame, audience frames, and `contest:resync` answers asked for along the way (a whole view
 * and a tail) — through a required round, a buzzer round and a judged performance. Then for every
 * role but the host: no question's text or option before the question is shown, no answer key,
 * reference or explanation before its reveal, no device id (its own welcome aside), and no judge's
 * score before the lock (a judge sees only its own). The host receives no device id either.
 * Also: a phone that claims another phone's device id displaces nothing of that phone's seat.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  DEMO_CONTEST,
  deviceTag,
  type ContestFile,
  type LinkStatus,
  type PositionedEvent,
  type Question,
  type ResyncAck,
} from '@leitai/shared';
import { connectScreen } from '../support/harness.ts';
import { connectRecording, foreignScores, must, type RecordingScreen } from '../support/judging-play.ts';
import { TestPhone, sleep, startKnowledgeContest, type KnowledgeContest } from '../support/knowledge-phones.ts';

const definition: ContestFile = {
  ...DEMO_CONTEST,
  stages: DEMO_CONTEST.stages.map((stage) => ({
    ...stage,
    segments: stage.segments.map((s) =>
      s.kind === 'buzzer' ? { ...s, settings: { ...s.settings, answerSeconds: 5, buzzSeconds: 3 } } : s,
    ),
  })),
};

interface Recorder {
  label: string;
  /** What the role may hold of judges' scores: its own judge id, else none. */
  judgeId: string | null;
  host: boolean;
  screen: RecordingScreen;
  deviceId: string;
}

const device = (label: string) => `dev-${label}-${'x'.repeat(12)}`;

let contest: KnowledgeContest;
const recorders: Recorder[] = [];
const phones = new Map<string, TestPhone>();
let log: PositionedEvent[] = [];

async function record(label: string, auth: { token?: string; joinCode?: string }, judgeId: string | null = null) {
  const deviceId = device(label);
  const screen = await connectRecording(contest.url, { ...auth, deviceId });
  const r: Recorder = { label, judgeId, host: label === 'host', screen, deviceId };
  recorders.push(r);
  return r;
}

/** Ask every recorder for a resync (the whole view, and a tail of the last few events) and record the answers. */
async function resyncAll(): Promise<void> {
  for (const r of recorders) {
    for (const fromVersion of [0, Math.max(1, r.screen.state().version - 4)]) {
      const ack = (await r.screen.socket.timeout(5000).emitWithAck('contest:resync', { fromVersion })) as ResyncAck;
      r.screen.frames.push({ name: 'contest:resync', payload: structuredClone({ fromVersion, ack }) });
    }
  }
}

/** Every string value in a frame, and the highest stream version it speaks for. */
function scan(frame: { name: string; payload: unknown }): { strings: Set<string>; horizon: number } {
  const strings = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') strings.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(frame.payload);
  const p = frame.payload as Record<string, unknown>;
  let horizon = -1;
  if (frame.name === 'contest:snapshot') horizon = (p['state'] as { version: number }).version;
  if (frame.name === 'contest:events') horizon = Math.max(...(p['events'] as PositionedEvent[]).map((e) => e.version));
  if (frame.name === 'contest:resync') {
    const ack = p['ack'] as ResyncAck;
    if (ack.ok) {
      horizon = ack.state
        ? ack.state.version
        : Math.max(p['fromVersion'] as number, ...ack.events.map((e) => e.version));
    }
  }
  return { strings, horizon };
}

const textsOf = (q: Question): string[] => [q.text, ...(q.options ?? []).map((o) => o.text)];

beforeAll(async () => {
  contest = await startKnowledgeContest(definition, 'views');
  await record('host', { token: contest.token('host') });
  await record('stage', { token: contest.token('stage') });
  await record('overlay', { token: contest.token('overlay') });
  for (const j of definition.judges) await record(`judge-${j.id}`, { token: contest.token('judge', j.id) }, j.id);
  for (const id of ['c01', 'c02', 'c03']) {
    const phone = await TestPhone.connect(
      contest.url,
      contest.token('contestant', id),
      id,
      { upMs: 2, downMs: 2, skewMs: 0 },
      device(`phone-${id}`),
    );
    phones.set(id, phone);
    const r = await record(`contestant-${id}`, { token: contest.token('contestant', id) });
    void r;
  }
  const joinCode = contest.server.service.get('views')!.state!.joinCode;
  await record('audience', { joinCode });

  const host = recorders[0]!.screen;
  const seg = 'knowledge-required';
  await must(host, { type: 'StartSegment', data: { segmentId: seg } });
  // A required question in preview: only the host knows which.
  let position = await must(host, {
    type: 'PrepareQuestion',
    data: { segmentId: seg, questionId: 'q01', contestantId: 'c01' },
  });
  for (const r of recorders) await r.screen.waitForVersion(position);
  await resyncAll();
  await must(host, { type: 'ShowQuestion', data: { run: 1 } });
  await must(host, { type: 'StartAnswerTimer', data: { run: 1 } });
  position = await phones
    .get('c01')!
    .send({ type: 'SubmitAnswer', data: { run: 1, choice: ['A'] } })
    .then((a) => {
      if (!a.ok) throw new Error(a.error.message);
      return a.position;
    });
  for (const r of recorders) await r.screen.waitForVersion(position);
  await resyncAll();
  await must(host, { type: 'RevealAnswer', data: { run: 1 } });
  // A second question prepared and shown but never revealed; a third only prepared.
  await must(host, { type: 'PrepareQuestion', data: { segmentId: seg, questionId: 'q02', contestantId: 'c02' } });
  await must(host, { type: 'ShowQuestion', data: { run: 2 } });
  await must(host, { type: 'MarkAnswer', data: { run: 2, result: 'wrong' } });
  await must(host, { type: 'PrepareQuestion', data: { segmentId: seg, questionId: 'q03', contestantId: 'c03' } });
  await must(host, { type: 'FinishQuestion', data: { run: 3 } });

  // A buzzer question: armed, pressed, decided, marked, revealed.
  await must(host, { type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } });
  await must(host, { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } });
  await must(host, { type: 'ShowQuestion', data: { run: 4 } });
  position = await must(host, { type: 'ArmBuzzer', data: { run: 4 } });
  const armed = contest.server.service.get('views')!.state!.knowledge.active!.buzz!;
  await sleep(armed.openAt - Date.now() + 30);
  const press = await phones.get('c02')!.press(4, armed.attempt);
  if (!press.ok) throw new Error(press.error.message);
  const t0 = Date.now();
  while (contest.server.service.get('views')!.state!.knowledge.active!.phase !== 'answering') {
    if (Date.now() - t0 > 3000) throw new Error('the buzz was not decided');
    await sleep(20);
  }
  await must(host, { type: 'MarkAnswer', data: { run: 4, result: 'correct' } });
  await must(host, { type: 'RevealAnswer', data: { run: 4 } });
  await must(host, { type: 'FinishQuestion', data: { run: 4 } });
  await resyncAll();

  // A judged performance: five judges score, then the lock, then the reveal.
  await must(host, { type: 'StartSegment', data: { segmentId: 'reflection' } });
  position = await must(host, { type: 'StartPerformance', data: { segmentId: 'reflection', contestantId: 'c01' } });
  const judges = recorders.filter((r) => r.judgeId);
  for (const [i, r] of judges.entries()) {
    await r.screen.waitForVersion(position);
    position = await must(r.screen, {
      type: 'SubmitJudgeScore',
      data: { segmentId: 'reflection', contestantId: 'c01', score: 8000 + i * 150 },
    });
  }
  for (const r of recorders) await r.screen.waitForVersion(position);
  await resyncAll();
  position = await must(host, { type: 'LockJudging', data: { segmentId: 'reflection', contestantId: 'c01' } });
  for (const r of recorders) await r.screen.waitForVersion(position);
  await resyncAll();
  position = await must(host, { type: 'RevealScores', data: { segmentId: 'reflection', contestantId: 'c01' } });
  for (const r of recorders) await r.screen.waitForVersion(position);
  await resyncAll();
  await sleep(300); // the audience's merged frames go out at most every 100 ms
  log = contest.server.service.get('views')!.eventsAfter(0);
}, 60_000);

afterAll(async () => {
  for (const r of recorders) r.screen.close();
  for (const p of phones.values()) p.close();
  await contest?.cleanup();
});

/** The stream version of the first event of `type` matching `pick`; Infinity when there is none. */
function versionOf(type: string, pick: (data: Record<string, unknown>) => boolean = () => true): number {
  return log.find((e) => e.type === type && pick(e.data as Record<string, unknown>))?.version ?? Infinity;
}

test('the run actually happened (a check of the test itself)', () => {
  const types = log.map((e) => e.type);
  for (const t of ['QuestionShown', 'AnswerRevealed', 'BuzzDecided', 'JudgingLocked', 'ScoresRevealed']) {
    expect(types).toContain(t);
  }
  for (const r of recorders) expect(r.screen.frames.length, r.label).toBeGreaterThan(10);
});

test('no question text or option reaches any role but the host before the question is shown', () => {
  for (const r of recorders.filter((x) => !x.host)) {
    for (const frame of r.screen.frames) {
      const { strings, horizon } = scan(frame);
      for (const q of definition.questions) {
        const shownAt = versionOf('QuestionShown', (d) => d['questionId'] === q.id);
        // The audience's phones show no stage question at all.
        const visible = r.label === 'audience' ? Infinity : shownAt;
        if (horizon >= visible) continue;
        const others = definition.questions.filter(
          (x) => x.id !== q.id && versionOf('QuestionShown', (d) => d['questionId'] === x.id) <= horizon,
        );
        const allowed = new Set(others.flatMap(textsOf));
        for (const text of textsOf(q)) {
          if (allowed.has(text)) continue;
          expect(strings.has(text), `${r.label} ${frame.name}@${horizon}: ${q.id} "${text}"`).toBe(false);
        }
      }
    }
  }
});

test('no answer key, reference or explanation before its reveal; no question bank at all', () => {
  for (const r of recorders.filter((x) => !x.host)) {
    for (const frame of r.screen.frames) {
      const { strings, horizon } = scan(frame);
      for (const q of definition.questions) {
        const revealedAt = versionOf('AnswerRevealed', (d) => d['questionId'] === q.id);
        if (horizon >= revealedAt) continue;
        for (const text of [q.reference, q.explanation]) {
          if (text) expect(strings.has(text), `${r.label} ${frame.name}@${horizon}: ${q.id} reference`).toBe(false);
        }
      }
      // Answer keys travel only inside a reveal: nowhere else does a non-empty `answer` appear.
      const walk = (v: unknown, path: string): void => {
        if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`));
        if (!v || typeof v !== 'object') return;
        const o = v as Record<string, unknown>;
        if (Array.isArray(o['answer']) && o['answer'].length > 0) {
          const inReveal = /revealed|AnswerRevealed|playAlong/.test(path) || o['type'] === 'AnswerRevealed';
          expect(inReveal, `${r.label} ${frame.name}: an answer at ${path}`).toBe(true);
        }
        for (const [k, x] of Object.entries(o))
          walk(x, `${path}.${o['type'] === 'AnswerRevealed' ? 'AnswerRevealed' : k}`);
      };
      walk(frame.payload, '$');
      const p = frame.payload as { state?: { definition: ContestFile }; ack?: ResyncAck };
      const state = p.state ?? (p.ack?.ok ? p.ack.state : null);
      if (state) {
        expect(state.definition.questions, `${r.label}: the bank`).toEqual([]);
        for (const g of state.definition.stages.flatMap((s) => s.segments)) {
          if ('questionIds' in g) expect(g.questionIds, `${r.label}: ${g.id}'s question order`).toEqual([]);
        }
      }
    }
  }
});

test('no device id reaches any role (its own welcome aside), the host included', () => {
  const ids = [...recorders.map((r) => r.deviceId), ...[...phones.keys()].map((id) => device(`phone-${id}`))];
  for (const r of recorders) {
    for (const frame of r.screen.frames) {
      const { strings } = scan(frame);
      for (const id of ids) expect(strings.has(id), `${r.label} ${frame.name} holds ${id}`).toBe(false);
    }
  }
  // Every role but the host holds no seated device at all.
  for (const r of recorders.filter((x) => !x.host)) expect(r.screen.state().devices, r.label).toEqual({});
  const host = recorders[0]!.screen.state();
  expect(Object.values(host.devices).filter((d) => d.role === 'contestant').length).toBeGreaterThanOrEqual(3);
});

test("no judge's score reaches another role before the lock, nor anyone but the host before the reveal", () => {
  const lockedAt = versionOf('JudgingLocked');
  const revealedAt = versionOf('ScoresRevealed');
  for (const r of recorders.filter((x) => !x.host)) {
    for (const frame of r.screen.frames) {
      const { horizon } = scan(frame);
      if (horizon >= revealedAt) continue;
      const found = foreignScores(frame.payload, r.judgeId ?? '');
      expect(found, `${r.label} ${frame.name}@${horizon} (lock at ${lockedAt})`).toEqual([]);
    }
  }
});

test("a phone claiming another phone's device id displaces nothing of that phone's seat", async () => {
  const victim = phones.get('c01')!;
  const victimDevice = device('phone-c01');
  // c03's seat token, c01's device id.
  const intruder = await connectScreen(contest.url, {
    token: contest.token('contestant', 'c03'),
    deviceId: victimDevice,
  });
  intruder.socket.on('clock:probe', (_p, ack) => ack({ synced: false, errorMs: null }));
  const host = recorders[0]!.screen;
  const links: LinkStatus[][] = [];
  host.socket.on('link:status', (f: { links: LinkStatus[] }) => links.push(f.links));
  // c01's phone is listed under c01 with its own measured, synced link; the intruder's socket
  // is listed under c03 (its own seat), not in c01's place. Polled: the status frames come at
  // most once a second, and a loaded machine can delay the intruder's first probes.
  const mine = () =>
    (links.at(-1) ?? []).filter((l) => l.device === deviceTag(victimDevice)).map((l) => [l.contestantId, l.synced]);
  await expect.poll(mine, { timeout: 10_000, interval: 250 }).toEqual([
    ['c01', true],
    ['c03', false],
  ]);
  // Both seats are seated on the host's list; the intruder's leaving releases only its own seat.
  const seated = () =>
    Object.values(host.state().devices)
      .filter((d) => d.role === 'contestant')
      .map((d) => d.subjectId);
  expect(seated()).toContain('c01');
  intruder.close();
  await sleep(500);
  expect(seated()).toContain('c01');
  const server = contest.server.service.get('views')!.state!;
  expect(Object.values(server.devices).some((d) => d.subjectId === 'c01' && d.device === victimDevice)).toBe(true);
  expect(victim.screen.socket.connected).toBe(true);
});
