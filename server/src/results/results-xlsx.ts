import { resultsTables, type ResultsSheet } from './results-tables.ts';

/**
 * The results workbook: one sheet per table, scores as numbers with two decimals. ExcelJS is
 * loaded on the first export, not at start: it is ~29 MB of resident memory that the server
 * otherwise carries all night for a file asked for once (B3's base).
 */
export async function resultsXlsx(sheet: ResultsSheet): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Leitai 擂台';
  workbook.created = new Date(sheet.generatedAt);
  resultsTables(sheet).forEach((table, i) => {
    const name = (i === 0 ? '总成绩' : (table.title.split(' ').at(-2) ?? `Sheet${i + 1}`)).slice(0, 31);
    const ws = workbook.addWorksheet(name);
    ws.addRow([table.title]).font = { bold: true, size: 14 };
    const header = ws.addRow(table.header);
    header.font = { bold: true };
    for (const row of table.rows) {
      const added = ws.addRow(row.map((c) => (c === null ? '' : typeof c === 'string' ? c : c.hundredths / 100)));
      row.forEach((c, col) => {
        if (c && typeof c === 'object') {
          const cell = added.getCell(col + 1);
          cell.numFmt = '0.00';
          if (c.note) cell.font = { strike: true, color: { argb: 'FF888888' } };
        }
      });
    }
    ws.columns.forEach((col) => {
      col.width = 12;
    });
  });
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data);
}
