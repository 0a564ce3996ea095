/**
 * Judging in headless Chromium: three judge pads (two tablets, a phone) score a contestant
 * beside four judges on sockets, the host locks and reveals from the judging panel, and the
 * stage shows every judge's score with the dropped ones, then the segment score. Then the
 * standings, the awards ceremony and the printable results sheet. Screenshots are kept in
 * artifacts/screenshots/judging-*.png.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seatUrl } from '@leitai/server';
import { launchBrowser, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { connectScreen, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';
import { must, playPerformance } from '../support/judging-play.ts';

let t: TestContest;
let browser: Browser;
let host: Page;
let stage: Page;
let overlay: Page;
const pads = new Map<string, Page>();
let hostSocket: Screen;
const judgeSockets = new Map<string, Screen>();

const seat = (role: 'host' | 'judge' | 'stage' | 'overlay', subjectId?: string) =>
  seatUrl(
    t.server.url,
    t.seats.find((s) => s.role === role && (!subjectId || s.subjectId === subjectId))!,
  );
const text = (page: Page) => page.evaluate(() => document.body.innerText);

beforeAll(async () => {
  t = await startWithDemo();
  browser = await launchBrowser();
  host = (await openPage(browser, seat('host'), VIEWPORTS.desktop)).page;
  stage = (await openPage(browser, seat('stage'), VIEWPORTS.desktop)).page;
  overlay = (await openPage(browser, seat('overlay'), VIEWPORTS.desktop)).page;
  pads.set('j1', (await openPage(browser, seat('judge', 'j1'), VIEWPORTS.tablet)).page);
  pads.set('j2', (await openPage(browser, seat('judge', 'j2'), VIEWPORTS.phone, { isMobile: true })).page);
  pads.set('j3', (await openPage(browser, seat('judge', 'j3'), VIEWPORTS.tablet)).page);
  hostSocket = await connectScreen(t.server.url, { token: t.token('host') });
  for (const j of ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7'])
    judgeSockets.set(j, await connectScreen(t.server.url, { token: t.token('judge', j) }));
  for (const page of [host, stage, ...pads.values()])
    await page.waitForSelector('[data-testid="connection-status"]', { timeout: 15_000 });
}, 60_000);

afterAll(async () => {
  hostSocket?.close();
  for (const s of judgeSockets.values()) s.close();
  await browser?.close();
  await t?.cleanup();
});

test('three pads score a contestant; the host locks and reveals; the stage shows the reveal', async () => {
  // host: judging tab, start the 悟思想 segment, start c01's performance, show the judging scene
  await host.click('[data-testid="tab-judging"]');
  await host.click('[data-testid="hj-start-segment-reflection"]');
  await host.waitForSelector('[data-testid="hj-row-c01"]');
  await host.click('[data-testid="hj-row-c01"]');
  await host.click('[data-testid="hj-start"]');
  await host.click('[data-testid="hj-scene"]');
  await expect.poll(() => stage.getAttribute('[data-testid="stage"]', 'data-scene')).toBe('judging');

  // four judges on sockets score first (their values never reach the pads)
  const others = { j4: 9200, j5: 8700, j6: 8900, j7: 9100 };
  for (const [j, score] of Object.entries(others))
    await must(judgeSockets.get(j)!, {
      type: 'SubmitJudgeScore',
      data: { segmentId: 'reflection', contestantId: 'c01', score },
    });

  // each pad: a malformed and an out-of-range score are refused with a message, then a good one is sent
  const typed = { j1: '88', j2: '90.5', j3: '85.25' };
  for (const [j, value] of Object.entries(typed)) {
    const pad = pads.get(j)!;
    await pad.waitForSelector('[data-testid="score-input-score"]:not([disabled])', { timeout: 10_000 });
    await pad.fill('[data-testid="score-input-score"]', '88.555');
    await expect.poll(() => pad.textContent('[data-testid="score-error-score"]')).toContain('两位小数');
    await pad.fill('[data-testid="score-input-score"]', '100.5');
    await expect.poll(() => pad.textContent('[data-testid="score-error-score"]')).toContain('0 到 100');
    if (j === 'j2') await screenshot(pad, 'judging-pad-phone-error');
    await pad.fill('[data-testid="score-input-score"]', value);
    await pad.click('[data-testid="score-submit"]');
    await expect.poll(() => pad.textContent('[data-testid="my-score"]')).toContain(Number(value).toFixed(2));
    const body = await text(pad);
    for (const v of ['92.00', '87.00', '89.00', '91.00'])
      expect(body, `${j} sees another judge's score`).not.toContain(v);
  }
  // j1 revises before the lock
  const j1 = pads.get('j1')!;
  await j1.fill('[data-testid="score-input-score"]', '88.75');
  await j1.click('[data-testid="score-submit"]');
  await expect.poll(() => j1.textContent('[data-testid="my-score"]')).toContain('88.75');
  await screenshot(j1, 'judging-pad-tablet');

  // the host sees 7/7 scored, no values, then locks and reveals
  await expect.poll(() => host.textContent('[data-testid="hj-row-c01"]')).toContain('7/7');
  await screenshot(host, 'judging-host-panel');
  await host.click('[data-testid="hj-lock"]');
  // locking asks first
  await host.click('[data-testid="confirm-lock-ok"]');
  await expect.poll(() => host.textContent('[data-testid="hj-result"]')).toContain('89.25');
  // locked: the stage still has no score
  expect(await text(stage)).not.toContain('89.25');
  await host.click('[data-testid="hj-reveal"]');

  // 85.25 88.75 87 89 90.5 91 92 → drop 85.25 (j3) and 92 (j4) → (88.75+90.5+87+89+91)/5 = 446.25/5 = 89.25
  await stage.waitForSelector('[data-testid="sj-final"]', { timeout: 10_000 });
  await expect.poll(() => stage.textContent('[data-testid="sj-final"]')).toContain('89.25');
  expect(await stage.getAttribute('[data-testid="sj-card-j3"]', 'class')).toContain('is-dropped');
  expect(await stage.getAttribute('[data-testid="sj-card-j4"]', 'class')).toContain('is-dropped');
  await screenshot(stage, 'judging-reveal');
  await expect.poll(() => text(overlay)).toContain('89.25');
  await screenshot(overlay, 'judging-overlay');
  for (const page of [host, stage, overlay, ...pads.values()]) expect(pageErrors(page)).toEqual([]);
}, 60_000);

test('standings, the awards ceremony and the results sheet', async () => {
  // more performances on sockets so the standings and the ceremony have something to show
  const all = (base: number) =>
    Object.fromEntries(['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7'].map((j, i) => [j, base + i * 25]));
  await playPerformance(hostSocket, judgeSockets, 'reflection', 'c02', all(9000));
  await playPerformance(hostSocket, judgeSockets, 'reflection', 'c03', all(8200));
  await must(hostSocket, { type: 'StartSegment', data: { segmentId: 'action' } });
  await playPerformance(hostSocket, judgeSockets, 'action', 'c01', all(9000), { rubric: true });
  await playPerformance(hostSocket, judgeSockets, 'action', 'c02', all(9300), { rubric: true });
  await playPerformance(hostSocket, judgeSockets, 'action', 'c03', all(8000), { rubric: true });
  // a rubric pad (述行动: 实绩成效 40 / 创新特色 30 / 现场表达 30, summed) and a recused pad
  await must(hostSocket, { type: 'StartPerformance', data: { segmentId: 'action', contestantId: 'c04' } });
  await must(hostSocket, {
    type: 'SetRecusal',
    data: { segmentId: 'action', contestantId: 'c04', judgeId: 'j3', recused: true },
  });
  const pad = pads.get('j1')!;
  await pad.waitForSelector('[data-testid="score-input-results"]:not([disabled])', { timeout: 10_000 });
  await pad.fill('[data-testid="score-input-results"]', '36.5');
  await pad.fill('[data-testid="score-input-innovation"]', '27');
  await pad.fill('[data-testid="score-input-delivery"]', '31');
  await expect.poll(() => pad.textContent('[data-testid="score-error-delivery"]')).toContain('0 到 30');
  await pad.fill('[data-testid="score-input-delivery"]', '28.25');
  await expect.poll(() => pad.textContent('[data-testid="score-total"]')).toContain('91.75');
  await screenshot(pad, 'judging-pad-rubric');
  const recused = pads.get('j3')!;
  await recused.waitForSelector('[data-testid="recused"]', { timeout: 10_000 });
  expect(await recused.isDisabled('[data-testid="score-submit"]')).toBe(true);
  await screenshot(recused, 'judging-pad-recused');

  await must(hostSocket, {
    type: 'CorrectScore',
    data: { segmentId: 'knowledge-required', contestantId: 'c04', score: 2000, reason: '必答环节计分补录' },
  });

  await host.click('[data-testid="tab-results"]');
  await host.waitForSelector('[data-testid="hr-table"]');
  await host.click('[data-testid="hr-show-totals"]');
  await expect.poll(() => stage.getAttribute('[data-testid="stage"]', 'data-scene')).toBe('results');
  await stage.waitForSelector('[data-testid="ss-row-c02"]');
  await screenshot(stage, 'judging-standings');
  await host.selectOption('[data-testid="corr-contestant"]', 'c04');
  await expect.poll(() => host.textContent('[data-testid="corr-history"]')).toContain('必答环节计分补录');
  await screenshot(host, 'judging-host-results');

  await host.click('[data-testid="hr-ceremony-scene"]');
  await expect.poll(() => stage.getAttribute('[data-testid="stage"]', 'data-scene')).toBe('ceremony');
  // best speech, best action, third (c05…c10 share 5th place), second, first
  for (let i = 0; i < 4; i++) {
    await host.click('[data-testid="hr-ceremony-next"]');
    await expect.poll(() => stage.getAttribute('[data-testid="scene-ceremony"]', 'data-step')).toBe(String(i + 1));
    if (i === 2) await screenshot(stage, 'judging-ceremony-third');
  }
  await host.click('[data-testid="hr-ceremony-next"]');
  await expect.poll(() => stage.textContent('[data-testid="scene-ceremony"]')).toContain('一等奖');
  await screenshot(stage, 'judging-ceremony-first');

  // the print page, opened from the host's results panel
  const href = await host.getAttribute('[data-testid="hr-print"]', 'href');
  expect(href).toContain('/results.html#');
  const sheet = (await openPage(browser, `${t.server.url}${href}`, { width: 1280, height: 900 })).page;
  await sheet.waitForSelector('[data-testid="rs-totals"]', { timeout: 10_000 });
  const body = await text(sheet);
  expect(body).toContain('评委签字');
  expect(body).toContain('89.25');
  expect(sheet.url()).not.toContain('token=');
  await screenshot(sheet, 'judging-results-sheet');
  expect(pageErrors(sheet)).toEqual([]);
}, 60_000);
