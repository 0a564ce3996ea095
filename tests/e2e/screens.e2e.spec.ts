import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_CONTEST, sleep } from '@leitai/shared';
import { liveUrl, seatUrl } from '@leitai/server';
import { ask, recordFrames, type FrameRecorder } from '../support/audience-clients.ts';
import { launchBrowser, openPage, pageErrors, screenshot, settle, VIEWPORTS } from '../support/browser.ts';
import { connectScreen, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';
import { must, playPerformance } from '../support/judging-play.ts';

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

/**
 * What of the scene, if anything, lies under the audience band (likes and cheers, bottom of the
 * stage): every visible element of the scene smaller than half the canvas whose box meets the
 * band's. Backdrops (the scene itself, full-size layers) are not content and are skipped.
 */
async function underAudienceBand(page: Page): Promise<{ band: number[]; hits: string[] }> {
  return page.evaluate(() => {
    const band = document.querySelector('[data-testid="audience-band"]')!.getBoundingClientRect();
    const likes = document.querySelector('[data-testid="like-counter"]')!.getBoundingClientRect();
    const meets = (r: DOMRect, b: DOMRect) =>
      r.width > 0 && r.height > 0 && r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top;
    const hits: string[] = [];
    const scene = document.querySelector('[data-testid="stage"] [data-testid^="scene-"]');
    for (const el of scene ? [...scene.querySelectorAll('*')] : []) {
      const r = el.getBoundingClientRect();
      if (r.width * r.height > (1920 * 1080) / 2) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
      if (meets(r, band) || meets(r, likes)) {
        hits.push(
          `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(r.top)}-${Math.round(r.bottom)}`,
        );
      }
    }
    return { band: [band.left, band.top, band.right, band.bottom], hits };
  });
}

test('the likes badge keeps its reserved band in every stage scene, with a five-digit count', async () => {
  const stage = pages.stage!;
  const hostSocket = await connectScreen(t.server.url, { token: t.token('host') });
  const phones: FrameRecorder[] = [];
  const judges = new Map<string, Screen>();
  const buzzer = await connectScreen(t.server.url, { token: t.token('contestant', 'c03') });
  try {
    // Over ten thousand likes through the real path (50 taps a message, a few messages per phone).
    for (let i = 0; i < 30; i++) phones.push(await recordFrames(t.server.url, { joinCode: t.joinCode }));
    let accepted = 0;
    // The phones tap side by side: a like is acknowledged once its batch is stored (≤ ~1.2 s).
    for (let round = 0; round < 10 && accepted < 12_000; round++) {
      await Promise.all(
        phones.map(async (p) => {
          for (let k = 0; k < 8; k++) {
            const r = await ask(p.socket, 'audience:like', { count: 50 });
            if (r.ok) accepted += Number((r as unknown as { accepted: number }).accepted);
          }
        }),
      );
      if (accepted < 12_000) await sleep(1000);
    }
    for (const [i, p] of phones.slice(0, 10).entries())
      await ask(p.socket, 'audience:cheer', { contestantId: DEMO_CONTEST.contestants[i % 5]!.id });
    const likes = async () =>
      Number((await stage.textContent('[data-testid="like-counter"] .aud-likes-n'))?.replace(/\D/g, ''));
    await expect.poll(likes, { timeout: 10_000 }).toBeGreaterThanOrEqual(10_000);
    expect(await likes()).toBeLessThan(100_000);

    // What each scene puts under the band, collected so one run names every offender.
    const under: Record<string, string[]> = {};
    const check = async (name: string) => {
      await settle(stage);
      const { hits } = await underAudienceBand(stage);
      if (hits.length > 0) under[name] = hits;
    };
    const shot = async (scene: string, name: string) => {
      await expect.poll(() => stage.getAttribute('[data-testid="stage"]', 'data-scene')).toBe(scene);
      await check(name);
      await screenshot(stage, name);
    };

    // 必答: the question card.
    const req = 'knowledge-required';
    if (hostSocket.state().segmentStatus[req] !== 'running')
      await must(hostSocket, { type: 'StartSegment', data: { segmentId: req } });
    await must(hostSocket, {
      type: 'PrepareQuestion',
      data: { segmentId: req, questionId: 'q01', contestantId: 'c01' },
    });
    await must(hostSocket, { type: 'ShowQuestion', data: { run: 1 } });
    await stage.waitForSelector('[data-testid="stage-question"]');
    await shot('question', 'stage-likes-question');
    await must(hostSocket, { type: 'FinishQuestion', data: { run: 1 } });

    // 抢答: the buzz winner.
    await must(hostSocket, { type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } });
    await must(hostSocket, { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } });
    await must(hostSocket, { type: 'ShowQuestion', data: { run: 2 } });
    const armed = await must(hostSocket, { type: 'ArmBuzzer', data: { run: 2 } });
    const openAt = (await buzzer.waitForVersion(armed)).knowledge.active!.buzz!.openAt;
    await new Promise((r) => setTimeout(r, Math.max(0, openAt - Date.now()) + 150));
    await must(buzzer, { type: 'Buzz', data: { run: 2, attempt: 1, pressedAt: null } });
    await stage.waitForSelector('[data-testid="stage-answerer"]', { timeout: 10_000 });
    await shot('question', 'stage-likes-buzz-winner');

    // The standings of all ten finalists.
    await must(hostSocket, { type: 'ChooseScene', data: { scene: 'results' } });
    await stage.waitForSelector('[data-testid="ss-row-c10"]');
    expect(await stage.locator('[data-testid^="ss-row-"]').count()).toBe(10);
    await shot('results', 'stage-likes-standings');

    // 悟思想: a performance scored by seven judges and revealed.
    for (const j of ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7'])
      judges.set(j, await connectScreen(t.server.url, { token: t.token('judge', j) }));
    await must(hostSocket, { type: 'StartSegment', data: { segmentId: 'reflection' } });
    const scores = Object.fromEntries([...judges.keys()].map((j, i) => [j, 8800 + i * 50]));
    await playPerformance(hostSocket, judges, 'reflection', 'c02', scores);
    await must(hostSocket, { type: 'ChooseScene', data: { scene: 'judging' } });
    await stage.waitForSelector('[data-testid="sj-final"]', { timeout: 10_000 });
    await shot('judging', 'stage-likes-judging-reveal');
    await must(hostSocket, {
      type: 'SetJudgeCaption',
      data: {
        segmentId: 'reflection',
        contestantId: 'c02',
        judgeId: 'j1',
        text: '讲述扎实，事例生动，建议再突出成效数据。',
      },
    });
    await stage.waitForSelector('[data-testid="sj-caption"]');
    await shot('judging', 'stage-likes-judging-caption');
    const [caption, final] = await Promise.all(
      ['sj-caption', 'sj-final'].map((id) => stage.locator(`[data-testid="${id}"]`).boundingBox()),
    );
    expect(final!.y + final!.height).toBeLessThanOrEqual(caption!.y); // the caption leaves the score clear

    // The awards ceremony, at its busiest step (the most winners on one card).
    await must(hostSocket, { type: 'ChooseScene', data: { scene: 'ceremony' } });
    let busiest = { step: 1, n: 0 };
    for (let step = 1; step <= 8; step++) {
      const ack = await hostSocket.send({ type: 'SetCeremonyStep', data: { step } });
      if (!ack.ok) break;
      // The scene stops at its last step: a step it does not reach ends the walk.
      const reached = await stage
        .waitForFunction(
          (n) => document.querySelector('[data-testid="scene-ceremony"]')?.getAttribute('data-step') === n,
          String(step),
          { timeout: 3000 },
        )
        .then(() => true)
        .catch(() => false);
      if (!reached) break;
      await check(`ceremony step ${step}`);
      const n = await stage.locator('[data-testid^="sc-winner-"]').count();
      if (n > busiest.n) busiest = { step, n };
    }
    await must(hostSocket, { type: 'SetCeremonyStep', data: { step: busiest.step } });
    await expect
      .poll(() => stage.getAttribute('[data-testid="scene-ceremony"]', 'data-step'))
      .toBe(String(busiest.step));
    await shot('ceremony', 'stage-likes-ceremony');

    // Title, roster and contestant scenes too, and the overlay's badge stays in its own corner.
    for (const scene of ['title', 'roster', 'contestant', 'scoreboard'] as const) {
      await must(hostSocket, { type: 'ChooseScene', data: { scene } });
      await expect.poll(() => stage.getAttribute('[data-testid="stage"]', 'data-scene')).toBe(scene);
      await check(scene);
      await screenshot(stage, `stage-likes-${scene}`);
    }
    expect(under).toEqual({});
    // The overlay: its counters keep a corner no strip, card or lower third reaches.
    const overlay = pages.overlay!;
    for (const scene of ['contestant', 'judging', 'question'] as const) {
      await must(hostSocket, { type: 'ChooseScene', data: { scene } });
      await expect.poll(() => overlay.getAttribute('[data-testid="overlay"]', 'data-scene')).toBe(scene);
      await settle(overlay);
      const hits = await overlay.evaluate(() => {
        const box = document.querySelector('[data-testid="audience-counters"]')!.getBoundingClientRect();
        const out: string[] = [];
        for (const el of document.querySelectorAll('[data-testid="overlay"] *')) {
          if (el.closest('[data-testid="audience-counters"]') || el.tagName === 'CANVAS') continue;
          const r = el.getBoundingClientRect();
          if (r.width * r.height > (1920 * 1080) / 2 || r.width === 0 || r.height === 0) continue;
          if (r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top)
            out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
        }
        return out;
      });
      expect(hits, `overlay ${scene}`).toEqual([]);
      await screenshot(overlay, `overlay-likes-${scene}`);
    }
    expect(pageErrors(stage)).toEqual([]);
  } finally {
    for (const p of phones) p.close();
    for (const j of judges.values()) j.close();
    buzzer.close();
    hostSocket.close();
  }
}, 120_000);
