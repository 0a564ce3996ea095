/**
 * A whole scripted 比知识 segment of the demo contest on a real server with real sockets:
 * the required round for all ten contestants (phone answers graded at once, open questions
 * marked by the host, a time-out, an undo), then buzzer questions with false starts, a slower
 * phone that pressed first, a wrong answer and a rebound, a buzzer that closes with nobody
 * pressing, an unsynced phone in arrival order, mashing, and an answer time-out. Every phone
 * has its own simulated latency and clock skew. Expected numbers are written out by hand.
 * Timers are shortened (3 s / 2 s) so the file runs in well under a minute.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  DEMO_CONTEST,
  partStandings,
  type ClientCommand,
  type ContestFile,
  type ContestState,
  type LinkStatus,
  type PositionedEvent,
} from '@leitai/shared';
import { connectScreen, type Screen } from '../support/harness.ts';
import {
  TestPhone,
  serverClock,
  sleep,
  sleepUntil,
  startKnowledgeContest,
  type KnowledgeContest,
  type PhoneProfile,
} from '../support/knowledge-phones.ts';

const definition: ContestFile = {
  ...DEMO_CONTEST,
  stages: DEMO_CONTEST.stages.map((stage) => ({
    ...stage,
    segments: stage.segments.map((s) => {
      if (s.kind === 'required') return { ...s, settings: { ...s.settings, answerSeconds: 3 } };
      if (s.kind === 'buzzer') return { ...s, settings: { ...s.settings, answerSeconds: 2, buzzSeconds: 2 } };
      return s;
    }),
  })),
};

const PROFILES: Record<string, PhoneProfile> = {
  c01: { upMs: 120, downMs: 120, skewMs: 400 },
  c02: { upMs: 5, downMs: 5, skewMs: -250 },
  c03: { upMs: 40, downMs: 60, skewMs: 1000 },
  c04: { upMs: 10, downMs: 30, skewMs: -50 },
  c05: { upMs: 15, downMs: 15, skewMs: 0 },
  c06: { upMs: 20, downMs: 20, skewMs: 30 },
  c07: { upMs: 15, downMs: 25, skewMs: -700 },
  c08: { upMs: 30, downMs: 30, skewMs: 5 },
  c09: { upMs: 8, downMs: 8, skewMs: 0 },
  c10: { upMs: 15, downMs: 15, skewMs: 0, unsynced: true },
};

let contest: KnowledgeContest;
let host: Screen;
let stage: Screen;
const phones = new Map<string, TestPhone>();
let links: LinkStatus[] = [];
const phone = (id: string): TestPhone => phones.get(id)!;

beforeAll(async () => {
  contest = await startKnowledgeContest(definition);
  host = await connectScreen(contest.url, { token: contest.token('host') });
  host.socket.on('link:status', (frame) => (links = frame.links));
  stage = await connectScreen(contest.url, { token: contest.token('stage') });
  await Promise.all(
    Object.entries(PROFILES).map(async ([id, profile]) => {
      phones.set(id, await TestPhone.connect(contest.url, contest.token('contestant', id), id, profile));
    }),
  );
  // Let the server's link probes gather a few round trips per phone.
  await sleep(1200);
});

afterAll(async () => {
  for (const p of phones.values()) p.close();
  host?.close();
  stage?.close();
  await contest?.cleanup();
});

/** Send a host command; fail the test on a refusal; wait until the host's view has it. */
async function run(command: ClientCommand): Promise<ContestState> {
  let ack = await host.send(command);
  // The test host is faster than any human: respect the per-socket rate limit (20/s) and retry.
  while (!ack.ok && ack.error.code === 'RATE_LIMITED') {
    await sleep(60);
    ack = await host.send(command);
  }
  if (!ack.ok) throw new Error(`${command.type}: ${ack.error.code} ${ack.error.message}`);
  return host.waitForVersion(ack.position);
}

/** Wait until the host's state satisfies `check` (deadlines fire on the server by themselves). */
async function until(check: (s: ContestState) => boolean, timeoutMs = 8000): Promise<ContestState> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const s = host.state();
    if (check(s)) return s;
    await sleep(10);
  }
  throw new Error('condition not reached');
}

const score = (segmentId: string, c: string) => host.state().scores[segmentId]?.[c] ?? 0;

test('the server measures every phone and tells the host which ones fall back to arrival order', async () => {
  // Frames come at most once a second; wait for one sent after every phone synced its clock.
  const end = Date.now() + 6000;
  while (Date.now() < end && !(links.length === 10 && links.filter((l) => l.synced).length === 9)) await sleep(50);
  const by = new Map(links.map((l) => [l.contestantId, l]));
  expect(by.get('c10')?.synced).toBe(false);
  expect(by.get('c02')?.synced).toBe(true);
  // c01 has 120 ms each way: its lowest round trip is about 240 ms, whatever it claims.
  expect(by.get('c01')?.rttMs).toBeGreaterThanOrEqual(235);
  expect(by.get('c01')?.windowMs).toBeGreaterThanOrEqual(235);
  expect(by.get('c02')?.rttMs).toBeLessThan(100);
});

test('the required round for all ten, then the buzzer round: every score and the final standings', async () => {
  await run({ type: 'StartSegment', data: { segmentId: 'knowledge-required' } });

  // ---------- 必答: two questions each, in seat order ----------
  type Step =
    { phone: string[] } | { host: 'correct' | 'wrong' } | { timeout: true } | { host: 'correct'; undo: string };
  const script: [string, string, Step][] = [
    ['c01', 'q01', { phone: ['B'] }], // correct
    ['c01', 'q02', { phone: ['A'] }], // wrong
    ['c02', 'q03', { phone: ['true'] }], // correct
    ['c02', 'q04', { phone: ['B'] }], // correct
    ['c03', 'q05', { phone: ['A', 'B', 'C'] }], // correct
    ['c03', 'q06', { phone: ['A', 'B'] }], // wrong (multiple choice is all or nothing)
    ['c04', 'q07', { phone: ['false'] }], // wrong
    ['c04', 'q08', { host: 'correct' }], // open question
    ['c05', 'q09', { phone: ['B'] }], // correct
    ['c05', 'q10', { phone: ['false'] }], // correct
    ['c06', 'q11', { phone: ['A'] }], // correct
    ['c06', 'q12', { host: 'correct', undo: 'host misheard the answer' }], // marked by mistake, undone
    ['c07', 'q13', { phone: ['C'] }], // correct
    ['c07', 'q14', { timeout: true }], // time-out: 0
    ['c08', 'q15', { host: 'correct' }],
    ['c08', 'q16', { phone: ['true'] }], // correct
    ['c09', 'q17', { phone: ['A'] }], // wrong
    ['c09', 'q18', { phone: ['false'] }], // correct
    ['c10', 'q19', { phone: ['C'] }], // correct
    ['c10', 'q20', { phone: ['C', 'A'] }], // correct (order does not matter)
  ];
  for (const [contestantId, questionId, step] of script) {
    const prepared = await run({
      type: 'PrepareQuestion',
      data: { segmentId: 'knowledge-required', questionId, contestantId },
    });
    const runNo = prepared.knowledge.active!.run;
    expect(prepared.currentContestantId).toBe(contestantId);
    await run({ type: 'ShowQuestion', data: { run: runNo } });
    await run({ type: 'StartAnswerTimer', data: { run: runNo } });
    if ('phone' in step) {
      const ack = await phone(contestantId).send({ type: 'SubmitAnswer', data: { run: runNo, choice: step.phone } });
      expect(ack.ok).toBe(true);
    } else if ('timeout' in step) {
      await until((s) => s.knowledge.active?.result === 'timeout', 6000);
    } else {
      await run({ type: 'MarkAnswer', data: { run: runNo, result: step.host } });
      if ('undo' in step) await run({ type: 'UndoScore', data: { reason: step.undo } });
    }
    await until((s) => s.knowledge.active?.phase === 'marked');
    await run({ type: 'RevealAnswer', data: { run: runNo } });
  }
  const required = {
    c01: 1000,
    c02: 2000,
    c03: 1000,
    c04: 1000,
    c05: 2000,
    c06: 1000,
    c07: 1000,
    c08: 2000,
    c09: 1000,
    c10: 2000,
  };
  for (const [c, v] of Object.entries(required)) expect(score('knowledge-required', c), c).toBe(v);
  // The stage folded the same scores from its own (answer-free until reveal) view.
  await stage.waitForVersion(host.state().version);
  expect(stage.state().scores).toEqual(host.state().scores);

  // ---------- 抢答 ----------
  await run({ type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } });
  // Every phone but c10 (which cannot sync) has claimed times; the server measured every link.
  const armQuestion = async (questionId: string, prepare = true) => {
    let s = host.state();
    if (prepare) {
      s = await run({ type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId } });
      await run({ type: 'ShowQuestion', data: { run: s.knowledge.active!.run } });
    }
    const runNo = host.state().knowledge.active!.run;
    s = await run({ type: 'ArmBuzzer', data: { run: runNo } });
    const buzz = s.knowledge.active!.buzz!;
    return { runNo, attempt: buzz.attempt, openAt: buzz.openAt, graceMs: buzz.graceMs };
  };
  /** Press at true server time `at` (the phone's own claim comes from its synced clock). */
  const pressAt = async (id: string, at: number, runNo: number, attempt: number) => {
    await sleepUntil(at);
    return phone(id).press(runNo, attempt);
  };

  // Q21: c04 false-starts; c01 (slow link, skewed clock) presses first but arrives after c02.
  {
    const { runNo, attempt, openAt, graceMs } = await armQuestion('q21');
    expect(graceMs).toBe(150); // c01's round trip (~240 ms) is beyond the cap
    await Promise.all([
      pressAt('c04', openAt - 150, runNo, attempt),
      pressAt('c01', openAt + 100, runNo, attempt), // arrives ≈ +220
      pressAt('c02', openAt + 180, runNo, attempt), // arrives ≈ +185
    ]);
    const s = await until((x) => x.knowledge.active?.buzz?.winnerId != null);
    const buzz = s.knowledge.active!.buzz!;
    expect(buzz.winnerId).toBe('c01');
    expect(buzz.order!.map((o) => o.contestantId)).toEqual(['c01', 'c02']);
    expect(buzz.order![1]!.gapMs).toBeGreaterThan(40);
    const arrival = buzz.presses.map((p) => p.contestantId);
    expect(arrival).toEqual(['c04', 'c02', 'c01']); // c02's press arrived before c01's
    expect(buzz.presses[0]).toMatchObject({ contestantId: 'c04', decision: 'falseStart' });
    expect(s.knowledge.active!.lockedOut).toEqual(['c04']);
    await run({ type: 'MarkAnswer', data: { run: runNo, result: 'correct' } });
    await run({ type: 'RevealAnswer', data: { run: runNo } });
  }

  // Q22: c03 wins and answers wrong; rebound: c03 stays locked out, c05 wins and is right.
  {
    const { runNo, attempt, openAt } = await armQuestion('q22');
    await Promise.all([pressAt('c03', openAt + 100, runNo, attempt), pressAt('c05', openAt + 200, runNo, attempt)]);
    await until((x) => x.knowledge.active?.buzz?.winnerId === 'c03');
    await run({ type: 'MarkAnswer', data: { run: runNo, result: 'wrong' } });
    const again = await armQuestion('q22', false);
    expect(again.attempt).toBe(2);
    await Promise.all([
      pressAt('c03', again.openAt + 60, runNo, again.attempt),
      pressAt('c05', again.openAt + 150, runNo, again.attempt),
    ]);
    const s = await until((x) => x.knowledge.active?.buzz?.winnerId === 'c05');
    expect(s.knowledge.active!.buzz!.presses[0]).toMatchObject({ contestantId: 'c03', decision: 'lockedOut' });
    await run({ type: 'MarkAnswer', data: { run: runNo, result: 'correct' } });
  }

  // Q23: nobody presses: the buzzer closes after buzzSeconds with no score.
  {
    await armQuestion('q23');
    const s = await until((x) => x.knowledge.active?.phase === 'closed', 5000);
    expect(s.knowledge.active!.result).toBeNull();
    await run({ type: 'RevealAnswer', data: { run: s.knowledge.active!.run } });
  }

  // Q24: c10 cannot sync: arrival order; it wins, says nothing, and times out (counted wrong).
  {
    const { runNo, attempt, openAt } = await armQuestion('q24');
    await Promise.all([pressAt('c10', openAt + 100, runNo, attempt), pressAt('c02', openAt + 200, runNo, attempt)]);
    const won = await until((x) => x.knowledge.active?.buzz?.winnerId != null);
    expect(won.knowledge.active!.buzz!.winnerId).toBe('c10');
    expect(won.knowledge.active!.buzz!.order![0]!.mode).toBe('arrival');
    const s = await until((x) => x.knowledge.active?.result === 'timeout', 5000);
    expect(s.knowledge.active!.lockedOut).toEqual(['c10']);
  }

  // Q25: c02 mashes the button; it wins once and answers on the phone (graded at once).
  {
    const { runNo, attempt, openAt } = await armQuestion('q25');
    await sleepUntil(openAt + 80);
    await Promise.all([
      phone('c02').press(runNo, attempt),
      sleep(15).then(() => phone('c02').press(runNo, attempt)),
      sleep(30).then(() => phone('c02').press(runNo, attempt)),
      pressAt('c06', openAt + 200, runNo, attempt),
    ]);
    await until((x) => x.knowledge.active?.buzz?.winnerId === 'c02');
    const ack = await phone('c02').send({ type: 'SubmitAnswer', data: { run: runNo, choice: ['C'] } });
    expect(ack.ok).toBe(true);
    const s = await until((x) => x.knowledge.active?.result === 'correct');
    const mine = s.knowledge.active!.buzz!.presses.filter((p) => p.contestantId === 'c02').map((p) => p.decision);
    expect(mine).toEqual(['accepted', 'duplicate', 'duplicate']);
    await run({ type: 'FinishQuestion', data: { run: runNo } });
  }

  const buzzer = { c01: 1000, c02: 1000, c03: -1000, c04: -500, c05: 1000, c06: 0, c07: 0, c08: 0, c09: 0, c10: -1000 };
  for (const [c, v] of Object.entries(buzzer)) expect(score('knowledge-buzzer', c), c).toBe(v);

  // 比知识 = 100 base + 必答 + 抢答, ranked by the scoring core.
  const standings = partStandings(host.state(), 'knowledge-buzzer').map((r) => [r.contestantId, r.rank, r.score]);
  expect(standings).toEqual([
    ['c02', 1, 13_000],
    ['c05', 1, 13_000],
    ['c01', 3, 12_000],
    ['c08', 3, 12_000],
    ['c06', 5, 11_000],
    ['c07', 5, 11_000],
    ['c09', 5, 11_000],
    ['c10', 5, 11_000],
    ['c04', 9, 10_500],
    ['c03', 10, 10_000],
  ]);

  // Every press is an auditable event with raw and corrected times and the decision.
  const presses = host.events.filter(
    (e): e is Extract<PositionedEvent, { type: 'BuzzPressed' }> => e.type === 'BuzzPressed',
  );
  expect(presses.length).toBe(13);
  for (const p of presses) {
    expect(p.data.press.arrivedAt).toBeGreaterThan(0);
    expect(typeof p.data.press.correctedAt).toBe('number');
    expect(p.data.press.correctedAt).toBeLessThanOrEqual(p.data.press.arrivedAt);
    expect(p.data.press.arrivedAt - p.data.press.correctedAt).toBeLessThanOrEqual(p.data.press.windowMs);
  }
  // A phone saw its own state the same way: c01's view has the same scores.
  const c01 = phone('c01').screen;
  await c01.waitForVersion(host.state().version);
  expect(c01.state().scores).toEqual(host.state().scores);
  expect(serverClock()).toBeGreaterThan(0);
}, 60_000);
