/**
 * Sheets that add up: the demo final played through the protocol as an outside client would
 * (socket.io-client for the host, seven judges and three phones: required answers marked, a
 * mark taken back, buzzes, a knowledge correction with its reason, both judged segments), then
 * the results CSV and XLSX fetched over HTTP, and every total recomputed from the sheet's own
 * columns alone: raw scores + base points = subtotal; Σ weight × subtotal ÷ full marks, added
 * exactly and rounded half-up to hundredths once (domain.md, "Arithmetic"). Each trimmed mean
 * is recomputed from the judges' marks the sheet shows, skipping those marked as dropped.
 * A few totals are also worked out by hand below, so the recomputation cannot agree with a
 * wrong sheet by construction.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sleep, type ClientCommand, type ContestState } from '@leitai/shared';
import { connectScreen, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';
import { playPerformance } from '../support/judging-play.ts';

let t: TestContest;
let host: Screen;
const judges = new Map<string, Screen>();
const phones = new Map<string, Screen>();

beforeAll(async () => {
  t = await startWithDemo();
  host = await connectScreen(t.server.url, { token: t.token('host') });
  for (const j of ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7'])
    judges.set(j, await connectScreen(t.server.url, { token: t.token('judge', j) }));
  for (const c of ['c01', 'c02', 'c03'])
    phones.set(c, await connectScreen(t.server.url, { token: t.token('contestant', c) }));
});

afterAll(async () => {
  host.close();
  for (const s of [...judges.values(), ...phones.values()]) s.close();
  await t.cleanup();
});

/** A host command, retried while the per-socket rate limit says so; resolves with the host's state. */
async function run(command: ClientCommand): Promise<ContestState> {
  let ack = await host.send(command);
  while (!ack.ok && ack.error.code === 'RATE_LIMITED') {
    await sleep(60);
    ack = await host.send(command);
  }
  if (!ack.ok) throw new Error(`${command.type}: ${ack.error.code} ${ack.error.message}`);
  return host.waitForVersion(ack.position);
}

async function until(check: (s: ContestState) => boolean, timeoutMs = 8000): Promise<ContestState> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check(host.state())) return host.state();
    await sleep(10);
  }
  throw new Error('condition not reached');
}

async function requiredQuestion(contestantId: string, questionId: string, result: 'correct' | 'wrong') {
  const s = await run({
    type: 'PrepareQuestion',
    data: { segmentId: 'knowledge-required', questionId, contestantId },
  });
  const runNo = s.knowledge.active!.run;
  await run({ type: 'ShowQuestion', data: { run: runNo } });
  await run({ type: 'StartAnswerTimer', data: { run: runNo } });
  await run({ type: 'MarkAnswer', data: { run: runNo, result } });
  await run({ type: 'RevealAnswer', data: { run: runNo } });
}

async function buzzerQuestion(questionId: string, contestantId: string, result: 'correct' | 'wrong') {
  let s = await run({ type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId } });
  const runNo = s.knowledge.active!.run;
  await run({ type: 'ShowQuestion', data: { run: runNo } });
  s = await run({ type: 'ArmBuzzer', data: { run: runNo } });
  const { attempt, openAt } = s.knowledge.active!.buzz!;
  // The server's clock is this machine's: wait until the buzzer is open, then press (arrival order).
  await sleep(Math.max(0, openAt - Date.now()) + 80);
  const ack = await phones.get(contestantId)!.send({ type: 'Buzz', data: { run: runNo, attempt, pressedAt: null } });
  expect(ack.ok).toBe(true);
  await until((x) => x.knowledge.active?.buzz?.winnerId === contestantId);
  await run({ type: 'MarkAnswer', data: { run: runNo, result } });
  await run({ type: 'RevealAnswer', data: { run: runNo } });
}

test('a final played through the protocol', async () => {
  // 必答 (+10 correct, 0 wrong): c01 10, c02 0, c03 10, c04 marked correct then taken back → 0.
  await run({ type: 'StartSegment', data: { segmentId: 'knowledge-required' } });
  await requiredQuestion('c01', 'q01', 'correct');
  await requiredQuestion('c02', 'q02', 'wrong');
  await requiredQuestion('c03', 'q03', 'correct');
  await requiredQuestion('c04', 'q04', 'correct');
  await run({ type: 'UndoScore', data: { reason: '主持人误判：选手答案不完整' } });

  // 抢答 (+10 / −10): c02 right, c03 wrong, c01 right; then c03's penalty is halved by a correction.
  await run({ type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } });
  await buzzerQuestion('q21', 'c02', 'correct');
  await buzzerQuestion('q22', 'c03', 'wrong');
  await buzzerQuestion('q23', 'c01', 'correct');
  await run({
    type: 'CorrectScore',
    data: {
      segmentId: 'knowledge-buzzer',
      contestantId: 'c03',
      delta: 500,
      reason: '复核录像：抢答判罚过重，改为扣 5 分',
    },
  });

  await run({ type: 'StartSegment', data: { segmentId: 'reflection' } });
  // c01: drop 85.50 and 92 → (88+90+87+89+91)/5 = 89.00
  await playPerformance(host, judges, 'reflection', 'c01', {
    j1: 8800,
    j2: 9000,
    j3: 8550,
    j4: 9200,
    j5: 8700,
    j6: 8900,
    j7: 9100,
  });
  // c02: drop 90 and 95 → (93+94.5+92+93.25+91)/5 = 463.75/5 = 92.75
  await playPerformance(host, judges, 'reflection', 'c02', {
    j1: 9300,
    j2: 9450,
    j3: 9200,
    j4: 9500,
    j5: 9000,
    j6: 9325,
    j7: 9100,
  });
  // c03: drop 80 and 90 → (82+84+86+88+81)/5 = 84.20
  await playPerformance(host, judges, 'reflection', 'c03', {
    j1: 8000,
    j2: 8200,
    j3: 8400,
    j4: 8600,
    j5: 8800,
    j6: 9000,
    j7: 8100,
  });
  await run({ type: 'StartSegment', data: { segmentId: 'action' } });
  const rubric = { rubric: true };
  // c01: drop 80 and 97 → 452/5 = 90.40
  await playPerformance(
    host,
    judges,
    'action',
    'c01',
    { j1: 9000, j2: 8700, j3: 9400, j4: 8000, j5: 9200, j6: 8900, j7: 9700 },
    rubric,
  );
  // c02: drop 90 and 94 → (93.33+91+92.5+91.5+90.5)/5 = 458.83/5 = 91.766 → 91.77
  await playPerformance(
    host,
    judges,
    'action',
    'c02',
    { j1: 9333, j2: 9100, j3: 9250, j4: 9000, j5: 9400, j6: 9150, j7: 9050 },
    rubric,
  );
  // c03: drop 70 and 85 → 381/5 = 76.20
  await playPerformance(
    host,
    judges,
    'action',
    'c03',
    { j1: 7000, j2: 7500, j3: 7800, j4: 7200, j5: 8200, j6: 7400, j7: 8500 },
    rubric,
  );
  await host.waitForVersion(host.state().version);
  expect(host.state().scores['knowledge-buzzer']).toEqual({ c01: 1000, c02: 1000, c03: -500 });
});

// ---------------------------------------------------------------------------------------------
// Reading the sheet as a stranger would: only its header names and cells.

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF). */
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
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** "89.41" → 8941, "15" → 1500, "" → 0 (an unscored segment counts as 0); the exact hundredths of a decimal. */
function hundredths(text: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new Error(`not a number with at most two decimals: '${text}'`);
  if (text.trim() === '') return 0n;
  const value = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -value : value;
}
const cents = (text: string): bigint => (text.trim() === '' ? 0n : hundredths(text));

/** n / d rounded half away from zero (domain.md's half-up), for BigInt. */
function roundHalfUp(n: bigint, d: bigint): bigint {
  const neg = n < 0n !== d < 0n;
  const a = n < 0n ? -n : n;
  const b = d < 0n ? -d : d;
  const q = (2n * a + b) / (2n * b);
  return neg ? -q : q;
}

interface Recomputed {
  name: string;
  total: bigint;
}

/**
 * Recomputes every row's total of a totals table from its header and cells alone. A part is the
 * run of columns ending in "<part> 加权分"; inside it, "… 得分" and "<part> 基础分" add up to
 * "<part> 合计" (or a single "<part> 得分"), and "<part> 满分" and "<part> 权重(%)" weigh it.
 */
function recomputeTotals(header: string[], rows: string[][]): Recomputed[] {
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`no column '${name}' in ${header.join(' | ')}`);
    return i;
  };
  const parts: { name: string; inputs: number[]; subtotal: number; full: number; weight: number; weighted: number }[] =
    [];
  let start = header.indexOf('单位') + 1;
  header.forEach((h, i) => {
    if (!h.endsWith(' 加权分')) return;
    const name = h.slice(0, -' 加权分'.length);
    const group = header.slice(start, i).map((_, k) => start + k);
    const subtotal = header.includes(`${name} 合计`) ? col(`${name} 合计`) : col(`${name} 得分`);
    const inputs = group.filter(
      (k) => k !== subtotal && (header[k]!.endsWith(' 得分') || header[k] === `${name} 基础分`),
    );
    parts.push({ name, inputs, subtotal, full: col(`${name} 满分`), weight: col(`${name} 权重(%)`), weighted: i });
    start = i + 1;
  });
  expect(parts.length).toBeGreaterThan(0);
  return rows.map((row) => {
    let num = 0n;
    let den = 1n;
    for (const p of parts) {
      const subtotal = cents(row[p.subtotal]!);
      if (p.inputs.length > 0)
        expect(
          p.inputs.reduce((sum, k) => sum + cents(row[k]!), 0n),
          `${row[2]} ${p.name} 合计`,
        ).toBe(subtotal);
      const weight = hundredths(row[p.weight]!); // hundredths of a percent
      const full = hundredths(row[p.full]!);
      // weight × subtotal ÷ full is in hundredths of a point; add the exact fractions
      const n = weight * subtotal;
      expect(roundHalfUp(n, full), `${row[2]} ${p.name} 加权分`).toBe(cents(row[p.weighted]!));
      num = num * full + n * den;
      den = den * full;
    }
    const total = roundHalfUp(num, den);
    expect(total, `${row[2]} 总分`).toBe(hundredths(row[col('总分')]!));
    return { name: row[col('姓名')]!, total };
  });
}

/** Recomputes each judged row's trimmed mean from the marks shown, skipping the ones marked dropped. */
function recomputeTrimmedMeans(header: string[], rows: string[][]): number {
  const first = header.indexOf('姓名') + 1;
  const last = header.indexOf('去掉的分数');
  let checked = 0;
  for (const row of rows) {
    const kept = row
      .slice(first, last)
      .filter((c) => /^-?\d/.test(c) && !c.includes('去掉'))
      .map(hundredths);
    if (kept.length === 0) continue;
    const mean = roundHalfUp(
      kept.reduce((a, b) => a + b, 0n),
      BigInt(kept.length),
    );
    expect(mean, `${row[1]} 去尾平均`).toBe(hundredths(row[header.indexOf('去尾平均')]!));
    const corrections = row[header.indexOf('更正')] ? hundredths(row[header.indexOf('更正')]!.replace('+', '')) : 0n;
    expect(mean + corrections).toBe(hundredths(row[header.indexOf('得分')]!));
    checked++;
  }
  return checked;
}

/** The tables of the CSV: title line, header line, rows up to the next blank line. */
function csvTables(rows: string[][]): Map<string, { header: string[]; rows: string[][] }> {
  const tables = new Map<string, { header: string[]; rows: string[][] }>();
  for (let i = 1; i < rows.length; i++) {
    if (rows[i - 1]!.join('') !== '' || rows[i]!.join('') === '') continue;
    const title = rows[i]![0]!;
    const header = rows[i + 1] ?? [];
    const body: string[][] = [];
    for (let k = i + 2; k < rows.length && rows[k]!.join('') !== '' && rows[k]!.length === header.length; k++)
      body.push(rows[k]!);
    tables.set(title, { header, rows: body });
  }
  return tables;
}

const api = (path: string) =>
  fetch(`${t.server.url}${path}`, { headers: { Authorization: `Bearer ${t.token('host')}` } });

// Worked by hand (比知识: base 100 + 必答 + 抢答 of 150 at 15%; 悟思想 15%; 述行动 70%):
// c02: 15 × 110/150 = 11.00 + 15% × 92.75 = 13.9125 + 70% × 91.77 = 64.239 → 89.1515 → 89.15
// c01: 15 × 120/150 = 12.00 + 15% × 89.00 = 13.35   + 70% × 90.40 = 63.28  → 88.63
// c03: 15 × 105/150 = 10.50 + 15% × 84.20 = 12.63   + 70% × 76.20 = 53.34  → 76.47
// c05…c10: 15 × 100/150 = 10.00; c04's mark was taken back: 10.00 too.
const BY_HAND: Record<string, string> = { 89.15: 'c02', 88.63: 'c01', 76.47: 'c03' };

test('the CSV: every total recomputed from its own columns, every trimmed mean from its marks', async () => {
  const res = await api('/api/contests/demo/results/final/csv');
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes);
  expect(text.endsWith('\r\n')).toBe(true);
  const tables = csvTables(parseCsv(text));
  const totals = tables.get('决赛 总成绩')!;
  expect(totals.header).toEqual([
    '名次', '序号', '姓名', '单位',
    '比知识 · 必答 得分', '比知识 · 抢答 得分', '比知识 基础分', '比知识 合计', '比知识 满分', '比知识 权重(%)', '比知识 加权分',
    '悟思想 得分', '悟思想 满分', '悟思想 权重(%)', '悟思想 加权分',
    '述行动 得分', '述行动 满分', '述行动 权重(%)', '述行动 加权分',
    '总分', '奖项', '单项奖',
  ]); // prettier-ignore
  expect(totals.rows).toHaveLength(10);
  const recomputed = recomputeTotals(totals.header, totals.rows);
  const names = new Map(totals.rows.map((r) => [r[2]!, r]));
  for (const [total, id] of Object.entries(BY_HAND)) {
    const row = totals.rows.find((r) => r[1] === String(Number(id.slice(1))));
    expect(row?.[totals.header.indexOf('总分')], id).toBe(total);
  }
  expect(recomputed.filter((r) => r.total === 1000n)).toHaveLength(7);
  expect(names.size).toBe(10);

  const reflection = tables.get('决赛 悟思想 评委评分')!;
  const action = tables.get('决赛 述行动 评委评分')!;
  expect(recomputeTrimmedMeans(reflection.header, reflection.rows)).toBe(3);
  expect(recomputeTrimmedMeans(action.header, action.rows)).toBe(3);
  // each dropped mark is marked as such in its own cell, two per row
  expect(reflection.rows[0]!.filter((c) => c.endsWith('（去掉）'))).toHaveLength(2);

  const corrections = tables.get('决赛 成绩更正记录')!;
  const nameOfSeat = (seat: string) => totals.rows.find((r) => r[1] === seat)![2];
  expect(corrections.rows.map((r) => [r[4], r[5], r[6], r[7], r[8], r[9]])).toEqual([
    [nameOfSeat('4'), '撤销判分', '10.00', '-10.00', '0.00', '主持人误判：选手答案不完整'],
    [nameOfSeat('3'), '更正 k1', '-10.00', '+5.00', '-5.00', '复核录像：抢答判罚过重，改为扣 5 分'],
  ]);
});

test('the XLSX: the same recomputation over its numbers', async () => {
  const res = await api('/api/contests/demo/results/final/xlsx');
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const sheetRows = (name: string): string[][] => {
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`no worksheet ${name}`);
    const out: string[][] = [];
    ws.eachRow((row) => {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) {
        const v = row.getCell(c).value;
        // numbers are binary floats in a workbook: take them to exact hundredths with two decimals
        cells.push(typeof v === 'number' ? (Math.round(v * 100) / 100).toFixed(2) : typeof v === 'string' ? v : '');
      }
      out.push(cells);
    });
    return out;
  };
  const totals = sheetRows('总成绩');
  const header = totals[1]!.slice(0, totals[1]!.findLastIndex((h) => h !== '') + 1);
  const body = totals
    .slice(2)
    .filter((r) => /^\d+$/.test(r[0] ?? ''))
    .map((r) => r.slice(0, header.length));
  expect(body).toHaveLength(10);
  const recomputed = recomputeTotals(header, body);
  expect(recomputed.map((r) => r.total).slice(0, 3)).toEqual([8915n, 8863n, 7647n]);
  const judged = sheetRows('悟思想');
  // a dropped mark is a number in its cell, struck through and with a note: the text form carries it here
  const ws = wb.getWorksheet('悟思想')!;
  let struck = 0;
  ws.eachRow((row) => row.eachCell((cell) => (struck += cell.font?.strike ? 1 : 0)));
  expect(struck).toBe(6);
  expect(judged.length).toBeGreaterThan(3);
  expect(wb.getWorksheet('更正记录')).toBeDefined();
});
