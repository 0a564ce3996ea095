/**
 * A roster taker without the link types the short code from the QR card on the taker page
 * (headless Chromium, phone viewport): a wrong code is refused in Chinese, the right one (typed in
 * lower case with a space) opens the taker's own paper; the QR sheet prints every taker's code.
 * Screenshots: artifacts/screenshots/written-code-*.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { startLeitaiServer, type LeitaiServerHandle } from '@leitai/server';
import { launchBrowser, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { tempDir } from '../support/harness.ts';
import { WRITTEN_SEGMENT as SEG, writtenContest } from '../support/written-takers.ts';

let dir: string;
let server: LeitaiServerHandle;
let browser: Browser;
let hostToken: string;
let links: { takerId: string; name: string; url: string; code: string }[];

beforeAll(async () => {
  dir = tempDir();
  server = await startLeitaiServer({ dbFile: join(dir, 'leitai.sqlite'), port: 0 });
  const created = await server.service.create(writtenContest(), { contestId: 'season' });
  if (!created.ok) throw new Error(created.error.message);
  hostToken = created.contest.seats.find((s) => s.role === 'host')!.token;
  const res = await fetch(`${server.url}/api/contests/season/written/${SEG}/links`, {
    headers: { authorization: `Bearer ${hostToken}` },
  });
  ({ links } = (await res.json()) as { links: typeof links });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the QR sheet prints each roster taker’s code beside the QR code', async () => {
  const { page } = await openPage(
    browser,
    `${server.url}/written-sheet.html?segment=${SEG}#token=${hostToken}&contest=season`,
    { width: 900, height: 1000 },
  );
  await page.waitForSelector('[data-testid="written-sheet"]');
  for (const l of links) expect(await page.textContent(`[data-testid="sheet-code-${l.takerId}"]`)).toBe(l.code);
  expect(await page.textContent(`[data-testid="sheet-${links[0]!.takerId}"]`)).toContain('个人码');
  await screenshot(page, 'written-code-sheet');
  expect(pageErrors(page)).toEqual([]);
  await page.close();
});

test('the taker page without a link takes the typed code and opens that taker’s paper', async () => {
  const { page } = await openPage(browser, `${server.url}/written.html`, VIEWPORTS.phone);
  await page.waitForSelector('[data-testid="code-entry"]');
  expect(await page.textContent('[data-testid="code-entry"] h2')).toBe('输入个人码');
  await screenshot(page, 'written-code-entry');
  // A wrong code: refused, in Chinese, and the page stays on the form.
  await page.fill('[data-testid="code-entry"] input', 'ZZZZ-ZZZZ');
  await page.click('[data-testid="code-entry"] button[type="submit"]');
  await page.waitForSelector('[data-testid="code-entry"] .w-error');
  expect(await page.textContent('[data-testid="code-entry"] .w-error')).toBe('个人码不正确，请核对后重试');
  await screenshot(page, 'written-code-wrong');
  // The right one, as a person might type it: lower case, a space instead of the hyphen.
  const h1 = links.find((l) => l.takerId === 'h1')!;
  await page.fill('[data-testid="code-entry"] input', h1.code.toLowerCase().replace('-', ' '));
  await page.click('[data-testid="code-entry"] button[type="submit"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="code-entry"]'), null, { timeout: 10_000 });
  await page.waitForFunction((name) => document.body.textContent?.includes(name), h1.name, { timeout: 10_000 });
  // The test is not open yet: the taker waits, with their own name.
  expect(await page.textContent('body')).toContain('考试尚未开始');
  await screenshot(page, 'written-code-opened');
  // The token is kept like a link's: a reload stays on the paper.
  await page.reload();
  await page.waitForFunction((name) => document.body.textContent?.includes(name), h1.name, { timeout: 10_000 });
  expect(await page.$('[data-testid="code-entry"]')).toBeNull();
  expect(pageErrors(page)).toEqual([]);
});
