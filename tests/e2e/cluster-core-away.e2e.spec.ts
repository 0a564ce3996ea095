/**
 * The host panel through a real HAProxy when the core goes away (issue #18): a private Redis, a
 * core and an edge as CLI processes, HAProxy in front, the host panel in headless Chromium at
 * HAProxy's address. The core is SIGKILLed: the panel shows the "core away" banner (the audience
 * stays on the edge); the core is started again on its port and store: the banner goes, the
 * panel carries on without a reload. Screenshots are kept.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { freePort, spawnLeitai, type LeitaiProcess } from '../../scripts/lib/leitai-process.ts';
import { startHaproxy, type HaproxyHandle } from '../../scripts/lib/haproxy-process.ts';
import { launchBrowser, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { startEdgeProcess, startRedis, type EdgeProcess, type TestRedis } from '../support/cluster-support.ts';
import { connectScreen, tempDir, type Screen } from '../support/harness.ts';

const prefix = `away${Date.now().toString(36)}`;
let redis: TestRedis;
let core: LeitaiProcess;
let edge: EdgeProcess;
let lb: HaproxyHandle;
let browser: Browser;
let corePort = 0;
let dbFile = '';
const audience: Screen[] = [];

const startCore = () =>
  spawnLeitai(
    ['start', '--role', 'core', '--data', dbFile, '--port', String(corePort), '--host', '127.0.0.1'].concat([
      '--redis',
      redis.url,
      '--channel-prefix',
      prefix,
    ]),
    { env: { ...process.env, NODE_ENV: 'test' }, timeoutMs: 30_000 },
  );

beforeAll(async () => {
  redis = await startRedis();
  dbFile = join(tempDir('leitai-away-'), 'core.sqlite');
  corePort = await freePort();
  core = await startCore();
  edge = await startEdgeProcess(redis.url, prefix, 'edge-1');
  lb = await startHaproxy({
    core: `127.0.0.1:${corePort}`,
    edges: [{ name: 'edge-1', address: `127.0.0.1:${edge.port}` }],
    checkMs: 300,
    fall: 1,
    rise: 1,
  });
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  for (const a of audience) a.close();
  await browser?.close();
  await lb?.close();
  await Promise.all([edge?.kill('SIGTERM'), core?.kill('SIGTERM')]);
  await redis?.stop();
});

test('the host panel says when the core is away and carries on when it is back', async () => {
  let out = core.output();
  for (let i = 0; i < 100 && !/host\.html#token=/.test(out); i++) {
    await new Promise((r) => setTimeout(r, 100));
    out = core.output();
  }
  const token = /host\.html#token=([A-Za-z0-9_-]+)/.exec(out)?.[1];
  const joinCode = /live\.html\?code=([A-Z0-9]+)/.exec(out)?.[1];
  expect(token, out).toBeDefined();
  for (let i = 0; i < 2; i++) {
    audience.push(await connectScreen(edge.url, { joinCode: joinCode!, deviceId: `away-${i}-xxxxxxxx` }));
  }
  const { page } = await openPage(browser, `${lb.url}/host.html#token=${token}`, VIEWPORTS.desktop);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="cluster-status"]')?.textContent?.includes('2 观众连接'),
    undefined,
    { timeout: 20_000 },
  );
  expect(await page.$('[data-testid="core-away"]')).toBeNull();

  await core.kill('SIGKILL');
  await page.waitForSelector('[data-testid="core-away"]', { timeout: 15_000 });
  const text = (await page.textContent('[data-testid="core-away"]')) ?? '';
  expect(text).toContain('核心服务离线');
  expect(text).toContain('观众仍连接在 1 个边缘节点上（2 个连接）');
  // The audience on the edge stays connected meanwhile.
  expect(audience.every((a) => a.socket.connected)).toBe(true);
  await page.waitForFunction(
    () => /（[2-9]\d* 秒）|（\d{2,} 秒）/.test(document.querySelector('[data-testid="core-away"]')?.textContent ?? ''),
    undefined,
    { timeout: 10_000 },
  );
  await screenshot(page, 'host-core-away');

  core = await startCore();
  await page.waitForSelector('[data-testid="core-away"]', { state: 'detached', timeout: 30_000 });
  await page.waitForSelector('[data-testid="connection-status"][data-connection="connected"]', { timeout: 10_000 });
  await screenshot(page, 'host-core-back');
  expect(pageErrors(page)).toEqual([]);
}, 120_000);
