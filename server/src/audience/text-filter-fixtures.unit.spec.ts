import { describe, expect, it } from 'vitest';
import { DEFAULT_WORDS } from './default-words.ts';
import { measureClass, readFixture } from './filter-fixtures.ts';
import { WordFilter } from './text-filter.ts';

// The shipped list against sets written apart from it (fixtures/README.md). The thresholds are
// the issue's: at least 95% of evasions refused or held, at most 2% of ordinary comments refused.
const filter = new WordFilter(DEFAULT_WORDS);
const evasions = readFixture('evasions.txt');
const ordinary = readFixture('ordinary.txt', 'ordinary');

describe('filter on the fixture sets', () => {
  it('has at least 100 evasions in each of the six classes and 300 ordinary comments', () => {
    expect(evasions.map((c) => c.name).sort()).toEqual(['contact', 'homoglyph', 'insult', 'leet', 'link', 'mixed']);
    for (const c of evasions) expect(c.lines.length, c.name).toBeGreaterThanOrEqual(100);
    expect(ordinary.flatMap((c) => c.lines).length).toBeGreaterThanOrEqual(300);
  });

  it('refuses or holds at least 95% of the evasions, and at least 90% of each class', () => {
    let caught = 0;
    let total = 0;
    for (const c of evasions) {
      const m = measureClass(filter, c);
      caught += m.refused + m.held;
      total += m.total;
      expect(
        (m.refused + m.held) / m.total,
        `${c.name}: passed ${JSON.stringify(m.examples.pass)}`,
      ).toBeGreaterThanOrEqual(0.9);
    }
    expect(caught / total).toBeGreaterThanOrEqual(0.95);
  });

  it('refuses at most 2% of ordinary comments', () => {
    for (const c of ordinary) {
      const m = measureClass(filter, c);
      expect(m.refused / m.total, `refused ${JSON.stringify(m.examples.refuse)}`).toBeLessThanOrEqual(0.02);
    }
  });
});
