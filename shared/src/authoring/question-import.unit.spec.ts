import { expect, test } from 'vitest';
import { validateContestFile } from '../model/validate-contest-file.ts';
import { DEMO_CONTEST } from '../demo/index.ts';
import { parseCsv } from './csv-parse.ts';
import { importQuestions } from './question-import.ts';
import { questionTable } from './export-rows.ts';
import { applyQuestions } from './apply-import.ts';
import type { SheetTable } from './sheet-table.ts';

const table = (csv: string): SheetTable => ({ name: '题库', rows: parseCsv(csv) });

test('heading variants, every kind, answers in the forms people type', () => {
  const result = importQuestions(
    table(
      [
        '类型,试题内容,A,B,C,D,参考答案,解析,分数,限时,难度,考点,标签',
        '单选题,党的最高理想是什么？,共产主义,小康,富强,民主,Ａ,,10,30秒,易,党章,"党章、理想"',
        '多选,下列哪些正确？,甲,乙,丙,丁,"A、B、D",,,,较难,,',
        '判断题,地球是圆的。,,,,,√,,,,3,,',
        '简答题,简述四个意识。,,,,,政治意识、大局意识、核心意识、看齐意识,,,,,,',
      ].join('\n'),
    ),
  );
  expect(result.issues).toEqual([]);
  expect(result.ok).toBe(true);
  expect(result.items.map((i) => [i.row, i.question.id, i.question.kind, i.question.answer])).toEqual([
    [2, 'q0001', 'single', ['A']],
    [3, 'q0002', 'multiple', ['A', 'B', 'D']],
    [4, 'q0003', 'truefalse', ['true']],
    [5, 'q0004', 'open', []],
  ]);
  expect(result.items[0]?.question).toMatchObject({
    points: 10,
    seconds: 30,
    difficulty: 1,
    category: '党章',
    tags: ['党章', '理想'],
  });
  expect(result.items[3]?.question.reference).toBe('政治意识、大局意识、核心意识、看齐意识');
});

test('an answer that is not an option is named by row and column, in Chinese and English', () => {
  const result = importQuestions(
    table('题型,题干,选项A,选项B,选项C,选项D,答案\n单选题,问题一,a,b,c,d,A\n' + '单选题,问题二,a,b,c,d,E\n'.repeat(1)),
  );
  expect(result.ok).toBe(false);
  const errors = result.issues.filter((i) => i.severity === 'error');
  expect(errors.map((e) => e.message.zh)).toEqual(['第 3 行「答案」列：E 不是此题的选项']);
  expect(errors[0]?.message.en).toBe('Row 3, column "答案": E is not an option of this question');
});

test('missing headings, blank rows in the middle, duplicates', () => {
  expect(importQuestions(table('题型,内容\n单选题,x')).issues.map((i) => i.code)).toEqual(['no-heading-row']);
  expect(importQuestions(table('题型,题干\n单选题,x')).issues.map((i) => i.message.zh)).toEqual([
    '第 1 行：缺少「答案」列（也可写作 「答案」、「正确答案」、「参考答案」、「标准答案」）',
  ]);
  const r = importQuestions(table('题干,答案\n天是蓝的。,对\n,\n天 是蓝的,错\n'));
  expect(r.ok).toBe(true);
  expect(r.issues.map((i) => [i.severity, i.code, i.row])).toEqual([
    ['warning', 'blank-row', 3],
    ['warning', 'duplicate-text', 4],
  ]);
});

test('formula, merged and error cells are refused where they are read', () => {
  const r = importQuestions({
    name: 's',
    rows: [
      ['题干', '答案', '备注'],
      [{ problem: 'formula', text: '42' }, '对', null],
      ['问题', { problem: 'merged' }, null],
    ],
  });
  expect(r.issues.map((i) => i.message.zh)).toEqual([
    '第 2 行「题干」列：这是公式单元格（显示为 42），请复制后「选择性粘贴 → 数值」再导入',
    '第 3 行「答案」列：这是合并单元格，请取消合并，并在每一行填写完整',
  ]);
});

test('an exported bank imports to the same questions, valid in a contest file', () => {
  const questions = DEMO_CONTEST.questions.map((q, i) => ({
    ...q,
    points: 10,
    seconds: 20 + i,
    difficulty: (i % 5) + 1,
    tags: ['a', 'b'],
  }));
  const rows = questionTable(questions).map((r) => r.map((c) => (c === '' ? null : String(c))));
  const back = importQuestions({ name: '题库', rows });
  expect(back.issues).toEqual([]);
  expect(back.items.map((i) => i.question)).toEqual(questions);
  const { file } = applyQuestions(
    DEMO_CONTEST,
    back.items.map((i) => i.question),
  );
  expect(validateContestFile(file).ok).toBe(true);
});
