/**
 * Knowledge rounds end to end in headless Chromium: the host page, three contestant phones,
 * the stage and the overlay. A required question answered on the phone, then a buzzer question
 * played by clicks: a false start, GO on every phone, a buzz, a wrong answer (confirmed), a
 * rebound, a correct answer, the answer reveal and the live scoreboard. Screenshots of every
 * phone state and of the stage scenes are kept in artifacts/screenshots/knowledge-*.png.
 * The open instant is scheduled 2.5 s ahead here (openDelayMs) so the "ready" state can be
 * photographed, and the buzzer stays open 30 s; everything else is the demo contest.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_CONTEST, type ContestFile } from '@leitai/shared';
import { seatUrl } from '@leitai/server';
import { launchBrowser, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { connectScreen, type Screen } from '../support/harness.ts';
import { startKnowledgeContest, TestPhone, type KnowledgeContest } from '../support/knowledge-phones.ts';

const definition: ContestFile = {
  ...DEMO_CONTEST,
  stages: DEMO_CONTEST.stages.map((stage) => ({
    ...stage,
    segments: stage.segments.map((s) =>
      s.kind === 'buzzer' ? { ...s, settings: { ...s.settings, openDelayMs: 2500, buzzSeconds: 30 } } : s,
    ),
  })),
};

let k: KnowledgeContest;
let browser: Browser;
let host: Page;
let stage: Page;
let overlay: Page;
const phones: Record<string, Page> = {};
let control: Screen;
let slowPhone: TestPhone;

const url = (role: 'host' | 'stage' | 'overlay' | 'contestant', subjectId?: string) =>
  seatUrl(k.url, k.seat(role, subjectId));
/**
 * Screenshot with the screen's running animations paused (the GO pulse never stops and the timer
 * ring ticks every 100 ms, while the shared helper waits for animations to end).
 */
async function shot(page: Page, name: string): Promise<void> {
  const pauseEndless = () =>
    document.getAnimations().forEach((a) => {
      const endless = a.effect?.getComputedTiming().iterations === Infinity;
      const ticking = a instanceof CSSTransition && a.transitionProperty === 'stroke-dashoffset';
      if (endless || ticking) a.pause();
    });
  await page.evaluate(pauseEndless);
  await screenshot(page, name);
  await page.evaluate(() => document.getAnimations().forEach((a) => a.playState === 'paused' && a.play()));
}

const phoneState = (id: string) => phones[id]!.getAttribute('[data-testid="kq-play"]', 'data-state');

beforeAll(async () => {
  k = await startKnowledgeContest(definition, 'e2e-kq');
  control = await connectScreen(k.url, { token: k.token('host') });
  // A fourth phone on a slow link (simulated, 100 ms each way): the grace window is the full 150 ms.
  slowPhone = await TestPhone.connect(k.url, k.token('contestant', 'c04'), 'c04', {
    upMs: 100,
    downMs: 100,
    skewMs: 0,
  });
  browser = await launchBrowser();
  host = (await openPage(browser, url('host'), VIEWPORTS.desktop)).page;
  stage = (await openPage(browser, url('stage'), VIEWPORTS.desktop)).page;
  overlay = (await openPage(browser, url('overlay'), VIEWPORTS.desktop)).page;
  for (const id of ['c01', 'c02', 'c03']) {
    phones[id] = (await openPage(browser, url('contestant', id), VIEWPORTS.phone, { isMobile: true })).page;
  }
  await host.waitForSelector('[data-testid="contest-title"]', { timeout: 20_000 });
  for (const p of Object.values(phones)) await p.waitForSelector('[data-testid="my-card"]', { timeout: 20_000 });
});

afterAll(async () => {
  control?.close();
  slowPhone?.close();
  await browser?.close();
  await k?.cleanup();
});

test('a required question answered on the phone, then a buzzer question played by clicks', async () => {
  // ---- 必答: the host runs it with the keyboard, c01 answers on the phone ----
  const started = await control.send({ type: 'StartSegment', data: { segmentId: 'knowledge-required' } });
  expect(started.ok).toBe(true);
  await host.waitForSelector('[data-testid="kq-panel"]');
  await host.click('[data-testid="kq-next"]');
  await host.waitForSelector('[data-testid="kq-preview"]');
  await expect.poll(() => host.textContent('[data-testid="kq-assigned"]')).toContain('李红梅');
  await shot(host, 'knowledge-host-required-preview');
  await host.keyboard.press('q'); // show the question on the stage
  await stage.waitForSelector('[data-testid="stage-question"]');
  // A key acts on the phase the host page shows; the stage may hear of the change first.
  await host.waitForSelector('[data-testid="kq-phase"][data-phase="shown"]');
  await host.keyboard.press(' '); // start the answer timer
  await expect.poll(() => phoneState('c01')).toBe('yourTurn');
  await expect.poll(() => phoneState('c02')).toBe('othersTurn');
  await shot(phones.c01!, 'knowledge-phone-required-your-turn');
  await shot(phones.c02!, 'knowledge-phone-required-others-turn');
  await shot(stage, 'knowledge-stage-required-question');
  await phones.c01!.click('[data-testid="choice-B"]');
  await expect.poll(() => phoneState('c01')).toBe('correct');
  await shot(phones.c01!, 'knowledge-phone-correct');
  await stage.waitForSelector('[data-testid="stage-result"][data-result="correct"]');
  await host.waitForSelector('[data-testid="kq-phase"][data-phase="marked"]');
  await host.keyboard.press('a'); // reveal the answer
  await stage.waitForSelector('[data-testid="stage-answer"]');
  await shot(stage, 'knowledge-stage-required-answer');

  // ---- 抢答 ----
  expect((await control.send({ type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } })).ok).toBe(true);
  await expect.poll(() => phoneState('c01')).toBe('waiting');
  await shot(phones.c01!, 'knowledge-phone-waiting');
  await host.click('[data-testid="kq-next"]');
  await host.waitForSelector('[data-testid="kq-preview"]');
  await host.click('[data-testid="kq-show"]');
  await stage.waitForSelector('[data-testid="stage-question"]');
  await host.click('[data-testid="kq-arm"]');
  await expect.poll(() => phoneState('c03')).toBe('ready');
  await shot(phones.c03!, 'knowledge-phone-ready');
  await shot(stage, 'knowledge-stage-buzz-ready');
  // c03 cannot wait: a false start, locked out of this question.
  await phones.c03!.click('[data-testid="buzz-button"]');
  await expect.poll(() => phoneState('c03')).toBe('falseStart');
  await shot(phones.c03!, 'knowledge-phone-false-start');
  // GO on every phone and on the stage at the open instant.
  await expect.poll(() => phoneState('c01'), { timeout: 5000 }).toBe('go');
  await expect.poll(() => phoneState('c02')).toBe('go');
  await stage.waitForSelector('[data-testid="stage-buzz"][data-open="true"]');
  await shot(phones.c01!, 'knowledge-phone-go');
  await shot(stage, 'knowledge-stage-buzz-go');
  await shot(overlay, 'knowledge-overlay-buzz-go');
  // c02 presses, c01 40 ms later (within the grace window): c02 first, c01 second. Both pages
  // press at set instants of the machine's clock, so the test's own latency does not matter.
  const at = Date.now() + 800;
  const pressAt = (page: Page, when: number) =>
    page.evaluate((w) => {
      setTimeout(() => {
        document
          .querySelector('[data-testid="buzz-button"]')
          ?.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      }, w - Date.now());
    }, when);
  await Promise.all([pressAt(phones.c02!, at), pressAt(phones.c01!, at + 40)]);
  // The presses are 0.8 s ahead, and the server holds its decision until every phone's absence
  // proof is in (at most 600 ms): longer than the poll's default second.
  await expect.poll(() => phoneState('c02'), { timeout: 5000 }).toBe('first');
  await expect.poll(() => phoneState('c01'), { timeout: 5000 }).toBe('place');
  await expect(phones.c01!.textContent('[data-testid="kq-status"]')).resolves.toContain('第 2 位');
  await shot(phones.c02!, 'knowledge-phone-first');
  await shot(phones.c01!, 'knowledge-phone-second');
  await stage.waitForSelector('[data-testid="stage-answerer"]');
  await expect(stage.textContent('[data-testid="stage-answerer"]')).resolves.toContain('王志刚');
  await shot(stage, 'knowledge-stage-buzz-winner');
  await host.waitForSelector('[data-testid="gap-c01"]');
  await expect(host.textContent('[data-testid="gap-c01"]')).resolves.toMatch(/^\+\d+ 毫秒$/);
  await shot(host, 'knowledge-host-presses');

  // Wrong answer, with the confirmation.
  await host.keyboard.press('w');
  await host.waitForSelector('[data-testid="kq-confirm"]');
  await expect(host.textContent('[data-testid="kq-confirm"]')).resolves.toContain('-10');
  await shot(host, 'knowledge-host-confirm');
  await host.click('[data-testid="kq-confirm-ok"]');
  await expect.poll(() => phoneState('c02')).toBe('wrong');
  await stage.waitForSelector('[data-testid="stage-result"][data-result="wrong"]');
  await shot(phones.c02!, 'knowledge-phone-wrong');
  await shot(stage, 'knowledge-stage-wrong');

  // Rebound: c02 and c03 stay locked out; c01 wins and is right.
  await host.waitForSelector('[data-testid="kq-phase"][data-phase="marked"]');
  await host.keyboard.press('r');
  await expect.poll(() => phoneState('c02')).toBe('lockedOut');
  await shot(phones.c02!, 'knowledge-phone-locked-out');
  await expect.poll(() => phoneState('c01'), { timeout: 5000 }).toBe('go');
  await phones.c01!.click('[data-testid="buzz-button"]', { force: true }); // the GO pulse never stands still
  await expect.poll(() => phoneState('c01'), { timeout: 5000 }).toBe('first');
  await phones.c01!.waitForSelector('[data-testid="phone-timer"]');
  await shot(phones.c01!, 'knowledge-phone-answering');
  await host.click('[data-testid="kq-correct"]');
  await host.click('[data-testid="kq-confirm-ok"]');
  await expect.poll(() => phoneState('c01')).toBe('correct');
  await stage.waitForSelector('[data-testid="stage-result"][data-result="correct"]');
  await shot(stage, 'knowledge-stage-correct');
  await host.click('[data-testid="kq-reveal"]');
  await stage.waitForSelector('[data-testid="stage-answer"]');
  await shot(stage, 'knowledge-stage-answer');
  await shot(overlay, 'knowledge-overlay-answer');

  // Scores: base 100 + 必答 + 抢答.
  await expect.poll(() => host.textContent('[data-testid="score-c01"]')).toContain('120');
  await expect.poll(() => host.textContent('[data-testid="score-c02"]')).toContain('90');
  await expect.poll(() => host.textContent('[data-testid="score-c03"]')).toContain('95');
  await shot(host, 'knowledge-host-scores');
  expect((await control.send({ type: 'ChooseScene', data: { scene: 'scoreboard' } })).ok).toBe(true);
  await stage.waitForSelector('[data-testid="board-row-c01"][data-score="12000"]');
  await shot(stage, 'knowledge-stage-scoreboard');
  await shot(overlay, 'knowledge-overlay-scoreboard');

  for (const p of [host, stage, overlay, ...Object.values(phones)]) expect(pageErrors(p)).toEqual([]);
});
