/**
 * The filter's measured sets (fixtures/evasions.txt, fixtures/ordinary.txt) and the figures
 * taken on them: shared by the fixture test and `npm run bench -- filter`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FilterOutcome, WordFilter } from './text-filter.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** One class of comments: its name and lines. */
export interface FixtureClass {
  name: string;
  lines: string[];
}

/** Lines of a fixture file by `[class]` section (lines before any section go to `fallback`). */
export function readFixture(file: string, fallback = 'all'): FixtureClass[] {
  const classes: FixtureClass[] = [];
  let current: FixtureClass | undefined;
  for (const raw of readFileSync(join(FIXTURES, file), 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const section = /^\[([a-z-]+)\]$/u.exec(line);
    if (section) {
      current = { name: section[1] ?? fallback, lines: [] };
      classes.push(current);
      continue;
    }
    if (!current) {
      current = { name: fallback, lines: [] };
      classes.push(current);
    }
    current.lines.push(line);
  }
  return classes;
}

/** What the filter did with one class. */
export interface ClassFigures {
  name: string;
  total: number;
  refused: number;
  held: number;
  passed: number;
  /** Lines with each outcome, for a report of what slipped through or was refused. */
  examples: Record<FilterOutcome, string[]>;
}

export function measureClass(filter: WordFilter, c: FixtureClass): ClassFigures {
  const f: ClassFigures = {
    name: c.name,
    total: c.lines.length,
    refused: 0,
    held: 0,
    passed: 0,
    examples: { refuse: [], review: [], pass: [] },
  };
  for (const line of c.lines) {
    const { outcome } = filter.judge(line);
    if (outcome === 'refuse') f.refused += 1;
    else if (outcome === 'review') f.held += 1;
    else f.passed += 1;
    f.examples[outcome].push(line);
  }
  return f;
}

/** Share of `n` in `total`, in percent with one decimal. */
export const pct = (n: number, total: number): number => (total === 0 ? 0 : Math.round((1000 * n) / total) / 10);
