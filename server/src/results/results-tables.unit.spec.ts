import { expect, test } from 'vitest';
import type { StageResults } from '@leitai/shared';
import { cellText, resultsCsv, totalsTable, type ResultsSheet } from './results-tables.ts';

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
