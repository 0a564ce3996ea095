/**
 * A lean XLSX reader for the import: only what the import reads — sheet names in order, cell
 * values (shared and inline strings, numbers, booleans, errors, formulas with their cached
 * result, dates by their number format) and merged ranges — straight from the sheet XML, without
 * ExcelJS's full workbook model (styles, every node as an object). It gives the same values as
 * the ExcelJS path (a test compares the two). It returns null for anything it does not know
 * (e.g. XML written with namespace prefixes), and the caller falls back to ExcelJS.
 */
import JSZip from 'jszip';

/** What ExcelJS would give as a cell's value, in the shapes `cellOf` reads. */
export type LeanValue =
  | null
  | string
  | number
  | boolean
  | Date
  | { formula: string; result?: string | number | boolean | Date }
  | { error: string };

export interface LeanSheet {
  name: string;
  /** rows[r - 1][c - 1]; rows and cells the file leaves out are absent. */
  rows: LeanValue[][];
  columnCount: number;
  /** "r:c" of every cell inside a merged range. */
  merged: Set<string>;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(parseInt(e.slice(1), 10))
        : (ENTITY[e] ?? ''),
  );
}

const attrs = (tag: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1] as string] = unescapeXml(m[2] as string);
  return out;
};

/** The text of every <t> in a string item, phonetic runs left out (as ExcelJS does). */
function textOf(xml: string): string {
  const plain = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let text = '';
  for (const m of plain.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)) text += unescapeXml(m[1] ?? '');
  return text;
}

/** Built-in number formats that are dates or times (ECMA-376 18.8.30). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

function isDateFormat(code: string): boolean {
  // Quoted text, escapes and [colour]/[locale] sections are not date parts.
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare);
}

/** Style index → whether its number format is a date. */
function dateStyles(styles: string | null): boolean[] {
  if (!styles) return [];
  const custom = new Map<number, string>();
  for (const m of styles.matchAll(/<numFmt\b([^>]*)\/?>/g)) {
    const a = attrs(m[1] ?? '');
    custom.set(Number(a['numFmtId']), a['formatCode'] ?? '');
  }
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  const out: boolean[] = [];
  for (const m of xfs.matchAll(/<xf\b([^>]*?)\/?>/g)) {
    const id = Number(attrs(m[1] ?? '')['numFmtId'] ?? 0);
    const code = custom.get(id);
    out.push(code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id));
  }
  return out;
}

/** Excel's serial day number (1900 system) → Date, as ExcelJS converts it. */
const excelDate = (serial: number): Date => new Date(Math.round((serial - 25569) * 86400000));

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n;
}

const position = (ref: string): { row: number; col: number } => ({
  col: columnIndex(ref),
  row: Number(/\d+/.exec(ref)?.[0] ?? 0),
});

/** Read the workbook, or null when it uses XML this reader does not handle (use ExcelJS then). */
export async function readXlsxLean(buf: Buffer, maxCells: number): Promise<LeanSheet[] | null> {
  const zip = await JSZip.loadAsync(buf);
  const read = async (path: string) => (await zip.file(path)?.async('string')) ?? null;
  const workbook = await read('xl/workbook.xml');
  const rels = await read('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels || !workbook.includes('<sheets')) return null;
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const a = attrs(m[1] ?? '');
    const target = a['Target'] ?? '';
    if (a['Id']) targets.set(a['Id'], target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const shared: string[] = [];
  const sst = await read('xl/sharedStrings.xml');
  if (sst) for (const m of sst.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) shared.push(textOf(m[1] ?? ''));
  const dates = dateStyles(await read('xl/styles.xml'));

  const sheets: LeanSheet[] = [];
  let cells = 0;
  for (const m of workbook.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const a = attrs(m[1] ?? '');
    const path = targets.get(a['r:id'] ?? '');
    const xml = path ? await read(path) : null;
    if (!xml || !xml.includes('<sheetData')) return null;
    const rows: LeanValue[][] = [];
    let columnCount = 0;
    const data = /<sheetData\b[^>]*>([\s\S]*?)<\/sheetData>/.exec(xml)?.[1] ?? '';
    let nextRow = 1;
    for (const row of data.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const r = Number(attrs(row[1] ?? '')['r'] ?? nextRow);
      nextRow = r + 1;
      const values: LeanValue[] = [];
      let nextCol = 1;
      for (const c of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const ca = attrs(c[1] ?? '');
        const col = ca['r'] ? position(ca['r']).col : nextCol;
        nextCol = col + 1;
        const inner = c[2] ?? '';
        const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
        const type = ca['t'] ?? 'n';
        let value: LeanValue = null;
        if (type === 's') value = v === undefined ? null : (shared[Number(v)] ?? null);
        else if (type === 'inlineStr') value = textOf(/<is>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? '');
        else if (type === 'str') value = v === undefined ? null : unescapeXml(v);
        else if (type === 'b') value = v === undefined ? null : v === '1';
        else if (type === 'e') value = { error: unescapeXml(v ?? '') };
        else if (type === 'd') value = v === undefined ? null : new Date(v);
        else if (v !== undefined) {
          const n = Number(v);
          value = dates[Number(ca['s'] ?? 0)] ? excelDate(n) : n;
        }
        const formula = /<f\b[^>]*?(?:\/>|>([\s\S]*?)<\/f>)/.exec(inner);
        if (formula) {
          const result = value === null || typeof value === 'object' ? undefined : value;
          value = { formula: unescapeXml(formula[1] ?? ''), ...(result !== undefined ? { result } : {}) };
        }
        if (value === null) continue;
        values[col - 1] = value;
        if (col > columnCount) columnCount = col;
      }
      rows[r - 1] = values;
    }
    const merged = new Set<string>();
    for (const mc of xml.matchAll(/<mergeCell\b([^>]*)\/?>/g)) {
      const [from, to] = (attrs(mc[1] ?? '')['ref'] ?? '').split(':');
      if (!from || !to) continue;
      const f = position(from);
      const t = position(to);
      for (let r = f.row; r <= t.row; r++) for (let c = f.col; c <= t.col; c++) merged.add(`${r}:${c}`);
      if (t.col > columnCount) columnCount = t.col;
      if (t.row > rows.length) rows[t.row - 1] ??= [];
    }
    cells += rows.length * columnCount;
    if (cells > maxCells) return sheets.concat({ name: '', rows: [], columnCount: Number.POSITIVE_INFINITY, merged });
    sheets.push({ name: a['name'] ?? '', rows, columnCount, merged });
  }
  return sheets;
}
