/**
 * The host panel under pressure, in headless Chromium: the `?` help lists exactly the key table
 * that binds the keys; a stray Enter on a focused button ends nothing, and finishing a segment
 * asks first; marking an oral answer pauses the answer timer; after an undo every result label
 * (host, stage) follows the log; the contestant's phone shows the question's stage, not
 * "waiting"; L asks before locking a performance that judges are still scoring. Screenshots go to
 * artifacts/screenshots/host-safety-*.png and the guides' ones to docs/screens/.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sleep } from '@leitai/shared';
import type { Browser, Page } from 'playwright-core';
import { seatUrl } from '@leitai/server';
import { launchBrowser, openPage, pageErrors, screenshot, settle, VIEWPORTS } from '../support/browser.ts';
import { connectScreen, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';
import { must } from '../support/judging-play.ts';

const DOCS_SCREENS = resolve(import.meta.dirname, '../../docs/screens');

/** The client's key table and translator (loaded by path: the tools project does not type-check client code). */
interface KeyRowLike {
  scope: string;
  keys: readonly string[];
  shown: string;
  label: string;
  scene?: string;
  clusterOnly?: boolean;
}
const clientModule = <T>(path: string): Promise<T> =>
  import(/* @vite-ignore */ resolve(import.meta.dirname, '../../client/src', path)) as Promise<T>;

let t: TestContest;
let browser: Browser;
let host: Page;
let stage: Page;
let phone: Page;
let hostSocket: Screen;
const judges = new Map<string, Screen>();

const seat = (role: 'host' | 'stage' | 'contestant', subjectId?: string) =>
  seatUrl(
    t.server.url,
    t.seats.find((s) => s.role === role && (!subjectId || s.subjectId === subjectId))!,
  );
/** expect.poll with room for a loaded machine. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 8000 });

/** A screenshot for the guides (docs/screens/<name>.png), after the page settles. */
async function guideShot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await settle(page);
  await page.screenshot({ path: resolve(DOCS_SCREENS, `${name}.png`) });
}

beforeAll(async () => {
  t = await startWithDemo();
  browser = await launchBrowser();
  host = (await openPage(browser, seat('host'), VIEWPORTS.laptop)).page;
  stage = (await openPage(browser, seat('stage'), VIEWPORTS.laptop)).page;
  phone = (await openPage(browser, seat('contestant', 'c01'), VIEWPORTS.phone, { isMobile: true })).page;
  hostSocket = await connectScreen(t.server.url, { token: t.token('host') });
  for (const j of ['j1', 'j2', 'j3']) judges.set(j, await connectScreen(t.server.url, { token: t.token('judge', j) }));
  for (const page of [host, stage, phone])
    await page.waitForSelector('[data-testid="connection-status"]', { timeout: 20_000 });
}, 60_000);

afterAll(async () => {
  hostSocket?.close();
  for (const s of judges.values()) s.close();
  await browser?.close();
  await t?.cleanup();
});

test('the ? help lists every row of the key table, in its words, and nothing else', async () => {
  await host.keyboard.press('?');
  await host.waitForSelector('[data-testid="shortcut-help"]');
  const shown = await host.$$eval('[data-testid="shortcut-row"]', (rows) =>
    rows.map((r) => ({
      scope: r.getAttribute('data-scope'),
      key: r.getAttribute('data-key'),
      shown: r.querySelector('kbd')?.textContent,
      label: r.querySelector('dd')?.textContent,
    })),
  );
  const { HOST_KEYS } = await clientModule<{ HOST_KEYS: readonly KeyRowLike[] }>('screens/host/key-table.ts');
  const { translate } = await clientModule<{
    translate: (locale: 'zh-CN', key: string, vars?: Record<string, string>) => string;
  }>('core/i18n/i18n.ts');
  // Single mode: H (cluster health) is not bound, and not listed.
  const expected = HOST_KEYS.filter((r) => !r.clusterOnly).map((r) => ({
    scope: r.scope,
    key: r.keys[0],
    shown: r.shown,
    label: r.scene
      ? translate('zh-CN', r.label, { scene: translate('zh-CN', `scene.${r.scene}`) })
      : translate('zh-CN', r.label),
  }));
  expect(shown).toEqual(expected);
  // The advancement scene has a key (0) like every other scene.
  expect(shown.find((r) => r.key === '0')?.label).toContain('晋级名单');
  await screenshot(host, 'host-safety-help');
  await guideShot(host, 'host-shortcuts');
  await host.keyboard.press('Escape');
  await host.waitForSelector('[data-testid="shortcut-help"]', { state: 'detached' });
  // The stream-delay control sits in the moderation tab (a screenshot for the audience guide).
  await host.click('[data-testid="tab-moderation"]');
  await host.waitForSelector('[data-testid="stream-delay"]');
  await host.locator('[data-testid="stream-delay"]').scrollIntoViewIfNeeded();
  await host
    .locator('[data-testid="stream-delay"]')
    .screenshot({ path: resolve(DOCS_SCREENS, 'host-stream-delay.png') });
  await host.click('[data-testid="tab-control"]');
  // The scene key 0 really binds the advancement scene.
  await host.keyboard.press('0');
  await poll(() => hostSocket.state().scene).toBe('advancement');
  // Press 1 once the page itself shows the advancement scene (the test's own socket may hear of
  // it first); the next test presses 0 then 1 at once.
  await host.waitForSelector('[data-testid="scene-advancement"][aria-pressed="true"]');
  await host.keyboard.press('1');
  await poll(() => hostSocket.state().scene).toBe('title');
}, 30_000);

test('scene keys are decided by the server: 0 then 1 at once ends on scene 1; the shown scene again is a quiet no-op', async () => {
  await poll(() => host.getAttribute('[data-testid="scene-title"]', 'aria-pressed')).toBe('true');
  const errorToasts = () => host.locator('[data-testid="toast-error"]').count();
  const toastsBefore = await errorToasts();
  const chosenBefore = hostSocket.events.filter((e) => e.type === 'SceneChosen').length;
  const chosenSince = () =>
    hostSocket.events
      .filter((e) => e.type === 'SceneChosen')
      .slice(chosenBefore)
      .map((e) => e.data.scene);
  // The key for the scene already shown: the server answers with no event, the page no error.
  await host.keyboard.press('1');
  // 0 then 1 at once: the page still shows 标题 when 1 is pressed; the 1 must not be lost.
  await host.keyboard.press('0');
  await host.keyboard.press('1');
  // Both keys reached the server, in order: the log has the advancement scene, then the title.
  await poll(chosenSince).toEqual(['advancement', 'title']);
  await poll(() => hostSocket.state().scene).toBe('title');
  await poll(() => host.getAttribute('[data-testid="scene-title"]', 'aria-pressed')).toBe('true');
  await sleep(300);
  expect(await errorToasts()).toBe(toastsBefore);
}, 30_000);

test('after 开始 a stray Enter ends nothing; finishing a segment asks first and Enter cancels', async () => {
  await host.click('[data-testid="start-segment-knowledge-required"]', { timeout: 5000 });
  await poll(() => host.getAttribute('[data-testid="segment-knowledge-required"]', 'data-status')).toBe('running');
  await host.keyboard.press('Enter');
  await host.keyboard.press('Enter');
  await sleep(600);
  expect(hostSocket.state().segmentStatus['knowledge-required']).toBe('running');
  // The finish button asks; Cancel has the focus, so Enter cancels.
  await host.click('[data-testid="finish-segment-knowledge-required"]', { timeout: 5000 });
  await host.waitForSelector('[data-testid="confirm-finish"]');
  expect(await host.textContent('[data-testid="confirm-finish-text"]')).toContain('必答');
  await screenshot(host, 'host-safety-finish-confirm');
  await host.keyboard.press('Enter');
  await host.waitForSelector('[data-testid="confirm-finish"]', { state: 'detached' });
  await sleep(400);
  expect(hostSocket.state().segmentStatus['knowledge-required']).toBe('running');
}, 30_000);

test('marking pauses the answer timer; the phone shows the question stage; labels follow the undo', async () => {
  await host.keyboard.press('n'); // prepare c01's first question
  await poll(() => hostSocket.state().knowledge.active?.phase).toBe('preview');
  await poll(() => phone.getAttribute('[data-testid="phone-qstate"]', 'data-stage')).toBe('coming');
  // Each key acts on the phase the page itself shows (the test's socket and the phone may hear
  // of a change first): press the next key once the host page shows the phase it needs.
  await host.waitForSelector('[data-testid="kq-phase"][data-phase="preview"]');
  await host.keyboard.press('q'); // show it
  await poll(() => phone.getAttribute('[data-testid="phone-qstate"]', 'data-stage')).toBe('shown');
  await host.waitForSelector('[data-testid="kq-phase"][data-phase="shown"]');
  await host.keyboard.press(' '); // start the answer timer
  await poll(() => hostSocket.state().knowledge.active?.deadlineAt ?? null).not.toBeNull();
  await poll(() => phone.getAttribute('[data-testid="phone-qstate"]', 'data-stage')).toBe('answering');
  await screenshot(phone, 'host-safety-phone-answering');
  await guideShot(phone, 'phone-question-stage');

  // C: the host starts marking; the timer pauses (BeginMarking) while the confirmation is open.
  await host.keyboard.press('c');
  await host.waitForSelector('[data-testid="kq-confirm"]');
  await poll(() => hostSocket.state().knowledge.active?.deadlineAt).toBeNull();
  const left = hostSocket.state().knowledge.active!.remainingMs!;
  expect(left).toBeGreaterThan(0);
  await host.waitForSelector('[data-testid="kq-paused"]');
  await sleep(1500);
  // Still paused, nothing timed out, the time left unchanged.
  expect(hostSocket.state().knowledge.active).toMatchObject({
    phase: 'answering',
    deadlineAt: null,
    remainingMs: left,
  });
  await screenshot(host, 'host-safety-marking-paused');
  await guideShot(host, 'host-knowledge-marking');
  await host.keyboard.press('Enter');
  await poll(() => hostSocket.state().knowledge.active?.result ?? null).toBe('correct');
  await poll(() => host.textContent('[data-testid="kq-result"]')).toBe('答对');
  await poll(() => stage.getAttribute('[data-testid="stage-result"]', 'data-result')).toBe('correct');

  // U, Enter: the score is undone; every label follows the log.
  await host.keyboard.press('u');
  await host.waitForSelector('[data-testid="kq-confirm"]');
  await host.keyboard.press('Enter');
  await poll(() => hostSocket.state().knowledge.ledger.every((e) => e.undone)).toBe(true);
  await poll(() => host.textContent('[data-testid="kq-result"]')).toBe('已撤销');
  await poll(() => stage.getAttribute('[data-testid="stage-result"]', 'data-result')).toBe('undone');
  expect(await stage.textContent('[data-testid="stage-result"]')).not.toContain('正确');
  // The run of show's label after the next question: no "答对" left for the undone run.
  await host.keyboard.press('n');
  await poll(() => hostSocket.state().knowledge.finished.length).toBe(1);
  // The page draws the run of show once it hears of the next question (the test's socket may first).
  await poll(() => host.textContent('[data-testid="kq-ros"]')).toContain('已撤销');
  const ros = await host.textContent('[data-testid="kq-ros"]');
  expect(ros).not.toContain('答对');
  await screenshot(stage, 'host-safety-stage-undone');
}, 40_000);

test('L asks before locking while judges are still scoring; Enter cancels, L again locks; the next segment starts from the tab', async () => {
  await host.click('[data-testid="tab-judging"]');
  await host.click('[data-testid="hj-start-segment-reflection"]');
  await host.waitForSelector('[data-testid="hj-row-c01"]');
  await host.click('[data-testid="hj-row-c01"]');
  await host.keyboard.press('s');
  await poll(() => hostSocket.state().judging.performances.reflection?.c01?.status).toBe('open');
  for (const [j, score] of [
    ['j1', 8800],
    ['j2', 9000],
    ['j3', 8700],
  ] as const)
    await must(judges.get(j)!, {
      type: 'SubmitJudgeScore',
      data: { segmentId: 'reflection', contestantId: 'c01', score },
    });
  await poll(() => host.textContent('[data-testid="hj-row-c01"]')).toContain('3/7');

  await host.keyboard.press('l');
  await host.waitForSelector('[data-testid="confirm-lock"]');
  const asked = await host.textContent('[data-testid="confirm-lock-text"]');
  expect(asked).toContain('4 位评委未提交');
  expect(asked).toContain('许文涛');
  await screenshot(host, 'host-safety-lock-confirm');
  await guideShot(host, 'host-lock-confirm');
  await host.keyboard.press('Enter'); // Cancel holds the focus
  await host.waitForSelector('[data-testid="confirm-lock"]', { state: 'detached' });
  await sleep(400);
  expect(hostSocket.state().judging.performances.reflection?.c01?.status).toBe('open');
  // S again never restarts a running performance.
  const startedAt = hostSocket.state().judging.performances.reflection?.c01?.startedAt;
  await host.keyboard.press('s');
  await sleep(400);
  expect(hostSocket.state().judging.performances.reflection?.c01?.startedAt).toBe(startedAt);

  await host.keyboard.press('l');
  await host.waitForSelector('[data-testid="confirm-lock"]');
  await host.keyboard.press('l');
  await poll(() => hostSocket.state().judging.performances.reflection?.c01?.status).toBe('locked');
  // Once the segment is over, the judging tab offers the next judged segment's start.
  await must(hostSocket, { type: 'FinishSegment', data: { segmentId: 'reflection' } });
  await host.waitForSelector('[data-testid="hj-next-segment"]', { timeout: 10_000 });
  expect(await host.textContent('[data-testid="hj-next-segment"]')).toContain('述行动');
  await host.click('[data-testid="hj-start-segment-action"]');
  await poll(() => hostSocket.state().currentSegmentId).toBe('action');
  expect(pageErrors(host)).toEqual([]);
  expect(pageErrors(stage)).toEqual([]);
  expect(pageErrors(phone)).toEqual([]);
}, 40_000);
