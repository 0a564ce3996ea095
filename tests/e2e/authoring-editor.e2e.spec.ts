/**
 * From a spreadsheet to the stage, in headless Chromium, as a new organiser: open the editor
 * with the admin link and create a contest; download the bank and roster templates, fill 30
 * questions and 10 contestants + 5 judges in them (ExcelJS, as Excel/WPS would save them) and
 * import them; build a three-stage contest in the editor without touching JSON (groups, kinds,
 * weights — a wrong weight shown in Chinese next to its field, then fixed —, a seeded draw,
 * reserve questions, advancement, awards); print the seat cards; start the final on the host
 * panel and play a required question, answered on the contestant's phone and shown on the stage.
 * Screenshots: artifacts/screenshots/editor-*.png.
 */
import { expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import type { ContestFile, ContestState } from '@leitai/shared';
import { resolve } from 'node:path';
import { SCREENSHOT_DIR, openPage, pageErrors, screenshot, VIEWPORTS } from '../support/browser.ts';
import { demoWithBrowser } from '../support/demo-browser.ts';

const demo = demoWithBrowser();

const TAGS = ['党史', '理论', '党章'];
const DIFFICULTY = ['易', '中等', '较易'];

/** Download a template through the page's own link and open it with ExcelJS. */
async function downloadTemplate(page: Page): Promise<ExcelJS.Workbook> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="au-template"]')]);
  const path = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** Write `rows` over a sheet's example rows (row 2 on), each given by heading, as one types them in. */
function fillSheet(ws: ExcelJS.Worksheet, rows: Record<string, ExcelJS.CellValue>[]): void {
  const heads = (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => (typeof v === 'string' ? v : ''));
  const last = Math.max(ws.rowCount, rows.length + 1);
  for (let r = 2; r <= last; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c < heads.length; c++) row.getCell(c).value = null;
    const values = rows[r - 2];
    if (!values) continue;
    for (const [head, value] of Object.entries(values)) {
      const col = heads.indexOf(head);
      if (col < 1) throw new Error(`the template has no column ${head}`);
      row.getCell(col).value = value;
    }
  }
}

const question = (i: number): Record<string, ExcelJS.CellValue> =>
  i % 3 === 2
    ? {
        题型: '判断题',
        题干: `第${i + 1}题：党的基层组织包括基层委员会、总支部委员会和支部委员会。`,
        答案: '对',
        难度: DIFFICULTY[i % 3] ?? '易',
        标签: TAGS[i % 3] ?? '',
      }
    : {
        题型: '单选题',
        题干: `第${i + 1}题：中国共产党第一次全国代表大会在哪里召开？`,
        选项A: '上海',
        选项B: '北京',
        选项C: '广州',
        选项D: '武汉',
        答案: 'A',
        解析: '一大在上海召开，后转至嘉兴南湖。',
        难度: DIFFICULTY[i % 3] ?? '易',
        标签: TAGS[i % 3] ?? '',
      };

async function upload(page: Page, wb: ExcelJS.Workbook, name: string): Promise<void> {
  await page.setInputFiles('[data-testid="au-file"]', {
    name,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(await wb.xlsx.writeBuffer()),
  });
  await page.waitForSelector('[data-testid="au-preview"]');
  if ((await page.textContent('[data-testid="au-error-count"]')) !== '0 处错误')
    console.log((await page.textContent('[data-testid="au-issues"]'))?.slice(0, 600));
  expect(await page.textContent('[data-testid="au-error-count"]')).toBe('0 处错误');
  await screenshot(page, `editor-import-${name.replace(/\..*$/, '')}-preview`);
  await page.click('[data-testid="au-confirm"]');
  await page.waitForSelector('[data-testid="au-done"]');
}

const latest = (): ContestState => {
  const all = demo.t.server.service.list().filter((s) => s.contestId !== 'demo');
  return all.sort((a, b) => a.createdAt - b.createdAt).at(-1) as ContestState;
};

/** Tick a checkbox in a checklist by its label text. */
const tick = (page: Page, list: string, label: string) =>
  page.locator(`[data-testid="${list}"] label`, { hasText: label }).locator('input').check();

test('a new organiser: templates → import → three stages in the editor → seat cards → the final on stage', async () => {
  // ---- A new contest from the admin link ----
  const { page } = await openPage(
    demo.browser,
    `${demo.t.server.url}/authoring.html#token=${demo.t.server.adminToken}&contest=new`,
    VIEWPORTS.laptop,
  );
  await page.waitForSelector('[data-testid="editor"]');
  await page.fill('[data-testid="ed-title"]', '2026 年青年理论知识竞赛');
  await page.fill('[data-testid="ed-organiser"]', '共青团某某市委员会');
  await screenshot(page, 'editor-new-contest');
  await page.click('[data-testid="ed-save"]');
  await page.waitForSelector('[data-testid="au-notice"]');
  expect(latest().definition.title).toBe('2026 年青年理论知识竞赛');

  // ---- The bank: the template filled with 30 questions ----
  await page.click('[data-testid="au-tab-questions"]');
  const bankBook = await downloadTemplate(page);
  fillSheet(
    bankBook.getWorksheet('题库')!,
    Array.from({ length: 30 }, (_, i) => question(i)),
  );
  await upload(page, bankBook, '题库.xlsx');
  expect(latest().definition.questions).toHaveLength(30);

  // ---- The roster: 10 contestants in two groups, 5 judges ----
  await page.click('[data-testid="au-tab-roster"]');
  const rosterBook = await downloadTemplate(page);
  fillSheet(
    rosterBook.getWorksheet('选手')!,
    Array.from({ length: 10 }, (_, i) => ({
      姓名: ['李红梅', '王志刚', '张晓燕', '刘建国', '陈静', '杨帆', '赵磊', '黄丽', '周涛', '吴敏'][i] ?? '',
      '单位/支部': `第${i + 1}党支部`,
      组别: i < 5 ? '第一组' : '第二组',
      座位号: i + 1,
    })),
  );
  fillSheet(
    rosterBook.getWorksheet('评委')!,
    Array.from({ length: 5 }, (_, i) => ({ 姓名: `评委${'甲乙丙丁戊'[i] ?? ''}`, '职务/头衔': '市委党校教授' })),
  );
  await upload(page, rosterBook, '名单.xlsx');
  const roster = latest().definition;
  expect(roster.contestants).toHaveLength(10);
  expect(roster.judges).toHaveLength(5);
  const names = roster.contestants.map((c) => c.name);

  // ---- The editor: three stages ----
  await page.click('[data-testid="au-tab-contest"]');
  await page.waitForSelector('[data-testid="ed-stage-0"]');
  await page.click('[data-testid="ed-add-stage"]');
  await page.click('[data-testid="ed-add-stage"]');
  // 初赛: everyone in the two groups of the roster, a required round of 10 drawn questions; the best 4 advance.
  await page.fill('[data-testid="ed-stage-name-0"]', '初赛');
  await page.fill('[data-testid="ed-segment-0-0-name"]', '必答题');
  await page.click('[data-testid="ed-segment-0-0-pick"]');
  // Two rules: 5 理论 and 5 党章 questions.
  await page.selectOption('[data-testid="ed-draw-tag-0"]', '理论');
  await page.fill('[data-testid="ed-draw-count-0"]', '5');
  await page.locator('[data-testid="ed-draw"] button', { hasText: '添加抽题规则' }).click();
  await page.selectOption('[data-testid="ed-draw-tag-1"]', '党章');
  await page.fill('[data-testid="ed-draw-count-1"]', '5');
  await page.fill('[data-testid="ed-draw-seed"]', 'chusai-2026');
  await page.click('[data-testid="ed-draw-go"]');
  await expect.poll(() => page.textContent('[data-testid="ed-segment-0-0-question-count"]')).toContain('正式题 10 道');
  // 复赛: a judged lecture for the advancers.
  await page.fill('[data-testid="ed-stage-name-1"]', '复赛');
  await page.selectOption('[data-testid="ed-segment-1-0-kind"]', 'judged');
  await page.fill('[data-testid="ed-segment-1-0-name"]', '主题演讲');
  await page.fill('[data-testid="ed-segment-1-0-trimDrop"]', '1');
  await page.fill('[data-testid="ed-segment-1-0-performanceSeconds"]', '300');
  await page
    .locator('[data-testid="ed-stage-1"]')
    .screenshot({ path: resolve(SCREENSHOT_DIR, 'editor-stage-judged.png') });
  // 决赛: four finalists, 必答 (60 %) with 8 党史 questions drawn and 2 reserves, 抢答 (40 %).
  await page.fill('[data-testid="ed-stage-name-2"]', '决赛');
  for (const name of names.slice(0, 4)) await tick(page, 'ed-group-contestants-2-0', name);
  await page.fill('[data-testid="ed-segment-2-0-name"]', '必答题');
  await page.fill('[data-testid="ed-segment-2-0-weight"]', '50');
  await page.click('[data-testid="ed-add-segment-2"]');
  await page.selectOption('[data-testid="ed-segment-2-1-kind"]', 'buzzer');
  await page.fill('[data-testid="ed-segment-2-1-name"]', '抢答题');
  await page.fill('[data-testid="ed-segment-2-1-weight"]', '40');
  // 50 + 40: the problem is shown in Chinese beside the weight, and Save waits.
  const weightField = page.locator('[data-testid="ed-stage-2"] [data-path="stages[2].segments[0].weight"]');
  await expect.poll(() => weightField.textContent()).toContain('各环节权重之和须为 100（现为 90）');
  expect(await page.textContent('[data-testid="ed-summary"]')).toContain(
    '第 3 阶段「决赛」 · 环节「必答题」（必答） · 权重',
  );
  expect(await page.isDisabled('[data-testid="ed-save"]')).toBe(true);
  await weightField.scrollIntoViewIfNeeded();
  await screenshot(page, 'editor-problem-beside-field');
  await page.fill('[data-testid="ed-segment-2-0-weight"]', '60');
  await page.click('[data-testid="ed-segment-2-0-pick"]');
  await page.selectOption('[data-testid="ed-draw-tag-0"]', '党史');
  await page.fill('[data-testid="ed-draw-count-0"]', '6');
  await page.fill('[data-testid="ed-draw-seed"]', 'juesai-2026');
  await page.click('[data-testid="ed-draw-go"]');
  await expect.poll(() => page.textContent('[data-testid="ed-target-count"]')).toContain('正式题 6 道');
  // Two reserves picked by hand from the searchable list.
  await page.fill('[data-testid="ed-bank-search"]', '第2');
  await expect.poll(() => page.textContent('[data-testid="ed-bank-shown"]')).toBe('显示 11 道');
  const free = page.locator(
    '[data-testid="ed-bank-row"]:not(.is-asked):not(.is-reserve):not(:has(.ed-bank-elsewhere))',
  );
  await free.nth(0).locator('.ed-reserve').click();
  await free.nth(0).locator('.ed-reserve').click();
  await expect.poll(() => page.textContent('[data-testid="ed-target-count"]')).toContain('备用题 2 道');
  await page.locator('#ed-bank').screenshot({ path: resolve(SCREENSHOT_DIR, 'editor-bank.png') });
  // The buzzer round: five questions of any tag.
  await page.fill('[data-testid="ed-bank-search"]', '');
  await page.click('[data-testid="ed-segment-2-1-pick"]');
  await page.fill('[data-testid="ed-draw-count-0"]', '5');
  await page.click('[data-testid="ed-draw-go"]');
  await expect.poll(() => page.textContent('[data-testid="ed-target-count"]')).toContain('正式题 5 道');
  // Advancement: 2 a group from 初赛 to 复赛, 4 from 复赛 to 决赛; two award tiers.
  await page.check('[data-testid="ed-advance-0"]');
  await page.fill('[data-testid="ed-advance-per-group-0"]', '2');
  await page.check('[data-testid="ed-advance-1"]');
  await page.fill('[data-testid="ed-advance-per-group-1"]', '4');
  await page.click('[data-testid="ed-add-tier"]');
  await page.click('[data-testid="ed-add-tier"]');
  await expect.poll(() => page.textContent('[data-testid="ed-status"]')).toContain('没有问题');
  await page.locator('#ed-general').scrollIntoViewIfNeeded();
  await screenshot(page, 'editor-three-stages');
  await page.click('[data-testid="ed-save"]');
  await expect.poll(() => latest().definition.stages.length).toBe(3);
  await expect
    .poll(() => page.textContent('[data-testid="au-notice"]'))
    .toContain(`已保存为新的比赛 ${latest().contestId}`);
  const saved = latest();
  const file: ContestFile = saved.definition;
  expect(file.stages.map((s) => s.name)).toEqual(['初赛', '复赛', '决赛']);
  const [prelim, , final] = file.stages;
  // The roster's 组别 column made the two groups of the first stage.
  expect(prelim!.groups.map((g) => [g.name, g.contestantIds.length])).toEqual([
    ['第一组', 5],
    ['第二组', 5],
  ]);
  expect(prelim!.advancement).toEqual({ perGroup: 2, toStageId: file.stages[1]!.id });
  expect(final!.groups[0]!.contestantIds).toEqual(roster.contestants.slice(0, 4).map((c) => c.id));
  const finalRequired = final!.segments[0]!;
  if (finalRequired.kind !== 'required') throw new Error('the final opens with the required round');
  expect(finalRequired).toMatchObject({
    weight: 60,
    questionDraw: { seed: 'juesai-2026', rules: [{ tag: '党史', count: 6 }] },
  });
  expect(finalRequired.questionIds).toHaveLength(6);
  expect(finalRequired.reserveQuestionIds).toHaveLength(2);
  const bankById = new Map(file.questions.map((q) => [q.id, q]));
  for (const id of finalRequired.questionIds) expect(bankById.get(id)?.tags).toContain('党史');
  expect(file.stages[1]!.segments[0]).toMatchObject({ kind: 'judged', settings: { trim: { drop: 1, minScores: 3 } } });
  expect(file.awards?.tiers).toHaveLength(2);
  // Reloaded from the server, the editor shows what was saved, with its preview.
  await page.reload();
  await page.waitForSelector('[data-testid="ed-preview"] [data-testid="scene-title"]');
  expect(await page.textContent('[data-testid="ed-preview"]')).toContain('2026 年青年理论知识竞赛');
  // In English too: the page and the problems switch with the language.
  await page.click('.locale-toggle');
  await expect.poll(() => page.textContent('[data-testid="ed-status"]')).toContain('No problems');
  await page.fill('[data-testid="ed-title"]', '');
  await expect.poll(() => page.textContent('[data-testid="ed-summary"]')).toContain('title: must not be empty');
  await screenshot(page, 'editor-en-problem');
  await page.click('.locale-toggle');
  await expect.poll(() => page.textContent('[data-testid="ed-summary"]')).toContain('标题：不能为空');
  await page.fill('[data-testid="ed-title"]', '2026 年青年理论知识竞赛');
  await expect.poll(() => page.textContent('[data-testid="ed-status"]')).toContain('没有问题');

  // ---- Seat cards ----
  const cardsHref = await page.getAttribute('[data-testid="au-cards"]', 'href');
  const hostHref = await page.getAttribute('[data-testid="au-host"]', 'href');
  const { page: cards } = await openPage(demo.browser, `${demo.t.server.url}${cardsHref ?? ''}`, {
    width: 900,
    height: 1200,
  });
  await cards.waitForSelector('[data-testid="seat-cards"]');
  expect(await cards.locator('.card').count()).toBe(15);
  await cards.emulateMedia({ media: 'print' });
  await cards.setViewportSize({ width: 794, height: 1123 });
  await screenshot(cards, 'editor-seat-cards-print');

  // ---- The final: host panel, stage screen, the first finalist's phone ----
  const token = new URLSearchParams((hostHref ?? '').split('#')[1]).get('token') ?? '';
  const seats = (await (
    await fetch(`${demo.t.server.url}/api/contests/${saved.contestId}/seats`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { seats: { role: string; subjectId?: string; url: string }[] };
  const seatOf = (role: string, subjectId?: string) =>
    seats.seats.find((s) => s.role === role && (subjectId === undefined || s.subjectId === subjectId))!.url;
  const { page: host } = await openPage(demo.browser, `${demo.t.server.url}${hostHref ?? ''}`, VIEWPORTS.desktop);
  const { page: stage } = await openPage(demo.browser, seatOf('stage'), VIEWPORTS.desktop);
  const first = final!.groups[0]!.contestantIds[0]!;
  const { page: phone } = await openPage(demo.browser, seatOf('contestant', first), VIEWPORTS.phone, {
    isMobile: true,
  });
  await host.waitForSelector('[data-testid="contest-title"]', { timeout: 20_000 });
  await host.click(`[data-testid="start-stage-${final!.id}"]`);
  await host.click(`[data-testid="start-segment-${finalRequired.id}"]`);
  await host.waitForSelector('[data-testid="kq-panel"]');
  await host.click('[data-testid="kq-next"]');
  await host.waitForSelector('[data-testid="kq-preview"]');
  await expect.poll(() => host.textContent('[data-testid="kq-assigned"]')).toContain(names[0]);
  await screenshot(host, 'editor-final-host');
  await host.keyboard.press('q');
  await stage.waitForSelector('[data-testid="stage-question"]');
  // A key acts on the phase the host page shows; the stage may hear of the change first.
  await host.waitForSelector('[data-testid="kq-phase"][data-phase="shown"]');
  await host.keyboard.press(' ');
  await expect.poll(() => phone.getAttribute('[data-testid="kq-play"]', 'data-state')).toBe('yourTurn');
  const active = (demo.t.server.service.get(saved.contestId)?.state as ContestState).knowledge.active;
  const q = bankById.get(active?.questionId ?? '');
  expect(finalRequired.questionIds).toContain(q?.id);
  await phone.click(`[data-testid="choice-${q?.answer[0] ?? 'A'}"]`);
  await expect.poll(() => phone.getAttribute('[data-testid="kq-play"]', 'data-state')).toBe('correct');
  await stage.waitForSelector('[data-testid="stage-result"][data-result="correct"]');
  await screenshot(stage, 'editor-final-stage-question');
  await screenshot(phone, 'editor-final-phone');
  const scores = (demo.t.server.service.get(saved.contestId)?.state as ContestState).scores;
  expect(JSON.stringify(scores)).toContain(first);
  expect([
    ...pageErrors(page),
    ...pageErrors(cards),
    ...pageErrors(host),
    ...pageErrors(stage),
    ...pageErrors(phone),
  ]).toEqual([]);
}, 150_000);
