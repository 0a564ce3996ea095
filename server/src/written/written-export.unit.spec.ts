import { expect, test } from 'vitest';
import type { TakerRow, WrittenSegmentInfo } from './written-service.ts';
import { writtenCsv, type WrittenExportInput } from './written-export.ts';

const taker = (t: Partial<TakerRow> & Pick<TakerRow, 'takerId' | 'name' | 'unit' | 'status'>): TakerRow => ({
  group: '',
  answered: 0,
  questions: 2,
  focusLosses: 0,
  takeovers: 0,
  lastSeenAt: null,
  deadline: null,
  extraSeconds: 0,
  score: null,
  ...t,
});

const input: WrittenExportInput = {
  info: {
    segment: { name: '笔试' },
    questions: [
      { id: 'q1', answer: ['A'] },
      { id: 'q2', answer: ['B', 'C'] },
    ],
  } as unknown as WrittenSegmentInfo,
  takers: [
    taker({ takerId: 'a1', name: '张,"三"', unit: '第一\n支部', status: 'submitted', score: 7000, takeovers: 1 }),
    taker({ takerId: 'a2', name: '李四', unit: 'x\r\ny', group: 'g', status: 'not-started', focusLosses: 2 }),
  ],
  papers: [{ takerId: 'a1', questionIds: ['q1'], answers: { q1: ['A'] } }] as unknown as WrittenExportInput['papers'],
};

test('the written CSV: BOM, CRLF, fields with commas, quotes and line breaks quoted, empty cells kept', async () => {
  const bytes = await writtenCsv(input);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.subarray(3).toString('utf8')).toBe(
    [
      '编号 id,姓名 name,单位 unit,组 group,状态 status,得分 score,离开页面 focus losses,换设备 takeovers,q1,q2',
      ',答案 key,,,,,,,A,BC',
      'a1,"张,""三""","第一\n支部",,已交卷 submitted,70.00,0,1,A,—',
      'a2,李四,"x\r\ny",g,未开始 not started,,2,0,—,—',
      '',
    ].join('\r\n'),
  );
  const en = (await writtenCsv(input, 'en')).subarray(3).toString('utf8');
  expect(en.split('\r\n')[0]).toBe('ID,Name,Unit,Group,Status,Score,Focus losses,Device takeovers,q1,q2');
}, 30_000); // ExcelJS loads on the first export: seconds on a busy machine
