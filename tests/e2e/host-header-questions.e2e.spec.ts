/**
 * Two things the host panel says, in headless Chromium: the header of a contest whose written
 * test is open before its stage starts says 笔试进行中 · <test> (not 比赛尚未开始), in Chinese and
 * English; the knowledge panel's list of buzzer questions gives each question's stem beside its
 * id (cut with an ellipsis, the whole stem on hover), on the host panel only — the stage and a
 * contestant's phone do not get it. Screenshots: artifacts/screenshots/host-header-written.png,
 * host-knowledge-stems.png.
 */
import { expect, test } from 'vitest';
import { DEMO_CONTEST } from '@leitai/shared';
import { openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { demoWithBrowser, openSeatPage } from '../support/demo-browser.ts';
import { WRITTEN_SEGMENT as SEG, writtenContest } from '../support/written-takers.ts';

const demo = demoWithBrowser();

test('a written test open before its stage: the host header says it is in progress, not "not started"', async () => {
  const created = await demo.t.server.service.create(writtenContest(), { contestId: 'season' });
  if (!created.ok) throw new Error(created.error.message);
  const token = created.contest.seats.find((s) => s.role === 'host')!.token;
  const { page: host } = await openPage(
    demo.browser,
    `${demo.t.server.url}/host.html#token=${token}`,
    VIEWPORTS.laptop,
  );
  await host.waitForSelector('[data-testid="host-now"]');
  expect(await host.textContent('[data-testid="host-now"]')).toBe('比赛尚未开始');

  await host.click('[data-testid="tab-written"]');
  await host.click(`[data-testid="proctor-${SEG}"] [data-testid="open-test"]`);
  await expect.poll(() => host.textContent('[data-testid="host-now"]')).toBe('笔试进行中 · 理论测试（初赛）');
  await screenshot(host, 'host-header-written');
  await host.click('[data-testid="locale-toggle"]');
  await expect
    .poll(() => host.textContent('[data-testid="host-now"]'))
    .toBe('Written test in progress · 理论测试 (初赛)');
  await host.click('[data-testid="locale-toggle"]');

  // Once the stage runs, the header names the stage and still says the test is open.
  await host.click('[data-testid="tab-control"]');
  await host.click('[data-testid="start-stage-preliminary"]');
  await expect.poll(() => host.textContent('[data-testid="host-now"]')).toContain('初赛');
  expect(await host.textContent('[data-testid="host-now-written"]')).toBe('笔试进行中 · 理论测试（初赛）');
  // Closed: nothing in progress any more.
  await host.click('[data-testid="tab-written"]');
  await host.click(`[data-testid="proctor-${SEG}"] [data-testid="close-test"]`);
  await expect.poll(() => host.locator('[data-testid="host-now-written"]').count()).toBe(0);
  expect(pageErrors(host)).toEqual([]);
  await host.context().close();
}, 60_000);

test("the buzzer list shows each question's stem beside its id, on the host panel only", async () => {
  const host = await openSeatPage(demo);
  await host.waitForSelector('[data-testid="start-stage-final"]');
  await host.click('[data-testid="start-stage-final"]');
  await host.click('[data-testid="start-segment-knowledge-buzzer"]');
  await host.waitForSelector('[data-testid="kq-ros"]');
  const buzzer = DEMO_CONTEST.stages[0]!.segments.find((g) => g.id === 'knowledge-buzzer')!;
  if (buzzer.kind !== 'buzzer') throw new Error('buzzer expected');
  const bank = new Map(DEMO_CONTEST.questions.map((q) => [q.id, q]));
  const rows = await host.$$eval('[data-testid^="kq-ros-stem-"]', (spans) =>
    spans.map((s) => {
      const el = s as HTMLElement;
      return {
        text: el.textContent ?? '',
        title: el.title,
        cut: el.scrollWidth > el.clientWidth,
        ellipsis: getComputedStyle(el).textOverflow,
      };
    }),
  );
  expect(rows).toHaveLength(buzzer.questionIds.length);
  rows.forEach((row, i) => {
    const q = bank.get(buzzer.questionIds[i]!)!;
    expect(row.text).toBe(`${q.id} ${q.text}`);
    expect(row.title).toBe(q.text);
    expect(row.ellipsis).toBe('ellipsis');
  });
  // The demo's stems are longer than the list is wide: cut, the whole stem in the title.
  expect(rows.some((r) => r.cut)).toBe(true);
  await screenshot(host, 'host-knowledge-stems');

  // No other screen is told a stem before it is shown: the stage and a phone.
  const firstStem = bank.get(buzzer.questionIds[0]!)!.text;
  for (const role of ['stage', 'contestant'] as const) {
    const page = await openSeatPage(demo, role);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    expect(await page.content()).not.toContain(firstStem);
    await page.context().close();
  }
  expect(pageErrors(host)).toEqual([]);
  await host.context().close();
}, 60_000);
