import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_CONTEST } from '@leitai/shared';
import { liveUrl, seatUrl } from '@leitai/server';
import { launchBrowser, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { startWithDemo, type TestContest } from '../support/harness.ts';

let t: TestContest;
let browser: Browser;
const pages: Record<string, Page> = {};

const seat = (role: 'host' | 'judge' | 'contestant' | 'stage' | 'overlay', subjectId?: string) =>
  seatUrl(
    t.server.url,
    t.seats.find((s) => s.role === role && (!subjectId || s.subjectId === subjectId))!,
  );

const SCREENS = {
  host: () => ({ url: seat('host'), viewport: VIEWPORTS.desktop }),
  play: () => ({ url: seat('contestant', 'c03'), viewport: VIEWPORTS.phone, mobile: true }),
  judge: () => ({ url: seat('judge', 'j1'), viewport: VIEWPORTS.tablet }),
  stage: () => ({ url: seat('stage'), viewport: VIEWPORTS.desktop }),
  overlay: () => ({ url: seat('overlay'), viewport: VIEWPORTS.desktop }),
  live: () => ({ url: liveUrl(t.server.url, t.joinCode), viewport: VIEWPORTS.phone, mobile: true }),
} as const;

const segment = DEMO_CONTEST.stages[0]!.segments[0]!;

beforeAll(async () => {
  t = await startWithDemo();
  browser = await launchBrowser();
  for (const [name, make] of Object.entries(SCREENS)) {
    const s = make();
    pages[name] = (await openPage(browser, s.url, s.viewport, { isMobile: 'mobile' in s })).page;
  }
});

afterAll(async () => {
  await browser?.close();
  await t?.cleanup();
});

test('every screen joins from the built client and shows the contest title', async () => {
  for (const [name, page] of Object.entries(pages)) {
    // Every screen shows its connection and clock status; the overlay is on air, so only with ?debug=1.
    if (name !== 'overlay') await page.waitForSelector('[data-testid="connection-status"]', { timeout: 15_000 });
    await expect
      .poll(() => page.evaluate(() => document.body.innerText), { timeout: 10_000 })
      .toContain(
        // The overlay and stage show the title; every screen carries it somewhere.
        DEMO_CONTEST.title.slice(0, 8),
      );
    expect(pageErrors(page), name).toEqual([]);
  }
});

test('the seat token leaves the address bar once read', () => {
  for (const name of ['host', 'play', 'judge', 'stage', 'overlay']) {
    expect(pages[name]!.url(), name).not.toContain('token=');
  }
});

test('a host click starts the segment and every screen shows it', async () => {
  const host = pages.host!;
  await host.click(`[data-testid="start-segment-${segment.id}"]`);
  for (const [name, page] of Object.entries(pages)) {
    if (name === 'overlay' || name === 'stage') continue; // checked below: they show it in their own places
    await expect.poll(() => page.evaluate(() => document.body.innerText), { timeout: 10_000 }).toContain(segment.name);
  }
  await expect
    .poll(() => pages.overlay!.evaluate(() => document.body.innerText), { timeout: 10_000 })
    .toContain(segment.name);
});

test('host clicks change what the stage shows', async () => {
  const host = pages.host!;
  const stage = pages.stage!;
  await screenshot(stage, 'stage-title');
  await host.click('[data-testid="scene-roster"]');
  await expect.poll(() => stage.getAttribute('[data-testid="stage"]', 'data-scene')).toBe('roster');
  for (const c of DEMO_CONTEST.contestants) {
    await expect.poll(() => stage.evaluate(() => document.body.innerText)).toContain(c.name);
  }
  await screenshot(stage, 'stage-roster');
  const featured = DEMO_CONTEST.contestants[4]!;
  await host.click(`[data-testid="set-current-${featured.id}"]`);
  await host.click('[data-testid="scene-contestant"]');
  await expect.poll(() => stage.getAttribute('[data-testid="stage"]', 'data-scene')).toBe('contestant');
  await expect.poll(() => stage.textContent('[data-testid="spotlight-name"]')).toContain(featured.name);
  await screenshot(stage, 'stage-contestant');
  await expect.poll(() => pages.overlay!.textContent('[data-testid="name-plate"]')).toContain(featured.name);
  await screenshot(pages.overlay!, 'overlay-contestant');
  await expect.poll(() => pages.play!.evaluate(() => document.body.innerText)).toContain(segment.name);
});

test('the overlay background is transparent for OBS', async () => {
  const bg = await pages.overlay!.evaluate(() => [
    getComputedStyle(document.documentElement).backgroundColor,
    getComputedStyle(document.body).backgroundColor,
  ]);
  for (const c of bg) expect(['rgba(0, 0, 0, 0)', 'transparent']).toContain(c);
});

test('every screen is captured for review', async () => {
  for (const [name, page] of Object.entries(pages)) {
    const path = await screenshot(page, `screen-${name}`);
    expect(path).toMatch(/\.png$/);
    expect(pageErrors(page), name).toEqual([]);
  }
});

test('the host can switch the panel to English', async () => {
  const host = pages.host!;
  await host.click('[data-testid="locale-toggle"]');
  await expect.poll(() => host.evaluate(() => document.documentElement.lang)).toBe('en');
  await screenshot(host, 'screen-host-en');
  await host.click('[data-testid="locale-toggle"]');
  await expect.poll(() => host.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
});
