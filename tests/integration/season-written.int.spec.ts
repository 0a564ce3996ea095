/**
 * The three-stage example (examples/three-stage-contest.json) end to end with REAL written tests:
 * every written score comes from takers sitting the paper over the `/written` namespace with the
 * personal links the host hands out (not from score corrections). 初赛 (written + judged lecture,
 * four committees, top 1 each, a tie at the cut settled by the host) → ConfirmAdvancement → 复赛
 * (its written test taken by the advanced and the seeded, top 2 per liaison group by lecture +
 * written) → ConfirmAdvancement → 决赛. Expected written scores are worked out here from the
 * answers each taker gives and the file's key; the final's roster is recomputed from the exported
 * log alone (tests/support/season-log.ts) and must equal what every screen holds.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { stageRoster, type ContestFile, type PositionedEvent } from '@leitai/shared';
import { startLeitaiServer, type LeitaiServerHandle } from '../../server/src/app.ts';
import { connectScreen, tempDir, type Screen } from '../support/harness.ts';
import { must, playPerformance, sendPaced } from '../support/judging-play.ts';
import { finalRosterFromLog } from '../support/season-log.ts';
import { connectTaker, type Taker } from '../support/written-takers.ts';

const EXAMPLE = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../examples/three-stage-contest.json'), 'utf8'),
) as ContestFile;

let server: LeitaiServerHandle;
let dir: string;
let seats: { role: string; subjectId?: string; token: string }[];
let host: Screen;
let stage: Screen;
const judges = new Map<string, Screen>();
const takers: Taker[] = [];
const token = (role: string) => seats.find((s) => s.role === role)!.token;

beforeAll(async () => {
  dir = tempDir();
  server = await startLeitaiServer({ dbFile: join(dir, 'leitai.sqlite'), port: 0 });
  const created = await server.service.create(EXAMPLE, { contestId: 'season' });
  if (!created.ok) throw new Error(created.error.message);
  seats = created.contest.seats;
  host = await connectScreen(server.url, { token: token('host') });
  stage = await connectScreen(server.url, { token: token('stage') });
  for (const j of ['j1', 'j2', 'j3', 'j4', 'j5'])
    judges.set(j, await connectScreen(server.url, { token: seats.find((s) => s.subjectId === j)!.token }));
}, 60_000);

afterAll(async () => {
  for (const t of takers) t.close();
  for (const s of [host, stage, ...judges.values()]) s?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const screens = (): Screen[] => [host, stage, ...judges.values()];
const settle = (position: number) => Promise.all(screens().map((s) => s.waitForVersion(position)));
const key = new Map(EXAMPLE.questions.map((q) => [q.id, q]));

/** The choice for question `id`: right, wrong (another option, or the other of true/false), or half (one right option of a multiple). */
function choice(id: string, how: 'right' | 'wrong' | 'half'): string[] {
  const q = key.get(id)!;
  const answer = 'answer' in q ? q.answer : [];
  if (how === 'right') return [...answer];
  if (how === 'half') return [answer[0]!];
  const keys = q.kind === 'truefalse' ? ['true', 'false'] : q.options!.map((o) => o.key);
  return [keys.find((k) => !answer.includes(k))!];
}

/**
 * Sit a written test: the host fetches the roster's personal links and opens the test; each
 * taker in `plan` opens their own paper through its link and answers; those marked `submit`
 * submit, the rest are submitted by the close. Resolves with the ledger's scores after the close.
 */
async function sitWrittenTest(
  segmentId: string,
  plan: Record<string, { answers: ('right' | 'wrong' | 'half' | null)[]; submit: boolean }>,
): Promise<Record<string, number>> {
  const res = await fetch(`${server.url}/api/contests/season/written/${segmentId}/links`, {
    headers: { authorization: `Bearer ${token('host')}` },
  });
  expect(res.status).toBe(200);
  const { links } = (await res.json()) as { links: { takerId: string; url: string }[] };
  const mine = new Map<string, Taker>();
  for (const id of Object.keys(plan)) {
    const url = links.find((l) => l.takerId === id)!.url;
    const t = await connectTaker(server.url, url.slice(url.indexOf('#token=') + 7), `phone-${id}`);
    takers.push(t);
    mine.set(id, t);
  }
  await must(host, { type: 'OpenWrittenTest', data: { segmentId } });
  const segment = EXAMPLE.stages.flatMap((s) => s.segments).find((g) => g.id === segmentId)!;
  const questionIds = (segment as { questionIds: string[] }).questionIds;
  await Promise.all(
    [...mine].map(async ([id, t]) => {
      await t.waitForView((v) => v.testStatus === 'open');
      const opened = await t.open();
      if (!opened.ok) throw new Error(opened.error.message);
      // Their own paper: every question of the segment, shuffled or not, and no key on the wire.
      expect(opened.paper.questions.map((q) => q.id).sort()).toEqual([...questionIds].sort());
      expect(JSON.stringify(opened.paper)).not.toMatch(/"answer"|"explanation"/);
      for (const [i, how] of plan[id]!.answers.entries()) {
        if (how === null) continue;
        const ack = await t.save(questionIds[i]!, choice(questionIds[i]!, how));
        expect(ack.ok).toBe(true);
      }
      if (plan[id]!.submit) expect((await t.submit()).ok).toBe(true);
    }),
  );
  await must(host, { type: 'CloseWrittenTest', data: { segmentId } });
  for (const t of mine.values()) await t.waitForView((v) => v.testStatus === 'closed' && v.paperStatus === 'submitted');
  await expect.poll(() => host.state().scores[segmentId], { timeout: 8000 }).toBeDefined();
  return host.state().scores[segmentId]!;
}

/** The lecture: every judge of `panel` gives each contestant the same mark (hundredths). */
async function judgeLecture(lectureId: string, panel: string[], marks: Record<string, number>): Promise<number> {
  let position = await must(host, { type: 'StartSegment', data: { segmentId: lectureId } });
  for (const [id, mark] of Object.entries(marks)) {
    await Promise.all(panel.map((j) => judges.get(j)!.waitForVersion(position)));
    position = await playPerformance(host, judges, lectureId, id, Object.fromEntries(panel.map((j) => [j, mark])));
    await host.waitForVersion(position);
  }
  return position;
}

const R = 'right' as const;
const W = 'wrong' as const;
const H = 'half' as const;

test('初赛 → 复赛 → 决赛 with written tests sat over /written: the log recomputes the final', async () => {
  // 初赛 written: q01 q03 q09 q10 q11, 20 points each. h3 never opens the paper (0); e2 leaves
  // two unanswered; a1, b1, e1 submit, the rest are submitted by the close.
  const prelimWritten = await sitWrittenTest('prelim-written', {
    a1: { answers: [R, R, R, R, W], submit: true }, // 80.00
    a2: { answers: [R, R, R, R, R], submit: false }, // 100.00
    b1: { answers: [R, W, R, W, R], submit: true }, // 60.00
    b2: { answers: [W, R, R, R, R], submit: false }, // 80.00
    e1: { answers: [R, R, R, R, R], submit: true }, // 100.00
    e2: { answers: [R, R, R, null, null], submit: false }, // 60.00
    e3: { answers: [W, W, R, W, R], submit: false }, // 40.00
    h1: { answers: [R, R, R, R, W], submit: false }, // 80.00
    h2: { answers: [R, R, W, R, R], submit: false }, // 80.00
  });
  expect(prelimWritten).toEqual({
    a1: 8000,
    a2: 10000,
    b1: 6000,
    b2: 8000,
    e1: 10000,
    e2: 6000,
    e3: 4000,
    h1: 8000,
    h2: 8000,
    h3: 0,
  });
  // Lecture 60%, written 40%. Totals: a1 86, a2 88 | b1 66, b2 83 | e1 94, e2 60, e3 73 | h1 80, h2 80, h3 30.
  await judgeLecture('prelim-lecture', ['j1', 'j2', 'j3'], {
    a1: 9000,
    a2: 8000,
    b1: 7000,
    b2: 8500,
    e1: 9000,
    e2: 6000,
    e3: 9500,
    h1: 8000,
    h2: 8000,
    h3: 5000,
  });
  await settle(await must(host, { type: 'FinishStage', data: { stageId: 'preliminary' } }));
  // h1 and h2 tie at 卫健党委's cut: refused until the host chooses, with a reason.
  expect(await sendPaced(host, { type: 'ConfirmAdvancement', data: { fromStageId: 'preliminary' } })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE' },
  });
  await settle(
    await must(host, {
      type: 'ConfirmAdvancement',
      data: { fromStageId: 'preliminary', resolutions: [{ groupId: 'health', advance: ['h1'] }], reason: '抽签决定' },
    }),
  );
  for (const s of screens())
    expect(stageRoster(s.state(), 'semifinal').sort()).toEqual(['a2', 'b2', 'd1', 'd2', 'e1', 'h1']);

  // 复赛 written: q13 q17 q18 q19 q20 (q20 multiple: one right option of two is half, 10.00).
  // Its takers are the semifinal's roster: the advanced and the seeded; a1 went out and has no paper.
  const semiLinks = (await (
    await fetch(`${server.url}/api/contests/season/written/semi-written/links`, {
      headers: { authorization: `Bearer ${token('host')}` },
    })
  ).json()) as { links: { takerId: string }[] };
  expect(semiLinks.links.map((l) => l.takerId).sort()).toEqual(['a2', 'b2', 'd1', 'd2', 'e1', 'h1']);
  const semiWritten = await sitWrittenTest('semi-written', {
    d1: { answers: [R, R, R, W, W], submit: true }, // 60.00
    a2: { answers: [R, R, R, R, R], submit: false }, // 100.00
    b2: { answers: [R, R, R, R, H], submit: true }, // 90.00
    d2: { answers: [R, R, R, R, R], submit: false }, // 100.00
    e1: { answers: [R, W, W, W, H], submit: true }, // 30.00
    h1: { answers: [R, R, R, W, R], submit: false }, // 80.00
  });
  expect(semiWritten).toEqual({ d1: 6000, a2: 10000, b2: 9000, d2: 10000, e1: 3000, h1: 8000 });
  // Written 30% + lecture 50%: d1 53, a2 75, b2 67 | d2 77.5, e1 39, h1 68
  // → 第一联系片组: a2, b2; 第二联系片组: d2, h1.
  await judgeLecture('semi-lecture', ['j1', 'j2', 'j3', 'j4', 'j5'], {
    d1: 7000,
    a2: 9000,
    b2: 8000,
    d2: 9500,
    e1: 6000,
    h1: 8800,
  });
  await settle(await must(host, { type: 'FinishStage', data: { stageId: 'semifinal' } }));
  await settle(await must(host, { type: 'ConfirmAdvancement', data: { fromStageId: 'semifinal' } }));
  for (const s of screens()) expect(stageRoster(s.state(), 'final').sort()).toEqual(['a2', 'b2', 'd2', 'h1']);

  // The exported log, recomputed by hand: the same final.
  const res = await fetch(`${server.url}/api/contests/season/log`, {
    headers: { authorization: `Bearer ${token('host')}` },
  });
  const log = (await res.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as PositionedEvent);
  // The written scores reached the log from the close of each test, not from corrections.
  expect(log.filter((e) => e.type === 'WrittenScoresRecorded')).toHaveLength(2);
  expect(log.filter((e) => e.type === 'ScoreCorrected')).toHaveLength(0);
  const recomputed = finalRosterFromLog(log).sort();
  expect(recomputed).toEqual(['a2', 'b2', 'd2', 'h1']);
  expect(recomputed).toEqual([...stageRoster(stage.state(), 'final')].sort());
}, 90_000);
