/**
 * Roster (名单) rows → contestants and judges, with every problem by sheet, row and column.
 * A workbook holds a contestants sheet (选手) and/or a judges sheet (评委); a CSV file holds one
 * of them, told apart by its headings (职务/头衔 without 单位 → judges).
 */
import type { Contestant, Judge } from '../model/contest-file-schema.ts';
import {
  CONTESTANT_HEADINGS,
  JUDGE_HEADINGS,
  contestantField,
  headingVariants,
  judgeField,
  type ContestantField,
  type JudgeField,
} from './import-headings.ts';
import { issue, type ImportIssue, type IssueCode } from './import-issues.ts';
import type { SheetTable } from './sheet-table.ts';
import { readTable, type DataRow } from './table-reader.ts';

export const MAX_IMPORT_CONTESTANTS = 10000;
export const MAX_IMPORT_JUDGES = 100;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export interface ImportedContestant {
  row: number;
  contestant: Contestant;
  /** 种子: the stage (name or id) the contestant enters directly; resolved against the contest on apply. */
  seed?: string;
}

export interface ImportedJudge {
  row: number;
  judge: Judge;
}

export interface RosterImport {
  ok: boolean;
  /** Null when the file has no contestants sheet (the contest keeps its contestants). */
  contestants: ImportedContestant[] | null;
  /** Null when the file has no judges sheet (the contest keeps its judges). */
  judges: ImportedJudge[] | null;
  issues: ImportIssue[];
}

/** Which list a sheet holds: by its name, else by its headings. */
export function rosterSheetKind(table: SheetTable): 'contestants' | 'judges' | 'notes' {
  const name = table.name.normalize('NFKC').toLowerCase();
  if (/说明|notes?|readme/.test(name)) return 'notes';
  if (/评委|judge/.test(name)) return 'judges';
  if (/选手|参赛|contestant/.test(name)) return 'contestants';
  const headings = (
    table.rows.slice(0, 5).find((r) => r.filter((c) => typeof c === 'string').length >= 2) ?? []
  ).filter((c): c is string => typeof c === 'string');
  const judgeOnly = headings.some((h) => judgeField(h) === 'title');
  const contestantOnly = headings.some((h) => {
    const f = contestantField(h);
    return f === 'organisation' || f === 'seat' || f === 'group' || f === 'seed' || f === 'mentor';
  });
  return judgeOnly && !contestantOnly ? 'judges' : 'contestants';
}

/** Parse a roster workbook (or one CSV table). */
export function importRoster(tables: SheetTable[]): RosterImport {
  const issues: ImportIssue[] = [];
  const kinds = tables.map((t) => ({ table: t, kind: rosterSheetKind(t) }));
  const named = kinds.filter((k) => k.kind !== 'notes');
  const many = named.length > 1;
  const contestantSheet = named.find((k) => k.kind === 'contestants')?.table;
  const judgeSheet = named.find((k) => k.kind === 'judges')?.table;
  const contestants = contestantSheet ? readContestants(contestantSheet, many, issues) : null;
  const judges = judgeSheet ? readJudges(judgeSheet, many, issues) : null;
  if (!contestantSheet && !judgeSheet) issues.push(issue('error', 'empty-file', {}));
  return { ok: !issues.some((i) => i.severity === 'error'), contestants, judges, issues };
}

function rowIssue(sheet: string | undefined, r: DataRow<string>, field: string, issues: ImportIssue[]) {
  return (code: IssueCode, params: Record<string, string | number> = {}, severity: 'error' | 'warning' = 'error') => {
    if (r.isProblem(field)) return;
    issues.push(
      issue(
        severity,
        code,
        { ...(sheet !== undefined ? { sheet } : {}), row: r.row, column: r.heading(field) },
        params,
      ),
    );
  };
}

/** Fill ids for rows without one: prefix + 01, 02 … skipping ids in use. */
function fillIds<T extends { id: string }>(items: T[], used: Set<string>, prefix: string): void {
  let n = 0;
  const width = Math.max(2, String(items.length).length);
  for (const item of items) {
    if (item.id !== '') continue;
    let id: string;
    do id = `${prefix}${String(++n).padStart(width, '0')}`;
    while (used.has(id));
    item.id = id;
    used.add(id);
  }
}

function readContestants(table: SheetTable, many: boolean, issues: ImportIssue[]): ImportedContestant[] {
  const sheet = many ? table.name : undefined;
  const read = readTable<ContestantField>({
    table,
    resolve: contestantField,
    required: [
      { field: 'name', heading: CONTESTANT_HEADINGS.name, variants: headingVariants('contestant', 'name') },
      {
        field: 'organisation',
        heading: CONTESTANT_HEADINGS.organisation,
        variants: headingVariants('contestant', 'organisation'),
      },
    ],
    canonical: CONTESTANT_HEADINGS,
    maxRows: MAX_IMPORT_CONTESTANTS,
    sheetInMessages: many,
  });
  issues.push(...read.issues);
  const out: ImportedContestant[] = [];
  const ids = new Map<string, number>();
  const seats = new Map<number, number>();
  const names = new Map<string, number>();
  for (const r of read.rows) {
    const at = (field: ContestantField) => rowIssue(sheet, r, field, issues);
    const id = r.text('id');
    if (id !== '') {
      if (!ID_PATTERN.test(id)) at('id')('bad-id', { value: id });
      else if (ids.has(id)) at('id')('duplicate-id', { value: id, other: ids.get(id) ?? 0 });
      else ids.set(id, r.row);
    }
    const c: Contestant = { id, name: r.text('name'), organisation: r.text('organisation') };
    for (const f of ['name', 'organisation'] as const) {
      if (c[f] === '') at(f)('required');
      else if (c[f].length > 200) at(f)('too-long', { max: 200 });
    }
    for (const f of ['group', 'mentor'] as const) {
      const v = r.text(f);
      if (v.length > 200) at(f)('too-long', { max: 200 });
      else if (v !== '') c[f] = v;
    }
    const seatText = r.text('seat');
    if (seatText !== '') {
      const seat = Number(seatText.normalize('NFKC').replace(/号$/, ''));
      if (!Number.isInteger(seat) || seat < 1 || seat > 10000) at('seat')('bad-seat', { value: seatText });
      else if (seats.has(seat)) at('seat')('duplicate-seat', { value: seat, other: seats.get(seat) ?? 0 });
      else {
        seats.set(seat, r.row);
        c.seat = seat;
      }
    }
    if (c.name !== '') {
      const other = names.get(`${c.name}\u0000${c.organisation}`);
      if (other !== undefined) at('name')('duplicate-name', { other }, 'warning');
      else names.set(`${c.name}\u0000${c.organisation}`, r.row);
    }
    const seed = r.text('seed');
    out.push({ row: r.row, contestant: c, ...(seed !== '' ? { seed } : {}) });
  }
  fillIds(
    out.map((o) => o.contestant),
    new Set(ids.keys()),
    'p',
  );
  return out;
}

function readJudges(table: SheetTable, many: boolean, issues: ImportIssue[]): ImportedJudge[] {
  const sheet = many ? table.name : undefined;
  const read = readTable<JudgeField>({
    table,
    resolve: judgeField,
    required: [{ field: 'name', heading: JUDGE_HEADINGS.name, variants: headingVariants('judge', 'name') }],
    canonical: JUDGE_HEADINGS,
    maxRows: MAX_IMPORT_JUDGES,
    sheetInMessages: many,
  });
  issues.push(...read.issues);
  const out: ImportedJudge[] = [];
  const ids = new Map<string, number>();
  for (const r of read.rows) {
    const at = (field: JudgeField) => rowIssue(sheet, r, field, issues);
    const id = r.text('id');
    if (id !== '') {
      if (!ID_PATTERN.test(id)) at('id')('bad-id', { value: id });
      else if (ids.has(id)) at('id')('duplicate-id', { value: id, other: ids.get(id) ?? 0 });
      else ids.set(id, r.row);
    }
    const judge: Judge = { id, name: r.text('name') };
    if (judge.name === '') at('name')('required');
    else if (judge.name.length > 200) at('name')('too-long', { max: 200 });
    const title = r.text('title');
    if (title.length > 200) at('title')('too-long', { max: 200 });
    else if (title !== '') judge.title = title;
    out.push({ row: r.row, judge });
  }
  fillIds(
    out.map((o) => o.judge),
    new Set(ids.keys()),
    'j',
  );
  return out;
}
