/**
 * Import problems in the organiser's terms: a sheet, a row number and a column heading as the
 * spreadsheet shows them, in Chinese first and English. An `error` blocks the whole import (all
 * or nothing); a `warning` is shown in the preview and does not.
 */

export type IssueCode =
  | 'empty-file'
  | 'no-heading-row'
  | 'missing-column'
  | 'duplicate-column'
  | 'unknown-column'
  | 'too-many-rows'
  | 'blank-row'
  | 'formula'
  | 'merged'
  | 'cell-error'
  | 'required'
  | 'too-long'
  | 'bad-kind'
  | 'too-few-options'
  | 'option-gap'
  | 'options-not-allowed'
  | 'answer-not-option'
  | 'answer-single-many'
  | 'answer-truefalse'
  | 'answer-repeated'
  | 'bad-points'
  | 'bad-seconds'
  | 'bad-difficulty'
  | 'bad-id'
  | 'duplicate-id'
  | 'duplicate-text'
  | 'too-many-tags'
  | 'bad-seat'
  | 'duplicate-seat'
  | 'duplicate-name'
  | 'unknown-stage';

export type IssueParams = Record<string, string | number>;

/** One problem found by an import. `row` is the spreadsheet's row number (1 = the first row). */
export interface ImportIssue {
  severity: 'error' | 'warning';
  code: IssueCode;
  sheet?: string;
  row?: number;
  /** The column's heading as the file writes it (or the template's heading when it is missing). */
  column?: string;
  params: IssueParams;
  message: { zh: string; en: string };
}

type Detail = (p: IssueParams) => string;
const s = (p: IssueParams, k: string): string => String(p[k] ?? '');

const ZH: Record<IssueCode, Detail> = {
  'empty-file': () => '文件里没有任何内容',
  'no-heading-row': (p) => `找不到表头行（第一行应是列名，例如 ${s(p, 'expected')}）`,
  'missing-column': (p) => `缺少「${s(p, 'heading')}」列（也可写作 ${s(p, 'variants')}）`,
  'duplicate-column': (p) => `「${s(p, 'heading')}」列出现了两次（第 ${s(p, 'first')} 列和第 ${s(p, 'second')} 列）`,
  'unknown-column': () => '不认识的列名，该列已忽略',
  'too-many-rows': (p) => `最多导入 ${s(p, 'max')} 行，文件有 ${s(p, 'count')} 行`,
  'blank-row': () => '空行，已跳过',
  formula: (p) => `这是公式单元格${p['text'] ? `（显示为 ${s(p, 'text')}）` : ''}，请复制后「选择性粘贴 → 数值」再导入`,
  merged: () => '这是合并单元格，请取消合并，并在每一行填写完整',
  'cell-error': (p) => `单元格是错误值 ${s(p, 'text')}`,
  required: () => '不能为空',
  'too-long': (p) => `内容过长（最多 ${s(p, 'max')} 个字）`,
  'bad-kind': (p) => `「${s(p, 'value')}」不是可识别的题型（单选题、多选题、判断题、简答题）`,
  'too-few-options': (p) => `${s(p, 'kind')}至少需要 2 个选项，这里只有 ${s(p, 'count')} 个`,
  'option-gap': (p) => `选项${s(p, 'missing')} 为空，但选项${s(p, 'after')} 有内容：选项要从 A 起连续填写`,
  'options-not-allowed': (p) => `${s(p, 'kind')}不应填写选项`,
  'answer-not-option': (p) => `${s(p, 'value')} 不是此题的选项`,
  'answer-single-many': (p) => `单选题只能有一个答案，这里是 ${s(p, 'value')}`,
  'answer-truefalse': (p) => `判断题的答案应为 对/错、正确/错误 或 √/×，这里是「${s(p, 'value')}」`,
  'answer-repeated': (p) => `答案里的 ${s(p, 'value')} 重复了`,
  'bad-points': (p) => `「${s(p, 'value')}」不是大于 0、最多两位小数的分值`,
  'bad-seconds': (p) => `「${s(p, 'value')}」不是 1 到 86400 之间的整数秒数`,
  'bad-difficulty': (p) => `「${s(p, 'value')}」不是可识别的难度（易、较易、中等、较难、难，或 1-5）`,
  'bad-id': (p) => `「${s(p, 'value')}」不能作编号（只能用字母、数字、_ 和 -，以字母或数字开头，最多 64 个字符）`,
  'duplicate-id': (p) => `编号 ${s(p, 'value')} 与第 ${s(p, 'other')} 行重复`,
  'duplicate-text': (p) => `题干与第 ${s(p, 'other')} 行相同（可能是重复题）`,
  'too-many-tags': (p) => `标签最多 ${s(p, 'max')} 个，每个最多 50 个字`,
  'bad-seat': (p) => `「${s(p, 'value')}」不是 1 到 10000 之间的整数座位号`,
  'duplicate-seat': (p) => `座位号 ${s(p, 'value')} 与第 ${s(p, 'other')} 行重复`,
  'duplicate-name': (p) => `姓名与第 ${s(p, 'other')} 行相同（同名请确认不是重复录入）`,
  'unknown-stage': (p) => `「${s(p, 'value')}」不是本场比赛的赛段（可填：${s(p, 'stages')}）`,
};

const EN: Record<IssueCode, Detail> = {
  'empty-file': () => 'the file is empty',
  'no-heading-row': (p) => `no heading row found (the first row should name the columns, e.g. ${s(p, 'expected')})`,
  'missing-column': (p) => `the column "${s(p, 'heading')}" is missing (also accepted: ${s(p, 'variants')})`,
  'duplicate-column': (p) =>
    `the column "${s(p, 'heading')}" appears twice (columns ${s(p, 'first')} and ${s(p, 'second')})`,
  'unknown-column': () => 'unknown heading; the column is ignored',
  'too-many-rows': (p) => `at most ${s(p, 'max')} rows can be imported; the file has ${s(p, 'count')}`,
  'blank-row': () => 'empty row, skipped',
  formula: (p) =>
    `a formula cell${p['text'] ? ` (showing ${s(p, 'text')})` : ''}; copy it and "paste values" before importing`,
  merged: () => 'a merged cell; unmerge it and fill in every row',
  'cell-error': (p) => `the cell holds the error value ${s(p, 'text')}`,
  required: () => 'must not be empty',
  'too-long': (p) => `too long (at most ${s(p, 'max')} characters)`,
  'bad-kind': (p) => `"${s(p, 'value')}" is not a known question type (单选题, 多选题, 判断题, 简答题)`,
  'too-few-options': (p) => `a ${s(p, 'kindEn')} question needs at least 2 options; it has ${s(p, 'count')}`,
  'option-gap': (p) =>
    `option ${s(p, 'missing')} is empty but option ${s(p, 'after')} is filled: fill options from A without gaps`,
  'options-not-allowed': (p) => `a ${s(p, 'kindEn')} question takes no options`,
  'answer-not-option': (p) => `${s(p, 'value')} is not an option of this question`,
  'answer-single-many': (p) => `a single-choice question has one answer; this one has ${s(p, 'value')}`,
  'answer-truefalse': (p) => `a true/false answer is 对/错, 正确/错误 or √/×; this one is "${s(p, 'value')}"`,
  'answer-repeated': (p) => `${s(p, 'value')} appears twice in the answer`,
  'bad-points': (p) => `"${s(p, 'value')}" is not a number of points above 0 with at most two decimals`,
  'bad-seconds': (p) => `"${s(p, 'value')}" is not a whole number of seconds from 1 to 86400`,
  'bad-difficulty': (p) => `"${s(p, 'value')}" is not a known difficulty (易, 较易, 中等, 较难, 难, or 1-5)`,
  'bad-id': (p) =>
    `"${s(p, 'value')}" cannot be an id (letters, digits, "_" and "-", starting with a letter or digit, at most 64)`,
  'duplicate-id': (p) => `the id ${s(p, 'value')} is also used on row ${s(p, 'other')}`,
  'duplicate-text': (p) => `the same question text as row ${s(p, 'other')} (a duplicate?)`,
  'too-many-tags': (p) => `at most ${s(p, 'max')} tags of at most 50 characters each`,
  'bad-seat': (p) => `"${s(p, 'value')}" is not a whole seat number from 1 to 10000`,
  'duplicate-seat': (p) => `seat ${s(p, 'value')} is also on row ${s(p, 'other')}`,
  'duplicate-name': (p) => `the same name as row ${s(p, 'other')} (check it is not entered twice)`,
  'unknown-stage': (p) => `"${s(p, 'value')}" is not a stage of this contest (one of: ${s(p, 'stages')})`,
};

/** Build an issue with its zh-CN and English message. */
export function issue(
  severity: ImportIssue['severity'],
  code: IssueCode,
  where: { sheet?: string; row?: number; column?: string },
  params: IssueParams = {},
): ImportIssue {
  const zhWhere =
    where.row !== undefined
      ? `第 ${where.row} 行${where.column !== undefined ? `「${where.column}」列` : ''}：`
      : where.column !== undefined
        ? `「${where.column}」列：`
        : '';
  const enWhere =
    where.row !== undefined
      ? `Row ${where.row}${where.column !== undefined ? `, column "${where.column}"` : ''}: `
      : where.column !== undefined
        ? `Column "${where.column}": `
        : '';
  const sheetZh = where.sheet ? `工作表「${where.sheet}」` : '';
  const sheetEn = where.sheet ? `Sheet "${where.sheet}", ` : '';
  return {
    severity,
    code,
    ...(where.sheet !== undefined ? { sheet: where.sheet } : {}),
    ...(where.row !== undefined ? { row: where.row } : {}),
    ...(where.column !== undefined ? { column: where.column } : {}),
    params,
    message: {
      zh: `${sheetZh}${zhWhere}${ZH[code](params)}`,
      en: `${sheetEn}${sheetEn && enWhere ? enWhere.charAt(0).toLowerCase() + enWhere.slice(1) : enWhere}${EN[code](params)}`,
    },
  };
}
