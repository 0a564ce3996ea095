/**
 * The livestream overlay and the stage in headless Chromium: every scene on the overlay as a
 * transparent picture with nothing outside title-safe, at 1920×1080 and 1280×720; danmaku lanes
 * never over the title bar, the question card or the pinned comment under ~25 s of comments from
 * real audience sockets; emoji set in the self-hosted emoji font; the contest's locale and `?lang=`; the
 * judged performance's sound cues and the stage's volume and mute. Screenshots of every overlay
 * scene and the stage go to artifacts/screenshots/overlay-*.png and stage-*.png.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_CONTEST, type ContestFile, type Scene } from '@leitai/shared';
import { seatUrl, type Seat } from '@leitai/server';
import { launchBrowser, openPage, pageErrors, screenshot, settle, SCREENSHOT_DIR } from '../support/browser.ts';
import { startWithDemo, type TestContest } from '../support/harness.ts';
import { connectFinalNight, playFinal, type FinalNight } from '../support/final-night.ts';
import { must } from '../support/judging-play.ts';
import { ask, recordFrames, type FrameRecorder } from '../support/audience-clients.ts';
import { outsideTitleSafe, pixelReader, type PixelReader } from '../support/pixels.ts';

/** A second contest: English, a contestant with an emoji in her name, a short performance timer. */
const SECOND: ContestFile = {
  ...DEMO_CONTEST,
  locale: 'en',
  contestants: DEMO_CONTEST.contestants.map((c) => (c.id === 'c01' ? { ...c, name: '李红梅🌟🎉' } : c)),
  stages: DEMO_CONTEST.stages.map((stage) => ({
    ...stage,
    segments: stage.segments.map((s) =>
      s.kind === 'judged' && s.id === 'reflection'
        ? { ...s, settings: { ...s.settings, performanceSeconds: 7, warningSeconds: 3 } }
        : s,
    ),
  })),
};

const HD = { width: 1920, height: 1080 };
const SD = { width: 1280, height: 720 };

let t: TestContest;
let night: FinalNight;
let browser: Browser;
let pixels: PixelReader;
let stage: Page;
const overlays: { size: { width: number; height: number }; page: Page }[] = [];
let second: { seats: Seat[]; joinCode: string };

const url = (seats: Seat[], role: Seat['role'], query = '') => {
  const link = seatUrl(
    t.server.url,
    seats.find((s) => s.role === role)!,
  );
  return link.replace('#', `${query}#`);
};

beforeAll(async () => {
  t = await startWithDemo();
  const created = await t.server.service.create(SECOND, { contestId: 'second' });
  if (!created.ok) throw new Error(created.error.message);
  second = created.contest;
  night = await connectFinalNight(t);
  browser = await launchBrowser();
  pixels = await pixelReader(browser);
  stage = (await openPage(browser, url(t.seats, 'stage'), HD)).page;
  for (const size of [HD, SD])
    overlays.push({ size, page: (await openPage(browser, url(t.seats, 'overlay'), size)).page });
  for (const { page } of overlays) await page.waitForSelector('[data-testid="overlay"]', { timeout: 20_000 });
  await stage.waitForSelector('[data-testid="stage"]', { timeout: 20_000 });
}, 150_000);

afterAll(async () => {
  night?.close();
  await pixels?.close();
  await browser?.close();
  await t?.cleanup();
});

/** What each overlay scene draws (blank draws nothing; the contestant scene is the name plate). */
const SCENE_TESTID: Record<Scene, string | null> = {
  title: 'overlay-title',
  roster: 'overlay-roster',
  contestant: 'name-plate',
  scoreboard: 'score-strip',
  question: 'overlay-question',
  judging: 'overlay-judging',
  results: 'overlay-standings',
  ceremony: 'ov-winner-c',
  advancement: 'overlay-advancement',
  blank: null,
};

/** Shadows of the panels at the safe edge may fall a few pixels outside it; nothing else may. */
const SHADOW_PX = 16;

async function checkOverlayScene(scene: Scene) {
  for (const { size, page } of overlays) {
    await expect.poll(() => page.getAttribute('[data-testid="overlay"]', 'data-scene')).toBe(scene);
    const testId = SCENE_TESTID[scene];
    if (testId) await page.waitForSelector(`[data-testid^="${testId}"]`, { timeout: 10_000 });
    await settle(page);
    const name = `overlay-${scene}-${size.height}p`;
    const png = await page.screenshot({ omitBackground: true, path: resolve(SCREENSHOT_DIR, `${name}.png`) });
    const whole = { x: 0, y: 0, ...size };
    const c = Math.round(size.height * 0.04);
    const stats = await pixels.stats(png, [
      whole,
      ...outsideTitleSafe(size.width, size.height),
      ...outsideTitleSafe(size.width, size.height, Math.round((SHADOW_PX * size.width) / 1920)),
      { x: 0, y: 0, width: c, height: c },
      { x: size.width - c, y: 0, width: c, height: c },
      { x: 0, y: size.height - c, width: c, height: c },
      { x: size.width - c, y: size.height - c, width: c, height: c },
    ]);
    const all = stats[0]!;
    const margins = stats.slice(1, 5);
    const edges = stats.slice(5, 9);
    const corners = stats.slice(9);
    // the page is see-through: the corners are empty, the margins outside title-safe carry at most
    // the faint end of a panel's shadow (alpha < 16 of 255), nothing nearer the edge
    for (const m of corners) expect(m.maxAlpha, `${name}: a corner is not transparent`).toBe(0);
    for (const m of edges)
      expect(m.maxAlpha, `${name}: something drawn outside the title-safe margin`).toBeLessThan(16);
    for (const m of margins) expect(m.maxAlpha, `${name}: more than a soft shadow in the safe margin`).toBeLessThan(90);
    // and the scene's graphics are drawn (a blank overlay draws nothing at all)
    if (scene === 'blank') expect(all.maxAlpha, name).toBe(0);
    else expect(all.opaque, `${name}: nothing drawn`).toBeGreaterThan(5000);
    expect(all.opaque, `${name}: the page is not transparent`).toBeLessThan(size.width * size.height * 0.6);
  }
}

test('the overlay has every stage scene as transparent graphics inside title-safe, at 1080p and 720p', async () => {
  for (const scene of ['title', 'roster', 'contestant', 'scoreboard'] as const) {
    if (scene === 'contestant') await must(night.host, { type: 'SetCurrentContestant', data: { contestantId: 'c05' } });
    await night.scene(scene);
    await checkOverlayScene(scene);
  }
  // the knowledge strip holds the whole roster of ten, every name inside the strip
  for (const { page } of overlays) {
    const cells = await page.$$eval('[data-testid="score-strip"] li', (lis) => {
      const strip = lis[0]!.closest('[data-testid="score-strip"]')!.getBoundingClientRect();
      return lis.map((li) => {
        const r = li.getBoundingClientRect();
        return { text: li.textContent, inside: r.right <= strip.right + 1 && r.bottom <= strip.bottom + 1 };
      });
    });
    expect(cells).toHaveLength(10);
    expect(cells.every((c) => c.inside)).toBe(true);
    expect(cells.map((c) => c.text).join()).toContain('周敏');
  }
  // a question scene with no question shown draws no empty box: only the lower third
  await night.scene('question');
  for (const { page } of overlays) {
    await expect.poll(() => page.getAttribute('[data-testid="overlay"]', 'data-scene')).toBe('question');
    expect(await page.$('[data-testid="overlay-question"]')).toBeNull();
  }
  await night.showQuestion('c04');
  await checkOverlayScene('question');
  await screenshot(stage, 'stage-question');
  await night.scene('blank');
  await checkOverlayScene('blank');
}, 240_000);

/** Inside the page: the danmaku's flying and pinned boxes, and the reserved boxes, in canvas pixels. */
function danmakuBoxes() {
  type Box = { x: number; y: number; width: number; height: number };
  const engine = (window as unknown as { __leitaiDanmaku?: { boxes(): { flying: Box[]; pinned: Box | null } } })
    .__leitaiDanmaku;
  const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="danmaku-canvas"]');
  if (!engine || !canvas) return null;
  const frame = canvas.getBoundingClientRect();
  const scale = canvas.width / frame.width;
  const reserved = [...document.querySelectorAll('[data-danmaku-reserve]')].map((el) => {
    const r = el.getBoundingClientRect();
    return {
      x: (r.left - frame.left) * scale,
      y: (r.top - frame.top) * scale,
      width: r.width * scale,
      height: r.height * scale,
      what: el.getAttribute('data-testid') ?? el.className,
    };
  });
  return { ...engine.boxes(), reserved };
}

type Box = { x: number; y: number; width: number; height: number };
const meets = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('danmaku lanes and the pinned comment never cover the title bar or the question card (stage and overlay)', async () => {
  expect(await ask(night.host.socket, 'moderation:mode', { mode: 'auto' })).toEqual({ ok: true });
  const phones: FrameRecorder[] = [];
  for (let i = 0; i < 40; i++) phones.push(await recordFrames(t.server.url, { joinCode: t.joinCode }));
  const first = await ask(phones[0]!.socket, 'audience:comment', { text: '置顶：请文明观赛' });
  expect(first.ok).toBe(true);
  expect(await ask(night.host.socket, 'moderation:pin', { commentId: first.id })).toEqual({ ok: true });
  // every phone comments about every 3.1 s (its own limit is one per 3 s): ~13 comments a second
  let n = 0;
  const sender = setInterval(() => {
    const phone = phones[n % phones.length]!;
    n += 1;
    void ask(phone.socket, 'audience:comment', { text: `第${n}条 选手加油，讲得真好` }).catch(() => undefined);
  }, 78);
  const pages = { stage, overlay: overlays[0]!.page };
  const seen = { stage: { flying: 0, pinned: 0 }, overlay: { flying: 0, pinned: 0 } };
  const violations: string[] = [];
  try {
    for (const scene of ['question', 'scoreboard', 'title', 'roster', 'contestant'] as const) {
      await night.scene(scene);
      const until = Date.now() + 5000;
      while (Date.now() < until) {
        for (const [name, page] of Object.entries(pages) as [keyof typeof pages, Page][]) {
          const b = await page.evaluate(danmakuBoxes);
          if (!b) continue;
          seen[name].flying += b.flying.length;
          if (b.pinned) seen[name].pinned += 1;
          for (const r of b.reserved) {
            for (const f of b.flying) if (meets(f, r)) violations.push(`${name}/${scene}: a comment over ${r.what}`);
            if (b.pinned && meets(b.pinned, r)) violations.push(`${name}/${scene}: the pinned comment over ${r.what}`);
          }
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      if (scene === 'question') {
        await screenshot(stage, 'stage-question-danmaku');
        await screenshot(pages.overlay, 'overlay-question-danmaku');
      }
    }
  } finally {
    clearInterval(sender);
    for (const p of phones) p.close();
    // the kill switch clears what still flies or waits, so the next pictures show the scenes alone
    await ask(night.host.socket, 'moderation:kill', { active: true });
    await ask(night.host.socket, 'moderation:kill', { active: false });
  }
  expect(violations.slice(0, 5)).toEqual([]);
  // the check saw real traffic: comments flew and the pinned comment was up on both screens
  expect(seen.stage.flying).toBeGreaterThan(100);
  expect(seen.overlay.flying).toBeGreaterThan(100);
  expect(seen.stage.pinned).toBeGreaterThan(10);
  expect(seen.overlay.pinned).toBeGreaterThan(10);
  expect(await ask(night.host.socket, 'moderation:pin', { commentId: null })).toEqual({ ok: true });
}, 150_000);

test('after the final: judging strip, standings panel and ceremony card on the overlay', async () => {
  await playFinal(night);
  await night.scene('judging');
  await checkOverlayScene('judging');
  await night.scene('results');
  await checkOverlayScene('results');
  await screenshot(stage, 'stage-results');
  await night.scene('ceremony');
  await must(night.host, { type: 'SetCeremonyStep', data: { step: 3 } });
  await checkOverlayScene('ceremony');
  await screenshot(stage, 'stage-ceremony');
  for (const { page } of overlays) expect(pageErrors(page)).toEqual([]);
  expect(pageErrors(stage)).toEqual([]);
}, 240_000);

/**
 * Emoji come from the self-hosted colour-emoji font, not from the system: the page fetches the
 * font's slice for the emoji it shows, and the emoji get that font's advance (a missing glyph
 * would be drawn as a narrow box by the CJK font instead). Whether the glyphs come out in colour
 * depends on the browser's font rasteriser: this machine's Chromium uses Debian's FreeType 2.12,
 * which cannot draw the font's COLRv1 glyphs, so a colour pixel check cannot pass here.
 */
test('emoji in a contestant name are set in the self-hosted emoji font', async () => {
  const secondSeats = second.seats;
  const host = await connectFinalNight({
    ...t,
    seats: secondSeats,
    token: (role, subjectId) => tokenOf(secondSeats, role, subjectId),
  });
  try {
    const { page } = await openPage(browser, url(secondSeats, 'overlay'), HD);
    await page.waitForSelector('[data-testid="overlay"]', { timeout: 20_000 });
    await host.scene('roster');
    await page.waitForSelector('[data-testid="overlay-roster"] li', { timeout: 20_000 });
    expect(await page.textContent('[data-testid="overlay-roster"] li strong')).toBe('李红梅🌟🎉');
    const emojiFace = () =>
      page.evaluate(async () => {
        await document.fonts.ready;
        const star = 0x1f31f;
        return [...document.fonts].some(
          (f) =>
            f.family.replace(/"/g, '') === 'Noto Color Emoji' &&
            f.status === 'loaded' &&
            f.unicodeRange.split(',').some((r) => {
              const [a, b] = r.trim().replace('U+', '').split('-');
              const lo = parseInt(a!, 16);
              return star >= lo && star <= (b ? parseInt(b, 16) : lo);
            }),
        );
      });
    await expect.poll(emojiFace, { timeout: 15_000 }).toBe(true);
    // the name's emoji are set in the emoji font: each as wide as that font makes it, not a box
    const widths = await page.evaluate(() => {
      const probe = (family: string, text: string) => {
        const span = document.createElement('span');
        span.style.cssText = `position:absolute;visibility:hidden;font-size:100px;font-family:${family}`;
        span.textContent = text;
        document.body.appendChild(span);
        const w = span.getBoundingClientRect().width;
        span.remove();
        return w;
      };
      const name = document.querySelector('[data-testid="overlay-roster"] li strong')!;
      const family = getComputedStyle(name).fontFamily;
      return {
        inName: probe(family, '🌟🎉'),
        emojiFont: probe('"Noto Color Emoji"', '🌟🎉'),
        cjkOnly: probe('"Noto Sans SC"', '🌟🎉'),
      };
    });
    expect(widths.inName).toBeCloseTo(widths.emojiFont, 0);
    expect(widths.emojiFont).toBeGreaterThan(200);
    await screenshot(page, 'overlay-roster-emoji');
    expect(pageErrors(page)).toEqual([]);
  } finally {
    host.close();
  }
}, 150_000);

test('stage and overlay follow the contest locale; ?lang= switches them', async () => {
  // the demo is zh-CN: ?lang=en turns the overlay and the stage English
  const en = (await openPage(browser, url(t.seats, 'overlay', '?lang=en'), HD)).page;
  const enStage = (await openPage(browser, url(t.seats, 'stage', '?lang=en'), HD)).page;
  await night.scene('roster');
  await en.waitForSelector('[data-testid="overlay-roster"]', { timeout: 20_000 });
  expect(await en.textContent('[data-testid="overlay-roster"] header')).toContain('Contestants');
  await enStage.waitForSelector('[data-testid="scene-roster"]', { timeout: 20_000 });
  expect(await enStage.textContent('[data-testid="scene-roster"]')).toContain('Contestants');
  expect(await enStage.evaluate(() => document.documentElement.lang)).toBe('en');
  await screenshot(enStage, 'stage-roster-en');
  // the second contest's file says `locale: en`: English without asking, Chinese with ?lang=zh-CN
  const own = (await openPage(browser, url(second.seats, 'overlay'), HD)).page;
  const zh = (await openPage(browser, url(second.seats, 'overlay', '?lang=zh-CN'), HD)).page;
  for (const p of [own, zh]) await p.waitForSelector('[data-testid="overlay"]', { timeout: 20_000 });
  await expect.poll(() => own.evaluate(() => document.body.innerText)).toMatch(/LIVE|Scan to join|Contestants/);
  await expect.poll(() => zh.evaluate(() => document.body.innerText)).toMatch(/直播|扫码|参赛选手/);
  expect(await own.evaluate(() => document.body.innerText)).not.toMatch(/直播|扫码|参赛选手/);
  // the choice is not saved: the same browser's next overlay of the demo is Chinese again
  const again = await en.context().newPage();
  await again.goto(url(t.seats, 'overlay'));
  await again.waitForSelector('[data-testid="overlay-roster"]', { timeout: 20_000 });
  expect(await again.textContent('[data-testid="overlay-roster"] header')).toContain('参赛选手');
  await screenshot(en, 'overlay-roster-en');
  for (const p of [en, enStage, own, zh, again]) expect(pageErrors(p)).toEqual([]);
}, 150_000);

test('the judged performance sounds its start, last five seconds, time up and reveal; the stage mutes and sets its volume', async () => {
  const secondSeats = second.seats;
  const show = await connectFinalNight({
    ...t,
    seats: secondSeats,
    token: (role, subjectId) => tokenOf(secondSeats, role, subjectId),
  });
  try {
    const page = (await openPage(browser, url(secondSeats, 'stage'), HD)).page;
    await page.waitForSelector('[data-testid="stage"]', { timeout: 20_000 });
    const cues = () =>
      page.evaluate(
        () => (window as unknown as { __leitaiCues?: { cue: string; volume: number }[] }).__leitaiCues ?? [],
      );
    // volume down twice with the key, then the slider shows 40
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    await expect.poll(() => page.getAttribute('[data-testid="stage-sound"]', 'data-volume')).toBe('0.4');
    await screenshot(page, 'stage-sound-control');
    const position = await must(show.host, { type: 'StartSegment', data: { segmentId: 'reflection' } });
    for (const j of show.judges.values()) await j.waitForVersion(position);
    await must(show.host, { type: 'StartPerformance', data: { segmentId: 'reflection', contestantId: 'c02' } });
    // 7 s performance: the start, five ticks, time up
    await expect
      .poll(async () => (await cues()).map((c) => c.cue).join(' '), { timeout: 12_000 })
      .toBe('go warning warning warning warning warning end');
    expect((await cues()).every((c) => c.volume === 0.4)).toBe(true);
    // muted on the stage (M): the reveal is logged at volume 0, so nothing is heard
    await page.keyboard.press('m');
    await expect.poll(() => page.getAttribute('[data-testid="stage-sound"]', 'data-muted')).toBe('true');
    for (const [j, judge] of show.judges)
      await must(judge, {
        type: 'SubmitJudgeScore',
        data: { segmentId: 'reflection', contestantId: 'c02', score: 8000 + j.length },
      });
    await must(show.host, { type: 'LockJudging', data: { segmentId: 'reflection', contestantId: 'c02' } });
    await must(show.host, { type: 'RevealScores', data: { segmentId: 'reflection', contestantId: 'c02' } });
    await expect.poll(async () => (await cues()).at(-1)).toEqual(expect.objectContaining({ cue: 'reveal', volume: 0 }));
    expect(pageErrors(page)).toEqual([]);
  } finally {
    show.close();
  }
}, 150_000);

function tokenOf(seats: Seat[], role: Seat['role'], subjectId?: string): string {
  const seat = seats.find((s) => s.role === role && (subjectId === undefined || s.subjectId === subjectId));
  if (!seat) throw new Error(`no seat ${role} ${subjectId ?? ''}`);
  return seat.token;
}
