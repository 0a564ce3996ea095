/**
 * The audience end to end in headless Chromium: phones send comments and likes and cheer, the
 * moderator approves some from the host panel's moderation tab (keyboard and mouse), the stage
 * draws them on its canvas; XSS vectors stay text; play-along; the kill switch clears the stage
 * within a second. Screenshots of the phone, the moderation tab and the stage are kept.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_CONTEST } from '@leitai/shared';
import { liveUrl, seatUrl } from '@leitai/server';
import { launchBrowser, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { startWithDemo, type TestContest } from '../support/harness.ts';
import type { DanmakuHandle } from '../support/audience-clients.ts';

let t: TestContest;
let browser: Browser;
let host: Page;
let stage: Page;
let overlay: Page;
const phones: Page[] = [];
const dialogs: string[] = [];

const XSS = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>'];

const seat = (role: 'host' | 'stage' | 'overlay') =>
  seatUrl(
    t.server.url,
    t.seats.find((s) => s.role === role)!,
  );

beforeAll(async () => {
  t = await startWithDemo();
  browser = await launchBrowser();
  host = (await openPage(browser, seat('host'), VIEWPORTS.desktop)).page;
  stage = (await openPage(browser, seat('stage'), VIEWPORTS.desktop)).page;
  overlay = (await openPage(browser, seat('overlay'), VIEWPORTS.desktop)).page;
  for (let i = 0; i < 2; i++) {
    phones.push((await openPage(browser, liveUrl(t.server.url, t.joinCode), VIEWPORTS.phone, { isMobile: true })).page);
  }
  for (const p of [host, stage, overlay, ...phones])
    p.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  for (const p of phones) await p.waitForSelector('[data-testid="composer"]', { timeout: 15_000 });
  await stage.waitForSelector('[data-testid="danmaku-canvas"]', { timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
  await t?.cleanup();
});

async function comment(page: Page, text: string) {
  await page.fill('[data-testid="comment-input"]', text);
  await page.click('[data-testid="comment-send"]');
}

test('phones comment, like and cheer; the moderator approves; the stage draws them as text', async () => {
  const [a, b] = phones as [Page, Page];
  await a.click('[data-testid="color-gold"]');
  await comment(a, '为选手们点赞，讲得真好！');
  await expect.poll(() => a.textContent('[data-testid="comment-note"]')).toContain('审核');
  await comment(b, XSS[0]!);
  // The second comment within the burst, then the rate limit shows kindly.
  await comment(b, XSS[1]!);
  await comment(b, '这一条应该被拒绝');
  await comment(b, '第四条');
  await expect.poll(() => b.textContent('[data-testid="comment-note"]'), { timeout: 5000 }).toMatch(/请稍候 \d 秒/);
  for (let i = 0; i < 12; i++) await a.click('[data-testid="like-button"]');
  for (let i = 0; i < 5; i++) await b.click('[data-testid="like-button"]');
  await b.click('[data-testid="cheer-c03"]');
  await a.click('[data-testid="cheer-c03"]');

  await host.click('[data-testid="tab-moderation"]');
  await host.waitForSelector('[data-testid="queue-row"]');
  await expect.poll(() => host.locator('[data-testid="queue-row"]').count()).toBe(4);
  await screenshot(host, 'audience-moderation-queue');
  // Keyboard: A approves the selected (first) one; J moves down; A again; J; D rejects.
  await host.keyboard.press('a');
  await expect.poll(() => host.locator('[data-testid="queue-row"]').count()).toBe(3);
  await host.keyboard.press('a');
  await expect.poll(() => host.locator('[data-testid="queue-row"]').count()).toBe(2);
  await host.keyboard.press('a');
  await expect.poll(() => host.locator('[data-testid="queue-row"]').count()).toBe(1);
  await host.locator('[data-testid="reject"]').first().click();
  await expect.poll(() => host.locator('[data-testid="queue-row"]').count()).toBe(0);

  // The stage draws the three approved ones; the XSS vectors are pixels, not elements.
  const drawn = () =>
    stage.evaluate(() => (window as unknown as { __leitaiDanmaku?: DanmakuHandle }).__leitaiDanmaku?.stats.shown ?? 0);
  await expect.poll(drawn, { timeout: 5000 }).toBe(3);
  const texts = await stage.evaluate(
    () => (window as unknown as { __leitaiDanmaku?: DanmakuHandle }).__leitaiDanmaku?.visibleTexts() ?? [],
  );
  expect(texts.sort()).toEqual(['为选手们点赞，讲得真好！', ...XSS].sort());
  const injected = await stage.evaluate(() => ({
    imgs: document.querySelectorAll('img[src="x"], img[onerror]').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('alert')).length,
    text: document.body.innerHTML.includes('onerror=alert'),
  }));
  expect(injected).toEqual({ imgs: 0, scripts: 0, text: false });
  // The phones list them as text too.
  await expect.poll(() => a.textContent('[data-testid="recent-comments"]')).toContain(XSS[0]!);
  expect(await a.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0);

  // Likes and cheers reach the stage.
  await expect.poll(() => stage.textContent('[data-testid="like-counter"]'), { timeout: 5000 }).toContain('17');
  await expect.poll(() => stage.locator('[data-testid="cheer-bars"]').count()).toBe(1);
  await stage.waitForTimeout(2500);
  await screenshot(stage, 'audience-stage-danmaku');
  await screenshot(overlay, 'audience-overlay-danmaku');
  await screenshot(a, 'audience-live-phone');
  // Pin one from the host's recently-shown list.
  await host.locator('[data-testid="pin"]').first().click();
  await expect.poll(() => a.locator('.live-pinned').count()).toBe(1);
  await screenshot(host, 'audience-moderation-tab');
  expect(dialogs).toEqual([]);
  for (const p of [host, stage, overlay, ...phones]) expect(pageErrors(p)).toEqual([]);
});

test('play-along on the phone: open, answer, reveal, score', async () => {
  const [a, b] = phones as [Page, Page];
  await host.selectOption('[data-testid="playalong-question"]', { index: 0 });
  await host.click('[data-testid="playalong-open"]');
  await a.waitForSelector('[data-testid="play-along"]');
  // The phone holds no question bank: the question it shows came with the round's frame.
  const label = (await host.locator('[data-testid="playalong-question"] option').first().textContent()) ?? '';
  const asked = (await a.textContent('.live-play-q')) ?? '';
  expect(asked.length).toBeGreaterThan(0);
  expect(label).toContain(asked.slice(0, 8));
  expect(await a.locator('[data-testid^="option-"]').count()).toBeGreaterThanOrEqual(2);
  await a.locator('[data-testid^="option-"]').first().click();
  // The second phone answers right, so the leaderboard has someone on it.
  const questionId = await host.inputValue('[data-testid="playalong-question"]');
  const right = DEMO_CONTEST.questions.find((q) => q.id === questionId)!.answer;
  await b.waitForSelector('[data-testid="play-along"]');
  for (const key of right) await b.click(`[data-testid="option-${key}"]`);
  if (right.length > 1) await b.click('[data-testid="play-submit"]');
  await expect.poll(() => b.textContent('[data-testid="play-result"]')).toContain('已作答');
  await expect.poll(() => a.textContent('[data-testid="play-result"]')).toContain('已作答');
  await screenshot(a, 'audience-live-playalong');
  await host.click('[data-testid="playalong-close"]');
  await expect.poll(() => a.textContent('[data-testid="play-result"]')).toContain('正确答案');
  await screenshot(a, 'audience-live-playalong-revealed');
  // On the stage the play-along leaderboard joins the likes in the audience band.
  await stage.waitForSelector('[data-testid="audience-band"] [data-testid="audience-leaderboard"]', { timeout: 5000 });
  await screenshot(stage, 'audience-stage-leaderboard-band');
});

test('the kill switch clears the stage within a second; restore resumes', async () => {
  // Something on screen first: auto mode, a fresh comment.
  await host.click('[data-testid="mode-auto"]');
  await comment(phones[0]!, '再来一条弹幕');
  await expect
    .poll(
      () =>
        stage.evaluate(
          () => (window as unknown as { __leitaiDanmaku?: DanmakuHandle }).__leitaiDanmaku?.stats.onScreen ?? 0,
        ),
      { timeout: 5000 },
    )
    .toBeGreaterThan(0);
  const t0 = Date.now();
  await host.click('[data-testid="kill-switch"]');
  await stage.waitForFunction(
    () =>
      document.querySelector('[data-testid="danmaku-canvas"]')?.getAttribute('data-killed') === 'true' &&
      ((window as unknown as { __leitaiDanmaku?: DanmakuHandle }).__leitaiDanmaku?.stats.onScreen ?? 1) === 0,
    undefined,
    { timeout: 1000 },
  );
  const ms = Date.now() - t0;
  expect(ms).toBeLessThan(1000);
  console.log(`kill switch: click to stage cleared ${ms} ms`);
  await host.waitForSelector('[data-testid="kill-state"]');
  await screenshot(host, 'audience-moderation-killed');
  await screenshot(stage, 'audience-stage-cleared');
  await host.click('[data-testid="restore"]');
  await stage.waitForFunction(
    () => document.querySelector('[data-testid="danmaku-canvas"]')?.getAttribute('data-killed') === 'false',
  );
});
