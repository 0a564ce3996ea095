/**
 * The common part of every import: find the heading row, map each column to a field, and walk
 * the data rows, reporting formula, merged and error cells in the columns that are read.
 *
 * Empty rows: an empty row between data rows is skipped with a warning (organisers leave gaps
 * between sections); empty rows after the last data row are ignored silently.
 */
import { issue, type ImportIssue } from './import-issues.ts';
import { isBlankRow, type SheetCell, type SheetTable } from './sheet-table.ts';

/** How many leading rows may come before the heading row (a title line, a note). */
const HEADING_SEARCH_ROWS = 5;

export interface TableColumns<F extends string> {
  /** The 1-based row number of the heading row. */
  headingRow: number;
  /** field → { index, heading as written }. */
  columns: Map<F, { index: number; heading: string }>;
}

export interface DataRow<F extends string> {
  /** The spreadsheet's row number. */
  row: number;
  /** The cell's text ('' when empty), or undefined when the column is absent or the cell is a problem cell (reported). */
  text(field: F): string;
  has(field: F): boolean;
  /** True when the cell is a formula, merged or error cell (already reported). */
  isProblem(field: F): boolean;
  /** The heading as the file writes it, or the fallback. */
  heading(field: F): string;
}

interface ReadOptions<F extends string> {
  table: SheetTable;
  resolve: (heading: string) => F | 'ignored' | undefined;
  /** Fields that must have a column; with their template heading and variants for the message. */
  required: { field: F; heading: string; variants: string[] }[];
  canonical: Record<string, string>;
  maxRows: number;
  /** Name the sheet in messages (workbooks with several sheets). */
  sheetInMessages: boolean;
}

/** Read a table: its columns, its data rows, and the problems found on the way. */
export function readTable<F extends string>(
  opts: ReadOptions<F>,
): { columns: TableColumns<F> | null; rows: DataRow<F>[]; issues: ImportIssue[] } {
  const { table } = opts;
  const sheet = opts.sheetInMessages ? table.name : undefined;
  const where = (w: { row?: number; column?: string }) => (sheet !== undefined ? { sheet, ...w } : w);
  const issues: ImportIssue[] = [];
  if (table.rows.every((r) => isBlankRow(r))) {
    issues.push(issue('error', 'empty-file', where({})));
    return { columns: null, rows: [], issues };
  }
  // The heading row: the first of the leading rows with at least two known headings.
  let headingIndex = -1;
  for (let i = 0; i < Math.min(HEADING_SEARCH_ROWS, table.rows.length); i++) {
    const known = (table.rows[i] ?? []).filter((c) => typeof c === 'string' && opts.resolve(c) !== undefined);
    if (known.length >= 2) {
      headingIndex = i;
      break;
    }
  }
  if (headingIndex < 0) {
    const expected = opts.required.map((r) => `「${r.heading}」`).join('、');
    issues.push(issue('error', 'no-heading-row', where({ row: 1 }), { expected }));
    return { columns: null, rows: [], issues };
  }
  const headingRow = headingIndex + 1;
  const columns = new Map<F, { index: number; heading: string }>();
  (table.rows[headingIndex] ?? []).forEach((cell, index) => {
    if (cell === null) return;
    if (typeof cell !== 'string') {
      issues.push(issue('error', cell.problem, where({ row: headingRow, column: `${index + 1}` }), cellParams(cell)));
      return;
    }
    const field = opts.resolve(cell);
    if (field === undefined) {
      issues.push(issue('warning', 'unknown-column', where({ row: headingRow, column: cell })));
      return;
    }
    if (field === 'ignored') return;
    const seen = columns.get(field);
    if (seen) {
      issues.push(
        issue('error', 'duplicate-column', where({ row: headingRow, column: cell }), {
          heading: opts.canonical[field] ?? cell,
          first: seen.index + 1,
          second: index + 1,
        }),
      );
      return;
    }
    columns.set(field, { index, heading: cell });
  });
  for (const r of opts.required) {
    if (!columns.has(r.field)) {
      issues.push(
        issue('error', 'missing-column', where({ row: headingRow }), {
          heading: r.heading,
          variants: r.variants.map((v) => `「${v}」`).join('、'),
        }),
      );
    }
  }

  // Data rows, up to the last non-empty one.
  let last = table.rows.length - 1;
  while (last > headingIndex && isBlankRow(table.rows[last])) last--;
  const count = last - headingIndex;
  if (count > opts.maxRows) {
    issues.push(issue('error', 'too-many-rows', where({}), { max: opts.maxRows, count }));
    return { columns: { headingRow, columns }, rows: [], issues };
  }
  const rows: DataRow<F>[] = [];
  for (let i = headingIndex + 1; i <= last; i++) {
    const cells = table.rows[i] ?? [];
    const row = i + 1;
    if (isBlankRow(cells)) {
      issues.push(issue('warning', 'blank-row', where({ row })));
      continue;
    }
    for (const [, { index, heading }] of columns) {
      const cell = cells[index];
      if (cell && typeof cell !== 'string') {
        issues.push(issue('error', cell.problem, where({ row, column: heading }), cellParams(cell)));
      }
    }
    rows.push(dataRow(cells, row, columns, opts.canonical));
  }
  return { columns: { headingRow, columns }, rows, issues };
}

function cellParams(cell: Exclude<SheetCell, string | null>): Record<string, string> {
  return cell.text !== undefined ? { text: cell.text } : {};
}

function dataRow<F extends string>(
  cells: SheetCell[],
  row: number,
  columns: Map<F, { index: number; heading: string }>,
  canonical: Record<string, string>,
): DataRow<F> {
  return {
    row,
    text(field) {
      const c = columns.get(field);
      const cell = c ? cells[c.index] : undefined;
      return typeof cell === 'string' ? cell.trim() : '';
    },
    has: (field) => columns.has(field),
    isProblem(field) {
      const c = columns.get(field);
      const cell = c ? cells[c.index] : undefined;
      return cell !== undefined && cell !== null && typeof cell !== 'string';
    },
    heading: (field) => columns.get(field)?.heading ?? canonical[field] ?? field,
  };
}
