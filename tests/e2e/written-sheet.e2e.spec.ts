/**
 * The written test's printable QR sheet in headless Chromium: the host opens it from the proctor
 * tab; it lists every roster taker (name, unit, group, taker id, personal link) with a QR code
 * that, read back off a screenshot, is that taker's personal link, and that link opens the
 * taker's own paper. zh-CN first, English by the toggle; the print layout is A4, ten a page.
 * Screenshots and the PDF: artifacts/screenshots/written-sheet-*.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLeitaiServer, type LeitaiServerHandle } from '@leitai/server';
import { launchBrowser, openPage, pageErrors, screenshot, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser.ts';
import { tempDir } from '../support/harness.ts';
import { qrReader, type QrReader } from '../support/qr-decode.ts';
import { connectTaker, WRITTEN_SEGMENT as SEG, writtenContest } from '../support/written-takers.ts';

let dir: string;
let server: LeitaiServerHandle;
let browser: Browser;
let host: Page;
let sheet: Page;
let reader: QrReader;
let links: { takerId: string; name: string; organisation: string; group: string; url: string }[];

beforeAll(async () => {
  dir = tempDir();
  server = await startLeitaiServer({ dbFile: join(dir, 'leitai.sqlite'), port: 0 });
  const created = await server.service.create(writtenContest(), { contestId: 'season' });
  if (!created.ok) throw new Error(created.error.message);
  const hostToken = created.contest.seats.find((s) => s.role === 'host')!.token;
  const res = await fetch(`${server.url}/api/contests/season/written/${SEG}/links`, {
    headers: { authorization: `Bearer ${hostToken}` },
  });
  ({ links } = (await res.json()) as { links: typeof links });
  browser = await launchBrowser();
  reader = await qrReader(browser);
  ({ page: host } = await openPage(browser, `${server.url}/host.html#token=${hostToken}`, VIEWPORTS.laptop));
}, 60_000);

afterAll(async () => {
  await reader?.close();
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the proctor tab opens the QR sheet; it lists every roster taker', async () => {
  await host.click('[data-testid="tab-written"]');
  const open = host.locator(`[data-testid="proctor-${SEG}"] [data-testid="open-written-sheet"]`);
  expect(await open.textContent()).toBe('打印二维码表');
  await screenshot(host, 'written-sheet-proctor-link');
  [sheet] = await Promise.all([host.context().waitForEvent('page'), open.click()]);
  await sheet.waitForSelector('[data-testid="written-sheet"]');
  // The token left the address bar; the segment stays for a reload.
  expect(sheet.url()).not.toContain('token');
  expect(sheet.url()).toContain(`segment=${SEG}`);
  const cards = sheet.locator('[data-testid^="sheet-"][data-url]');
  expect(await cards.count()).toBe(10);
  expect(await sheet.textContent('[data-testid="sheet-count"]')).toBe('共 10 人');
  for (const l of links) {
    const card = sheet.locator(`[data-testid="sheet-${l.takerId}"]`);
    const text = (await card.textContent()) ?? '';
    for (const part of [l.name, l.organisation, l.group, l.takerId, l.url]) expect(text).toContain(part);
  }
  await sheet.setViewportSize({ width: 900, height: 1000 });
  await screenshot(sheet, 'written-sheet-zh');
  expect(pageErrors(sheet)).toEqual([]);
});

test('every QR code, read off the screen, is that taker’s personal link, and the link opens their paper', async () => {
  for (const l of links) {
    const png = await sheet.locator(`[data-testid="sheet-${l.takerId}"] .qr-code`).screenshot();
    expect(await reader.read(png)).toBe(l.url);
  }
  // The link printed for h2 is h2's seat on the written test.
  const url = links.find((l) => l.takerId === 'h2')!.url;
  const taker = await connectTaker(server.url, url.slice(url.indexOf('#token=') + 7), 'sheet-check');
  expect(taker.welcome).toMatchObject({ contestId: 'season', segmentId: SEG, takerId: 'h2' });
  taker.close();
});

test('English by the toggle; a group filter; the print layout is A4 with ten cards a page', async () => {
  await sheet.click('[data-testid="locale-toggle"]');
  await expect.poll(() => sheet.textContent('[data-testid="sheet-count"]')).toBe('10 takers');
  expect(await sheet.textContent('[data-testid="sheet-a1"]')).toContain('Personal link');
  await screenshot(sheet, 'written-sheet-en');
  await sheet.click('button:has-text("第二联系片组")');
  await expect.poll(() => sheet.textContent('[data-testid="sheet-count"]')).toBe('6 takers');
  await sheet.click('button:has-text("All groups")');
  await sheet.click('[data-testid="locale-toggle"]');

  // Print: the toolbar hidden; the ten cards fill one A4 page.
  await sheet.emulateMedia({ media: 'print' });
  expect(await sheet.isVisible('.cards-toolbar')).toBe(false);
  await sheet.setViewportSize({ width: 794, height: 1123 });
  await screenshot(sheet, 'written-sheet-print');
  // page.pdf() prints with print media unless screen media is emulated: back to the default first.
  await sheet.emulateMedia({ media: null });
  const pdf = await sheet.pdf({ preferCSSPageSize: true, printBackground: true });
  writeFileSync(join(SCREENSHOT_DIR, 'written-sheet.pdf'), pdf);
  expect(pdf.toString('latin1').match(/\/Count (\d+)/)?.[1]).toBe('1');
});

test('an open quiz gets one poster: the join code and a QR code of the registration page', async () => {
  const open = writtenContest();
  const seg = open.stages[0]!.segments[0]!;
  if (seg.kind !== 'written') throw new Error('written expected');
  seg.settings = { ...seg.settings, entry: 'open' };
  const created = await server.service.create(open, { contestId: 'quiz' });
  if (!created.ok) throw new Error(created.error.message);
  const hostToken = created.contest.seats.find((s) => s.role === 'host')!.token;
  const { page } = await openPage(
    browser,
    `${server.url}/written-sheet.html?segment=${SEG}#token=${hostToken}&contest=quiz`,
    VIEWPORTS.laptop,
  );
  await page.waitForSelector('[data-testid="sheet-open"]');
  const url = `${server.url}/written.html?code=${created.contest.joinCode}`;
  expect(await page.getAttribute('[data-testid="sheet-open"]', 'data-url')).toBe(url);
  expect(await page.textContent('[data-testid="sheet-open"]')).toContain(created.contest.joinCode);
  expect(await reader.read(await page.locator('[data-testid="sheet-open"] .qr-code').screenshot())).toBe(url);
  await screenshot(page, 'written-sheet-open');
  expect(pageErrors(page)).toEqual([]);
  await page.context().close();
});
