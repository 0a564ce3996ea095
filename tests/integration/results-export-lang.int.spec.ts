/**
 * The results exports in both languages: `?lang=en` gives English headings, titles, notes and
 * sheet names; zh-CN stays the default; every number is the same in both, cell for cell. A
 * language the server does not offer is refused with a typed error.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { startWithDemo, type TestContest } from '../support/harness.ts';
import { connectFinalNight, type FinalNight } from '../support/final-night.ts';
import { must, playPerformance } from '../support/judging-play.ts';
import { connectScreen } from '../support/harness.ts';
import { connectTaker, writtenContest, WRITTEN_SEGMENT } from '../support/written-takers.ts';

let t: TestContest;
let night: FinalNight;

beforeAll(async () => {
  t = await startWithDemo();
  night = await connectFinalNight(t);
  // A knowledge question for two contestants, one judged performance scored and revealed.
  for (const [i, c] of ['c01', 'c02'].entries()) {
    const run = await night.showQuestion(c);
    await must(night.host, { type: 'MarkAnswer', data: { run, result: i === 0 ? 'correct' : 'wrong' } });
    await must(night.host, { type: 'FinishQuestion', data: { run } });
  }
  const started = await must(night.host, { type: 'StartSegment', data: { segmentId: 'reflection' } });
  for (const j of night.judges.values()) await j.waitForVersion(started);
  const scores = Object.fromEntries([...night.judges.keys()].map((j, i) => [j, 8000 + i * 123]));
  await night.host.waitForVersion(await playPerformance(night.host, night.judges, 'reflection', 'c01', scores));
});

afterAll(async () => {
  night?.close();
  await t?.cleanup();
});

const get = (path: string) =>
  fetch(`${t.server.url}/api/contests/demo/results/final/${path}`, {
    headers: { authorization: `Bearer ${t.token('host')}` },
  });

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF) as rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      rows.push([...row, field.replace(/\r$/, '')]);
      row = [];
      field = '';
    } else field += ch;
  }
  return rows;
}

const NUMBER = /^-?\d+(\.\d+)?$/;
/** The numbers of a table, by position (row, column): what must not depend on the language. */
const numbersOf = (rows: string[][]) =>
  rows.flatMap((r, i) =>
    r.flatMap((cell, j) =>
      NUMBER.test(cell.replace(/（.*）$| \(.*\)$/, '')) ? [`${i}:${j}:${cell.replace(/（.*）$| \(.*\)$/, '')}`] : [],
    ),
  );

test('CSV: English headings with ?lang=en, Chinese by default, the same numbers', async () => {
  const zhRes = await get('csv');
  const enRes = await get('csv?lang=en');
  expect(zhRes.status).toBe(200);
  expect(enRes.status).toBe(200);
  expect(enRes.headers.get('content-type')).toContain('text/csv');
  const zh = parseCsv((await zhRes.text()).replace(/^\uFEFF/, ''));
  const en = parseCsv((await enRes.text()).replace(/^\uFEFF/, ''));
  // zh-CN is the default, asked for or not.
  expect(parseCsv((await (await get('csv?lang=zh-CN')).text()).replace(/^\uFEFF/, ''))).toEqual(zh);

  // Same shape, same numbers.
  expect(en.map((r) => r.length)).toEqual(zh.map((r) => r.length));
  expect(numbersOf(en)).toEqual(numbersOf(zh));
  expect(numbersOf(zh).length).toBeGreaterThan(50);
  // Headings: the totals table's, in each language.
  const zhTotals = zh.find((r) => r[0] === '名次')!;
  const enTotals = en.find((r) => r[0] === 'Rank')!;
  expect(zhTotals.slice(0, 4)).toEqual(['名次', '序号', '姓名', '单位']);
  expect(enTotals.slice(0, 4)).toEqual(['Rank', 'No.', 'Name', 'Unit']);
  expect(enTotals.slice(-3)).toEqual(['Total', 'Award', 'Single-item awards']);
  expect(enTotals.some((h) => h.endsWith(' weight (%)'))).toBe(true);
  expect(en.find((r) => r.includes('Trimmed mean'))).toBeDefined();
  expect(en.some((r) => r[0]?.startsWith('Total = Σ weight (%)'))).toBe(true);
  // No Chinese label left in the English file's headings and notes (names and titles are the contest's own).
  const headings = en.filter((r) => r[0] === 'Rank' || r[0] === 'No.' || r[0] === 'Log version');
  expect(headings.length).toBeGreaterThan(1);
  const authored = new Set([
    ...t.server.service
      .get('demo')!
      .state!.definition.stages.flatMap((s) => [s.name, ...s.segments.map((g) => g.name)]),
    ...(t.server.service.get('demo')!.state!.definition.stages[0]!.parts ?? []).map((p) => p.name),
    ...t.server.service.get('demo')!.state!.definition.judges.map((j) => j.name),
  ]);
  for (const h of headings.flat()) {
    const withoutAuthored = [...authored].reduce((text, name) => text.replaceAll(name, ''), h);
    expect(withoutAuthored, h).not.toMatch(/[\u4e00-\u9fff]/);
  }
  // A dropped mark's note in each language.
  expect(zh.flat().some((c) => c.endsWith('（去掉）'))).toBe(true);
  expect(en.flat().some((c) => c.endsWith(' (dropped)'))).toBe(true);
});

test('XLSX: English sheet names and headings with ?lang=en, the same numbers in every sheet', async () => {
  const read = async (path: string) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    return wb;
  };
  const zh = await read('xlsx');
  const en = await read('xlsx?lang=en');
  const names = (wb: ExcelJS.Workbook) => wb.worksheets.map((ws) => ws.name);
  expect(names(zh)[0]).toBe('总成绩');
  expect(names(en)[0]).toBe('Totals');
  expect(names(en)).toContain('Corrections');
  expect(names(zh)).toContain('更正记录');
  expect(names(en).length).toBe(names(zh).length);
  const numbers = (ws: ExcelJS.Worksheet) => {
    const out: string[] = [];
    ws.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        if (typeof cell.value === 'number') out.push(`${r}:${c}:${cell.value}`);
      }),
    );
    return out;
  };
  let total = 0;
  zh.worksheets.forEach((ws, i) => {
    const other = en.worksheets[i]!;
    expect(numbers(other), ws.name).toEqual(numbers(ws));
    total += numbers(ws).length;
  });
  expect(total).toBeGreaterThan(50);
  expect(en.worksheets[0]!.getRow(2).getCell(1).value).toBe('Rank');
  expect(zh.worksheets[0]!.getRow(2).getCell(1).value).toBe('名次');
});

test('a language the exports do not offer is refused (400 BAD_REQUEST), with nothing exported', async () => {
  const res = await get('csv?lang=fr');
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
});

test('the written test export: English headings with ?lang=en, the same rows and numbers', async () => {
  const created = await t.server.service.create(writtenContest(), { contestId: 'written' });
  if (!created.ok) throw new Error(created.error.message);
  const token = created.contest.seats.find((s) => s.role === 'host')!.token;
  const host = await connectScreen(t.server.url, { token });
  const api = (path: string) =>
    fetch(`${t.server.url}/api/contests/written/written/${WRITTEN_SEGMENT}/${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  const { links } = (await (await api('links')).json()) as { links: { url: string }[] };
  const taker = await connectTaker(t.server.url, links[0]!.url.split('#token=')[1]!, 'taker-device-1');
  await must(host, { type: 'OpenWrittenTest', data: { segmentId: WRITTEN_SEGMENT } });
  await taker.waitForView((v) => v.testStatus === 'open');
  const opened = await taker.open();
  if (!opened.ok) throw new Error(opened.error.message);
  const q = opened.paper.questions[0]!;
  expect((await taker.save(q.id, [q.options?.[0]?.key ?? 'A'])).ok).toBe(true);
  expect((await taker.submit()).ok).toBe(true);
  await must(host, { type: 'CloseWrittenTest', data: { segmentId: WRITTEN_SEGMENT } });
  const zh = parseCsv((await (await api('export.csv')).text()).replace(/^\uFEFF/, ''));
  const en = parseCsv((await (await api('export.csv?lang=en')).text()).replace(/^\uFEFF/, ''));
  expect(zh[0]!.slice(0, 3)).toEqual(['编号 id', '姓名 name', '单位 unit']);
  expect(en[0]!.slice(0, 8)).toEqual([
    'ID',
    'Name',
    'Unit',
    'Group',
    'Status',
    'Score',
    'Focus losses',
    'Device takeovers',
  ]);
  expect(en[1]![1]).toBe('Key');
  expect(en.map((r) => r.length)).toEqual(zh.map((r) => r.length));
  // Every cell but the headings and the status words is the same (ids, names, scores, answers).
  const rest = (rows: string[][]) => rows.slice(1).map((r) => r.filter((_, i) => i !== 1 && i !== 4));
  expect(rest(en)).toEqual(rest(zh));
  expect(en.some((r) => r[4] === 'submitted')).toBe(true);
  expect(numbersOf(en)).toEqual(numbersOf(zh));
  const xlsx = await api('export.xlsx?lang=en');
  expect(xlsx.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
  expect(wb.worksheets[0]!.getRow(1).getCell(1).value).toBe('ID');
  expect((await api('export.csv?lang=de')).status).toBe(400);
  taker.close();
  host.close();
});
