/**
 * The organiser's editor, the parts added for "edit everything the contest file holds", in
 * headless Chromium: a contestant's photo chosen as a small image file (a thumbnail shown; a
 * file too large for the contest file refused beside the field in Chinese, nothing changed), the
 * segment settings `whileMarking` and `photoFinish`, and stages and segments reordered with the
 * move buttons (one by keyboard), and a written paper's per-category draw. The saved contest file (GET /api/contests/:id/contest.json)
 * holds all of it. Screenshots: artifacts/screenshots/editor-settings-*.png.
 */
import { expect, test } from 'vitest';
import type { ContestFile, ContestState } from '@leitai/shared';
import { resolve } from 'node:path';
import { SCREENSHOT_DIR, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { demoWithBrowser } from '../support/demo-browser.ts';

const demo = demoWithBrowser();

/** A 1×1 red PNG (70 bytes): well inside the contest file's 2,000 characters as a data: URI. */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const latest = (): ContestState => {
  const all = demo.t.server.service.list().filter((s) => s.contestId !== 'demo');
  return all.sort((a, b) => a.createdAt - b.createdAt).at(-1) as ContestState;
};

test('photo, whileMarking / photoFinish and reordering reach the saved contest file', async () => {
  const { page } = await openPage(
    demo.browser,
    `${demo.t.server.url}/authoring.html#token=${demo.t.server.adminToken}&contest=new`,
    VIEWPORTS.laptop,
  );
  await page.waitForSelector('[data-testid="editor"]');

  // ---- The photo: a file too large is refused beside the field, a small one becomes a data: URI ----
  await page.setInputFiles('[data-testid="ed-contestant-photo-0-file"]', {
    name: 'big.png',
    mimeType: 'image/png',
    buffer: Buffer.alloc(4000, 1),
  });
  await page.waitForSelector('[data-testid="ed-contestant-photo-0-error"]');
  expect(await page.textContent('[data-testid="ed-contestant-photo-0-error"]')).toContain('图片太大');
  expect(await page.inputValue('[data-testid="ed-contestant-photo-0"]')).toBe('');
  await page.locator('#ed-contestants').screenshot({
    path: resolve(SCREENSHOT_DIR, 'editor-settings-photo-too-big.png'),
  });
  await page.setInputFiles('[data-testid="ed-contestant-photo-0-file"]', {
    name: 'photo.png',
    mimeType: 'image/png',
    buffer: TINY_PNG,
  });
  await page.waitForSelector('[data-testid="ed-contestant-photo-0-thumb"]');
  expect(await page.locator('[data-testid="ed-contestant-photo-0-error"]').count()).toBe(0);
  const photo = `data:image/png;base64,${TINY_PNG.toString('base64')}`;
  expect(await page.inputValue('[data-testid="ed-contestant-photo-0"]')).toBe(photo);
  await page.locator('#ed-contestants').screenshot({ path: resolve(SCREENSHOT_DIR, 'editor-settings-photo.png') });

  // ---- A buzzer segment after the required one, with the two settings ----
  await page.click('[data-testid="ed-add-segment-0"]');
  await page.selectOption('[data-testid="ed-segment-0-1-kind"]', 'buzzer');
  await page.fill('[data-testid="ed-segment-0-1-name"]', '抢答题');
  // The default is named in the empty choice.
  expect(await page.textContent('[data-testid="ed-segment-0-0-whileMarking"] option[value=""]')).toBe('默认：计时暂停');
  expect(await page.textContent('[data-testid="ed-segment-0-1-photoFinish"] option[value=""]')).toBe(
    '默认：时间更早者得',
  );
  await page.selectOption('[data-testid="ed-segment-0-0-whileMarking"]', 'run');
  await page.selectOption('[data-testid="ed-segment-0-1-photoFinish"]', 'host');
  await page.selectOption('[data-testid="ed-segment-0-1-whileMarking"]', 'pause');
  // The buzzer round moves first; the first segment's up button is disabled.
  expect(await page.isDisabled('[data-testid="ed-segment-move-0-0-up"]')).toBe(true);
  expect(await page.getAttribute('[data-testid="ed-segment-move-0-1-up"]', 'aria-label')).toBe('将此环节上移');
  await page.click('[data-testid="ed-segment-move-0-1-up"]');
  expect(await page.inputValue('[data-testid="ed-segment-0-0-name"]')).toBe('抢答题');
  await page
    .locator('[data-testid="ed-segment-0-0"]')
    .screenshot({ path: resolve(SCREENSHOT_DIR, 'editor-settings-buzzer.png') });

  // ---- A second stage, moved first by keyboard ----
  await page.click('[data-testid="ed-add-stage"]');
  await page.fill('[data-testid="ed-stage-name-1"]', '预赛');
  await page.locator('[data-testid="ed-group-contestants-1-0"] label').first().locator('input').check();
  await page.focus('[data-testid="ed-stage-move-1-up"]');
  await page.keyboard.press('Enter');
  expect(await page.inputValue('[data-testid="ed-stage-name-0"]')).toBe('预赛');
  // The focus followed the stage: Enter again moves it back down.
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('ed-stage-move-0-down');
  await page.locator('[data-testid="ed-stage-0"] h2').screenshot({
    path: resolve(SCREENSHOT_DIR, 'editor-settings-stage-move.png'),
  });

  // The first stage is a written paper drawing 5 questions of one category per taker.
  await page.selectOption('[data-testid="ed-segment-0-0-kind"]', 'written');
  await page.click('[data-testid="ed-segment-0-0-draw-add"]');
  await page.fill('[data-testid="ed-segment-0-0-draw-category-0"]', '党史');
  await page.fill('[data-testid="ed-segment-0-0-draw-count-0"]', '5');
  await page
    .locator('[data-testid="ed-segment-0-0"]')
    .screenshot({ path: resolve(SCREENSHOT_DIR, 'editor-settings-written-draw.png') });

  await expect.poll(() => page.textContent('[data-testid="ed-status"]')).toContain('没有问题');
  await page.click('[data-testid="ed-save"]');
  await page.waitForSelector('[data-testid="au-notice"], [data-testid="ed-refused"]');
  expect(await page.locator('[data-testid="ed-refused"]').count()).toBe(0);
  await expect.poll(() => page.textContent('[data-testid="au-notice"]')).toContain('已保存为新的比赛');
  await screenshot(page, 'editor-settings-saved');

  // ---- The saved contest file, as the server gives it ----
  const contestId = latest().contestId;
  const res = await fetch(`${demo.t.server.url}/api/contests/${contestId}/contest.json`, {
    headers: { Authorization: `Bearer ${demo.t.server.adminToken}` },
  });
  expect(res.status).toBe(200);
  const file = ((await res.json()) as { contest: ContestFile }).contest;
  expect(file.contestants[0]!.photo).toBe(photo);
  expect(file.stages.map((s) => s.name)).toEqual(['预赛', '决赛']);
  expect(file.stages[0]!.segments[0]).toMatchObject({
    kind: 'written',
    settings: { draw: [{ category: '党史', count: 5 }] },
  });
  const final = file.stages[1]!;
  expect(final.segments.map((g) => [g.kind, g.name])).toEqual([
    ['buzzer', '抢答题'],
    ['required', '必答题'],
  ]);
  expect(final.segments[0]!.settings).toEqual({ photoFinish: 'host', whileMarking: 'pause' });
  expect(final.segments[1]!.settings).toEqual({ whileMarking: 'run' });
  expect(pageErrors(page)).toEqual([]);
}, 60_000);
