/**
 * Advancement in headless Chromium, on the three-stage example: the preliminary is scored over
 * sockets (a tie at the cut in 卫健党委), the host's results tab shows the advancement table
 * with the cut line and the tie, the host chooses who advances with a reason and confirms, and
 * the stage screen and overlay show the 晋级名单 scene (zh-CN and English). Screenshots in
 * artifacts/screenshots.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seatUrl } from '@leitai/server';
import type { ContestFile } from '@leitai/shared';
import type { Seat } from '../../server/src/seats/seat-registry.ts';
import { startLeitaiServer, type LeitaiServerHandle } from '../../server/src/app.ts';
import { launchBrowser, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { connectScreen, tempDir, type Screen } from '../support/harness.ts';
import { must, playPerformance } from '../support/judging-play.ts';

const EXAMPLE = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../examples/three-stage-contest.json'), 'utf8'),
) as ContestFile;

let server: LeitaiServerHandle;
let dir: string;
let seats: Seat[];
let browser: Browser;
let host: Page;
let stage: Page;
let overlay: Page;
const sockets: Screen[] = [];
const seat = (role: string, subjectId?: string) =>
  seats.find((s) => s.role === role && (subjectId === undefined || s.subjectId === subjectId))!;

beforeAll(async () => {
  dir = tempDir();
  server = await startLeitaiServer({ dbFile: join(dir, 'leitai.sqlite'), port: 0 });
  const created = await server.service.create(EXAMPLE, { contestId: 'season' });
  if (!created.ok) throw new Error(created.error.message);
  seats = created.contest.seats;

  // The preliminary over sockets: written scores through the host's correction, lectures judged by j1-j3.
  const hostSocket = await connectScreen(server.url, { token: seat('host').token });
  const judges = new Map<string, Screen>();
  for (const j of ['j1', 'j2', 'j3']) judges.set(j, await connectScreen(server.url, { token: seat('judge', j).token }));
  sockets.push(hostSocket, ...judges.values());
  const rows: [string, number, number][] = [
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
  await must(hostSocket, { type: 'StartSegment', data: { segmentId: 'prelim-written' } });
  for (const [id, written] of rows)
    await must(hostSocket, {
      type: 'CorrectScore',
      data: { segmentId: 'prelim-written', contestantId: id, score: written, reason: '笔试成绩录入' },
    });
  let position = await must(hostSocket, { type: 'StartSegment', data: { segmentId: 'prelim-lecture' } });
  for (const [id, , lecture] of rows) {
    await Promise.all([...judges.values()].map((j) => j.waitForVersion(position)));
    position = await playPerformance(hostSocket, judges, 'prelim-lecture', id, {
      j1: lecture,
      j2: lecture,
      j3: lecture,
    });
    await hostSocket.waitForVersion(position);
  }
  await must(hostSocket, { type: 'FinishStage', data: { stageId: 'preliminary' } });

  browser = await launchBrowser();
  host = (await openPage(browser, seatUrl(server.url, seat('host')), VIEWPORTS.desktop)).page;
  stage = (await openPage(browser, seatUrl(server.url, seat('stage')), VIEWPORTS.desktop)).page;
  overlay = (await openPage(browser, seatUrl(server.url, seat('overlay')), VIEWPORTS.desktop)).page;
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the host sees the advancement table with the cut and the tie, resolves it, confirms, and the stage shows 晋级名单', async () => {
  await host.click('[data-testid="tab-results"]');
  await host.waitForSelector('[data-testid="adv-group-health"]');
  // The cut line under 钱晓东 (a1, the only one through in 城关镇党委); h1 and h2 tied at the cut.
  expect(await host.getAttribute('[data-testid="adv-row-a1"]', 'class')).toContain('is-cut');
  expect(await host.getAttribute('[data-testid="adv-row-h1"]', 'class')).toContain('is-tied');
  expect(await host.getAttribute('[data-testid="adv-row-h2"]', 'class')).toContain('is-tied');
  expect(await host.textContent('[data-testid="adv-seeded"]')).toContain('张宏');
  // Unresolved, the confirmation is disabled.
  expect(await host.isDisabled('[data-testid="adv-confirm"]')).toBe(true);
  await host.locator('[data-testid="hr-advance"]').scrollIntoViewIfNeeded();
  await screenshot(host, 'advancement-host-table');

  await host.locator('[data-testid="adv-tie-health"] label', { hasText: '吕芳' }).locator('input').check();
  expect(await host.isDisabled('[data-testid="adv-confirm"]')).toBe(true); // a choice needs a reason
  await host.fill('[data-testid="adv-reason"]', '评委会抽签决定');
  await host.click('[data-testid="adv-confirm"]');
  await host.waitForSelector('[data-testid="adv-roster"]');
  expect(await host.textContent('[data-testid="adv-roster"] ul')).toContain('吕芳');
  expect(await host.textContent('[data-testid="adv-roster"] ul')).not.toContain('何俊');
  await screenshot(host, 'advancement-host-confirmed');

  await host.click('[data-testid="adv-show"]');
  await stage.waitForSelector('[data-testid="scene-advancement"] [data-testid="adv-col-liaison-2"]');
  const col1 = await stage.textContent('[data-testid="adv-col-liaison-1"]');
  const col2 = await stage.textContent('[data-testid="adv-col-liaison-2"]');
  expect(col1).toContain('第一联系片组');
  expect(col1).toContain('钱晓东');
  expect(col1).toContain('朱雅婷');
  expect(col1).toContain('张宏');
  expect(col1).toContain('直通');
  expect(col2).toContain('吕芳');
  expect(col2).not.toContain('何俊');
  await screenshot(stage, 'advancement-stage');
  await overlay.waitForSelector('[data-testid="overlay-advancement"]');
  expect(await overlay.textContent('[data-testid="overlay-advancement"]')).toContain('秦志强');
  await screenshot(overlay, 'advancement-overlay');

  // English.
  // The stage follows the contest's locale unless its address asks for another (`?lang=`).
  const english = new URL(stage.url());
  english.searchParams.set('lang', 'en');
  await stage.goto(english.toString());
  await stage.waitForSelector('[data-testid="scene-advancement"] [data-testid="adv-col-liaison-1"]');
  expect(await stage.textContent('[data-testid="scene-advancement"] h2')).toContain('Advancing');
  expect(await stage.textContent('[data-testid="adv-col-liaison-1"]')).toContain('Seeded');
  await screenshot(stage, 'advancement-stage-en');

  // A withdrawal replaced by the next in rank of her committee, with its reason: every screen follows.
  await host.selectOption('[data-testid="adv-remove"]', 'b2');
  await host.selectOption('[data-testid="adv-add"]', 'b1');
  await host.fill('[data-testid="adv-fix-reason"]', '朱雅婷因工作原因退赛，由冯建平递补');
  await host.click('[data-testid="adv-fix"]');
  await host.waitForSelector('[data-testid="adv-corrections"]');
  expect(await host.textContent('[data-testid="adv-corrections"]')).toContain('朱雅婷因工作原因退赛');
  await expect.poll(() => stage.textContent('[data-testid="adv-col-liaison-1"]')).toContain('冯建平');
  expect(await stage.textContent('[data-testid="adv-col-liaison-1"]')).not.toContain('朱雅婷');
  await host.locator('[data-testid="adv-roster"]').scrollIntoViewIfNeeded();
  await screenshot(host, 'advancement-host-corrected');
  await screenshot(stage, 'advancement-stage-corrected-en');

  for (const p of [host, stage, overlay]) expect(pageErrors(p)).toEqual([]);
}, 120_000);
