/**
 * The written test in headless Chromium: a taker on a 360 × 740 phone opens their personal link,
 * answers, loses the connection, answers offline (kept on the phone), refreshes while still
 * offline (the page cannot even load), comes back online, finds the offline answer sent and
 * saved, and submits with confirmation. The host's proctor view shows each step; after the
 * close and the release the taker sees the score and the key. Screenshots:
 * artifacts/screenshots/written-*.png.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLeitaiServer, type LeitaiServerHandle } from '@leitai/server';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { tempDir } from '../support/harness.ts';
import { WRITTEN_SEGMENT as SEG, writtenContest } from '../support/written-takers.ts';

const PHONE = { width: 360, height: 740 };
let dir: string;
let server: LeitaiServerHandle;
let browser: Browser;
let host: Page;
let phone: Page;
let phoneContext: BrowserContext;
let hostToken: string;

const row = (takerId: string) => host.locator(`[data-testid="taker-${takerId}"]`);

beforeAll(async () => {
  dir = tempDir();
  server = await startLeitaiServer({ dbFile: join(dir, 'leitai.sqlite'), port: 0 });
  const created = await server.service.create(writtenContest(), { contestId: 'season' });
  if (!created.ok) throw new Error(created.error.message);
  hostToken = created.contest.seats.find((s) => s.role === 'host')!.token;
  browser = await launchBrowser();
  ({ page: host } = await openPage(browser, `${server.url}/host.html#token=${hostToken}`, VIEWPORTS.laptop));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the host opens the written test in the proctor view', async () => {
  await host.click('[data-testid="tab-written"]');
  await host.click(`[data-testid="proctor-${SEG}"] [data-testid="open-test"]`);
  await expect.poll(() => host.textContent('[data-testid="proctor-status"]')).toBe('考试中');
  await expect.poll(() => host.textContent('[data-testid="count-not-started"]'), { timeout: 6000 }).toContain('10');
});

test('a taker opens the personal link on a phone and answers; "saved" shows only after the ack', async () => {
  const res = await fetch(`${server.url}/api/contests/season/written/${SEG}/links`, {
    headers: { authorization: `Bearer ${hostToken}` },
  });
  const { links } = (await res.json()) as { links: { takerId: string; url: string }[] };
  const link = links.find((l) => l.takerId === 'a1')!.url;
  ({ page: phone, context: phoneContext } = await openPage(browser, link, PHONE, { isMobile: true }));
  await phone.waitForSelector('[data-testid="question"]');
  expect(phone.url()).not.toContain('token');
  await screenshot(phone, 'written-phone-question');
  await phone.click('[data-testid="question"] button[data-testid^="option-"] >> nth=0');
  await expect.poll(() => phone.textContent('[data-testid="save-status"]')).toBe('已保存');
  await screenshot(phone, 'written-phone-saved');
  await expect.poll(() => row('a1').getAttribute('data-status'), { timeout: 6000 }).toBe('writing');
  await expect.poll(() => row('a1').locator('[data-testid="progress"]').textContent(), { timeout: 6000 }).toBe('1/5');
});

test('offline: the answer is kept on the phone, survives a refresh, and is sent on reconnect', async () => {
  await phoneContext.setOffline(true);
  await phone.click('[data-testid="next"]');
  const second = await phone.getAttribute('[data-testid="question"]', 'data-question');
  await phone.click('[data-testid="question"] button[data-testid^="option-"] >> nth=1');
  await expect.poll(() => phone.textContent('[data-testid="save-status"]'), { timeout: 20_000 }).toBe('待发送');
  await expect.poll(() => phone.isVisible('[data-testid="offline"]'), { timeout: 20_000 }).toBe(true);
  await screenshot(phone, 'written-phone-offline');
  // The proctor still sees one answer: nothing offline reached the server.
  expect(await row('a1').locator('[data-testid="progress"]').textContent()).toBe('1/5');
  // A refresh while offline cannot load the page at all.
  await phone.reload().catch(() => undefined);
  await phoneContext.setOffline(false);
  await phone.goto(`${server.url}/written.html`);
  await phone.waitForSelector('[data-testid="question"]');
  await phone.click('[data-testid="next"]');
  expect(await phone.getAttribute('[data-testid="question"]', 'data-question')).toBe(second);
  await expect.poll(() => phone.textContent('[data-testid="save-status"]'), { timeout: 10_000 }).toBe('已保存');
  await expect.poll(() => row('a1').locator('[data-testid="progress"]').textContent(), { timeout: 6000 }).toBe('2/5');
  await screenshot(phone, 'written-phone-resumed');
  await screenshot(host, 'written-proctor-writing');
});

test('the taker submits with confirmation; the proctor counts it', async () => {
  await phone.click('[data-testid="submit"]');
  await phone.waitForSelector('[data-testid="confirm"]');
  await screenshot(phone, 'written-phone-confirm');
  await phone.click('[data-testid="confirm-submit"]');
  await phone.waitForSelector('[data-testid="submitted"]');
  await screenshot(phone, 'written-phone-submitted');
  await expect.poll(() => host.textContent('[data-testid="count-submitted"]'), { timeout: 6000 }).toContain('1');
  await expect.poll(() => row('a1').getAttribute('data-status'), { timeout: 6000 }).toBe('submitted');
});

test('after the close and the release the taker sees the score and the key', async () => {
  await host.click('[data-testid="close-test"]');
  await expect.poll(() => host.textContent('[data-testid="proctor-status"]')).toBe('已收卷');
  await host.click(`[data-testid="proctor-${SEG}"] input[type="checkbox"]`);
  await host.click('[data-testid="release"]');
  await phone.waitForSelector('[data-testid="result"]');
  const score = await phone.textContent('[data-testid="score"]');
  // The score the server graded for a1, shown with two decimals.
  const paper = server.written.service.paper('season', SEG, 'a1')!;
  const info = server.written.service.segment('season', SEG)!;
  expect(score).toBe((server.written.service.grade(info, paper)!.score / 100).toFixed(2));
  await screenshot(phone, 'written-phone-result');
  // Item analysis: every question with its stem, and a true/false choice read as 对/错 (not `true`).
  const questions = new Map(writtenContest().questions.map((q) => [q.id, q]));
  const items = host.locator('[data-testid^="item-"]:not([data-testid="item-chosen"])');
  await expect.poll(() => items.count()).toBe(5);
  let trueFalseChosen = 0;
  for (const item of await items.all()) {
    const id = (await item.getAttribute('data-testid'))!.slice('item-'.length);
    const q = questions.get(id)!;
    expect(await item.textContent()).toContain(q.text);
    const chosen = (await item.locator('[data-testid="item-chosen"]').textContent()) ?? '';
    expect(chosen).not.toMatch(/true|false/);
    if (q.kind === 'truefalse' && chosen !== '') {
      expect(chosen).toMatch(/^(对|错): \d+/);
      trueFalseChosen++;
    }
  }
  // As many true/false items show a choice as a1 answered (the paper's order is drawn per taker,
  // so which two questions the phone answered above varies from run to run).
  const answeredTrueFalse = Object.keys(paper.answers).filter((id) => questions.get(id)?.kind === 'truefalse');
  expect(trueFalseChosen).toBe(answeredTrueFalse.length);
  await screenshot(host, 'written-proctor-results');
  expect(pageErrors(phone)).toEqual([]);
  expect(pageErrors(host)).toEqual([]);
});
