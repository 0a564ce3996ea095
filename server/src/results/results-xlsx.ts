import { resultsTables, type ExportLang, type ResultsSheet } from './results-tables.ts';

/**
 * The results workbook: one sheet per table, scores as numbers with two decimals. ExcelJS is
 * loaded on the first export, not at start: it is ~29 MB of resident memory that the server
 * otherwise carries all night for a file asked for once (B3's base).
 */
export async function resultsXlsx(sheet: ResultsSheet, lang: ExportLang = 'zh-CN'): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Leitai 擂台';
  workbook.created = new Date(sheet.generatedAt);
  const used = new Set<string>();
  resultsTables(sheet, lang).forEach((table, i) => {
    // Worksheet names must be unique and at most 31 characters.
    let name = table.sheetName.slice(0, 31) || `Sheet${i + 1}`;
    if (used.has(name)) name = `${name.slice(0, 28)}-${i + 1}`;
    used.add(name);
    const ws = workbook.addWorksheet(name);
    ws.addRow([table.title]).font = { bold: true, size: 14 };
    const header = ws.addRow(table.header);
    header.font = { bold: true };
    for (const row of table.rows) {
      const added = ws.addRow(row.map((c) => (c === null ? '' : typeof c === 'string' ? c : c.hundredths / 100)));
      row.forEach((c, col) => {
        if (c && typeof c === 'object') {
          const cell = added.getCell(col + 1);
          cell.numFmt = c.plain ? 'General' : '0.00';
          if (c.note) {
            cell.font = { strike: true, color: { argb: 'FF888888' } };
            cell.note = c.note;
          }
        }
      });
    }
    if (table.note) ws.addRow([table.note]).font = { italic: true, color: { argb: 'FF555555' } };
    ws.columns.forEach((col) => {
      col.width = 12;
    });
  });
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data);
}
