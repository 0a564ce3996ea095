/**
 * The comment filter on its fixture sets (server/src/audience/fixtures): per evasion class the
 * share refused or held, on ordinary comments the share refused and held, and throughput
 * (comments per second through `WordFilter.judge`, one core, the sets cycled).
 *
 *   npm run bench -- filter [--seconds 3] [--json] [--show]
 *
 * `--show` lists the lines that slipped through (evasions) or were refused (ordinary). Bounded:
 * the throughput loop runs `--seconds` (default 3, at most 30), after a one-second warm-up.
 */
import { DEFAULT_WORDS } from '../../server/src/audience/default-words.ts';
import { measureClass, pct, readFixture } from '../../server/src/audience/filter-fixtures.ts';
import { WordFilter } from '../../server/src/audience/text-filter.ts';

export interface FilterBench {
  bench: 'filter';
  classes: { name: string; total: number; refusedPct: number; heldPct: number; caughtPct: number }[];
  evasionsCaughtPct: number;
  ordinary: { total: number; refusedPct: number; heldPct: number };
  /** Time to build the filter from the shipped list (first build includes loading the dictionaries). */
  buildMs: number;
  rebuildMs: number;
  commentsPerSecond: number;
  /** Mean time of one judgement, µs. */
  meanUs: number;
}

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const show = args.includes('--show');
  const seconds = Math.min(30, Math.max(1, Number(arg(args, '--seconds') ?? 3) || 3));

  let t = performance.now();
  const filter = new WordFilter(DEFAULT_WORDS);
  const buildMs = performance.now() - t;
  t = performance.now();
  new WordFilter(DEFAULT_WORDS);
  const rebuildMs = performance.now() - t;

  const evasions = readFixture('evasions.txt');
  const ordinary = readFixture('ordinary.txt', 'ordinary');
  const result: FilterBench = {
    bench: 'filter',
    classes: [],
    evasionsCaughtPct: 0,
    ordinary: { total: 0, refusedPct: 0, heldPct: 0 },
    buildMs: Math.round(buildMs),
    rebuildMs: Math.round(rebuildMs),
    commentsPerSecond: 0,
    meanUs: 0,
  };
  const out = (line: string) => {
    if (!json) process.stdout.write(`${line}\n`);
  };
  out(
    `filter: ${filter.words.length} entries, ${filter.patternCount} patterns; build ${result.buildMs} ms (again: ${result.rebuildMs} ms)`,
  );
  out('class        lines  refused  held   caught');
  let caught = 0;
  let total = 0;
  for (const c of evasions) {
    const m = measureClass(filter, c);
    caught += m.refused + m.held;
    total += m.total;
    const row = {
      name: c.name,
      total: m.total,
      refusedPct: pct(m.refused, m.total),
      heldPct: pct(m.held, m.total),
      caughtPct: pct(m.refused + m.held, m.total),
    };
    result.classes.push(row);
    out(
      `${row.name.padEnd(12)} ${String(row.total).padStart(5)}  ${`${row.refusedPct}%`.padStart(7)}  ${`${row.heldPct}%`.padStart(5)}  ${`${row.caughtPct}%`.padStart(6)}`,
    );
    if (show && m.examples.pass.length > 0) out(`  passed: ${m.examples.pass.join(' | ')}`);
  }
  result.evasionsCaughtPct = pct(caught, total);
  out(`all evasions ${String(total).padStart(5)}  caught ${result.evasionsCaughtPct}% (target ≥ 95%)`);
  const lines: string[] = [];
  for (const c of ordinary) {
    const m = measureClass(filter, c);
    result.ordinary = { total: m.total, refusedPct: pct(m.refused, m.total), heldPct: pct(m.held, m.total) };
    out(
      `ordinary     ${String(m.total).padStart(5)}  refused ${result.ordinary.refusedPct}% (target ≤ 2%), held ${result.ordinary.heldPct}%`,
    );
    if (show && m.examples.refuse.length > 0) out(`  refused: ${m.examples.refuse.join(' | ')}`);
    if (show && m.examples.review.length > 0) out(`  held: ${m.examples.review.join(' | ')}`);
    lines.push(...c.lines);
  }
  for (const c of evasions) lines.push(...c.lines);

  // Throughput: the whole mix (ordinary and evasions) cycled; warm up first so the JIT settles.
  const loop = (ms: number): number => {
    const start = performance.now();
    let n = 0;
    while (performance.now() - start < ms) {
      for (const line of lines) filter.judge(line);
      n += lines.length;
    }
    return n / ((performance.now() - start) / 1000);
  };
  loop(1000);
  result.commentsPerSecond = Math.round(loop(seconds * 1000));
  result.meanUs = Math.round((1e6 / result.commentsPerSecond) * 10) / 10;
  out(`throughput   ${result.commentsPerSecond} comments/s on one core (mean ${result.meanUs} µs), ${seconds} s`);
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  await Promise.resolve();
}
