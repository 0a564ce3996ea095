/**
 * The public results page and the host's results sheet in headless Chromium, after part of a
 * final played through sockets: a knowledge mark and its undo, three revealed performances, one
 * locked but unrevealed, a correction with its reason, the first ceremony step. The public page
 * shows the revealed marks (dropped ones struck), the totals with every input, the correction,
 * the first award only and the log's head hash, in Chinese and English and for print; nothing of
 * the unrevealed performance. Screenshots: artifacts/screenshots/public-results-*.png and
 * results-sheet-breakdown.png.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ClientCommand, PublicResults } from '@leitai/shared';
import { launchBrowser, openPage, pageErrors, screenshot } from '../support/browser.ts';
import { connectScreen, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';
import { must, playPerformance } from '../support/judging-play.ts';

let t: TestContest;
let browser: Browser;
let host: Screen;
const judges = new Map<string, Screen>();
const HIDDEN = { j1: 6911, j2: 6917, j3: 6947, j4: 6959, j5: 6961, j6: 6967, j7: 6971 };

async function run(command: ClientCommand): Promise<number> {
  const position = await must(host, command);
  await host.waitForVersion(position);
  return position;
}

beforeAll(async () => {
  t = await startWithDemo();
  browser = await launchBrowser();
  host = await connectScreen(t.server.url, { token: t.token('host') });
  for (const j of ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7'])
    judges.set(j, await connectScreen(t.server.url, { token: t.token('judge', j) }));

  await run({ type: 'StartSegment', data: { segmentId: 'knowledge-required' } });
  for (const [contestantId, questionId, result] of [
    ['c01', 'q01', 'correct'],
    ['c02', 'q02', 'correct'],
    ['c03', 'q03', 'wrong'],
  ] as const) {
    await run({ type: 'PrepareQuestion', data: { segmentId: 'knowledge-required', questionId, contestantId } });
    const runNo = host.state().knowledge.active!.run;
    await run({ type: 'ShowQuestion', data: { run: runNo } });
    await run({ type: 'StartAnswerTimer', data: { run: runNo } });
    await run({ type: 'MarkAnswer', data: { run: runNo, result } });
    await run({ type: 'RevealAnswer', data: { run: runNo } });
  }
  await run({ type: 'UndoScore', data: { reason: '主持人误判：答案不完整' } });

  await run({ type: 'StartSegment', data: { segmentId: 'reflection' } });
  const marks = { j1: 8800, j2: 9000, j3: 8550, j4: 9200, j5: 8700, j6: 8900, j7: 9100 };
  await playPerformance(host, judges, 'reflection', 'c01', marks);
  await playPerformance(host, judges, 'reflection', 'c02', { ...marks, j1: 9450, j5: 9325 });
  await playPerformance(host, judges, 'reflection', 'c03', { ...marks, j2: 8125, j6: 8675 });
  await host.waitForVersion(await playPerformance(host, judges, 'reflection', 'c04', HIDDEN, { reveal: false }));
  await run({
    type: 'CorrectScore',
    data: { segmentId: 'reflection', contestantId: 'c03', delta: -25, reason: '超时 15 秒，按规则扣 0.25 分' },
  });
  await run({ type: 'SetCeremonyStep', data: { step: 1 } });
}, 60_000);

afterAll(async () => {
  host?.close();
  for (const s of judges.values()) s.close();
  await browser?.close();
  await t?.cleanup();
});

test('the public page: revealed results in Chinese, English and print, nothing unrevealed', async () => {
  const { page } = await openPage(browser, `${t.server.url}/results-public.html?code=${t.joinCode}`, {
    width: 1440,
    height: 1000,
  });
  await page.waitForSelector('[data-testid="public-results"]', { timeout: 15_000 });
  const api = (await (await fetch(`${t.server.url}/api/public/${t.joinCode}/results`)).json()) as PublicResults;
  const zh = await page.evaluate(() => document.body.innerText);
  expect(zh).toContain('公开成绩');
  expect(zh).toContain('超时 15 秒，按规则扣 0.25 分');
  expect(zh).toContain('主持人误判：答案不完整');
  expect(zh).toContain('最佳演讲奖');
  expect(zh).not.toContain('一等奖');
  expect(await page.textContent('[data-testid="pr-log-hash"]')).toBe(api.log.hash);
  for (const mark of Object.values(HIDDEN)) expect(zh).not.toContain((mark / 100).toFixed(2));
  // the dropped marks of c01 are struck through
  const dropped = await page.$$eval('[data-testid="rs-judged-row-c01"] [data-dropped="true"]', (cells) =>
    cells.map((c) => c.textContent),
  );
  expect(dropped).toEqual(['85.50', '92.00']);
  expect(await page.textContent('[data-testid="rs-judged-row-c04"]')).toContain('尚未揭晓');
  await screenshot(page, 'public-results-zh');
  await page.locator('[data-testid="pr-log"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'public-results-zh-end');

  await page.click('[data-testid="locale-toggle"]');
  await expect.poll(() => page.evaluate(() => document.body.innerText)).toContain('Public results');
  const en = await page.evaluate(() => document.body.innerText);
  expect(en).toContain('Score corrections');
  expect(en).toContain('not revealed yet');
  await screenshot(page, 'public-results-en');

  await page.click('[data-testid="locale-toggle"]');
  await expect.poll(() => page.evaluate(() => document.body.innerText)).toContain('公开成绩');
  await page.emulateMedia({ media: 'print' });
  expect(await page.isVisible('[data-testid="pr-print"]')).toBe(false);
  await screenshot(page, 'public-results-print');
  expect(pageErrors(page)).toEqual([]);
}, 60_000);

test("the host's results sheet shows every input of each total", async () => {
  const url = `${t.server.url}/results.html#token=${encodeURIComponent(t.token('host'))}&contest=demo&stage=final`;
  const { page } = await openPage(browser, url, { width: 1440, height: 1000 });
  await page.waitForSelector('[data-testid="rs-totals"]', { timeout: 15_000 });
  const row = await page.$$eval('[data-testid="rs-row-c01"] td', (cells) => cells.map((c) => c.textContent));
  // rank, seat, name, organisation | 必答 10.00, 抢答 —, base 100.00, subtotal 110.00, weighted 11.00 |
  // 悟思想 89.00, 13.35 | 述行动 —, 0.00 | total 24.35
  expect(row.slice(4, 14)).toEqual(['10.00', '—', '100.00', '110.00', '11.00', '89.00', '13.35', '—', '0.00', '24.35']);
  expect(await page.textContent('[data-testid="rs-part-knowledge"]')).toContain('满分 150 · 权重 15%');
  expect(await page.textContent('[data-testid="rs-corrections"]')).toContain('超时 15 秒，按规则扣 0.25 分');
  await screenshot(page, 'results-sheet-breakdown');
  expect(pageErrors(page)).toEqual([]);
}, 60_000);
