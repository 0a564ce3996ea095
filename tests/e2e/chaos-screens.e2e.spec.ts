/**
 * R10 — the screens tell the truth. After each of a scripted sequence of host commands, what the
 * stage and the overlay show in headless Chromium equals the state rebuilt from the log (read with
 * the store, folded with foldEvents): scene, title, current segment and contestant. And nothing
 * appears before its event is durable: every scene change a page shows happens after the commit
 * of the event that caused it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_CONTEST, foldEvents, type ClientCommand, type ContestState } from '@leitai/shared';
import { contestStream, seatUrl, toPositioned, type AppendResult } from '@leitai/server';
import { launchBrowser, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { connectScreen, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';

let t: TestContest;
let browser: Browser;
let host: Screen;
const pages: Record<'stage' | 'overlay', Page> = {} as never;
/** Stream version → wall time its commit resolved (the moment it became durable). */
const durableAt = new Map<number, number>();

beforeAll(async () => {
  t = await startWithDemo();
  // Note when each append becomes durable (the store resolves an append only after COMMIT).
  const store = t.server.store;
  const append = store.append.bind(store);
  store.append = (streamId, events, options) => {
    const p = append(streamId, events, options);
    if (streamId === contestStream(t.contestId)) {
      void p.then(
        (r: AppendResult) => {
          for (let v = r.version - events.length + 1; v <= r.version; v++) durableAt.set(v, Date.now());
        },
        () => undefined,
      );
    }
    return p;
  };
  browser = await launchBrowser();
  for (const role of ['stage', 'overlay'] as const) {
    const seat = t.seats.find((s) => s.role === role)!;
    pages[role] = (await openPage(browser, seatUrl(t.server.url, seat), VIEWPORTS.desktop)).page;
    await pages[role].waitForSelector(`[data-testid="${role}"][data-scene]`, { timeout: 20_000 });
    // Record every scene the page shows, with the page's wall time.
    await pages[role].evaluate((testId) => {
      const w = window as unknown as { __scenes: { scene: string; at: number }[] };
      w.__scenes = [];
      let last = '';
      const look = () => {
        const scene = document.querySelector(`[data-testid="${testId}"]`)?.getAttribute('data-scene') ?? '';
        if (scene !== last) {
          last = scene;
          w.__scenes.push({ scene, at: Date.now() });
        }
      };
      look();
      new MutationObserver(look).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-scene'],
      });
    }, role);
  }
  host = await connectScreen(t.server.url, { token: t.token('host') });
});

afterAll(async () => {
  host?.close();
  await browser?.close();
  await t?.cleanup();
});

/** The truth: the state folded from the log as stored. */
function fromLog(): ContestState {
  const state = foldEvents(null, t.server.store.readStream(contestStream(t.contestId)).map(toPositioned));
  if (!state) throw new Error('empty log');
  return state;
}

const text = (page: Page, testId: string) =>
  page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null, testId);

const SCRIPT: ClientCommand[] = [
  { type: 'ChooseScene', data: { scene: 'title' } },
  { type: 'ChooseScene', data: { scene: 'roster' } },
  { type: 'StartStage', data: { stageId: 'final' } },
  { type: 'StartSegment', data: { segmentId: 'reflection' } },
  { type: 'SetCurrentContestant', data: { contestantId: 'c03' } },
  { type: 'ChooseScene', data: { scene: 'contestant' } },
  { type: 'SetCurrentContestant', data: { contestantId: 'c07' } },
  { type: 'ChooseScene', data: { scene: 'scoreboard' } },
  { type: 'ChooseScene', data: { scene: 'blank' } },
  { type: 'SetCurrentContestant', data: { contestantId: null } },
  { type: 'ChooseScene', data: { scene: 'title' } },
  { type: 'ChooseScene', data: { scene: 'contestant' } },
  { type: 'SetCurrentContestant', data: { contestantId: 'c10' } },
];

test('R10: after every host command, stage and overlay show the state rebuilt from the log', async () => {
  for (const [i, command] of SCRIPT.entries()) {
    const ack = await host.send(command);
    expect(ack, JSON.stringify(command)).toMatchObject({ ok: true });
    const truth = fromLog();
    const contestant = truth.definition.contestants.find((c) => c.id === truth.currentContestantId);
    const segment = truth.definition.stages.flatMap((s) => s.segments).find((g) => g.id === truth.currentSegmentId);
    const stageName = truth.definition.stages.find((s) => s.id === truth.currentStageId)?.name;
    const step = `step ${i + 1} ${command.type} ${JSON.stringify(command.data)}`;
    for (const role of ['stage', 'overlay'] as const) {
      const page = pages[role];
      await expect
        .poll(() => page.getAttribute(`[data-testid="${role}"]`, 'data-scene'), { timeout: 5000 })
        .toBe(truth.scene);
      expect(pageErrors(page), step).toEqual([]);
    }
    // Stage: the title card shows the title; the spotlight shows the current contestant.
    if (truth.scene === 'title') {
      await expect.poll(() => text(pages.stage, 'stage-title'), { timeout: 5000 }).toBe(truth.definition.title);
    }
    if (truth.scene === 'contestant' && contestant) {
      await expect.poll(() => text(pages.stage, 'spotlight-name'), { timeout: 5000 }).toBe(contestant.name);
    }
    // Overlay: the title bar carries the title and the current stage/segment; the name plate the contestant.
    if (truth.scene !== 'blank') {
      await expect.poll(() => text(pages.overlay, 'title-bar'), { timeout: 5000 }).toContain(truth.definition.title);
      if (stageName) expect(await text(pages.overlay, 'title-bar'), step).toContain(stageName);
      if (segment) expect(await text(pages.overlay, 'title-bar'), step).toContain(segment.name);
      if (contestant) {
        await expect.poll(() => text(pages.overlay, 'name-plate'), { timeout: 5000 }).toContain(contestant.name);
      } else {
        await expect.poll(() => text(pages.overlay, 'name-plate'), { timeout: 5000 }).toBeNull();
      }
    } else {
      expect(await text(pages.overlay, 'name-plate'), step).toBeNull();
    }
    if (i === 5) {
      await screenshot(pages.stage, 'chaos-r10-stage-contestant');
      await screenshot(pages.overlay, 'chaos-r10-overlay-contestant');
    }
  }
  expect(fromLog().scene).toBe('contestant');
  expect(fromLog().currentSegmentId).toBe('reflection');
  expect(DEMO_CONTEST.contestants.find((c) => c.id === 'c10')).toBeDefined();
});

test('R10: no page shows a scene before the event that set it was durable', async () => {
  const log = t.server.store.readStream(contestStream(t.contestId));
  const sceneEvents = log.filter((e) => e.type === 'SceneChosen');
  expect(sceneEvents.length).toBeGreaterThanOrEqual(6);
  for (const role of ['stage', 'overlay'] as const) {
    const shown = await pages[role].evaluate(
      () => (window as unknown as { __scenes: { scene: string; at: number }[] }).__scenes,
    );
    // Every scene change after the first render matches a SceneChosen event that was already durable.
    const changes = shown.slice(1);
    expect(changes.length, role).toBeGreaterThanOrEqual(5);
    let cursor = 0;
    for (const change of changes) {
      const idx = sceneEvents.findIndex((e, k) => k >= cursor && (e.data as { scene: string }).scene === change.scene);
      expect(idx, `${role} showed '${change.scene}' with no SceneChosen for it`).toBeGreaterThanOrEqual(0);
      const event = sceneEvents[idx]!;
      const committed = durableAt.get(event.version);
      expect(committed, `commit time of version ${event.version}`).toBeDefined();
      expect(
        change.at,
        `${role} showed '${change.scene}' before version ${event.version} was durable`,
      ).toBeGreaterThanOrEqual(committed!);
      cursor = idx + 1;
    }
  }
});
