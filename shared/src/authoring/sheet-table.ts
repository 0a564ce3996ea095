/**
 * A decoded worksheet, as the import reads it: plain text cells, with the cells it must refuse
 * marked. The server turns XLSX and CSV files into this shape (server/src/authoring/); everything
 * after that is pure and lives here.
 */

/** A cell the import cannot take as it is: a formula, part of a merged range, or an Excel error value. */
export interface ProblemCell {
  problem: 'formula' | 'merged' | 'cell-error';
  /** What the cell shows (a formula's cached result, an error like `#N/A`), for the message. */
  text?: string;
}

/** One cell: its text (trimmed by the reader), a problem cell, or `null` when empty. */
export type SheetCell = string | ProblemCell | null;

/** One worksheet (or a whole CSV file). `rows[0]` is the organiser's row 1. */
export interface SheetTable {
  name: string;
  rows: SheetCell[][];
}

/** The text of a cell, or '' for an empty or problem cell. */
export function cellText(cell: SheetCell | undefined): string {
  return typeof cell === 'string' ? cell : '';
}

/** True when a row has no text and no problem cell. */
export function isBlankRow(row: readonly SheetCell[] | undefined): boolean {
  return !row || row.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}

/** Spreadsheet column letters for a zero-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
