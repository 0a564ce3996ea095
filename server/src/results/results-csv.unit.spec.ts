import { DEMO_CONTEST, evolve, formatHundredths, type ContestState } from '@leitai/shared';
import { expect, test } from 'vitest';
import { resultsCsv } from './results-csv.ts';
import { buildResultsSheet, resultsTables } from './results-tables.ts';

function sheetWithTitle(title: string) {
  let s: ContestState | null = null;
  const definition = { ...DEMO_CONTEST, title };
  s = evolve(s, { type: 'ContestCreated', data: { contestId: 'd', joinCode: 'ABCD', definition, createdAt: 0 } }, 1);
  s = evolve(s, { type: 'StageStarted', data: { stageId: 'final', at: 1 } }, 2)!;
  return buildResultsSheet({ ...s, scores: { reflection: { c01: 8833, c02: 9012 } } }, 'final', 0)!;
}

test('CSV: a BOM, CRLF line ends, the title, then each table after a blank line, scores with two decimals', async () => {
  const sheet = sheetWithTitle('擂台赛 · 决赛');
  const bytes = await resultsCsv(sheet);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').split('\r\n');
  expect(lines.at(-1)).toBe('');
  const expected = ['擂台赛 · 决赛'];
  for (const table of resultsTables(sheet)) {
    expected.push('', table.title, table.header.join(','));
    for (const row of table.rows)
      expected.push(
        row.map((c) => (c === null ? '' : typeof c === 'string' ? c : formatHundredths(c.hundredths))).join(','),
      );
  }
  expect(lines.slice(0, -1)).toEqual(expected);
  expect(lines.join('\n')).toContain('88.33');
});

test('CSV: a field with a comma, a quote or a line break is quoted, its quotes doubled', async () => {
  const text = (await resultsCsv(sheetWithTitle('A "quoted", title\nline'))).subarray(3).toString('utf8');
  expect(text.startsWith('"A ""quoted"", title\nline"\r\n')).toBe(true);
});
