/**
 * 人气奖 by likes in headless Chromium: the contest file's award counts likes; phones (sockets)
 * like during c03's turn (100) and c07's (150); the host's results tab says how likes count,
 * records the award (button + confirmation) and shows c07 first, the winner; the stage's ceremony
 * shows 人气奖 with c07's count in likes. Loopback phones are
 * exempt from the address rules, so each counts as its own, full-aged address: the counts are the
 * likes as sent. Screenshot in artifacts/screenshots.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_CONTEST, type ContestFile } from '@leitai/shared';
import { seatUrl, type Seat } from '@leitai/server';
import { ask, newDeviceId } from '../support/audience-clients.ts';
import { launchBrowser, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { connectScreen, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';

let t: TestContest;
let browser: Browser;
let host: Page;
let stage: Page;
let hostSocket: Screen;
let seats: Seat[] = [];
let joinCode = '';
const phones: Screen[] = [];

const BY_LIKES: ContestFile = {
  ...DEMO_CONTEST,
  awards: { ...DEMO_CONTEST.awards!, popularity: { name: '人气奖', by: 'likes' } },
};

beforeAll(async () => {
  t = await startWithDemo();
  const created = await t.server.service.create(BY_LIKES, { contestId: 'likes' });
  if (!created.ok) throw new Error(created.error.message);
  ({ seats, joinCode } = created.contest);
  browser = await launchBrowser();
  const hostSeat = seats.find((s) => s.role === 'host')!;
  host = (await openPage(browser, seatUrl(t.server.url, hostSeat), VIEWPORTS.desktop)).page;
  stage = (
    await openPage(
      browser,
      seatUrl(
        t.server.url,
        seats.find((s) => s.role === 'stage')!,
      ),
      VIEWPORTS.desktop,
    )
  ).page;
  hostSocket = await connectScreen(t.server.url, { token: hostSeat.token });
  for (let i = 0; i < 3; i++) phones.push(await connectScreen(t.server.url, { joinCode, deviceId: newDeviceId() }));
}, 60_000);

afterAll(async () => {
  for (const p of [...phones, hostSocket]) p?.close();
  await browser?.close();
  await t?.cleanup();
});

test('the host records 人气奖 by likes: the likes of each turn, c07 first', async () => {
  const like = async (p: Screen, times: number) => {
    for (let i = 0; i < times; i++)
      expect(await ask(p.socket, 'audience:like', { count: 50 })).toEqual({ ok: true, accepted: 50 });
  };
  expect(await hostSocket.send({ type: 'StartStage', data: { stageId: 'final' } })).toMatchObject({ ok: true });
  expect(await hostSocket.send({ type: 'SetCurrentContestant', data: { contestantId: 'c03' } })).toMatchObject({
    ok: true,
  });
  await Promise.all([like(phones[0]!, 1), like(phones[1]!, 1)]);
  expect(await hostSocket.send({ type: 'SetCurrentContestant', data: { contestantId: 'c07' } })).toMatchObject({
    ok: true,
  });
  await like(phones[2]!, 3);

  await host.click('[data-testid="tab-results"]');
  await host.waitForSelector('[data-testid="hr-popularity-likes"]');
  expect(await host.textContent('[data-testid="hr-popularity-likes"]')).toContain('当前选手');
  await host.click('[data-testid="hr-popularity-record"]');
  await host.click('[data-testid="hr-popularity-confirm"]');
  await host.waitForSelector('[data-testid="hr-popularity-recorded"] li.is-winner');
  const rows = await host.$$eval('[data-testid="hr-popularity-recorded"] li', (lis) =>
    lis.map((li) => li.textContent ?? ''),
  );
  expect(rows).toHaveLength(2);
  expect(rows[0]).toContain('150');
  expect(rows[1]).toContain('100');
  expect(await host.textContent('[data-testid="hr-popularity-recorded"] li.is-winner')).toContain('150');
  await screenshot(host, 'popularity-likes-host');

  // The ceremony on the stage names the award's unit: likes, not cheers.
  await host.click('[data-testid="hr-ceremony-scene"]');
  await host.click('[data-testid="hr-ceremony-next"]');
  await stage.waitForSelector('[data-testid="scene-ceremony"][data-step="1"] [data-testid="sc-winner-c07"]');
  expect(await stage.textContent('.sc-title')).toBe('人气奖');
  expect(await stage.textContent('[data-testid="sc-winner-c07"]')).toContain('150 个赞');
  await screenshot(stage, 'popularity-likes-ceremony');
  expect(pageErrors(host)).toEqual([]);
  expect(pageErrors(stage)).toEqual([]);
}, 60_000);
