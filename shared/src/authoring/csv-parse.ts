/**
 * CSV text → rows of cells (RFC 4180: comma separated, fields in double quotes may hold commas,
 * quotes doubled, and line breaks). Excel and WPS write exactly this; a tab-separated file (as
 * some tools save "CSV") is recognised by its first line.
 */
import type { SheetCell } from './sheet-table.ts';

/** Parse decoded CSV text (without a byte-order mark) into rows. Trailing empty lines are dropped. */
export function parseCsv(text: string): SheetCell[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const rows: SheetCell[][] = [];
  let row: SheetCell[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    const t = field.trim();
    row.push(t === '' ? null : t);
    field = '';
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (ch === sep) endField();
    else if (ch === '\n' || ch === '\r') {
      endField();
      rows.push(row);
      row = [];
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  while (rows.length > 0 && rows[rows.length - 1]?.every((c) => c === null)) rows.pop();
  return rows;
}

/** Quote one CSV field when it needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
