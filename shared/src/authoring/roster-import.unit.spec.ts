import { expect, test } from 'vitest';
import { THREE_STAGE_CONTEST } from '../demo/index.ts';
import { validateContestFile } from '../model/validate-contest-file.ts';
import { applyRoster } from './apply-import.ts';
import { parseCsv } from './csv-parse.ts';
import { rosterRows, CONTESTANT_COLUMNS, JUDGE_COLUMNS } from './export-rows.ts';
import { importRoster } from './roster-import.ts';

test('CSV: quoted fields with commas, doubled quotes and line breaks; tab-separated files', () => {
  expect(parseCsv('a,"b,c","say ""hi""","two\r\nlines"\r\n\r\n')).toEqual([['a', 'b,c', 'say "hi"', 'two\r\nlines']]);
  expect(parseCsv('姓名\t单位\n李\t一支部\n')).toEqual([
    ['姓名', '单位'],
    ['李', '一支部'],
  ]);
});

test('a CSV roster with 职务 is a judges list; one with 单位 is contestants', () => {
  const judges = importRoster([{ name: '名单', rows: parseCsv('姓名,职务\n陈立群,教授') }]);
  expect(judges.contestants).toBeNull();
  expect(judges.judges?.map((j) => j.judge)).toEqual([{ id: 'j01', name: '陈立群', title: '教授' }]);
  const people = importRoster([{ name: '名单', rows: parseCsv('姓名,单位,座位号\n李红梅,一支部,3号') }]);
  expect(people.contestants?.map((c) => c.contestant)).toEqual([
    { id: 'p01', name: '李红梅', organisation: '一支部', seat: 3 },
  ]);
});

test('the three-stage example: exported roster rows import and apply to the same contest', () => {
  const rows = rosterRows(THREE_STAGE_CONTEST);
  const cell = (v: string | number) => (v === '' ? null : String(v));
  const imported = importRoster([
    { name: '选手', rows: [CONTESTANT_COLUMNS, ...rows.contestants].map((r) => r.map(cell)) },
    { name: '评委', rows: [JUDGE_COLUMNS, ...rows.judges].map((r) => r.map(cell)) },
  ]);
  expect(imported.issues).toEqual([]);
  const applied = applyRoster(THREE_STAGE_CONTEST, imported.contestants, imported.judges, { seedColumn: true });
  expect(applied.issues).toEqual([]);
  expect(applied.file).toEqual(THREE_STAGE_CONTEST);
  expect(validateContestFile(applied.file).ok).toBe(true);
});

test('a seed naming no stage is an error by row and column', () => {
  const imported = importRoster([{ name: '选手', rows: parseCsv('姓名,单位,种子\n甲,一支部,半决赛\n乙,二支部,') }]);
  const applied = applyRoster(THREE_STAGE_CONTEST, imported.contestants, null, { seedColumn: true });
  expect(applied.issues.map((i) => i.message.zh)).toEqual([
    `第 2 行「种子(直通赛段)」列：「半决赛」不是本场比赛的赛段（可填：${THREE_STAGE_CONTEST.stages.map((s) => s.name).join('、')}）`,
  ]);
});
