/**
 * Corrections on the night in headless Chromium: the host opens 现场更正, renames the contestant
 * in focus with the keyboard (a reason required) and the stage's spotlight shows the new name at
 * once; then voids the required question just asked and the reserve question is what "next"
 * prepares and the stage shows, the run of show keeping the voided question struck through (已作废)
 * before it; the results sheet and the public results page list the corrections in both languages.
 * Screenshots: artifacts/screenshots/night-*.png.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_CONTEST, type ContestFile } from '@leitai/shared';
import { seatUrl } from '@leitai/server';
import { launchBrowser, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { connectScreen, type Screen } from '../support/harness.ts';
import { must } from '../support/judging-play.ts';
import { startKnowledgeContest, type KnowledgeContest } from '../support/knowledge-phones.ts';

const definition: ContestFile = {
  ...DEMO_CONTEST,
  stages: DEMO_CONTEST.stages.map((st) => ({
    ...st,
    segments: st.segments.map((g) => (g.kind === 'required' ? { ...g, reserveQuestionIds: ['q35'] } : g)),
  })),
};
const q01 = DEMO_CONTEST.questions.find((q) => q.id === 'q01')!;
const q35 = DEMO_CONTEST.questions.find((q) => q.id === 'q35')!;
const c01 = DEMO_CONTEST.contestants.find((c) => c.id === 'c01')!;

let k: KnowledgeContest;
let browser: Browser;
let host: Page;
let stage: Page;
let control: Screen;

beforeAll(async () => {
  k = await startKnowledgeContest(definition, 'e2e-night');
  control = await connectScreen(k.url, { token: k.token('host') });
  browser = await launchBrowser();
  host = (await openPage(browser, seatUrl(k.url, k.seat('host')), VIEWPORTS.desktop)).page;
  stage = (await openPage(browser, seatUrl(k.url, k.seat('stage')), VIEWPORTS.desktop)).page;
  await host.waitForSelector('[data-testid="contest-title"]', { timeout: 20_000 });
  await stage.waitForSelector('[data-testid="stage"]', { timeout: 20_000 });
});

afterAll(async () => {
  control?.close();
  await browser?.close();
  await k?.cleanup();
});

test('rename the contestant in focus from the host panel: the stage shows the new name', async () => {
  await must(control, { type: 'StartSegment', data: { segmentId: 'knowledge-required' } });
  await host.click('[data-testid="kq-next"]');
  await host.waitForSelector('[data-testid="kq-preview"]');
  await host.click('[data-testid="kq-show"]');
  await stage.waitForSelector('[data-testid="stage-question"]');
  await expect.poll(() => stage.textContent('[data-testid="stage-question"]')).toContain(q01.text.slice(0, 10));
  await must(control, { type: 'MarkAnswer', data: { run: 1, result: 'correct' } });
  await must(control, { type: 'FinishQuestion', data: { run: 1 } });
  await must(control, { type: 'ChooseScene', data: { scene: 'contestant' } });
  await expect.poll(() => stage.textContent('[data-testid="spotlight-name"]')).toContain(c01.name);

  await host.click('[data-testid="tab-night"]');
  await host.waitForSelector('[data-testid="night-panel"]');
  await screenshot(host, 'night-host-panel');
  // With the keyboard: the new name, Tab to the reason, Enter sends it. No reason, no button.
  await host.focus('[data-testid="night-name-new"]');
  await host.keyboard.type('张晓明');
  expect(await host.isDisabled('[data-testid="night-name-submit"]')).toBe(true);
  await host.keyboard.press('Tab');
  expect(await host.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('night-name-reason');
  await host.keyboard.type('姓名录入错误');
  await host.keyboard.press('Enter');
  await expect.poll(() => stage.textContent('[data-testid="spotlight-name"]')).toContain('张晓明');
  await expect.poll(() => host.textContent('[data-testid="night-list"]')).toContain(`${c01.name} → 张晓明`);
  await screenshot(stage, 'night-stage-renamed');
  expect(pageErrors(host)).toEqual([]);
  expect(pageErrors(stage)).toEqual([]);
});

test('void the question just asked from the host panel: the reserve is asked next and the stage shows it', async () => {
  await expect.poll(() => host.textContent('[data-testid="night-void-run"]')).toContain('第 1 题');
  await expect.poll(() => host.textContent('[data-testid="night-void-reserves"]')).toContain('1');
  await host.fill('[data-testid="night-void-reason"]', '标准答案有误');
  await host.click('[data-testid="night-void-submit"]');
  await expect.poll(() => host.textContent('[data-testid="night-list"]')).toContain('作废题目');
  await expect.poll(() => host.textContent('[data-testid="night-list"]')).toContain('标准答案有误');
  await expect.poll(() => host.textContent('[data-testid="night-list"]')).toContain('张晓明');
  await screenshot(host, 'night-host-list');
  expect(control.state().scores['knowledge-required']?.['c01'] ?? 0).toBe(0);

  await host.click('[data-testid="tab-control"]');
  await host.click('[data-testid="kq-next"]');
  await host.waitForSelector('[data-testid="kq-preview"]');
  await expect.poll(() => host.textContent('[data-testid="kq-preview"]')).toContain(q35.text.slice(0, 10));
  await host.click('[data-testid="kq-show"]');
  await expect.poll(() => stage.textContent('[data-testid="stage-question"]')).toContain(q35.text.slice(0, 10));
  await screenshot(stage, 'night-stage-reserve-question');
  await screenshot(host, 'night-host-reserve-preview');
  expect(pageErrors(host)).toEqual([]);
  expect(pageErrors(stage)).toEqual([]);
});

test('the run of show keeps the voided question struck through, 已作废, just before its reserve; after a refresh too', async () => {
  const rows = async () =>
    host.$$eval('[data-testid="kq-ros"] li', (lis) =>
      lis.slice(0, 3).map((li) => ({
        voided: li.classList.contains('is-voided'),
        text: li.textContent ?? '',
        struck: getComputedStyle(li.querySelector('.kq-ros-name')!).textDecorationLine,
      })),
    );
  const check = async () => {
    await host.waitForSelector('[data-testid="kq-ros-voided"]', { timeout: 20_000 });
    const [voided, reserve] = await rows();
    expect(voided).toMatchObject({ voided: true, struck: 'line-through' });
    expect(voided!.text).toContain('q01');
    expect(voided!.text).toContain('已作废');
    expect(reserve).toMatchObject({ voided: false, struck: 'none' });
    expect(reserve!.text).toContain('q35');
  };
  await check();
  await screenshot(host, 'night-host-ros-voided');
  await host.reload();
  await host.waitForSelector('[data-testid="contest-title"]', { timeout: 20_000 });
  await check();
  expect(pageErrors(host)).toEqual([]);
});

test("the host's results sheet lists the corrections with their reasons; the tab reads in English too", async () => {
  const url = `${k.url}/results.html#token=${encodeURIComponent(k.token('host'))}&contest=e2e-night&stage=final`;
  const { page } = await openPage(browser, url, VIEWPORTS.desktop);
  await page.waitForSelector('[data-testid="rs-night"]', { timeout: 20_000 });
  const night = await page.textContent('[data-testid="rs-night"]');
  expect(night).toContain('姓名录入错误');
  expect(night).toContain('标准答案有误');
  expect(night).toContain(`${c01.name} → 张晓明`);
  // The void reversed c01's mark: the score corrections list it to the hundredth.
  expect(await page.textContent('[data-testid="rs-corrections"]')).toContain('-10.00');
  await page.locator('[data-testid="rs-night-section"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'night-results-sheet');
  // In English the lines are worded in English; names and reasons stay as typed.
  await page.click('[data-testid="locale-toggle"]');
  await expect.poll(() => page.textContent('[data-testid="rs-night"]')).toContain('1 score(s) reversed');
  const en = (await page.textContent('[data-testid="rs-night"]'))!;
  expect(en).toContain(`${c01.name} → 张晓明`);
  expect(en).toContain('Question voided');
  expect(en).not.toContain('撤销得分');
  expect(en).not.toContain('第 1 题');
  await page.locator('[data-testid="rs-night-section"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'night-results-sheet-en');
  await page.click('[data-testid="locale-toggle"]');
  expect(pageErrors(page)).toEqual([]);

  await host.click('[data-testid="locale-toggle"]');
  await host.click('[data-testid="tab-night"]');
  await expect.poll(() => host.textContent('[data-testid="night-list"]')).toContain('Question voided');
  await screenshot(host, 'night-host-list-en');
});

test('the public results page lists the corrections on the night, in Chinese and in English', async () => {
  const code = k.server.service.get('e2e-night')!.state!.joinCode;
  const { page } = await openPage(browser, `${k.url}/results-public.html?code=${code}`, VIEWPORTS.desktop);
  await page.waitForSelector('[data-testid="pr-night-final"]', { timeout: 20_000 });
  const zh = (await page.textContent('[data-testid="pr-night-final"]'))!;
  expect(zh).toContain('现场更正记录');
  expect(zh).toContain(`${c01.name} → 张晓明`);
  expect(zh).toContain('姓名录入错误');
  expect(zh).toContain('撤销得分 1 项，备用题补上');
  expect(zh).toContain('标准答案有误');
  await page.locator('[data-testid="pr-night-final"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'night-public-results');
  await page.click('[data-testid="locale-toggle"]');
  await expect
    .poll(() => page.textContent('[data-testid="pr-night-final"]'))
    .toContain('1 score(s) reversed, replaced by a reserve');
  const en = (await page.textContent('[data-testid="pr-night-final"]'))!;
  expect(en).toContain('Corrections on the night');
  expect(en).toContain("Contestant's name");
  await page.locator('[data-testid="pr-night-final"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'night-public-results-en');
  expect(pageErrors(page)).toEqual([]);
});
