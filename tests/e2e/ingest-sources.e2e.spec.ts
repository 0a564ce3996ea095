/**
 * Platform danmaku end to end in headless Chromium: the host adds a fake bilibili room (its keys
 * typed into the audience tab), a signed Douyin webhook and a bilibili source with a bad key;
 * the room, the webhook and a phone on the audience page all send comments; the stage draws all
 * three sources, the platform ones with their badge; a comment the filter holds appears only
 * after the moderator approves it; the kill switch clears every source within 1 s; the source
 * with the bad key shows "refused" in the panel. No key ever reaches a page.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seatUrl, liveUrl } from '@leitai/server';
import { launchBrowser, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { startWithDemo, type TestContest } from '../support/harness.ts';
import { FAKE_KEYS, startFakeBilibiliRoom, type FakeRoom } from '../support/fake-bilibili.ts';
import { signPush } from '../../server/src/ingest/webhook.ts';

let t: TestContest;
let room: FakeRoom;
let browser: Browser;
let host: Page;
let stage: Page;
let phone: Page;
const SECRET = 'douyin-e2e-secret-0123456789';

interface Drawn {
  text: string;
  source: string | null;
}
const drawnOn = (page: Page) =>
  page.evaluate(
    () =>
      (
        window as unknown as { __leitaiDanmaku?: { visibleItems(): { text: string; source: string | null }[] } }
      ).__leitaiDanmaku?.visibleItems() ?? [],
  );
const onScreen = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __leitaiDanmaku?: { stats: { onScreen: number } } }).__leitaiDanmaku?.stats.onScreen ??
      -1,
  );

/** Everything drawn on the stage since the test began (comments fly off after some seconds). */
const seen: Drawn[] = [];
async function watchStage(): Promise<void> {
  for (const d of await drawnOn(stage)) if (!seen.some((s) => s.text === d.text)) seen.push(d);
}

beforeAll(async () => {
  room = await startFakeBilibiliRoom();
  t = await startWithDemo({ ingest: { bilibili: { heartbeatMs: 1000, backoffBaseMs: 200 } } });
  browser = await launchBrowser();
  const seat = (role: 'host' | 'stage') =>
    seatUrl(
      t.server.url,
      t.seats.find((s) => s.role === role)!,
    );
  host = (await openPage(browser, seat('host'), VIEWPORTS.desktop)).page;
  stage = (await openPage(browser, seat('stage'), VIEWPORTS.desktop)).page;
  phone = (await openPage(browser, liveUrl(t.server.url, t.joinCode), VIEWPORTS.phone, { isMobile: true })).page;
  host.on('dialog', (d) => void d.accept());
  await phone.waitForSelector('[data-testid="composer"]', { timeout: 15_000 });
  await stage.waitForSelector('[data-testid="danmaku-canvas"]', { timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
  await t?.cleanup();
  await room?.close();
});

async function addSource(
  fields: Record<string, string>,
  kind: 'bilibili' | 'webhook',
  platform?: string,
  shot?: string,
) {
  await host.click('[data-testid="source-add"]');
  await host.selectOption('[data-testid="source-kind"]', kind);
  if (platform) await host.selectOption('[data-testid="source-platform"]', platform);
  for (const [name, value] of Object.entries(fields)) await host.fill(`[data-testid="source-field-${name}"]`, value);
  if (shot) {
    await host.locator('[data-testid="source-form"]').scrollIntoViewIfNeeded();
    await screenshot(host, shot);
  }
  await host.click('[data-testid="source-save"]');
  await host.waitForSelector('[data-testid="source-form"]', { state: 'detached' });
}

const row = (name: string) => host.locator('[data-testid="source-row"]', { hasText: name });

test('three sources on the stage with badges; held until approved; kill switch; a bad key is refused', async () => {
  await host.click('[data-testid="tab-moderation"]');
  await host.waitForSelector('[data-testid="sources"]');
  await addSource(
    { name: 'B站主直播间', baseUrl: room.baseUrl, ...FAKE_KEYS },
    'bilibili',
    undefined,
    'ingest-host-add-source',
  );
  await addSource({ name: '抖音推送', secret: SECRET }, 'webhook', 'douyin');
  await addSource(
    { name: 'B站备用（错误密钥）', baseUrl: room.baseUrl, ...FAKE_KEYS, accessKeySecret: 'wrong-secret' },
    'bilibili',
  );
  await expect.poll(() => host.locator('[data-testid="source-row"]').count()).toBe(3);
  for (const name of ['B站主直播间', '抖音推送', 'B站备用（错误密钥）']) {
    await row(name).locator('[data-testid="source-start"]').click();
  }
  await expect.poll(() => row('B站主直播间').getAttribute('data-state'), { timeout: 10_000 }).toBe('connected');
  await expect.poll(() => row('抖音推送').getAttribute('data-state')).toBe('connected');
  await expect.poll(() => row('B站备用（错误密钥）').getAttribute('data-state'), { timeout: 10_000 }).toBe('refused');
  expect(await row('B站备用（错误密钥）').locator('[data-testid="source-state"]').textContent()).toContain('已拒绝');

  // Auto mode: what passes goes to the stage; what the filter holds waits for the moderator.
  await host.click('[data-testid="mode-auto"]');
  await expect.poll(() => room.clients()).toBe(1);
  room.comments(
    [
      { text: 'B站观众来助威', uid: 101, uname: '小电视' },
      { text: '这比赛有黑幕吧', uid: 102, uname: '怀疑者' },
    ],
    2,
  );
  const body = JSON.stringify({ platform: 'douyin', sender: { id: 'dy-1', name: '抖音网友' }, text: '抖音这边也在看' });
  const ts = Math.floor(Date.now() / 1000);
  const pushed = await fetch(
    `${t.server.url}/api/ingest/${t.contestId}/${await row('抖音推送').getAttribute('data-source-id')}`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-leitai-timestamp': String(ts),
        'x-leitai-signature': signPush(SECRET, ts, body),
      },
      body,
    },
  );
  expect(pushed.status).toBe(200);
  await phone.fill('[data-testid="comment-input"]', '现场观众报到');
  await phone.click('[data-testid="comment-send"]');

  await expect
    .poll(
      async () => {
        await watchStage();
        return seen.map((d) => `${d.source ?? 'leitai'}:${d.text}`).sort();
      },
      { timeout: 8000 },
    )
    .toEqual(['bilibili:B站观众来助威', 'douyin:抖音这边也在看', 'leitai:现场观众报到']);
  await screenshot(stage, 'ingest-stage-badges');
  // The held one is in the queue with its badge and reason, not on the stage.
  const held = host.locator('[data-testid="queue-row"]', { hasText: '这比赛有黑幕吧' });
  await expect.poll(() => held.count()).toBe(1);
  expect(await held.locator('[data-testid="source-badge"]').getAttribute('data-source')).toBe('bilibili');
  expect(seen.some((d) => d.text === '这比赛有黑幕吧')).toBe(false);
  await expect.poll(() => row('B站主直播间').locator('[data-testid="source-count-comments"]').textContent()).toBe('2');
  await screenshot(host, 'ingest-host-sources');
  await held.locator('[data-testid="approve"]').click();
  await expect
    .poll(
      async () => {
        await watchStage();
        return seen.find((d) => d.text === '这比赛有黑幕吧')?.source;
      },
      { timeout: 5000 },
    )
    .toBe('bilibili');

  // The kill switch clears every source within a second, and nothing new shows while it holds.
  room.comments([{ text: '清屏前最后一条', uid: 103 }], 3);
  await expect.poll(() => onScreen(stage), { timeout: 5000 }).toBeGreaterThan(0);
  const t0 = Date.now();
  await host.click('[data-testid="kill-switch"]');
  await stage.waitForFunction(
    () =>
      document.querySelector('[data-testid="danmaku-canvas"]')?.getAttribute('data-killed') === 'true' &&
      ((window as unknown as { __leitaiDanmaku?: { stats: { onScreen: number } } }).__leitaiDanmaku?.stats.onScreen ??
        1) === 0,
    undefined,
    { timeout: 1000 },
  );
  expect(Date.now() - t0).toBeLessThan(1000);
  room.comments([{ text: '清屏后的B站弹幕', uid: 104 }], 0);
  await stage.waitForTimeout(800);
  expect(await onScreen(stage)).toBe(0);
  await screenshot(host, 'ingest-host-killed');

  // No key reached any page.
  for (const page of [host, stage, phone]) {
    const html = await page.content();
    for (const secret of [FAKE_KEYS.accessKeySecret, FAKE_KEYS.code, SECRET]) expect(html).not.toContain(secret);
  }
  for (const p of [host, stage, phone]) expect(pageErrors(p)).toEqual([]);
});
