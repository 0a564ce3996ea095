/**
 * The public results (`GET /api/public/:code/results`, no secret): judges' marks, trimmed means
 * and totals once revealed; nothing of a performance still being scored or locked but not
 * revealed; awards only as the ceremony reveals them; the log's head hash, which the exported
 * log ends at. Played through real sockets on a real server.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { PublicResults } from '@leitai/shared';
import { verifyLogText } from '../../server/src/store/log-file.ts';
import { connectScreen, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';
import { must, playPerformance } from '../support/judging-play.ts';

let t: TestContest;
let host: Screen;
const judges = new Map<string, Screen>();

// Marks no other number on the page can equal (scores, totals, counts and versions are other values).
const OPEN_MARKS = { j1: 7313, j2: 7327, j3: 7331, j4: 7349, j5: 7351, j6: 7357, j7: 7369 };
const LOCKED_MARKS = { j1: 6911, j2: 6917, j3: 6947, j4: 6959, j5: 6961, j6: 6967, j7: 6971 };
// c03's locked trimmed mean: drop 69.11 and 69.71 → (69.17+69.47+69.59+69.61+69.67)/5 = 347.51/5 = 69.502 → 69.50
const LOCKED_MEAN = 6950;

beforeAll(async () => {
  t = await startWithDemo();
  host = await connectScreen(t.server.url, { token: t.token('host') });
  for (const j of ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7'])
    judges.set(j, await connectScreen(t.server.url, { token: t.token('judge', j) }));
});

afterAll(async () => {
  host.close();
  for (const s of judges.values()) s.close();
  await t.cleanup();
});

async function publicPage(code = t.joinCode): Promise<{ status: number; body: PublicResults }> {
  const res = await fetch(`${t.server.url}/api/public/${code}/results`);
  return { status: res.status, body: (await res.json()) as PublicResults };
}

/** Every number anywhere in a JSON value. */
function numbers(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbers);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbers);
  return [];
}

test('before anything is played: base points only, no awards, and the log head', async () => {
  const { status, body } = await publicPage(t.joinCode.toLowerCase());
  expect(status).toBe(200);
  expect(body.title).toBe(host.state().definition.title);
  const [final] = body.stages;
  expect(final?.awards).toBe('none');
  expect(final?.results.rows.every((r) => r.total === 1000 && r.tier === null && r.singleItems.length === 0)).toBe(
    true,
  );
  expect(final?.results.tiers.every((tier) => tier.winnerIds.length === 0)).toBe(true);
  expect(body.log.version).toBe(host.state().version);
  expect(body.log.hash).toMatch(/^[0-9a-f]{64}$/);
  // no question, answer or seat token travels with it
  const text = JSON.stringify(body);
  expect(text).not.toContain('"answer"');
  expect(text).not.toContain('token');
  for (const s of t.seats) expect(text).not.toContain(s.token);
});

test('a wrong code is a typed 404, a malformed one a 400', async () => {
  expect(await publicPage('ZZZZZZ')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  expect((await publicPage('bad-code!')).status).toBe(400);
});

test('revealed marks are public; marks being scored or locked but unrevealed are not', async () => {
  await must(host, { type: 'StartSegment', data: { segmentId: 'reflection' } });
  // c01 revealed: drop 85.50 and 92 → 89.00
  await playPerformance(host, judges, 'reflection', 'c01', {
    j1: 8800,
    j2: 9000,
    j3: 8550,
    j4: 9200,
    j5: 8700,
    j6: 8900,
    j7: 9100,
  });
  // c02 locked but not revealed; c03 still being scored (not locked)
  await playPerformance(host, judges, 'reflection', 'c02', LOCKED_MARKS, { reveal: false });
  const last = await playPerformance(host, judges, 'reflection', 'c03', OPEN_MARKS, { lock: false });
  await host.waitForVersion(last);
  // the host has c02's result; the public must not
  expect(host.state().judging.performances['reflection']?.['c02']?.result?.score).toBe(LOCKED_MEAN);

  const { body } = await publicPage();
  const final = body.stages[0]!;
  const seg = final.judged.find((s) => s.segmentId === 'reflection')!;
  const row = (id: string) => seg.rows.find((r) => r.contestantId === id)!;
  expect(row('c01')).toMatchObject({ status: 'revealed', trimmedMean: 8900, score: 8900 });
  expect(
    Object.entries(row('c01').cells).map(([j, c]) => [j, c.kind === 'score' ? [c.score, c.dropped] : c.kind]),
  ).toEqual([
    ['j1', [8800, false]],
    ['j2', [9000, false]],
    ['j3', [8550, true]],
    ['j4', [9200, true]],
    ['j5', [8700, false]],
    ['j6', [8900, false]],
    ['j7', [9100, false]],
  ]);
  expect(row('c02')).toMatchObject({ status: 'locked', cells: {}, trimmedMean: null, score: null });
  expect(row('c03')).toMatchObject({ status: 'open', cells: {}, trimmedMean: null, score: null });
  // c01's total has the revealed score in it: 10.00 + 15% × 89.00 = 23.35; c02's has nothing of its lock
  const totals = new Map(final.results.rows.map((r) => [r.id, r]));
  expect(totals.get('c01')?.total).toBe(2335);
  expect(totals.get('c02')?.total).toBe(1000);
  expect(totals.get('c02')?.segmentScores).toEqual({});
  const everyNumber = new Set(numbers(body));
  for (const mark of [...Object.values(LOCKED_MARKS), ...Object.values(OPEN_MARKS), LOCKED_MEAN])
    expect(everyNumber.has(mark), `mark ${mark}`).toBe(false);
});

test('corrections are public with their reasons; awards appear only as the ceremony reveals them', async () => {
  await must(host, { type: 'LockJudging', data: { segmentId: 'reflection', contestantId: 'c03' } });
  await must(host, { type: 'RevealScores', data: { segmentId: 'reflection', contestantId: 'c02' } });
  await must(host, { type: 'RevealScores', data: { segmentId: 'reflection', contestantId: 'c03' } });
  await must(host, {
    type: 'CorrectScore',
    data: { segmentId: 'reflection', contestantId: 'c01', delta: 50, reason: '监督组裁定：计时器故障，补回 0.50 分' },
  });
  let { body } = await publicPage();
  let final = body.stages[0]!;
  expect(final.corrections.map((c) => [c.contestantId, c.delta, c.before, c.after, c.reason])).toEqual([
    ['c01', 50, 8900, 8950, '监督组裁定：计时器故障，补回 0.50 分'],
  ]);
  // every score is revealed now, yet no award before the ceremony
  expect(final.results.rows.find((r) => r.id === 'c02')?.segmentScores['reflection']).toBe(LOCKED_MEAN);
  expect(final.awards).toBe('none');
  expect(final.results.rows.every((r) => r.tier === null && r.singleItems.length === 0)).toBe(true);
  expect(final.results.singleItems.every((a) => a.winners.length === 0)).toBe(true);

  // The ceremony's first step is the single-item award 最佳演讲奖 (best 悟思想): c01 with 89.50.
  const step = await must(host, { type: 'SetCeremonyStep', data: { step: 1 } });
  await host.waitForVersion(step);
  ({ body } = await publicPage());
  final = body.stages[0]!;
  expect(final.awards).toBe('partial');
  expect(final.results.singleItems.filter((a) => a.winners.length > 0).map((a) => [a.name, a.winners])).toEqual([
    ['最佳演讲奖', [{ id: 'c01', score: 8950, rank: 1 }]],
  ]);
  expect(final.results.rows.every((r) => r.tier === null)).toBe(true);
  expect(final.results.tiers.every((tier) => tier.winnerIds.length === 0)).toBe(true);
});

test('corrections on the night are public: what changed, from and to, the reason and when', async () => {
  const before = (await publicPage()).body.stages[0]!;
  expect(before.night).toEqual([]);
  await must(host, {
    type: 'CorrectContestantName',
    data: { contestantId: 'c02', name: '王志钢', reason: '姓名录入错误，以身份证为准' },
  });
  const at = await must(host, {
    type: 'ChangeSegmentTimer',
    data: { segmentId: 'reflection', seconds: 240, reason: '评审组同意延长陈述时间' },
  });
  await host.waitForVersion(at);
  const { body } = await publicPage();
  const final = body.stages[0]!;
  expect(
    final.night.map((l) => [l.kind, l.subject, l.change, l.reason, l.detail, l.version <= body.log.version]),
  ).toEqual([
    [
      'contestant-name',
      '王志刚',
      '王志刚 → 王志钢',
      '姓名录入错误，以身份证为准',
      { kind: 'contestant-name', from: '王志刚', to: '王志钢' },
      true,
    ],
    [
      'segment-timer',
      '悟思想',
      '陈述时间 180 秒 → 240 秒（此后生效）',
      '评审组同意延长陈述时间',
      { kind: 'segment-timer', segment: '悟思想', setting: 'performanceSeconds', from: 180, to: 240 },
      true,
    ],
  ]);
  // when: the server's time of each event, in log order
  expect(final.night.every((l) => Number.isInteger(l.at) && l.at > 0)).toBe(true);
  expect(final.night[0]!.at).toBeLessThanOrEqual(final.night[1]!.at);
  expect(body.names['c02']?.name).toBe('王志钢');
});

test('the published head hash is where the exported log ends, and the log verifies against it', async () => {
  const { body } = await publicPage();
  const res = await fetch(`${t.server.url}/api/contests/demo/log`, {
    headers: { Authorization: `Bearer ${t.token('host')}` },
  });
  const log = await res.text();
  const report = verifyLogText(log, { expectHead: body.log.hash });
  expect(report.ok).toBe(true);
  expect(report.heads).toEqual([{ streamId: 'contest-demo', version: body.log.version, hash: body.log.hash }]);
});
