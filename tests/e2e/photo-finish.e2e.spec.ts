/**
 * The photo finish on the host panel, in headless Chromium: a buzzer segment whose rule is
 * `host`; two simulated phones on equal links press at the same instant, closer than their
 * clock bounds together. The host page shows the flag with both times and bounds and one button
 * per press; clicking one settles the buzz for that contestant, and the choice is in the log.
 * Screenshots: artifacts/screenshots/photo-finish-*.png.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_CONTEST, type ContestFile } from '@leitai/shared';
import { seatUrl } from '@leitai/server';
import { launchBrowser, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { connectScreen, type Screen } from '../support/harness.ts';
import { must } from '../support/judging-play.ts';
import { sleepUntil, startKnowledgeContest, TestPhone, type KnowledgeContest } from '../support/knowledge-phones.ts';

const definition: ContestFile = {
  ...DEMO_CONTEST,
  stages: DEMO_CONTEST.stages.map((stage) => ({
    ...stage,
    segments: stage.segments.map((s) =>
      s.kind === 'buzzer' ? { ...s, settings: { ...s.settings, photoFinish: 'host', buzzSeconds: 30 } } : s,
    ),
  })),
};

let k: KnowledgeContest;
let browser: Browser;
let host: Page;
let control: Screen;
const phones: TestPhone[] = [];

beforeAll(async () => {
  k = await startKnowledgeContest(definition, 'e2e-photo');
  control = await connectScreen(k.url, { token: k.token('host') });
  for (const id of ['c01', 'c02']) {
    phones.push(await TestPhone.connect(k.url, k.token('contestant', id), id, { upMs: 25, downMs: 25, skewMs: 0 }));
  }
  browser = await launchBrowser();
  host = (await openPage(browser, seatUrl(k.url, k.seat('host')), VIEWPORTS.desktop)).page;
  await host.waitForSelector('[data-testid="contest-title"]', { timeout: 20_000 });
});

afterAll(async () => {
  control?.close();
  for (const p of phones) p.close();
  await browser?.close();
  await k?.cleanup();
});

test('rule host: the flag shows both times and bounds, and the host’s choice settles the buzz', async () => {
  await must(control, { type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } });
  await must(control, { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } });
  const run = control.state().knowledge.active!.run;
  await must(control, { type: 'ShowQuestion', data: { run } });
  await must(control, { type: 'ArmBuzzer', data: { run } });
  const buzz = control.state().knowledge.active!.buzz!;
  await sleepUntil(buzz.openAt + 200);
  // Both press at the same instant: their gap is far below their clock bounds together.
  const acks = await Promise.all(phones.map((p) => p.press(run, buzz.attempt)));
  expect(acks.every((a) => a.ok)).toBe(true);
  const flag = host.locator('[data-testid="kq-photo-finish"]');
  await flag.waitFor({ timeout: 10_000 });
  await host.locator('.kq-photo-choose').first().waitFor();
  const held = control.state().knowledge.active!.buzz!;
  expect(held.order).toBeNull();
  expect(held.photoFinish?.rule).toBe('host');
  for (const p of held.photoFinish!.presses) {
    const item = host.locator(`[data-testid="kq-photo-${p.contestantId}"]`);
    await expect.poll(() => item.textContent()).toContain(`±${p.boundMs}`);
  }
  await expect(host.locator('.kq-photo-choose').count()).resolves.toBe(2);
  await screenshot(host, 'photo-finish-host-waiting');
  // The host chooses c02.
  await host.locator('[data-testid="kq-photo-c02"] button').click();
  await expect.poll(() => control.state().knowledge.active?.buzz?.winnerId ?? null, { timeout: 10_000 }).toBe('c02');
  const decided = control.state().knowledge.active!.buzz!;
  expect(decided.photoFinish).toMatchObject({ rule: 'host', chosenId: 'c02' });
  expect(decided.order![0]!.contestantId).toBe('c02');
  await expect.poll(() => host.locator('.kq-photo-choose').count()).toBe(0);
  await expect.poll(() => flag.textContent()).toMatch(/主持人判|host chose/);
  await screenshot(host, 'photo-finish-host-settled');
  expect(pageErrors(host)).toEqual([]);
});
