/**
 * The three-stage example (examples/three-stage-contest.json) run end to end through the socket
 * protocol: 初赛 (written test + judged lecture, four committees, top 1 each, a tie at the cut
 * settled by the host) → ConfirmAdvancement → 复赛 (two liaison groups with seeded d1/d2, top 2
 * each by lecture + written) → ConfirmAdvancement and a withdrawal replaced by the next in rank
 * → 决赛. The written segments' scores are entered through the host's score correction
 * (CorrectScore) here; season-written.int.spec.ts runs the same season with the written tests
 * sat by takers over `/written`.
 *
 * The final's roster is then recomputed from the exported log alone, with the arithmetic
 * written out in tests/support/season-log.ts (not computeAdvancement), and must equal what every
 * screen holds.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { stageRoster, type ContestFile, type PositionedEvent } from '@leitai/shared';
import { startLeitaiServer, type LeitaiServerHandle } from '../../server/src/app.ts';
import { connectScreen, tempDir, type Screen } from '../support/harness.ts';
import { must, playPerformance, sendPaced } from '../support/judging-play.ts';
import { finalRosterFromLog } from '../support/season-log.ts';

const EXAMPLE = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../examples/three-stage-contest.json'), 'utf8'),
) as ContestFile;

let server: LeitaiServerHandle;
let dir: string;
let seats: { role: string; subjectId?: string; token: string }[];
let host: Screen;
let stage: Screen;
let overlay: Screen;
let phoneA1: Screen;
let phoneA2: Screen;
const judges = new Map<string, Screen>();
const token = (role: string, subjectId?: string) =>
  seats.find((s) => s.role === role && (subjectId === undefined || s.subjectId === subjectId))!.token;

beforeAll(async () => {
  dir = tempDir();
  server = await startLeitaiServer({ dbFile: join(dir, 'leitai.sqlite'), port: 0 });
  const created = await server.service.create(EXAMPLE, { contestId: 'season' });
  if (!created.ok) throw new Error(created.error.message);
  seats = created.contest.seats;
  host = await connectScreen(server.url, { token: token('host') });
  stage = await connectScreen(server.url, { token: token('stage') });
  overlay = await connectScreen(server.url, { token: token('overlay') });
  phoneA1 = await connectScreen(server.url, { token: token('contestant', 'a1') });
  phoneA2 = await connectScreen(server.url, { token: token('contestant', 'a2') });
  for (const j of ['j1', 'j2', 'j3', 'j4', 'j5'])
    judges.set(j, await connectScreen(server.url, { token: token('judge', j) }));
}, 60_000);

afterAll(async () => {
  for (const s of [host, stage, overlay, phoneA1, phoneA2, ...judges.values()]) s?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const screens = (): Screen[] => [host, stage, overlay, phoneA1, phoneA2, ...judges.values()];
const settle = (position: number) => Promise.all(screens().map((s) => s.waitForVersion(position)));
const sorted = (ids: readonly string[]) => [...ids].sort();

/** Score a stage: the written test through the host's correction, the lecture judged by `panel` (everyone the same mark). */
async function scoreStage(
  writtenId: string,
  lectureId: string,
  panel: string[],
  rows: [string, number, number][],
): Promise<number> {
  let position = await must(host, { type: 'StartSegment', data: { segmentId: writtenId } });
  for (const [id, written] of rows) {
    position = await must(host, {
      type: 'CorrectScore',
      data: { segmentId: writtenId, contestantId: id, score: written, reason: '笔试成绩录入' },
    });
  }
  position = await must(host, { type: 'StartSegment', data: { segmentId: lectureId } });
  for (const [id, , lecture] of rows) {
    await Promise.all(panel.map((j) => judges.get(j)!.waitForVersion(position)));
    position = await playPerformance(host, judges, lectureId, id, Object.fromEntries(panel.map((j) => [j, lecture])));
    await host.waitForVersion(position);
  }
  return position;
}

test('初赛 → 复赛 → 决赛: confirmed advancements build each roster; every screen follows; the log recomputes the final', async () => {
  // 初赛: written 40%, lecture 60%. Totals: a1 86, a2 84 | b1 70, b2 83 | e1 90, e2 60, e3 77 | h1 80, h2 80, h3 50.
  const prelim: [string, number, number][] = [
    ['a1', 8000, 9000],
    ['a2', 9000, 8000],
    ['b1', 7000, 7000],
    ['b2', 8000, 8500],
    ['e1', 9000, 9000],
    ['e2', 6000, 6000],
    ['e3', 5000, 9500],
    ['h1', 8000, 8000],
    ['h2', 8000, 8000],
    ['h3', 5000, 5000],
  ];
  await scoreStage('prelim-written', 'prelim-lecture', ['j1', 'j2', 'j3'], prelim);
  // The semifinal's roster before any advancement: the file's seeded entrants only.
  expect(stageRoster(stage.state(), 'semifinal')).toEqual(['d1', 'd2']);
  // Confirming before the stage has finished is refused and changes nothing.
  const early = await sendPaced(host, { type: 'ConfirmAdvancement', data: { fromStageId: 'preliminary' } });
  expect(early).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  await settle(await must(host, { type: 'FinishStage', data: { stageId: 'preliminary' } }));

  // h1 and h2 tie at the cut of 卫健党委 (80.00 each, no tie-break): unresolved, it is refused.
  const unresolved = await sendPaced(host, { type: 'ConfirmAdvancement', data: { fromStageId: 'preliminary' } });
  expect(unresolved).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  const confirmed = await must(host, {
    type: 'ConfirmAdvancement',
    data: {
      fromStageId: 'preliminary',
      resolutions: [{ groupId: 'health', advance: ['h2'] }],
      reason: '评委会抽签决定',
    },
  });
  await settle(confirmed);
  for (const s of screens()) {
    expect(stageRoster(s.state(), 'semifinal')).toEqual(['a1', 'b2', 'e1', 'h2', 'd1', 'd2']);
    expect(s.state().rosters['semifinal']?.groups).toEqual([
      { groupId: 'liaison-1', contestantIds: ['d1', 'a1', 'b2'] },
      { groupId: 'liaison-2', contestantIds: ['d2', 'e1', 'h2'] },
    ]);
  }
  // Twice is refused.
  expect(await sendPaced(host, { type: 'ConfirmAdvancement', data: { fromStageId: 'preliminary' } })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE' },
  });

  // 复赛: written 30%, lecture 50% (rank by these two), interview unplayed.
  // Written + lecture: d1 56 a1 72 b2 64 | d2 76 e1 48 h2 70.4 → liaison-1: a1, b2; liaison-2: d2, h2.
  const semi: [string, number, number][] = [
    ['d1', 7000, 7000],
    ['a1', 9000, 9000],
    ['b2', 8000, 8000],
    ['d2', 9500, 9500],
    ['e1', 6000, 6000],
    ['h2', 8800, 8800],
  ];
  // a2 went out in the preliminary: not on the semifinal's roster, so no score for her.
  const out = await sendPaced(host, {
    type: 'CorrectScore',
    data: { segmentId: 'semi-written', contestantId: 'a2', score: 9000, reason: 'x' },
  });
  expect(out).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  await scoreStage('semi-written', 'semi-lecture', ['j1', 'j2', 'j3', 'j4', 'j5'], semi);
  await settle(await must(host, { type: 'FinishStage', data: { stageId: 'semifinal' } }));
  await settle(await must(host, { type: 'ConfirmAdvancement', data: { fromStageId: 'semifinal' } }));
  expect(stageRoster(stage.state(), 'final')).toEqual(['a1', 'b2', 'h2', 'd2']);

  // b2 withdraws; d1, next in rank in 第一联系片组, replaces him.
  const fixed = await must(host, {
    type: 'CorrectRoster',
    data: { stageId: 'final', remove: ['b2'], add: ['d1'], reason: '朱雅婷因工作原因退赛，由张宏递补' },
  });
  await settle(fixed);
  for (const s of screens()) expect(stageRoster(s.state(), 'final')).toEqual(['a1', 'h2', 'd1', 'd2']);

  // The final runs on the corrected roster: phones and the host's focus follow it.
  await settle(await must(host, { type: 'StartStage', data: { stageId: 'final' } }));
  expect((await sendPaced(host, { type: 'SetCurrentContestant', data: { contestantId: 'b2' } })).ok).toBe(false);
  await settle(await must(host, { type: 'SetCurrentContestant', data: { contestantId: 'd1' } }));
  // After the start the roster is fixed.
  const late = await sendPaced(host, {
    type: 'CorrectRoster',
    data: { stageId: 'final', add: ['e1'], reason: 'x' },
  });
  expect(late).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });

  // The exported log, recomputed by hand.
  const res = await fetch(`${server.url}/api/contests/season/log`, {
    headers: { authorization: `Bearer ${token('host')}` },
  });
  const log = (await res.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as PositionedEvent);
  expect(sorted(finalRosterFromLog(log))).toEqual(sorted(stageRoster(stage.state(), 'final')));
  expect(sorted(finalRosterFromLog(log))).toEqual(['a1', 'd1', 'd2', 'h2']);

  // The exports carry the advancement sheet and its record.
  const auth = { headers: { authorization: `Bearer ${token('host')}` } };
  const csv = await (await fetch(`${server.url}/api/contests/season/results/preliminary/csv`, auth)).text();
  expect(csv).toContain('初赛 晋级名单 复赛');
  expect(csv).toContain('评委会抽签决定');
  expect(csv).toMatch(/卫健党委,1,\d+,吕芳,[^\r\n]*,80\.00,80\.00,80\.00,晋级/);
  const semiCsv = await (await fetch(`${server.url}/api/contests/season/results/semifinal/csv`, auth)).text();
  expect(semiCsv).toContain('朱雅婷因工作原因退赛，由张宏递补');
  const xlsx = await (await fetch(`${server.url}/api/contests/season/results/semifinal/xlsx`, auth)).arrayBuffer();
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx);
  expect(book.worksheets.map((w) => w.name)).toContain('晋级名单');
}, 120_000);
