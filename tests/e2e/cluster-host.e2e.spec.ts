/**
 * The cluster's health in the host panel (scale-out, issue #6): a core and one edge in this
 * process over the machine's Redis (127.0.0.1:6379) under a channel prefix of their own, a real
 * HAProxy in front of them, a few audience sockets through HAProxy on the edge, the host panel in
 * headless Chromium at HAProxy's address. The header pill shows the
 * edge and its socket count, expands (click, H) to the table, and turns amber when the edge goes
 * away. A server in single mode shows no pill at all. A core whose Redis (a private
 * redis-server) stops turns red and recovers. Screenshots are kept.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seatUrl, startEdgeServer, type EdgeHandle } from '@leitai/server';
import { launchBrowser, openPage, pageErrors, screenshot, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser.ts';
import { io as ioClient } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@leitai/shared';
import { startRedis } from '../support/cluster-support.ts';
import { startHaproxy, waitForServer, type HaproxyHandle } from '../../scripts/lib/haproxy-process.ts';
import { startWithDemo, type TestContest, type TestSocket } from '../support/harness.ts';

const clientDist = process.env.LEITAI_CLIENT_DIST ?? resolve(import.meta.dirname, '../../client/dist');
const channelPrefix = `leitai-e2e-${randomBytes(4).toString('hex')}`;
const AUDIENCE = 3;

let core: TestContest;
let single: TestContest;
let edge: EdgeHandle | null = null;
let lb: HaproxyHandle | null = null;
let browser: Browser;
const audience: TestSocket[] = [];

const hostUrl = (t: TestContest, base = t.server.url) =>
  seatUrl(
    base,
    t.seats.find((s) => s.role === 'host')!,
  );

beforeAll(async () => {
  core = await startWithDemo({ role: 'core', channelPrefix, clientDist });
  single = await startWithDemo({ clientDist });
  edge = await startEdgeServer({ channelPrefix, edgeId: 'edge-1', port: 0, host: '127.0.0.1', clientDist });
  lb = await startHaproxy({
    core: `127.0.0.1:${core.server.port}`,
    edges: [{ name: 'edge-1', address: `127.0.0.1:${edge.port}` }],
    checkMs: 300,
    fall: 1,
    rise: 1,
  });
  await waitForServer(lb, 'audience', 'edge-1', 'UP');
  for (let i = 0; i < AUDIENCE; i++) {
    const deviceId = `e2e-cluster-${i}-xxxxxxxx`;
    // As the audience page connects: the edges' pool, a key per page load.
    const socket: TestSocket = ioClient(lb.url, {
      auth: { protocolVersion: PROTOCOL_VERSION, joinCode: core.joinCode, deviceId },
      query: { pool: 'audience', k: `e2e-${i}` },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    audience.push(socket);
  }
  // HAProxy put them on the edge (not on the core, its backup).
  const health = (await (await fetch(`${edge.url}/api/health`)).json()) as { sockets: number };
  expect(health.sockets).toBe(AUDIENCE);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const a of audience) a.close();
  await browser?.close();
  await lb?.close();
  await edge?.close();
  await core?.cleanup();
  await single?.cleanup();
});

/** A screenshot without waiting for animations to end: the amber and red dots blink forever. */
const blinking = (page: Page, name: string) => page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}.png`) });

const tone = (page: Page) => page.getAttribute('[data-testid="cluster-status"]', 'data-tone');

test('the host panel shows the cluster, expands to the table, and turns amber when the edge goes', async () => {
  const { page: host } = await openPage(browser, hostUrl(core, lb!.url), VIEWPORTS.desktop);
  const { page: plain } = await openPage(browser, hostUrl(single), VIEWPORTS.desktop);
  await plain.waitForSelector('[data-testid="contest-title"]', { timeout: 15_000 });

  // The edge reports every second, the core pushes to the host room every 2 s.
  await host.waitForFunction(
    (n) => {
      const el = document.querySelector('[data-testid="cluster-status"]');
      return el?.getAttribute('data-tone') === 'ok' && el.textContent?.includes(`${n} 观众连接`);
    },
    AUDIENCE,
    { timeout: 15_000 },
  );
  expect(await host.textContent('[data-testid="cluster-state"]')).toBe('正常');
  expect(await host.textContent('[data-testid="cluster-edges"]')).toBe('1 边缘');
  expect(await host.getAttribute('[data-testid="cluster-toggle"]', 'aria-expanded')).toBe('false');
  await screenshot(host, 'host-cluster-collapsed');

  // Single mode: no frame ever arrives, nothing is shown (by now the core page has had its frame).
  expect(await plain.$('[data-testid="cluster-status"]')).toBeNull();

  // Click: the table with the core and the edge.
  await host.click('[data-testid="cluster-toggle"]');
  await host.waitForSelector('[data-testid="cluster-table"]');
  const coreRow = await host.textContent('[data-testid="cluster-row-core"]');
  expect(coreRow).toContain('核心');
  expect(coreRow).toContain('正常');
  const edgeRow = host.locator('[data-testid="cluster-row-edge-1"] td');
  expect(await edgeRow.allTextContents()).toEqual([
    'edge-1',
    String(AUDIENCE),
    expect.stringMatching(/^\d+ ms$/),
    '0',
    '正常',
    expect.stringMatching(/^\d+\.\d 秒前$/),
  ]);
  await screenshot(host, 'host-cluster-expanded');

  // Esc closes it, H opens it again, H closes it.
  await host.keyboard.press('Escape');
  await host.waitForSelector('[data-testid="cluster-table"]', { state: 'detached' });
  await host.keyboard.press('h');
  await host.waitForSelector('[data-testid="cluster-table"]');
  await host.keyboard.press('h');
  await host.waitForSelector('[data-testid="cluster-table"]', { state: 'detached' });
  // The help lists H on a core, not in single mode.
  await host.keyboard.press('?');
  expect(await host.textContent('[data-testid="shortcut-help"]')).toContain('集群状态');
  await host.keyboard.press('Escape');
  await plain.keyboard.press('?');
  expect(await plain.textContent('[data-testid="shortcut-help"]')).not.toContain('集群状态');
  await plain.keyboard.press('h');
  expect(await plain.$('[data-testid="cluster-status"]')).toBeNull();

  // The edge goes away: amber at once (its report is late), then the core drops it after 5 s
  // without a report and the table keeps it as missing.
  const closed = edge;
  edge = null;
  for (const a of audience) a.close();
  await closed!.close();
  await host.waitForFunction(
    () => document.querySelector('[data-testid="cluster-state"]')?.textContent === 'edge-1 失联',
    undefined,
    { timeout: 15_000, polling: 100 },
  );
  expect(await host.textContent('[data-testid="cluster-edges"]')).toBe('0/1 边缘');
  expect(await tone(host)).toBe('warn');
  await host.click('[data-testid="cluster-toggle"]');
  const missing = await host.textContent('[data-testid="cluster-row-edge-1"]');
  expect(missing).toContain('失联');
  await blinking(host, 'host-cluster-edge-missing');

  // Forgetting the retired edge leaves a core with no edge: still amber, says so.
  await host.click('[data-testid="cluster-row-edge-1"] button');
  expect(await host.textContent('[data-testid="cluster-edges"]')).toBe('无边缘节点');
  expect(await tone(host)).toBe('warn');

  expect(pageErrors(host)).toEqual([]);
  expect(pageErrors(plain)).toEqual([]);
});

test('a core that loses Redis shows red, in English too, and recovers', async () => {
  const redis = await startRedis();
  const lone = await startWithDemo({
    role: 'core',
    redisUrl: redis.url,
    channelPrefix: `${channelPrefix}-r`,
    clientDist,
  });
  try {
    const { page } = await openPage(browser, hostUrl(lone), VIEWPORTS.laptop, { locale: 'en' });
    await page.waitForSelector('[data-testid="contest-title"]', { timeout: 15_000 });
    // The UI starts in Chinese; switch to English.
    await page.click('.locale-toggle');
    // No edge reports to this core: amber, and the pill says so.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="cluster-status"]')?.getAttribute('data-tone') === 'warn',
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.textContent('[data-testid="cluster-edges"]')).toBe('no edges');

    await redis.stop();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="cluster-status"]')?.getAttribute('data-tone') === 'down',
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.textContent('[data-testid="cluster-state"]')).toBe('Redis down');
    await page.keyboard.press('h');
    const coreRow = await page.textContent('[data-testid="cluster-row-core"]');
    expect(coreRow).toContain('down');
    expect(coreRow).toContain('lost 1×');
    await blinking(page, 'host-cluster-redis-down');

    await redis.start();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="cluster-status"]')?.getAttribute('data-tone') === 'warn',
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.textContent('[data-testid="cluster-row-core"]')).toContain('up · lost 1×');
    expect(pageErrors(page)).toEqual([]);
  } finally {
    await lone.cleanup();
    await redis.stop();
  }
});
