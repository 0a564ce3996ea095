/**
 * The import templates and the exports, as XLSX: the same headings the import reads
 * (shared/src/authoring/export-rows.ts), so an export is itself a filled-in template.
 */
import type { Worksheet } from 'exceljs';
import {
  CONTESTANT_COLUMNS,
  JUDGE_COLUMNS,
  questionTable,
  rosterRows,
  type ContestFile,
  type Question,
} from '@leitai/shared';

type Row = (string | number)[];

async function workbook() {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Leitai 擂台';
  return wb;
}

function dataSheet(ws: Worksheet, rows: Row[], widths: Record<string, number>): void {
  for (const r of rows) ws.addRow(r);
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  (rows[0] ?? []).forEach((h, i) => {
    ws.getColumn(i + 1).width = widths[String(h)] ?? 12;
  });
}

function notesSheet(ws: Worksheet, lines: string[]): void {
  ws.getColumn(1).width = 110;
  lines.forEach((line, i) => {
    const row = ws.addRow([line]);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    if (i === 0) row.font = { bold: true, size: 14 };
  });
}

const QUESTION_WIDTHS: Record<string, number> = { 题干: 48, 解析: 30, 答案: 12, 标签: 16, 知识点: 14, '限时(秒)': 9 };

const EXAMPLES: Question[] = [
  {
    id: 'q0001',
    kind: 'single',
    text: '中国共产党的最高理想和最终目标是什么？',
    options: [
      { key: 'A', text: '实现共产主义' },
      { key: 'B', text: '全面建成小康社会' },
      { key: 'C', text: '实现社会主义现代化' },
      { key: 'D', text: '实现中华民族伟大复兴' },
    ],
    answer: ['A'],
    explanation: '见党章总纲。',
    points: 10,
    seconds: 30,
    difficulty: 1,
    category: '党章',
    tags: ['党章', '理想信念'],
  },
  {
    id: 'q0002',
    kind: 'multiple',
    text: '下列属于“四个意识”的有哪些？',
    options: [
      { key: 'A', text: '政治意识' },
      { key: 'B', text: '大局意识' },
      { key: 'C', text: '创新意识' },
      { key: 'D', text: '看齐意识' },
    ],
    answer: ['A', 'B', 'D'],
    points: 10,
    seconds: 30,
    difficulty: 3,
    category: '党的理论',
  },
  { id: 'q0003', kind: 'truefalse', text: '党支部委员会会议一般每月召开 1 次。', answer: ['true'], difficulty: 2 },
  {
    id: 'q0004',
    kind: 'open',
    text: '简述“两个确立”的内容。',
    answer: [],
    reference: '确立习近平同志党中央的核心、全党的核心地位，确立习近平新时代中国特色社会主义思想的指导地位。',
    difficulty: 4,
  },
];

const QUESTION_NOTES = [
  '题库导入说明 How to fill in the question bank',
  '每行一道题；第一行是列名，请勿修改列名（也认得常见写法：题目/试题内容、正确答案/参考答案、类型/题目类型等）。示例行（q0001-q0004）请删除或替换为自己的题目。',
  'One question per row; row 1 holds the headings. Replace the example rows q0001-q0004 with your own questions.',
  '编号：可不填，系统按行顺序生成 q0001、q0002…；填写时只能用字母、数字、_ 和 -，不能重复。再次导入同一编号的题目时，赛段里已选的题目会保留。',
  '题型：单选题、多选题、判断题、简答题（也可写 单选/多选/判断/简答/填空/问答）。不填时按选项和答案推断。',
  '题干：必填，最多 4000 字。选项A…选项F：单选和多选题至少 2 个，从 A 起连续填写；判断题和简答题不填选项。',
  '答案：单选填一个字母（A）；多选填多个字母（ABD、A,B,D 或 A、B、D 均可）；判断填 对/错、正确/错误 或 √/×；简答题填参考答案（主持人据此判分）。',
  '解析：可选。分值：大于 0，最多两位小数。限时(秒)：1-86400 的整数。难度：易、较易、中等、较难、难，或 1-5。知识点：一个分类；标签：多个用 、或逗号分隔。',
  '分值和限时随题保存、随导出保留，但不决定计分和计时：比赛按各环节的设置计分计时（必答、抢答每题的得分和作答时间，笔试的「每题分值」和考试时长）。',
  "Points and time limit are kept with each question and in exports, but scoring and timing follow each segment's settings (points and answer time of the required and buzzer rounds, the written test's points per question and duration).",
  '导入是“全部或全不”：只要有一处错误就不导入，页面会逐条列出「第几行、哪一列、什么问题」。题干相同（忽略空格和标点）的题会标为可能重复，但仍可导入。',
  '中间的空行会跳过并提示；不要使用合并单元格和公式（公式请「选择性粘贴 → 数值」）。CSV 文件可用 UTF-8 或 GBK/GB18030 编码（WPS、Excel 默认保存的都可以）。',
  'Import is all or nothing: any error blocks it, and each one is listed by row and column. Blank rows in the middle are skipped with a note; merged cells and formulas are refused.',
];

/** The question-bank template: headings, one example of each kind, and a notes sheet. */
export async function questionTemplateXlsx(): Promise<Buffer> {
  const wb = await workbook();
  dataSheet(wb.addWorksheet('题库'), questionTable(EXAMPLES), QUESTION_WIDTHS);
  notesSheet(wb.addWorksheet('说明'), QUESTION_NOTES);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A contest's question bank in the template's format. */
export async function questionBankXlsx(questions: readonly Question[]): Promise<Buffer> {
  const wb = await workbook();
  dataSheet(wb.addWorksheet('题库'), questionTable(questions), QUESTION_WIDTHS);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const ROSTER_WIDTHS: Record<string, number> = { '单位/支部': 28, '职务/头衔': 30, '种子(直通赛段)': 16 };

const ROSTER_NOTES = [
  '名单导入说明 How to fill in the roster',
  '「选手」表：每行一位选手。姓名、单位/支部必填；编号可不填（系统生成 p01、p02…）；组别：同一组别的选手分在第一赛段的同一组；座位号：1-10000 的整数，不能重复；导师可选。',
  '种子(直通赛段)：填赛段名称（如“决赛”），该选手跳过之前的赛段直接进入；填 是/√ 表示直通最后一个赛段；不填则从第一赛段开始。',
  '「评委」表：每行一位评委。姓名必填；职务/头衔可选（如 市委党校教授）。',
  '只有「选手」表或只有「评委」表时，只替换那一份名单。导入是“全部或全不”，错误按「工作表、第几行、哪一列」列出；中间的空行跳过并提示；不要使用合并单元格和公式。',
  'Sheet 选手: one contestant per row (姓名 and 单位/支部 required). Sheet 评委: one judge per row. Import is all or nothing; errors are listed by sheet, row and column.',
];

/** The roster template: a contestants sheet and a judges sheet with an example row each, and notes. */
export async function rosterTemplateXlsx(): Promise<Buffer> {
  const wb = await workbook();
  dataSheet(
    wb.addWorksheet('选手'),
    [CONTESTANT_COLUMNS, ['', '李红梅', '城关镇第一党支部', '第一组', 1, '王老师', '']],
    ROSTER_WIDTHS,
  );
  dataSheet(wb.addWorksheet('评委'), [JUDGE_COLUMNS, ['', '陈立群', '市委党校教授']], ROSTER_WIDTHS);
  notesSheet(wb.addWorksheet('说明'), ROSTER_NOTES);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A contest's roster in the template's format. */
export async function rosterXlsx(contest: ContestFile): Promise<Buffer> {
  const wb = await workbook();
  const rows = rosterRows(contest);
  dataSheet(wb.addWorksheet('选手'), [CONTESTANT_COLUMNS, ...rows.contestants], ROSTER_WIDTHS);
  dataSheet(wb.addWorksheet('评委'), [JUDGE_COLUMNS, ...rows.judges], ROSTER_WIDTHS);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
