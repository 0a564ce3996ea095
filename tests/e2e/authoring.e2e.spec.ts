/**
 * Authoring in a real browser: from the host panel's seat links to the import page (template,
 * upload with errors shown by row and column, a clean upload, confirm) and to the printable seat
 * cards of the new contest (screen and A4 PDF). Screenshots: artifacts/screenshots/authoring-*.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { FOUR_OPTION_BANK_FIELDS, templateHeadings } from '@leitai/shared';
import { seatUrl } from '@leitai/server';
import { SCREENSHOT_DIR, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { demoWithBrowser } from '../support/demo-browser.ts';

const demo = demoWithBrowser();

async function bank(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('题库');
  ws.addRow(templateHeadings(FOUR_OPTION_BANK_FIELDS));
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const good = (i: number): ExcelJS.CellValue[] =>
  i % 3 === 0
    ? [
        '单选题',
        `第${i + 1}题：中国共产党第一次全国代表大会在哪里召开？`,
        '上海',
        '北京',
        '广州',
        '武汉',
        'A',
        '一大在上海召开，后转至嘉兴南湖。',
        10,
        30,
        '易',
        '党史',
        '一大、党史',
      ]
    : i % 3 === 1
      ? [
          '多选题',
          `第${i + 1}题：下列属于“四个自信”的有？`,
          '道路自信',
          '理论自信',
          '制度自信',
          '文化自信',
          'ABCD',
          '',
          10,
          40,
          '中等',
          '理论',
          '',
        ]
      : [
          '判断题',
          `第${i + 1}题：党的基层组织包括基层委员会、总支部委员会和支部委员会。`,
          '',
          '',
          '',
          '',
          '对',
          '',
          5,
          20,
          '较易',
          '党章',
          '',
        ];

test('host panel → import page: errors by row and column, then a clean import; seat cards print on A4', async () => {
  const host = seatUrl(
    demo.t.server.url,
    demo.t.seats.find((s) => s.role === 'host')!,
  );
  const { page } = await openPage(demo.browser, host, VIEWPORTS.laptop);
  await page.click('[data-testid="tab-seats"]');
  await page.waitForSelector('[data-testid="open-authoring"]');
  await screenshot(page, 'authoring-host-seats-links');
  const importHref = await page.getAttribute('[data-testid="open-authoring"]', 'href');
  const cardsHref = await page.getAttribute('[data-testid="open-seat-cards"]', 'href');
  expect(importHref).toMatch(/^\/authoring\.html#token=.+&contest=demo$/);
  expect(cardsHref).toMatch(/^\/cards\.html#token=.+&contest=demo$/);

  const { page: au } = await openPage(demo.browser, `${demo.t.server.url}${importHref}`, VIEWPORTS.laptop);
  // The page opens on the contest editor; the import is the bank tab.
  await au.click('[data-testid="au-tab-questions"]');
  await au.waitForSelector('[data-testid="au-template"]');
  // The rules above the upload say what the bank's 分值 and 限时 do, and that a merged title row is fine.
  const rules = (await au.locator('.au-note').first().textContent()) ?? '';
  expect(rules).toContain('计分和计时按各环节的设置');
  expect(rules).toContain('标题行可以合并');
  expect(au.url()).not.toContain('token=');
  const download = await au.evaluate(async () => {
    const res = await fetch('/api/authoring/templates/questions.xlsx');
    return { status: res.status, type: res.headers.get('content-type') };
  });
  expect(download.status).toBe(200);

  const rows = Array.from({ length: 30 }, (_, i) => good(i));
  const bad = rows.map((r) => [...r]);
  (bad[10] as ExcelJS.CellValue[])[6] = 'E';
  (bad[4] as ExcelJS.CellValue[])[9] = '半分钟';
  const badFile = await bank(bad);
  await au.setInputFiles('[data-testid="au-file"]', {
    name: '题库.xlsx',
    mimeType: 'application/octet-stream',
    buffer: badFile,
  });
  await au.waitForSelector('[data-testid="au-issues"]');
  expect(await au.textContent('[data-testid="au-issues"]')).toContain('E 不是此题的选项');
  expect(await au.isDisabled('[data-testid="au-confirm"]')).toBe(true);
  await screenshot(au, 'authoring-import-errors');

  await au.setInputFiles('[data-testid="au-file"]', {
    name: '题库.xlsx',
    mimeType: 'application/octet-stream',
    buffer: await bank(rows),
  });
  await au.waitForSelector('[data-testid="au-items"]');
  expect(await au.textContent('[data-testid="au-error-count"]')).toBe('0 处错误');
  await screenshot(au, 'authoring-import-preview');
  // The roster tab, in English: a workbook with a repeated seat and a missing name.
  const roster = new ExcelJS.Workbook();
  const cs = roster.addWorksheet('选手');
  cs.addRow(['姓名', '单位/支部', '组别', '座位号']);
  for (let i = 1; i <= 10; i++)
    cs.addRow([i === 4 ? '' : `选手${i}`, `第${i}党支部`, i <= 5 ? '第一组' : '第二组', i === 7 ? 6 : i]);
  const js = roster.addWorksheet('评委');
  js.addRow(['姓名', '职务/头衔']);
  for (let i = 1; i <= 5; i++) js.addRow([`评委${i}`, '市委党校教授']);
  await au.click('[data-testid="au-tab-roster"]');
  await au.click('.locale-toggle');
  await au.setInputFiles('[data-testid="au-file"]', {
    name: 'roster.xlsx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(await roster.xlsx.writeBuffer()),
  });
  await au.waitForSelector('[data-testid="au-contestants"]');
  expect(await au.textContent('[data-testid="au-issues"]')).toContain('seat 6 is also on row 7');
  await screenshot(au, 'authoring-roster-errors-en');
  await au.click('.locale-toggle');
  await au.click('[data-testid="au-tab-questions"]');
  await au.setInputFiles('[data-testid="au-file"]', {
    name: '题库.xlsx',
    mimeType: 'application/octet-stream',
    buffer: await bank(rows),
  });
  await au.waitForSelector('[data-testid="au-items"]');
  await au.click('[data-testid="au-confirm"]');
  await au.waitForSelector('[data-testid="au-done"]');
  await screenshot(au, 'authoring-import-done');
  const newHost = await au.getAttribute('[data-testid="au-new-host"]', 'href');
  const newToken = new URL(newHost ?? '').hash.replace('#token=', '');
  const created = demo.t.server.service.list().find((s) => s.contestId !== 'demo');
  expect(created?.definition.questions).toHaveLength(30);

  // Seat cards of the new contest: judges and contestants with names, seats and QR codes; A4 when printed.
  const { page: cards } = await openPage(
    demo.browser,
    `${demo.t.server.url}/cards.html#token=${newToken}&contest=${created?.contestId ?? ''}`,
    { width: 900, height: 1200 },
  );
  await cards.waitForSelector('[data-testid="seat-cards"]');
  const n = await cards.locator('.card').count();
  expect(n).toBe(created!.definition.contestants.length + created!.definition.judges.length);
  expect(await cards.locator('.card-contestant .qr-code').count()).toBe(created!.definition.contestants.length);
  await screenshot(cards, 'authoring-seat-cards');
  await cards.emulateMedia({ media: 'print' });
  await cards.setViewportSize({ width: 794, height: 1123 });
  await screenshot(cards, 'authoring-seat-cards-print');
  const pdf = await cards.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  writeFileSync(resolve(SCREENSHOT_DIR, 'authoring-seat-cards.pdf'), pdf);
  // Eight cards a page: the demo's 10 contestants and 5 judges fill two A4 pages.
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBe(Math.ceil(n / 8));
  expect([...pageErrors(page), ...pageErrors(au), ...pageErrors(cards)]).toEqual([]);
}, 120_000);
