/**
 * The lean XLSX reader of the import gives what the ExcelJS reader gives, cell for cell, on
 * workbooks as Excel/WPS save them: shared and inline strings, numbers, booleans, dates, rich
 * text, formulas (plain and shared) with results, error cells, merged ranges, blank rows,
 * several sheets, XML special characters; and the template and exports of the server.
 */
import { expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { DEMO_CONTEST } from '@leitai/shared';
import JSZip from 'jszip';
import { decodeUpload, readXlsxWithExcelJs, UploadError } from '../../server/src/authoring/upload-decode.ts';
import { readXlsxLean } from '../../server/src/authoring/xlsx-lean.ts';
import {
  questionBankXlsx,
  questionTemplateXlsx,
  rosterTemplateXlsx,
  rosterXlsx,
} from '../../server/src/authoring/authoring-xlsx.ts';

async function tricky(sharedStrings: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('题库 & <一>');
  ws.addRow(['题型', '题干', '选项A', '选项B', '答案', '分值', '日期', '对错']);
  ws.addRow(['单选题', "“引号” & <尖括号> '单引号'", '甲', '乙', 'A', 10, new Date(Date.UTC(2026, 11, 6)), true]);
  ws.addRow([
    '单选题',
    { richText: [{ text: '富' }, { font: { bold: true }, text: '文本' }] },
    '  前后空格  ',
    '乙',
    'B',
    2.5,
    null,
    false,
  ]);
  ws.addRow([]);
  ws.addRow(['判断题', '公式', '', '', { formula: 'IF(1=1,"对","错")', result: '对' }, { formula: '1+1', result: 2 }]);
  ws.getCell('F6').value = { sharedFormula: 'F5', result: 2 };
  ws.getCell('E6').value = { error: '#DIV/0!' };
  ws.mergeCells('A8:B9');
  ws.getCell('A8').value = '合并';
  ws.getCell('C10').value = { text: '链接', hyperlink: 'https://example.invalid/' };
  ws.getCell('D11').numFmt = 'yyyy"年"m"月"d"日"';
  ws.getCell('D11').value = new Date(Date.UTC(2026, 0, 2));
  ws.getCell('D12').numFmt = '0.00';
  ws.getCell('D12').value = 3.14159;
  const second = wb.addWorksheet('评委');
  second.addRow(['姓名', '职务/头衔']);
  second.addRow(['陈立群', '教授']);
  return Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: sharedStrings }));
}

test('the lean reader reads what ExcelJS reads, cell for cell', async () => {
  const files = [
    await tricky(true),
    await tricky(false),
    await questionTemplateXlsx(),
    await rosterTemplateXlsx(),
    await questionBankXlsx(DEMO_CONTEST.questions),
    await rosterXlsx(DEMO_CONTEST),
  ];
  for (const file of files) {
    expect(await readXlsxLean(file, 2_000_000)).not.toBeNull(); // the lean path is the one taken
    const lean = await decodeUpload(file);
    expect(lean.tables).toEqual(await readXlsxWithExcelJs(file));
  }
  const tables = (await decodeUpload(await tricky(true))).tables;
  expect(tables.map((t) => t.name)).toEqual(['题库 & <一>', '评委']);
  expect(tables[0]?.rows[1]).toEqual([
    '单选题',
    "“引号” & <尖括号> '单引号'",
    '甲',
    '乙',
    'A',
    '10',
    '2026-12-06',
    'TRUE',
  ]);
  expect(tables[0]?.rows[3]).toEqual([]);
  expect(tables[0]?.rows[4]?.[4]).toEqual({ problem: 'formula', text: '对' });
  expect(tables[0]?.rows[7]?.slice(0, 2)).toEqual([{ problem: 'merged' }, { problem: 'merged' }]);
});

test('a zip that is not a workbook and a damaged workbook still get the clear error', async () => {
  const zip = new JSZip();
  zip.file('hello.txt', '不是工作簿');
  const notWorkbook = await zip.generateAsync({ type: 'nodebuffer' });
  const good = await tricky(true);
  const damaged = Buffer.from(good.subarray(0, good.length - 200));
  for (const [file, zh] of [
    [notWorkbook, '工作簿里没有工作表'],
    [damaged, '无法作为 Excel 工作簿'],
  ] as const) {
    const error = await decodeUpload(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UploadError);
    expect((error as UploadError).zh).toContain(zh);
  }
});
