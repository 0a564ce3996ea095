/**
 * The written test's export: one row per taker with status, score and every answer, in the
 * segment's question order (whatever order each taker saw), plus the key row. CSV and XLSX
 * carry the same table, both written by ExcelJS, which loads on the first export only (as the
 * results exports do).
 */
import { Type } from '@sinclair/typebox';
import { formatHundredths, type Paper } from '@leitai/shared';
import type { TakerRow, WrittenSegmentInfo } from './written-service.ts';

export interface WrittenExportInput {
  info: WrittenSegmentInfo;
  takers: TakerRow[];
  papers: Paper[];
}

/** The export's language: zh-CN (the default, headings with their English beside them) or English (`?lang=en`). */
export type WrittenExportLang = 'zh-CN' | 'en';
/** The export routes' query: `?lang=en` (anything else but zh-CN is refused with BAD_REQUEST). */
export const WrittenExportQuery = Type.Object({
  lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
});

const LABELS: Record<WrittenExportLang, { status: Record<TakerRow['status'], string>; header: string[]; key: string }> =
  {
    'zh-CN': {
      status: {
        'not-started': '未开始 not started',
        writing: '作答中 writing',
        submitted: '已交卷 submitted',
        void: '作废 void',
      },
      header: [
        '编号 id',
        '姓名 name',
        '单位 unit',
        '组 group',
        '状态 status',
        '得分 score',
        '离开页面 focus losses',
        '换设备 takeovers',
      ],
      key: '答案 key',
    },
    en: {
      status: { 'not-started': 'not started', writing: 'writing', submitted: 'submitted', void: 'void' },
      header: ['ID', 'Name', 'Unit', 'Group', 'Status', 'Score', 'Focus losses', 'Device takeovers'],
      key: 'Key',
    },
  };

/** The table: a header, the key, then one row per taker. */
export function writtenTable(input: WrittenExportInput, lang: WrittenExportLang = 'zh-CN'): string[][] {
  const { info, takers, papers } = input;
  const L = LABELS[lang];
  const byTaker = new Map(papers.map((p) => [p.takerId, p]));
  const qids = info.questions.map((q) => q.id);
  const header = [...L.header, ...qids];
  const key = ['', L.key, '', '', '', '', '', '', ...info.questions.map((q) => q.answer.join(''))];
  const rows = takers.map((t) => {
    const p = byTaker.get(t.takerId);
    return [
      t.takerId,
      t.name,
      t.unit,
      t.group,
      L.status[t.status],
      t.score === null ? '' : formatHundredths(t.score),
      String(t.focusLosses),
      String(t.takeovers),
      ...qids.map((id) => (p && p.questionIds.includes(id) ? (p.answers[id] ?? []).join('') : '—')),
    ];
  });
  return [header, key, ...rows];
}

/**
 * CSV with a UTF-8 byte-order mark (so Excel and WPS read the Chinese) and CRLF line ends, as
 * the results export: written by the spreadsheet library that writes the XLSX (its CSV writer
 * quotes fields with commas, quotes and line breaks, doubling the quotes).
 */
export async function writtenCsv(input: WrittenExportInput, lang: WrittenExportLang = 'zh-CN'): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('csv');
  for (const row of writtenTable(input, lang)) ws.addRow(row);
  const data = await workbook.csv.writeBuffer({
    sheetName: 'csv',
    formatterOptions: { writeBOM: true, rowDelimiter: '\r\n', includeEndRowDelimiter: true },
  });
  return Buffer.from(data);
}

export async function writtenXlsx(input: WrittenExportInput, lang: WrittenExportLang = 'zh-CN'): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Leitai 擂台';
  const ws = workbook.addWorksheet(input.info.segment.name.slice(0, 31));
  const [header, ...rest] = writtenTable(input, lang);
  ws.addRow(header).font = { bold: true };
  for (const row of rest) ws.addRow(row);
  ws.columns.forEach((col) => {
    col.width = 12;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
