/**
 * Question-bank and roster import over HTTP against a real server on port 0 and a real SQLite
 * file: templates, preview (nothing stored), confirm (a replacement contest), bad input, and the
 * export → import round trip. Workbooks are written here with ExcelJS, as an organiser's Excel
 * or WPS would save them.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import {
  DEMO_CONTEST,
  FOUR_OPTION_BANK_FIELDS,
  THREE_STAGE_CONTEST,
  templateHeadings,
  type ContestFile,
  type ImportIssue,
  type Question,
} from '@leitai/shared';
import { startWithDemo, type TestContest } from '../support/harness.ts';

let t: TestContest;
beforeEach(async () => {
  t = await startWithDemo();
});
afterEach(async () => {
  await t.cleanup();
});

const host = () => ({ authorization: `Bearer ${t.token('host')}` });

async function post(path: string, body: Buffer, headers: Record<string, string> = host()) {
  const res = await fetch(`${t.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...headers },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const preview = (kind: 'questions' | 'roster', file: Buffer) => post(`/api/contests/demo/import/${kind}/preview`, file);
const confirm = (kind: 'questions' | 'roster', file: Buffer) => post(`/api/contests/demo/import/${kind}`, file);

async function workbook(
  rows: ExcelJS.CellValue[][],
  edit?: (ws: ExcelJS.Worksheet) => void,
  name = '题库',
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  for (const r of rows) ws.addRow(r);
  edit?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// The template's columns, with one variant heading organisers use ('知识点/标签' for both).
const HEAD = [
  ...templateHeadings(FOUR_OPTION_BANK_FIELDS.filter((f) => f !== 'category' && f !== 'tags')),
  '知识点/标签',
];
const questionRows = (n: number): ExcelJS.CellValue[][] =>
  Array.from({ length: n }, (_, i) =>
    i % 3 === 0
      ? ['单选题', `第${i + 1}题：哪一项正确？`, '甲', '乙', '丙', '丁', 'B', '乙是对的', 10, 30, '中等', '党史']
      : i % 3 === 1
        ? ['多选题', `第${i + 1}题：哪些正确？`, '甲', '乙', '丙', '丁', 'ABD', '', 5, '', 2, '']
        : ['判断题', `第${i + 1}题：这句话对吗？`, '', '', '', '', i % 2 ? '正确' : '×', '', '', 20, '', ''],
  );

/** Nothing was imported: still one contest, the demo, with its own bank and roster, and its host link works. */
async function assertNothingImported() {
  expect(t.server.service.list().map((s) => s.contestId)).toEqual(['demo']);
  const def = t.server.service.get('demo')?.state?.definition;
  expect(def?.questions).toEqual(DEMO_CONTEST.questions);
  expect(def?.contestants).toEqual(DEMO_CONTEST.contestants);
  const res = await fetch(`${t.server.url}/api/contests/demo/seats`, { headers: host() });
  expect(res.status).toBe(200);
}

const errorsOf = (body: Record<string, unknown>) =>
  (body['issues'] as ImportIssue[]).filter((i) => i.severity === 'error').map((i) => i.message.zh);

test('the template downloads with zh-CN headings, an example of each kind and a notes sheet; filled in, it imports', async () => {
  const res = await fetch(`${t.server.url}/api/authoring/templates/questions.xlsx`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  expect(wb.worksheets.map((w) => w.name)).toEqual(['题库', '说明']);
  // The notes say what 分值 and 限时 do: kept with the question, but the segments score and time.
  const notesSheet = wb.getWorksheet('说明') as ExcelJS.Worksheet;
  const notes = notesSheet
    .getColumn(1)
    .values.map((v) => (typeof v === 'string' ? v : ''))
    .join('\n');
  expect(notes).toContain('不决定计分和计时');
  expect(notes).toContain("scoring and timing follow each segment's settings");
  const bank = wb.getWorksheet('题库') as ExcelJS.Worksheet;
  expect((bank.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['编号', '题型', '题干']);
  expect(bank.rowCount).toBe(5);
  // The organiser replaces the examples with 30 questions of their own.
  questionRows(30).forEach((r, i) => {
    bank.getRow(2 + i).values = [
      null,
      r[0],
      r[1],
      r[2],
      r[3],
      r[4],
      r[5],
      null,
      null,
      r[6],
      r[7],
      r[8],
      r[9],
      r[10],
      r[11],
      null,
    ];
  });
  const filled = Buffer.from(await wb.xlsx.writeBuffer());

  const p = await preview('questions', filled);
  expect(p.status).toBe(200);
  expect(p.body['issues']).toEqual([]);
  expect(p.body['ok']).toBe(true);
  expect((p.body['items'] as unknown[]).length).toBe(30);
  await assertNothingImported();

  const c = await confirm('questions', filled);
  expect(c.status).toBe(201);
  const newId = c.body['contestId'] as string;
  const def = t.server.service.get(newId)?.state?.definition as ContestFile;
  expect(def.questions).toHaveLength(30);
  expect(def.questions[0]).toEqual({
    id: 'q0001',
    kind: 'single',
    text: '第1题：哪一项正确？',
    options: [
      { key: 'A', text: '甲' },
      { key: 'B', text: '乙' },
      { key: 'C', text: '丙' },
      { key: 'D', text: '丁' },
    ],
    answer: ['B'],
    explanation: '乙是对的',
    points: 10,
    seconds: 30,
    difficulty: 3,
    category: '党史',
  });
  expect(def.contestants).toEqual(DEMO_CONTEST.contestants);
  // The draft's links are revoked; the replacement's host link is in the answer.
  const old = await fetch(`${t.server.url}/api/contests/demo/seats`, { headers: host() });
  expect(old.status).toBe(401);
  expect((c.body['seats'] as { role: string }[]).some((s) => s.role === 'host')).toBe(true);
});

test('wrong headings: a clear error, nothing imported', async () => {
  const file = await workbook([
    ['名称', '内容', '备选'],
    ['x', 'y', 'z'],
  ]);
  const p = await preview('questions', file);
  expect(errorsOf(p.body)).toEqual(['第 1 行：找不到表头行（第一行应是列名，例如 「题干」、「答案」）']);
  const partial = await workbook([
    ['题型', '题目'],
    ['单选题', 'y'],
  ]);
  expect(errorsOf((await preview('questions', partial)).body)).toEqual([
    '第 1 行：缺少「答案」列（也可写作 「答案」、「正确答案」、「参考答案」、「标准答案」）',
  ]);
  const c = await confirm('questions', partial);
  expect(c.status).toBe(400);
  expect((c.body['error'] as { zh: string }).zh).toBe('导入有 1 处错误，未导入任何内容');
  await assertNothingImported();
});

test('an answer that is not an option, by row and column', async () => {
  const rows = questionRows(12);
  (rows[10] as ExcelJS.CellValue[])[6] = 'E';
  (rows[10] as ExcelJS.CellValue[])[0] = '单选题';
  const file = await workbook([HEAD, ...rows]);
  expect(errorsOf((await preview('questions', file)).body)).toEqual(['第 12 行「答案」列：E 不是此题的选项']);
  expect((await confirm('questions', file)).status).toBe(400);
  await assertNothingImported();
});

test('a merged cell and a formula cell are refused with the fix to make', async () => {
  const merged = await workbook([HEAD, ...questionRows(4)], (ws) => ws.mergeCells('B3:B4'));
  expect(errorsOf((await preview('questions', merged)).body)).toEqual([
    '第 3 行「题干」列：这是合并单元格，请取消合并，并在每一行填写完整',
    '第 4 行「题干」列：这是合并单元格，请取消合并，并在每一行填写完整',
  ]);
  expect((await confirm('questions', merged)).status).toBe(400);
  const formula = await workbook([HEAD, ...questionRows(3)], (ws) => {
    ws.getCell('I2').value = { formula: '5*2', result: 10 };
  });
  expect(errorsOf((await preview('questions', formula)).body)).toEqual([
    '第 2 行「分值」列：这是公式单元格（显示为 10），请复制后「选择性粘贴 → 数值」再导入',
  ]);
  expect((await confirm('questions', formula)).status).toBe(400);
  await assertNothingImported();
});

test('an empty row in the middle is skipped with a note (documented), and the rest imports', async () => {
  const rows = questionRows(6);
  const file = await workbook([HEAD, ...rows.slice(0, 3), [], ...rows.slice(3)]);
  const p = await preview('questions', file);
  expect(p.body['ok']).toBe(true);
  expect((p.body['issues'] as ImportIssue[]).map((i) => [i.severity, i.message.zh])).toEqual([
    ['warning', '第 5 行：空行，已跳过'],
  ]);
  expect((p.body['items'] as { row: number }[]).map((i) => i.row)).toEqual([2, 3, 4, 6, 7, 8]);
});

test('a 50 MB file is refused before it is read; a file that is not a workbook is refused', async () => {
  const big = Buffer.alloc(50 * 1024 * 1024, 0x41);
  const p = await preview('questions', big);
  expect(p.status).toBe(413);
  expect((p.body['error'] as { zh: string }).zh).toBe('文件太大：上限为 20 MB。请删去图片和无关的工作表后再上传');
  expect((await confirm('questions', big)).status).toBe(413);

  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const r = await preview('questions', png);
  expect(r.status).toBe(400);
  expect((r.body['error'] as { zh: string }).zh).toBe(
    '这不是 Excel 工作簿（.xlsx）或 CSV 文件：请用下载的模板填写后上传',
  );
  const zip = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(200, 7)]);
  expect(((await preview('questions', zip)).body['error'] as { zh: string }).zh).toBe(
    '文件无法作为 Excel 工作簿（.xlsx）打开，可能已损坏或不是工作簿',
  );
  const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(100)]);
  expect(((await preview('questions', xls)).body['error'] as { zh: string }).zh).toContain('旧版 Excel（.xls）');
  expect((await post('/api/contests/demo/import/questions', Buffer.alloc(0))).status).toBe(400);
  await assertNothingImported();
});

test('CSV in GBK (WPS, older Excel) and in UTF-8 with a byte-order mark decode to the same questions', async () => {
  const csv = [
    '题型,题干,选项A,选项B,答案',
    '单选题,"中国共产党成立于哪一年？",1921年,1949年,A',
    '判断题,遵义会议是转折点。,,,对',
  ].join('\r\n');
  const gbk = await preview('questions', iconv.encode(csv, 'gbk'));
  expect(gbk.body['encoding']).toBe('gb18030');
  const bom = await preview('questions', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]));
  expect(bom.body['encoding']).toBe('utf-8');
  expect(gbk.body['issues']).toEqual([]);
  expect(gbk.body['items']).toEqual(bom.body['items']);
  expect((gbk.body['items'] as { question: Question }[])[0]?.question.text).toBe('中国共产党成立于哪一年？');
  expect((await confirm('questions', iconv.encode(csv, 'gb18030'))).status).toBe(201);
});

test('only the host of the contest or the admin may preview, confirm or export', async () => {
  const file = await workbook([HEAD, ...questionRows(2)]);
  expect((await post('/api/contests/demo/import/questions/preview', file, {})).status).toBe(401);
  const judge = { authorization: `Bearer ${t.token('judge', DEMO_CONTEST.judges[0]?.id)}` };
  expect((await post('/api/contests/demo/import/questions', file, judge)).status).toBe(403);
  expect((await fetch(`${t.server.url}/api/contests/demo/export/roster.xlsx`, { headers: judge })).status).toBe(403);
  const admin = { authorization: `Bearer ${t.server.adminToken}` };
  expect((await post('/api/contests/demo/import/questions/preview', file, admin)).status).toBe(200);
  await assertNothingImported();
});

test('a contest that has started keeps its bank: confirm is refused', async () => {
  const stageId = DEMO_CONTEST.stages[0]?.id as string;
  const ack = await t.server.service.get('demo')?.execute({ type: 'StartStage', data: { stageId } }, { role: 'host' });
  expect(ack?.ok).toBe(true);
  const file = await workbook([HEAD, ...questionRows(2)]);
  const p = await preview('questions', file);
  expect(p.body['started']).toBe('a stage has started');
  const c = await confirm('questions', file);
  expect(c.status).toBe(409);
  expect(t.server.service.list()).toHaveLength(1);
});

test('export → import round trip: the same bank and the same roster', async () => {
  const get = async (path: string) => {
    const res = await fetch(`${t.server.url}${path}`, { headers: host() });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  const bank = await get('/api/contests/demo/export/questions.xlsx');
  const roster = await get('/api/contests/demo/export/roster.xlsx');
  const pb = await preview('questions', bank);
  expect(pb.body['issues']).toEqual([]);
  expect((pb.body['items'] as { question: Question }[]).map((i) => i.question)).toEqual(DEMO_CONTEST.questions);

  const c1 = await confirm('questions', bank);
  expect(c1.status).toBe(201);
  const id1 = c1.body['contestId'] as string;
  expect(t.server.service.get(id1)?.state?.definition).toEqual(DEMO_CONTEST);

  const hostOf = (body: Record<string, unknown>) =>
    new URL((body['seats'] as { role: string; url: string }[]).find((s) => s.role === 'host')?.url ?? '').hash.slice(7);
  const c2 = await post(`/api/contests/${id1}/import/roster`, roster, { authorization: `Bearer ${hostOf(c1.body)}` });
  expect(c2.status).toBe(201);
  // The whole contest is identical: bank, roster, and the groups and panels that refer to them.
  expect(t.server.service.get(c2.body['contestId'] as string)?.state?.definition).toEqual(DEMO_CONTEST);
});

test('roster import: contestants and judges with row/column errors, groups and seeds applied', async () => {
  const wb = new ExcelJS.Workbook();
  const cs = wb.addWorksheet('选手');
  cs.addRow(['姓名', '单位', '组别', '座位号', '导师', '种子']);
  for (let i = 1; i <= 10; i++) cs.addRow([`选手${i}`, `第${i}支部`, i <= 5 ? '第一组' : '第二组', i, '', '']);
  const js = wb.addWorksheet('评委');
  js.addRow(['姓名', '职务']);
  for (let i = 1; i <= 5; i++) js.addRow([`评委${i}`, '教授']);
  const good = Buffer.from(await wb.xlsx.writeBuffer());
  const p = await preview('roster', good);
  expect(p.body['issues']).toEqual([]);
  expect((p.body['contestants'] as unknown[]).length).toBe(10);
  expect((p.body['judges'] as unknown[]).length).toBe(5);
  const c = await confirm('roster', good);
  expect(c.status).toBe(201);
  const def = t.server.service.get(c.body['contestId'] as string)?.state?.definition as ContestFile;
  expect(def.contestants.map((x) => x.id)).toEqual([
    'p01',
    'p02',
    'p03',
    'p04',
    'p05',
    'p06',
    'p07',
    'p08',
    'p09',
    'p10',
  ]);
  expect(def.judges.map((j) => j.name)).toEqual(['评委1', '评委2', '评委3', '评委4', '评委5']);
  expect(def.stages[0]?.groups.flatMap((g) => g.contestantIds)).toHaveLength(10);

  cs.getCell('D3').value = 1;
  cs.getCell('F4').value = '半决赛';
  cs.getCell('A5').value = '';
  const bad = Buffer.from(await wb.xlsx.writeBuffer());
  const b = await post(`/api/contests/${c.body['contestId'] as string}/import/roster/preview`, bad, {
    authorization: `Bearer ${new URL((c.body['seats'] as { role: string; url: string }[]).find((s) => s.role === 'host')?.url ?? '').hash.slice(7)}`,
  });
  expect(errorsOf(b.body)).toEqual([
    '工作表「选手」第 3 行「座位号」列：座位号 1 与第 2 行重复',
    '工作表「选手」第 5 行「姓名」列：不能为空',
    `第 4 行「种子(直通赛段)」列：「半决赛」不是本场比赛的赛段（可填：${DEMO_CONTEST.stages.map((s) => s.name).join('、')}）`,
  ]);
});

test("a bank that leaves a written paper short is refused: its full marks are no longer the paper's total", async () => {
  // The three-stage preliminary: a written paper of 5 questions × 20 points, full marks 100.
  const created = await t.server.service.create(THREE_STAGE_CONTEST, { contestId: 'season' });
  if (!created.ok) throw new Error(created.error.message);
  const auth = { authorization: `Bearer ${created.contest.seats.find((s) => s.role === 'host')!.token}` };
  const res = await fetch(`${t.server.url}/api/contests/season/export/questions.xlsx`, { headers: auth });
  expect(res.status).toBe(200);
  // The organiser deletes q11's row (a question of the paper) and imports the bank again.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.worksheets[0]!;
  let row = 0;
  ws.eachRow((r, n) => {
    if (r.values && (r.values as ExcelJS.CellValue[]).includes('q11')) row = n;
  });
  expect(row).toBeGreaterThan(0);
  ws.spliceRows(row, 1);
  const bank = Buffer.from(await wb.xlsx.writeBuffer());
  const c = await post('/api/contests/season/import/questions', bank, auth);
  expect(c.status).toBe(400);
  const error = c.body['error'] as { code: string; zh: string };
  expect(error.code).toBe('INVALID_CONTEST');
  expect(error.zh).toContain('环节「理论测试」（笔试） · 满分：满分 100 与试卷总分 80 不一致（4 道题 × 每题 20 分）');
  const problems = c.body['problems'] as { path: string; message: { en: string } }[];
  expect(problems).toContainEqual(
    expect.objectContaining({
      path: 'stages[0].segments[0].fullMarks',
      message: expect.objectContaining({
        en: "full marks 100 of written segment 'prelim-written' are not its paper's total 80 (4 questions × 20 points)",
      }) as unknown,
    }),
  );
  // Nothing changed: the contest keeps its bank.
  expect(
    t.server.service
      .list()
      .map((x) => x.contestId)
      .sort(),
  ).toEqual(['demo', 'season']);
  expect(t.server.service.get('season')?.state?.definition).toEqual(THREE_STAGE_CONTEST);
});
