/**
 * B11 of quality.md, the editor's part: the organiser's editor stays responsive with 10,000
 * questions in the bank, measured in headless Chromium on the built client (npm run build).
 *
 *   npm run bench -- editor [--questions 10000] [--runs 3] [--json]
 *
 * A server on port 0 over a fresh SQLite file holds the demo contest with its bank grown to N
 * questions; Chromium opens the editor with the host link and the bench times, per run: page
 * open → bank list drawn (load the contest, validate it, render); a search typed → the filtered
 * count shown; the list scrolled to its middle → the rows there drawn; a keystroke in the title →
 * the field shows it, and the whole file checked again; a hand pick in the bank → the segment's count updated (each edit re-checks
 * the whole file). Bounded: N questions, a few runs, then it stops.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DEMO_CONTEST, type ContestFile, type Question } from '@leitai/shared';
import { startLeitaiServer } from '../../server/src/app.ts';

function bigContest(n: number): ContestFile {
  const tags = ['党史', '党章', '理论', '法规', '时政'];
  const questions: Question[] = [...DEMO_CONTEST.questions];
  for (let i = questions.length; i < n; i++) {
    questions.push({
      id: `b${String(i).padStart(5, '0')}`,
      kind: 'single',
      text: `第 ${i + 1} 题：根据《中国共产党章程》和有关党内法规，下列关于基层组织建设的表述哪一项是正确的？`,
      options: [
        { key: 'A', text: '选项甲的内容较长一些' },
        { key: 'B', text: '选项乙' },
        { key: 'C', text: '选项丙' },
        { key: 'D', text: '选项丁' },
      ],
      answer: ['C'],
      difficulty: (i % 5) + 1,
      tags: [tags[i % 5] as string],
    });
  }
  return { ...DEMO_CONTEST, questions };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export interface EditorFigures {
  questions: number;
  runs: number;
  openMs: number;
  searchMs: number;
  scrollMs: number;
  keystrokeMs: number;
  /** Keystroke → the whole file checked again (includes the editor's 150 ms pause for typing). */
  checkedMs: number;
  pickMs: number;
  renderedRows: number;
}

export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const arg = (name: string, d: number) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : d;
  };
  const n = arg('--questions', 10_000);
  const runs = arg('--runs', 3);
  const dir = mkdtempSync(join(tmpdir(), 'leitai-bench-editor-'));
  const server = await startLeitaiServer({ dbFile: join(dir, 'leitai.sqlite'), port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  const laps: Record<'open' | 'search' | 'scroll' | 'keystroke' | 'checked' | 'pick', number[]> = {
    checked: [],
    open: [],
    search: [],
    scroll: [],
    keystroke: [],
    pick: [],
  };
  let renderedRows = 0;
  try {
    const created = await server.service.create(bigContest(n));
    if (!created.ok) throw new Error(created.error.message);
    const host = created.contest.seats.find((s) => s.role === 'host');
    const url = `${server.url}/authoring.html#token=${host?.token ?? ''}&contest=${created.contest.contestId}`;
    const required = DEMO_CONTEST.stages[0]?.segments.find((s) => s.kind === 'required')?.id ?? '';
    for (let r = 0; r < runs; r++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      let t0 = performance.now();
      await page.goto(url);
      await page.waitForSelector('[data-testid="ed-bank-row"]', { timeout: 60_000 });
      laps.open.push(performance.now() - t0);

      // A search: the questions whose text holds "第 N/2 题" (one) — typed, then shown.
      t0 = performance.now();
      await page.fill('[data-testid="ed-bank-search"]', `第 ${Math.floor(n / 2)} 题`);
      await page.waitForFunction(
        () => document.querySelector('[data-testid="ed-bank-shown"]')?.textContent?.includes(' 1 '),
        undefined,
        { timeout: 30_000, polling: 'raf' },
      );
      laps.search.push(performance.now() - t0);
      await page.fill('[data-testid="ed-bank-search"]', '');
      await page.waitForFunction(
        (total) => document.querySelector('[data-testid="ed-bank-shown"]')?.textContent?.includes(` ${total} `),
        n,
        { timeout: 30_000, polling: 'raf' },
      );

      // Scroll to the middle of the list: the rows there are drawn.
      t0 = performance.now();
      await page.evaluate(() => {
        const list = document.querySelector('[data-testid="ed-bank-list"]');
        if (list) list.scrollTop = list.scrollHeight / 2;
      });
      await page.waitForFunction(
        (mid) => document.querySelector('[data-testid="ed-bank-list"]')?.textContent?.includes(mid),
        `b${String(Math.floor(n / 2)).padStart(5, '0')}`,
        { timeout: 30_000, polling: 'raf' },
      );
      laps.scroll.push(performance.now() - t0);
      renderedRows = await page.locator('[data-testid="ed-bank-row"]').count();

      // A keystroke in the title: the whole file is checked again; the field shows the letter.
      t0 = performance.now();
      await page.type('[data-testid="ed-title"]', 'x');
      await page.waitForFunction(
        () => document.querySelector<HTMLInputElement>('[data-testid="ed-title"]')?.value.includes('x'),
        undefined,
        { timeout: 30_000, polling: 'raf' },
      );
      laps.keystroke.push(performance.now() - t0);
      // …and the whole file checked again (after the editor's pause for typing).
      await page.waitForFunction(
        () => document.querySelector('[data-testid="ed-bar"]')?.getAttribute('data-checking') === 'false',
        undefined,
        { timeout: 30_000, polling: 'raf' },
      );
      laps.checked.push(performance.now() - t0);

      // A hand pick: the first visible row ticked for the required segment, its count updated.
      await page.selectOption('[data-testid="ed-bank-target"]', required);
      const before = await page.textContent('[data-testid="ed-target-count"]');
      t0 = performance.now();
      await page.locator('[data-testid="ed-bank-row"]:not(.is-asked) input[type="checkbox"]').first().click();
      await page.waitForFunction(
        (b) => document.querySelector('[data-testid="ed-target-count"]')?.textContent !== b,
        before,
        { timeout: 30_000, polling: 'raf' },
      );
      laps.pick.push(performance.now() - t0);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const figures: EditorFigures = {
    questions: n,
    runs,
    openMs: Math.round(median(laps.open)),
    searchMs: Math.round(median(laps.search)),
    scrollMs: Math.round(median(laps.scroll)),
    keystrokeMs: Math.round(median(laps.keystroke)),
    checkedMs: Math.round(median(laps.checked)),
    pickMs: Math.round(median(laps.pick)),
    renderedRows,
  };
  if (json) process.stdout.write(`${JSON.stringify({ bench: 'editor', figures, laps })}\n`);
  else {
    const all = (xs: number[]) => xs.map((x) => Math.round(x)).join(' / ');
    console.log(`B11 editor with ${n} questions in Chromium (median of ${runs}; all runs in brackets):`);
    console.log(`  open → bank drawn      ${figures.openMs} ms  [${all(laps.open)}]`);
    console.log(`  search typed → shown   ${figures.searchMs} ms  [${all(laps.search)}]`);
    console.log(`  scroll to middle       ${figures.scrollMs} ms  [${all(laps.scroll)}]`);
    console.log(`  keystroke in title     ${figures.keystrokeMs} ms  [${all(laps.keystroke)}]`);
    console.log(`  keystroke → file checked ${figures.checkedMs} ms  [${all(laps.checked)}] (after a 150 ms pause)`);
    console.log(`  hand pick → count      ${figures.pickMs} ms  [${all(laps.pick)}]`);
    console.log(`  rows in the page       ${renderedRows} (of ${n})`);
  }
}
