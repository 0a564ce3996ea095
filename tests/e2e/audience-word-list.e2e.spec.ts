/**
 * The host panel's word list in headless Chromium: an entry added with its outcome (hold for
 * review), a text file imported (refuse, hold, allowed phrase, comments), the list exported as
 * the same text, and a phone's comment held by the organiser's entry in auto mode.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { parseWordListText } from '@leitai/shared';
import { liveUrl } from '@leitai/server';
import { openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { demoWithBrowser, openSeatPage } from '../support/demo-browser.ts';

const demo = demoWithBrowser();
let host: Page;

beforeAll(async () => {
  host = await openSeatPage(demo);
  await host.click('[data-testid="tab-moderation"]', { timeout: 15_000 });
  await host.waitForSelector('[data-testid="word-list"] li');
});

const chip = (text: string) => host.locator('[data-testid="word-list"] li', { hasText: text });

test('add with an outcome, import a text file, export the same list', async () => {
  await host.fill('[data-testid="word-input"]', '内定');
  await host.selectOption('[data-testid="word-kind"]', 'review');
  await host.click('[data-testid="word-add"]');
  await expect.poll(() => chip('内定').getAttribute('data-kind')).toBe('review');

  await host.setInputFiles('[data-testid="word-import"]', {
    name: 'words.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('# 组委会词表\n抄袭\n?暗箱操作\n+不是内定，+抄袭检查\n', 'utf8'),
  });
  await expect.poll(() => chip('暗箱操作').getAttribute('data-kind')).toBe('review');
  expect(await chip('抄袭检查').getAttribute('data-kind')).toBe('allow');
  expect(await chip('抄袭').first().getAttribute('data-kind')).toBe('refuse');
  // The shipped list shows its kinds too.
  expect(await chip('废物利用').getAttribute('data-kind')).toBe('allow');
  await screenshot(host, 'audience-word-list');

  const [download] = await Promise.all([host.waitForEvent('download'), host.click('[data-testid="word-export"]')]);
  const path = await download.path();
  const exported = parseWordListText(readFileSync(path, 'utf8'));
  expect(exported).toEqual(expect.arrayContaining(['?内定', '抄袭', '?暗箱操作', '+不是内定', '+抄袭检查', '傻逼']));
  expect(readFileSync(path, 'utf8').startsWith('# ')).toBe(true);

  // The organiser's entry holds a phone's comment in auto mode; the allowed phrase passes.
  await host.click('[data-testid="mode-auto"]');
  const phone = (
    await openPage(demo.browser, liveUrl(demo.t.server.url, demo.t.joinCode), VIEWPORTS.phone, { isMobile: true })
  ).page;
  await phone.waitForSelector('[data-testid="composer"]', { timeout: 15_000 });
  await phone.fill('[data-testid="comment-input"]', '冠军是内定的');
  await phone.click('[data-testid="comment-send"]');
  await expect.poll(() => phone.textContent('[data-testid="comment-note"]')).toContain('审核');
  await expect.poll(() => host.locator('[data-testid="queue-row"]', { hasText: '冠军是内定的' }).count()).toBe(1);
  expect(await host.textContent('[data-testid="held-reason"]')).toBe('词库送审：内定');
  await screenshot(host, 'audience-word-list-held');
  expect(pageErrors(host)).toEqual([]);
  expect(pageErrors(phone)).toEqual([]);
});
