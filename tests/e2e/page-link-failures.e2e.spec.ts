/**
 * Host pages opened without a usable link, in the page's language. The printable results sheet
 * opened without its link (a bookmark, a typed address), with a revoked or wrong host token, for a
 * stage that does not exist; the contest editor and import page opened without a link. Each says
 * what to do in zh-CN (English with the toggle), never a bare server or page code, on a laid-out
 * page. Real server, real Chromium. Screenshots: artifacts/screenshots/results-sheet-failure-*.png,
 * authoring-no-link.png.
 */
import { expect, test } from 'vitest';
import { openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { demoWithBrowser } from '../support/demo-browser.ts';

const demo = demoWithBrowser();

const failureText = async (fragment: string, shot: string) => {
  const { page, context } = await openPage(
    demo.browser,
    `${demo.t.server.url}/results.html${fragment}`,
    VIEWPORTS.desktop,
  );
  try {
    await page.waitForSelector('[data-testid="rs-failure"]');
    const zh = (await page.textContent('[data-testid="rs-failure"] p')) ?? '';
    const code = await page.getAttribute('[data-testid="rs-failure"]', 'data-code');
    await screenshot(page, `results-sheet-failure-${shot}`);
    await page.click('[data-testid="rs-failure"] .locale-toggle');
    await expect.poll(() => page.textContent('[data-testid="rs-failure"] p')).not.toBe(zh);
    const en = (await page.textContent('[data-testid="rs-failure"] p')) ?? '';
    expect(pageErrors(page)).toEqual([]);
    return { zh, en, code };
  } finally {
    await context.close();
  }
};

test('opened without its link: points to the host panel, no bare code', async () => {
  const { zh, en, code } = await failureText('', 'no-link');
  expect(code).toBe('NO_LINK');
  expect(zh).toContain('主持台');
  expect(zh).toContain('打印成绩单');
  expect(zh).not.toMatch(/no link/i);
  expect(en).toContain('host panel');
});

test('a wrong host token: says the link is invalid, not the server English', async () => {
  const { zh, en, code } = await failureText('#token=not-a-token&contest=demo&stage=final', 'bad-token');
  expect(code).toBe('UNAUTHENTICATED');
  expect(zh).toContain('链接无效或已失效');
  expect(zh).not.toContain('token is invalid');
  expect(en).toContain('invalid or revoked');
});

test('a stage the contest does not have: says so in Chinese', async () => {
  const { zh, code } = await failureText(`#token=${demo.t.token('host')}&contest=demo&stage=nope`, 'not-found');
  expect(code).toBe('NOT_FOUND');
  expect(zh).toContain('找不到这场比赛或这个阶段');
  expect(zh).not.toContain('no such contest');
});

test('the editor and import page opened without a link: says where its link is, laid out, in both languages', async () => {
  const { page, context } = await openPage(demo.browser, `${demo.t.server.url}/authoring.html`, VIEWPORTS.desktop);
  try {
    await page.waitForSelector('[data-testid="au-no-link"]');
    const zh = (await page.textContent('[data-testid="au-no-link"] .au-state')) ?? '';
    expect(zh).toContain('座位与二维码');
    expect(zh).toContain('比赛编辑与导入');
    expect(zh).toContain('组织者编辑');
    expect(await page.textContent('[data-testid="au-no-link"] h1')).toBe('比赛编辑与导入');
    // Laid out like the page it stands for: not flush against the window's edge.
    const box = (await page.locator('[data-testid="au-no-link"] .au-state').boundingBox())!;
    expect(box.x).toBeGreaterThan(100);
    await screenshot(page, 'authoring-no-link');
    await page.click('[data-testid="au-no-link"] .locale-toggle');
    await expect.poll(() => page.textContent('[data-testid="au-no-link"] .au-state')).toContain('host panel');
    expect(pageErrors(page)).toEqual([]);
  } finally {
    await context.close();
  }
});
