/**
 * 人气奖 in headless Chromium: phones cheer (sockets), the host records the popularity award
 * from the results tab (button + confirmation), and the stage's ceremony shows 人气奖 with the
 * most cheered contestant (c03, 3 cheers) before the tiers. Screenshots in artifacts/screenshots.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seatUrl } from '@leitai/server';
import { ask, newDeviceId } from '../support/audience-clients.ts';
import { launchBrowser, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { connectScreen, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';

let t: TestContest;
let browser: Browser;
let host: Page;
let stage: Page;
const phones: Screen[] = [];

const seat = (role: 'host' | 'stage') =>
  seatUrl(
    t.server.url,
    t.seats.find((s) => s.role === role)!,
  );

beforeAll(async () => {
  t = await startWithDemo();
  browser = await launchBrowser();
  host = (await openPage(browser, seat('host'), VIEWPORTS.desktop)).page;
  stage = (await openPage(browser, seat('stage'), VIEWPORTS.desktop)).page;
  for (let i = 0; i < 5; i++)
    phones.push(await connectScreen(t.server.url, { joinCode: t.joinCode, deviceId: newDeviceId() }));
});

afterAll(async () => {
  for (const p of phones) p.close();
  await browser.close();
  await t.cleanup();
});

test('the host records 人气奖 and the ceremony shows it before the tiers', async () => {
  for (const [i, contestantId] of ['c03', 'c05', 'c03', 'c03', 'c05'].entries())
    expect(await ask(phones[i]!.socket, 'audience:cheer', { contestantId })).toEqual({ ok: true });

  await host.click('[data-testid="tab-results"]');
  await host.waitForSelector('[data-testid="hr-popularity-live"]');
  await host.click('[data-testid="hr-popularity-record"]');
  await host.click('[data-testid="hr-popularity-confirm"]');
  await host.waitForSelector('[data-testid="hr-popularity-recorded"]');
  await screenshot(host, 'judging-host-popularity');

  await host.click('[data-testid="hr-ceremony-scene"]');
  await host.click('[data-testid="hr-ceremony-next"]');
  await stage.waitForSelector('[data-testid="scene-ceremony"][data-step="1"] [data-testid="sc-winner-c03"]');
  const title = await stage.textContent('.sc-title');
  expect(title).toBe('人气奖');
  expect(await stage.textContent('[data-testid="sc-winner-c03"]')).toContain('3 票助力');
  await screenshot(stage, 'judging-ceremony-popularity');
  expect(pageErrors(host)).toEqual([]);
  expect(pageErrors(stage)).toEqual([]);
});
