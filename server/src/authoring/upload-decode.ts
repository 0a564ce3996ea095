/**
 * An uploaded file → worksheets of text cells (shared/src/authoring/sheet-table.ts). XLSX through
 * a lean reader of the sheet XML (xlsx-lean.ts), ExcelJS when that one declines; CSV in UTF-8 (with or without a byte-order mark), UTF-16 with a mark, or GB18030/GBK
 * as WPS and older Excel save it. What is neither is refused with a clear message.
 */
import iconv from 'iconv-lite';
import { parseCsv, type SheetCell, type SheetTable } from '@leitai/shared';
import { readXlsxLean, type LeanSheet } from './xlsx-lean.ts';

/** A file the import cannot read at all, with the reason in Chinese and English. */
export class UploadError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

export interface DecodedUpload {
  format: 'xlsx' | 'csv';
  /** The text encoding a CSV was read in. */
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
  tables: SheetTable[];
}

/** Most cells a workbook may have: far above 10,000 questions × 20 columns, far below what exhausts memory. */
const MAX_CELLS = 2_000_000;

/** Worksheet XML elements the import never reads (ExcelJS `ignoreNodes`). */
const IGNORED_NODES = [
  'sheetPr',
  'dimension',
  'sheetViews',
  'sheetFormatPr',
  'cols',
  'autoFilter',
  'rowBreaks',
  'hyperlinks',
  'pageMargins',
  'dataValidations',
  'pageSetup',
  'headerFooter',
  'printOptions',
  'picture',
  'drawing',
  'sheetProtection',
  'tableParts',
  'conditionalFormatting',
  'extLst',
];

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (buf: Buffer, magic: number[]) => magic.every((b, i) => buf[i] === b);

/** Decode an upload; throws UploadError when it is not a workbook or CSV file. */
export async function decodeUpload(buf: Buffer, name = 'CSV'): Promise<DecodedUpload> {
  if (buf.length === 0) throw new UploadError('文件是空的', 'the file is empty');
  if (startsWith(buf, ZIP)) return { format: 'xlsx', tables: await readXlsx(buf) };
  if (startsWith(buf, OLE)) {
    throw new UploadError(
      '这是旧版 Excel（.xls）文件：请在 Excel 或 WPS 中「另存为」.xlsx 或 CSV 后再导入',
      'this is an old Excel (.xls) file: save it as .xlsx or CSV in Excel or WPS, then import that',
    );
  }
  const { text, encoding } = decodeText(buf);
  // Text with control characters other than tab and line breaks is a binary file (an image, a PDF, an archive).
  const sample = text.slice(0, 64 * 1024);
  let controls = 0;
  for (let i = 0; i < sample.length && controls === 0; i++) {
    const code = sample.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c && code !== 0x0b) controls++;
  }
  if (controls > 0 || sample.startsWith('%PDF')) {
    throw new UploadError(
      '这不是 Excel 工作簿（.xlsx）或 CSV 文件：请用下载的模板填写后上传',
      'this is not an Excel workbook (.xlsx) or a CSV file: fill in the downloaded template and upload that',
    );
  }
  const rows = parseCsv(text);
  return { format: 'csv', encoding, tables: [{ name, rows }] };
}

/** Bytes → text: a byte-order mark decides; else strict UTF-8; else GB18030 (a superset of GBK and GB2312). */
export function decodeText(buf: Buffer): { text: string; encoding: NonNullable<DecodedUpload['encoding']> } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(buf.subarray(3)), encoding: 'utf-8' };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe)
    return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff)
    return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030' };
  }
}

/** One ExcelJS cell value → a sheet cell. */
function cellOf(value: unknown, merged: boolean): SheetCell {
  if (merged) return { problem: 'merged' };
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as {
      formula?: string;
      sharedFormula?: string;
      result?: unknown;
      richText?: { text: string }[];
      text?: unknown;
      error?: string;
    };
    if (v.formula !== undefined || v.sharedFormula !== undefined) {
      const shown = v.result === undefined || v.result === null ? undefined : cellOf(v.result, false);
      return { problem: 'formula', ...(typeof shown === 'string' ? { text: shown } : {}) };
    }
    if (v.error !== undefined) return { problem: 'cell-error', text: String(v.error) };
    if (v.richText) return cellOf(v.richText.map((r) => r.text).join(''), false);
    if (v.text !== undefined) return cellOf(typeof v.text === 'string' ? v.text : cellOf(v.text, false), false);
  }
  return null;
}

const tooLarge = () =>
  new UploadError(
    `工作簿太大（超过 ${MAX_CELLS} 个单元格）：请删去无关的工作表和空行空列`,
    `the workbook is too large (over ${MAX_CELLS} cells): remove unrelated sheets and empty rows and columns`,
  );

async function readXlsx(buf: Buffer): Promise<SheetTable[]> {
  // The lean reader first (a few times faster, B11); ExcelJS for what it does not handle.
  let lean: LeanSheet[] | null = null;
  try {
    lean = await readXlsxLean(buf, MAX_CELLS);
  } catch {
    lean = null;
  }
  if (lean) {
    if (lean.some((s) => s.columnCount === Number.POSITIVE_INFINITY)) throw tooLarge();
    if (lean.length === 0) throw new UploadError('工作簿里没有工作表', 'the workbook has no worksheets');
    return lean.map((sheet) => {
      const rows: SheetCell[][] = [];
      for (let r = 1; r <= sheet.rows.length; r++) {
        const values = sheet.rows[r - 1] ?? [];
        const cellsOfRow: SheetCell[] = [];
        for (let c = 1; c <= sheet.columnCount; c++)
          cellsOfRow.push(cellOf(values[c - 1], sheet.merged.has(`${r}:${c}`)));
        while (cellsOfRow.length > 0 && cellsOfRow[cellsOfRow.length - 1] === null) cellsOfRow.pop();
        rows.push(cellsOfRow);
      }
      return { name: sheet.name, rows };
    });
  }
  return readXlsxWithExcelJs(buf);
}

/** The full ExcelJS reader (the lean reader's fallback, and its reference in the tests). */
export async function readXlsxWithExcelJs(buf: Buffer): Promise<SheetTable[]> {
  // ExcelJS is loaded on the first import, not at start (resident memory, B3), as for the results export.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    // Only the cells and the merged ranges matter; skipping the rest of each sheet's XML saves time.
    await workbook.xlsx.load(buf as unknown as ArrayBuffer, { ignoreNodes: IGNORED_NODES });
  } catch {
    throw new UploadError(
      '文件无法作为 Excel 工作簿（.xlsx）打开，可能已损坏或不是工作簿',
      'the file cannot be opened as an Excel workbook (.xlsx); it may be damaged or not a workbook',
    );
  }
  const tables: SheetTable[] = [];
  let cells = 0;
  for (const ws of workbook.worksheets) {
    const rowCount = ws.rowCount;
    const columnCount = ws.columnCount;
    cells += rowCount * columnCount;
    if (cells > MAX_CELLS) throw tooLarge();
    const rows: SheetCell[][] = [];
    for (let r = 1; r <= rowCount; r++) {
      const row = ws.getRow(r);
      const cellsOfRow: SheetCell[] = [];
      for (let c = 1; c <= columnCount; c++) {
        const cell = row.getCell(c);
        cellsOfRow.push(cellOf(cell.value, cell.isMerged));
      }
      while (cellsOfRow.length > 0 && cellsOfRow[cellsOfRow.length - 1] === null) cellsOfRow.pop();
      rows.push(cellsOfRow);
    }
    tables.push({ name: ws.name, rows });
  }
  if (tables.length === 0) throw new UploadError('工作簿里没有工作表', 'the workbook has no worksheets');
  return tables;
}
