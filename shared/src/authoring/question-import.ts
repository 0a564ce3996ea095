/**
 * Question bank (题库) rows → contest-file questions, with every problem by row and column.
 * Pure: the server decodes the workbook into a SheetTable and calls this.
 */
import type { Question, QuestionKind } from '../model/contest-file-schema.ts';
import {
  OPTION_KEYS,
  QUESTION_HEADINGS,
  headingVariants,
  questionField,
  type OptionKey,
  type QuestionField,
} from './import-headings.ts';
import { issue, type ImportIssue } from './import-issues.ts';
import type { SheetTable } from './sheet-table.ts';
import { readTable, type DataRow } from './table-reader.ts';

/** The most questions one import takes (the contest file's limit). */
export const MAX_IMPORT_QUESTIONS = 10000;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** True when a number has at most two decimals (binary floats: 0.07 * 100 is 7.000000000000001). */
export function hasTwoDecimals(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

export interface ImportedQuestion {
  row: number;
  question: Question;
}

export interface QuestionImport {
  /** True when there is no error: the import may be applied. */
  ok: boolean;
  items: ImportedQuestion[];
  issues: ImportIssue[];
}

const KIND_WORDS: [RegExp, QuestionKind][] = [
  [/^(单选|单选题|单项选择|单项选择题|单择题|single|single-?choice)$/i, 'single'],
  [/^(多选|多选题|多项选择|多项选择题|不定项|不定项选择|不定项选择题|multiple|multiple-?choice)$/i, 'multiple'],
  [/^(判断|判断题|是非|是非题|对错题|truefalse|true\/false|tf)$/i, 'truefalse'],
  [/^(简答|简答题|问答|问答题|填空|填空题|论述|论述题|主观题|口述题|open)$/i, 'open'],
];

/** 题型 text → kind. */
export function parseKind(text: string): QuestionKind | undefined {
  const t = text.normalize('NFKC').replace(/\s/g, '');
  return KIND_WORDS.find(([re]) => re.test(t))?.[1];
}

const TRUE_WORDS = new Set(['对', '正确', '√', '✓', '✔', 't', 'true', '是', 'y', 'yes', '1', '对的']);
const FALSE_WORDS = new Set(['错', '错误', '×', '✗', '✘', 'x', 'f', 'false', '否', 'n', 'no', '0', '错的']);

/** 对/错, 正确/错误, √/× … → "true" / "false". */
export function parseTrueFalse(text: string): 'true' | 'false' | undefined {
  const t = text.normalize('NFKC').replace(/\s/g, '').toLowerCase();
  if (TRUE_WORDS.has(t)) return 'true';
  if (FALSE_WORDS.has(t)) return 'false';
  return undefined;
}

const DIFFICULTY_WORDS: Record<string, number> = {
  易: 1,
  容易: 1,
  简单: 1,
  较易: 2,
  较容易: 2,
  较简单: 2,
  中: 3,
  中等: 3,
  一般: 3,
  适中: 3,
  较难: 4,
  偏难: 4,
  难: 5,
  困难: 5,
};

/** The words export writes for difficulty 1-5 (and the import reads back). */
export const DIFFICULTY_NAMES = ['易', '较易', '中等', '较难', '难'] as const;

/** 难度 text → 1..5: a word, a digit, or ★ stars. */
export function parseDifficulty(text: string): number | undefined {
  const t = text.normalize('NFKC').replace(/\s/g, '');
  if (DIFFICULTY_WORDS[t] !== undefined) return DIFFICULTY_WORDS[t];
  if (/^[1-5]$/.test(t)) return Number(t);
  if (/^★{1,5}$/.test(t)) return t.length;
  return undefined;
}

/** Answer letters: "ABD", "A,B,D", "A、B、D", "a b d", full-width letters. */
function answerLetters(text: string): string[] | undefined {
  const t = text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s,，、;；/|.。]+/g, '');
  return /^[A-Z]+$/.test(t) ? [...t] : undefined;
}

/** Question text normalised for duplicate detection: NFKC, no spaces or punctuation, lower case. */
export function normaliseQuestionText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase();
}

/** Tags split on the separators people type: 、 , ， ; ； | and spaces. */
export function splitTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[、,，;；|\s]+/)
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    ),
  ];
}

const KIND_ZH: Record<QuestionKind, string> = {
  single: '单选题',
  multiple: '多选题',
  truefalse: '判断题',
  open: '简答题',
};
const KIND_EN: Record<QuestionKind, string> = {
  single: 'single-choice',
  multiple: 'multiple-choice',
  truefalse: 'true/false',
  open: 'open',
};

/** Parse a question-bank table: every row a question, or an issue naming its row and column. */
export function importQuestions(table: SheetTable): QuestionImport {
  const read = readTable<QuestionField>({
    table,
    resolve: questionField,
    required: [
      { field: 'text', heading: QUESTION_HEADINGS.text, variants: headingVariants('question', 'text') },
      { field: 'answer', heading: QUESTION_HEADINGS.answer, variants: headingVariants('question', 'answer') },
    ],
    canonical: QUESTION_HEADINGS,
    maxRows: MAX_IMPORT_QUESTIONS,
    sheetInMessages: false,
  });
  const issues = read.issues;
  if (!read.columns || issues.some((i) => i.code === 'missing-column' || i.code === 'too-many-rows')) {
    return { ok: false, items: [], issues };
  }
  const items: ImportedQuestion[] = [];
  const idRows = new Map<string, number>();
  const textRows = new Map<string, number>();
  for (const r of read.rows) {
    const q = questionFromRow(r, issues);
    if (!q) continue;
    if (q.id) {
      const other = idRows.get(q.id);
      if (other !== undefined) {
        issues.push(issue('error', 'duplicate-id', { row: r.row, column: r.heading('id') }, { value: q.id, other }));
      } else idRows.set(q.id, r.row);
    }
    const key = normaliseQuestionText(q.question.text);
    const other = textRows.get(key);
    if (other !== undefined) {
      issues.push(issue('warning', 'duplicate-text', { row: r.row, column: r.heading('text') }, { other }));
    } else textRows.set(key, r.row);
    items.push({ row: r.row, question: q.question });
  }
  // Rows without an id get q0001, q0002 … in row order, skipping ids the file already uses.
  let n = 0;
  const width = Math.max(4, String(items.length).length);
  for (const item of items) {
    if (item.question.id !== '') continue;
    let id: string;
    do id = `q${String(++n).padStart(width, '0')}`;
    while (idRows.has(id));
    item.question.id = id;
  }
  return { ok: !issues.some((i) => i.severity === 'error'), items, issues };
}

function questionFromRow(r: DataRow<QuestionField>, issues: ImportIssue[]): { id: string; question: Question } | null {
  // A problem cell is reported once by the table reader; nothing more is said about that cell.
  const err = (
    field: QuestionField,
    code: Parameters<typeof issue>[1],
    params: Record<string, string | number> = {},
  ) => {
    if (!r.isProblem(field)) issues.push(issue('error', code, { row: r.row, column: r.heading(field) }, params));
  };

  const id = r.text('id');
  if (id !== '' && !ID_PATTERN.test(id)) err('id', 'bad-id', { value: id });
  const text = r.text('text');
  if (text === '') err('text', 'required');
  else if (text.length > 4000) err('text', 'too-long', { max: 4000 });

  const options: { key: OptionKey; text: string }[] = [];
  let gap: OptionKey | undefined;
  for (const key of OPTION_KEYS) {
    const t = r.text(`option${key}`);
    if (t === '') {
      gap ??= key;
      continue;
    }
    if (gap !== undefined) {
      err(`option${key}`, 'option-gap', { missing: gap, after: key });
      gap = undefined;
    }
    if (t.length > 4000) err(`option${key}`, 'too-long', { max: 4000 });
    options.push({ key, text: t });
  }
  const answerText = r.text('answer');
  const kindText = r.text('kind');
  let kind: QuestionKind | undefined;
  if (kindText !== '') {
    kind = parseKind(kindText);
    if (!kind) err('kind', 'bad-kind', { value: kindText });
  } else {
    // No 题型: inferred from the options and the answer.
    const letters = answerLetters(answerText);
    kind =
      options.length === 0
        ? parseTrueFalse(answerText)
          ? 'truefalse'
          : 'open'
        : letters && letters.length > 1
          ? 'multiple'
          : parseTrueFalse(answerText) && !letters
            ? 'truefalse'
            : 'single';
  }
  const question: Question = { id, kind: kind ?? 'open', text, answer: [] };
  if (kind === 'single' || kind === 'multiple') {
    const kindParams = { kind: KIND_ZH[kind], kindEn: KIND_EN[kind], count: options.length };
    if (options.length < 2) err('optionA', 'too-few-options', kindParams);
    question.options = options;
    if (answerText === '') err('answer', 'required');
    else {
      const letters = answerLetters(answerText);
      const keys = new Set(options.map((o) => o.key));
      if (!letters) err('answer', 'answer-not-option', { value: answerText });
      else {
        const seen = new Set<string>();
        for (const l of letters) {
          if (seen.has(l)) err('answer', 'answer-repeated', { value: l });
          else if (!keys.has(l as OptionKey)) err('answer', 'answer-not-option', { value: l });
          seen.add(l);
        }
        if (kind === 'single' && letters.length > 1) err('answer', 'answer-single-many', { value: letters.join('') });
        question.answer = [...seen].sort();
      }
    }
  } else if (kind === 'truefalse') {
    // Exam platforms often write 判断题 as 选项A 正确 / 选项B 错误 with the answer "A".
    const letters = answerLetters(answerText);
    const byOption =
      letters?.length === 1 && options.length > 0
        ? parseTrueFalse(options.find((o) => o.key === letters[0])?.text ?? '')
        : undefined;
    const value = byOption ?? parseTrueFalse(answerText);
    if (answerText === '') err('answer', 'required');
    else if (!value) err('answer', 'answer-truefalse', { value: answerText });
    else question.answer = [value];
    if (options.length > 0 && byOption === undefined && !options.every((o) => parseTrueFalse(o.text))) {
      err('optionA', 'options-not-allowed', { kind: KIND_ZH.truefalse, kindEn: KIND_EN.truefalse });
    }
  } else if (kind === 'open') {
    if (options.length > 0) err('optionA', 'options-not-allowed', { kind: KIND_ZH.open, kindEn: KIND_EN.open });
    if (answerText === '') err('answer', 'required');
    else if (answerText.length > 4000) err('answer', 'too-long', { max: 4000 });
    else question.reference = answerText;
  }

  const explanation = r.text('explanation');
  if (explanation.length > 4000) err('explanation', 'too-long', { max: 4000 });
  else if (explanation !== '') question.explanation = explanation;
  const category = r.text('category');
  if (category.length > 100) err('category', 'too-long', { max: 100 });
  else if (category !== '') question.category = category;

  const pointsText = r.text('points');
  if (pointsText !== '') {
    const points = Number(pointsText.normalize('NFKC').replace(/分$/, ''));
    if (!Number.isFinite(points) || points <= 0 || points > 100000 || !hasTwoDecimals(points)) {
      err('points', 'bad-points', { value: pointsText });
    } else question.points = points;
  }
  const secondsText = r.text('seconds');
  if (secondsText !== '') {
    const seconds = Number(secondsText.normalize('NFKC').replace(/(秒|s)$/i, ''));
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86400)
      err('seconds', 'bad-seconds', { value: secondsText });
    else question.seconds = seconds;
  }
  const difficultyText = r.text('difficulty');
  if (difficultyText !== '') {
    const difficulty = parseDifficulty(difficultyText);
    if (difficulty === undefined) err('difficulty', 'bad-difficulty', { value: difficultyText });
    else question.difficulty = difficulty;
  }
  const tagsText = r.text('tags');
  if (tagsText !== '') {
    const tags = splitTags(tagsText);
    if (tags.length > 20 || tags.some((t) => t.length > 50)) err('tags', 'too-many-tags', { max: 20 });
    else question.tags = tags;
  }
  if (text === '') return null;
  return { id, question };
}
