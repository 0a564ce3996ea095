/**
 * A contest's bank and roster as template rows: what export writes (server/src/authoring/), in
 * the same headings the import reads, so that importing an export gives the same bank and roster.
 */
import type { ContestFile, Question } from '../model/contest-file-schema.ts';
import { CONTESTANT_HEADINGS, JUDGE_HEADINGS, OPTION_KEYS, QUESTION_HEADINGS } from './import-headings.ts';
import { DIFFICULTY_NAMES } from './question-import.ts';

const KIND_NAMES: Record<Question['kind'], string> = {
  single: '单选题',
  multiple: '多选题',
  truefalse: '判断题',
  open: '简答题',
};

/** The bank's heading row (template order; options A-F, and G-H only when a question uses them). */
export function questionHeadings(questions: readonly Question[] = []): string[] {
  const wide = questions.some((q) => q.options?.some((o) => o.key === 'G' || o.key === 'H'));
  const keys = wide ? OPTION_KEYS : OPTION_KEYS.slice(0, 6);
  return [
    QUESTION_HEADINGS.id,
    QUESTION_HEADINGS.kind,
    QUESTION_HEADINGS.text,
    ...keys.map((k) => QUESTION_HEADINGS[`option${k}`]),
    QUESTION_HEADINGS.answer,
    QUESTION_HEADINGS.explanation,
    QUESTION_HEADINGS.points,
    QUESTION_HEADINGS.seconds,
    QUESTION_HEADINGS.difficulty,
    QUESTION_HEADINGS.category,
    QUESTION_HEADINGS.tags,
  ];
}

/** One question as a row under `questionHeadings(questions)`. Numbers stay numbers. */
export function questionRow(q: Question, optionCount: number): (string | number)[] {
  const answer =
    q.kind === 'truefalse'
      ? q.answer[0] === 'true'
        ? '对'
        : '错'
      : q.kind === 'open'
        ? (q.reference ?? '')
        : q.answer.join('');
  const options = OPTION_KEYS.slice(0, optionCount).map((k) => q.options?.find((o) => o.key === k)?.text ?? '');
  return [
    q.id,
    KIND_NAMES[q.kind],
    q.text,
    ...options,
    answer,
    q.explanation ?? '',
    q.points ?? '',
    q.seconds ?? '',
    q.difficulty !== undefined ? (DIFFICULTY_NAMES[q.difficulty - 1] ?? '') : '',
    q.category ?? '',
    (q.tags ?? []).join('、'),
  ];
}

/** The bank as a table: the heading row, then one row per question. */
export function questionTable(questions: readonly Question[]): (string | number)[][] {
  const headings = questionHeadings(questions);
  const optionCount = headings.filter((h) => h.startsWith('选项')).length;
  return [headings, ...questions.map((q) => questionRow(q, optionCount))];
}

export const CONTESTANT_COLUMNS = [
  CONTESTANT_HEADINGS.id,
  CONTESTANT_HEADINGS.name,
  CONTESTANT_HEADINGS.organisation,
  CONTESTANT_HEADINGS.group,
  CONTESTANT_HEADINGS.seat,
  CONTESTANT_HEADINGS.mentor,
  CONTESTANT_HEADINGS.seed,
];
export const JUDGE_COLUMNS = [JUDGE_HEADINGS.id, JUDGE_HEADINGS.name, JUDGE_HEADINGS.title];

/** The roster as rows: contestants (with the stage each is seeded into, by name) and judges. */
export function rosterRows(contest: ContestFile): { contestants: (string | number)[][]; judges: string[][] } {
  const seededInto = new Map<string, string>();
  for (const stage of contest.stages) for (const id of stage.seededContestantIds ?? []) seededInto.set(id, stage.name);
  return {
    contestants: contest.contestants.map((c) => [
      c.id,
      c.name,
      c.organisation,
      c.group ?? '',
      c.seat ?? '',
      c.mentor ?? '',
      seededInto.get(c.id) ?? '',
    ]),
    judges: contest.judges.map((j) => [j.id, j.name, j.title ?? '']),
  };
}
