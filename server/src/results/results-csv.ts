import { formatHundredths } from '@leitai/shared';
import { resultsTables, type Cell, type ResultsSheet } from './results-tables.ts';

/** A cell as CSV text: scores with two decimals, as on the results sheet. */
const csvText = (cell: Cell): string => {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  return formatHundredths(cell.hundredths);
};

/**
 * The results as CSV, written by ExcelJS (the library of the XLSX export, loaded on the first
 * export for the same memory reason): the contest's title, then each table after a blank line
 * (title, header, rows). A UTF-8 byte-order mark so Excel reads the Chinese, CRLF line ends,
 * fields with a comma, quote or line break quoted.
 */
export async function resultsCsv(sheet: ResultsSheet): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('results');
  ws.addRow([sheet.contestTitle]);
  for (const table of resultsTables(sheet)) {
    ws.addRow([]);
    ws.addRow([table.title]);
    ws.addRow(table.header);
    for (const row of table.rows) ws.addRow(row.map(csvText));
  }
  const data = await workbook.csv.writeBuffer({
    formatterOptions: { writeBOM: true, rowDelimiter: '\r\n', includeEndRowDelimiter: true },
  });
  return Buffer.from(data);
}
