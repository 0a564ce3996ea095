import { expect, test } from 'vitest';
import { NIGHT_CORRECTION_KIND_NAMES, type StageResults } from '@leitai/shared';
import { cellText, nightCorrectionsTable, resultsCsv, totalsTable, type ResultsSheet } from './results-tables.ts';

const results: StageResults = {
  stageId: 'final',
  stageName: '决赛',
  segments: [
    { id: 'req', name: '必答', kind: 'required', fullMarks: 2000, weight: 1000 },
    { id: 'buzz', name: '抢答', kind: 'buzzer', fullMarks: 3000, weight: 500 },
    { id: 'talk', name: '述行动', kind: 'judged', fullMarks: 10000, weight: 8500 },
  ],
  parts: [
    { id: 'knowledge', name: '比知识', segmentIds: ['req', 'buzz'], basePoints: 10000, fullMarks: 15000, weight: 1500 },
    { id: 'talk', name: '述行动', segmentIds: ['talk'], basePoints: 0, fullMarks: 10000, weight: 8500 },
  ],
  rows: [
    {
      id: 'c01',
      name: '张,"三"',
      organisation: '第一\n支部',
      seat: 1,
      segmentScores: { req: 1000, buzz: -500, talk: 9133 },
      parts: [
        { partId: 'knowledge', name: '比知识', segmentIds: ['req', 'buzz'], score: 10500, fullMarks: 15000, weight: 1500, weighted: 1050 },
        { partId: 'talk', name: '述行动', segmentIds: ['talk'], score: 9133, fullMarks: 10000, weight: 8500, weighted: 7763 },
      ],
      // 10.50 + 77.6305 = 88.1305 → 88.13
      total: 8813,
      rank: 1,
      tier: { id: 'first', name: '一等奖' },
      singleItems: [],
    },
  ],
  tiers: [],
  singleItems: [],
  popularity: null,
  advancement: null,
}; // prettier-ignore

const sheet: ResultsSheet = {
  contestTitle: '擂台',
  organiser: null,
  results,
  judged: [],
  advancement: null,
  corrections: [
    {
      version: 9,
      at: Date.UTC(2026, 11, 6, 12, 0, 0),
      kind: 'knowledge-undo',
      segmentId: 'buzz',
      contestantId: 'c01',
      delta: -1000,
      before: 500,
      after: -500,
      reason: '误判, "复核"\n后撤销',
      by: 'host',
    },
  ],
  night: [],
  names: { c01: { name: '张,"三"', organisation: '第一\n支部', seat: 1 } },
  generatedAt: 0,
};

test('the totals table carries every input of each part, then the total', () => {
  const table = totalsTable(results);
  expect(table.header).toEqual([
    '名次', '序号', '姓名', '单位',
    '必答 得分', '抢答 得分', '比知识 基础分', '比知识 合计', '比知识 满分', '比知识 权重(%)', '比知识 加权分',
    '述行动 得分', '述行动 满分', '述行动 权重(%)', '述行动 加权分',
    '总分', '奖项', '单项奖',
  ]); // prettier-ignore
  expect(table.rows[0]!.map(cellText)).toEqual([
    '1', '1', '张,"三"', '第一\n支部',
    '10.00', '-5.00', '100.00', '105.00', '150', '15', '10.50',
    '91.33', '100', '85', '77.63',
    '88.13', '一等奖', '',
  ]); // prettier-ignore
  expect(table.note).toContain('四舍五入');
});

test('a dropped mark reads as its number followed by the note', () => {
  expect(cellText({ hundredths: 8550, note: '去掉' })).toBe('85.50（去掉）');
  expect(cellText({ hundredths: 15000, plain: true })).toBe('150');
  expect(cellText(null)).toBe('');
});

test('the CSV: BOM, CRLF, and fields with commas, quotes and newlines quoted', async () => {
  const bytes = await resultsCsv(sheet);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text.startsWith('擂台\r\n\r\n决赛 总成绩\r\n名次,序号,姓名,')).toBe(true);
  expect(text).toContain(
    '\r\n1,1,"张,""三""","第一\n支部",10.00,-5.00,100.00,105.00,150,15,10.50,91.33,100,85,77.63,88.13,一等奖,\r\n',
  );
  expect(text).toContain(',撤销判分,5.00,-10.00,-5.00,"误判, ""复核""\n后撤销",主持\r\n');
  expect(text.endsWith('\r\n')).toBe(true);
});

test('corrections on the night: worded in English in the English export, as the server words them in zh-CN', async () => {
  const at = Date.UTC(2026, 11, 6, 12, 0, 0);
  const withNight: ResultsSheet = {
    ...sheet,
    night: [
      {
        version: 10,
        at,
        kind: 'void-question',
        subject: '抢答 第 3 题（张三）',
        change: '撤销得分 1 项，备用题补上',
        reason: '标准答案有误',
        detail: { kind: 'void-question', segment: '抢答', number: 3, contestant: '张三', reversed: 1, replaced: true },
      },
      {
        version: 11,
        at,
        kind: 'void-question',
        subject: '抢答 一道题',
        change: '无得分需撤销，不补题',
        reason: '题目泄露',
        detail: { kind: 'void-question', segment: '抢答', number: 0, contestant: '', reversed: 0, replaced: false },
      },
      {
        version: 12,
        at,
        kind: 'contestant-name',
        subject: '张三',
        change: '张三 → 张晓明',
        reason: '姓名录入错误',
        detail: { kind: 'contestant-name', from: '张三', to: '张晓明' },
      },
      {
        version: 13,
        at,
        kind: 'unit-name',
        subject: '第一支部',
        change: '第一支部 → 第一党支部（2 名选手）',
        reason: '单位全称',
        detail: { kind: 'unit-name', from: '第一支部', to: '第一党支部', contestants: 2 },
      },
      {
        version: 14,
        at,
        kind: 'segment-timer',
        subject: '必答',
        change: '答题时间 30 秒 → 不计时（此后生效）',
        reason: '延长',
        detail: { kind: 'segment-timer', segment: '必答', setting: 'answerSeconds', from: 30, to: null },
      },
      {
        version: 15,
        at,
        kind: 'judge-seat',
        subject: '评委 王评',
        change: '由 李评 接替，已评分数保留，原评分设备失效',
        reason: '临时回避',
        detail: { kind: 'judge-seat', from: '王评', to: '李评', newJudge: true },
      },
      {
        version: 16,
        at,
        kind: 'judge-seat',
        subject: '评委 李评',
        change: '更换评分设备，已评分数保留，原设备失效',
        reason: '平板没电',
        detail: { kind: 'judge-seat', from: '李评', to: '李评', newJudge: false },
      },
    ],
  };
  const rowsOf = (table: { rows: unknown[][] }) => table.rows.map((r) => [r[2], r[3], r[4], r[5]]);
  // zh-CN: the server's own wording, unchanged.
  expect(rowsOf(nightCorrectionsTable(withNight))).toEqual(
    withNight.night.map((l) => [NIGHT_CORRECTION_KIND_NAMES[l.kind], l.subject, l.change, l.reason]),
  );
  const en = nightCorrectionsTable(withNight, 'en');
  expect(en.header).toEqual(['Log version', 'Time', 'Kind', 'Subject', 'Change', 'Reason']);
  expect(rowsOf(en)).toEqual([
    ['question voided', '抢答 Q3 (张三)', '1 score reversed, replaced by a reserve', '标准答案有误'],
    ['question voided', '抢答 a question', 'no score to reverse, not replaced', '题目泄露'],
    ['contestant renamed', '张三', '张三 → 张晓明', '姓名录入错误'],
    ['unit renamed', '第一支部', '第一支部 → 第一党支部 (2 contestants)', '单位全称'],
    ['segment timer changed', '必答', 'answer time 30 s → untimed (from then on)', '延长'],
    ['judge seat replaced', 'Judge 王评', 'taken over by 李评; scores kept, the old pad cut off', '临时回避'],
    ['judge seat replaced', 'Judge 李评', 'new pad; scores kept, the old pad cut off', '平板没电'],
  ]);
  // In the English CSV, no Chinese is left in the night table but what the contest and the host wrote.
  const text = (await resultsCsv(withNight, 'en')).toString('utf8');
  const authored = [
    '抢答',
    '必答',
    '张三',
    '张晓明',
    '第一党支部',
    '第一支部',
    '王评',
    '李评',
    ...withNight.night.map((l) => l.reason),
  ];
  const start = text.indexOf('决赛 corrections on the night');
  expect(start).toBeGreaterThan(0);
  const night = text.slice(start + '决赛'.length);
  const stripped = authored.sort((a, b) => b.length - a.length).reduce((t, a) => t.replaceAll(a, ''), night);
  expect(stripped).not.toMatch(/[\u4e00-\u9fff]/);
  expect(night).toContain('question voided,抢答 Q3 (张三),"1 score reversed, replaced by a reserve",标准答案有误');
});
