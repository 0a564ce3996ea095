/**
 * An import applied to a draft contest file: the bank or the roster replaced, and every
 * reference to what is gone removed, so the result is a complete contest file again (the server
 * then validates it with validateContestFile and creates the contest from it).
 */
import type { ContestFile, Contestant, Question, Stage } from '../model/contest-file-schema.ts';
import { issue, type ImportIssue } from './import-issues.ts';
import type { ImportedContestant, ImportedJudge } from './roster-import.ts';
import { CONTESTANT_HEADINGS } from './import-headings.ts';
import { parseTrueFalse } from './question-import.ts';

/** What an apply changed besides the lists themselves, for the organiser to check. */
export interface ApplySummary {
  /** Question ids dropped from segments because the new bank does not have them. */
  droppedQuestionIds: string[];
  /** Contestant ids dropped from groups and seeds because the new roster does not have them. */
  droppedContestantIds: string[];
  /** Judge ids dropped from judging panels. */
  droppedJudgeIds: string[];
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Replace the bank; segments keep the question ids the new bank still has (same 编号), in order. */
export function applyQuestions(
  draft: ContestFile,
  questions: Question[],
): { file: ContestFile; summary: ApplySummary } {
  const file = clone(draft);
  file.questions = clone(questions);
  const known = new Set(questions.map((q) => q.id));
  const dropped = new Set<string>();
  for (const stage of file.stages) {
    for (const segment of stage.segments) {
      if (segment.kind === 'judged') continue;
      for (const id of segment.questionIds) if (!known.has(id)) dropped.add(id);
      segment.questionIds = segment.questionIds.filter((id) => known.has(id));
    }
  }
  return { file, summary: { droppedQuestionIds: [...dropped], droppedContestantIds: [], droppedJudgeIds: [] } };
}

/**
 * Replace the contestants and/or judges (a list that is null stays as it is).
 *
 * Groups: each stage keeps its groups with the contestants that remain. A new contestant who is
 * in no group of the first stage and not seeded joins the first stage's group whose name (or id)
 * equals their 组别, else a new group named by it, else the first group. Seeds: when the roster
 * has a 种子 column, it says which stage each contestant enters directly (by stage name or id;
 * 是/√ means the last stage), and replaces the draft's seeds.
 */
export function applyRoster(
  draft: ContestFile,
  contestants: ImportedContestant[] | null,
  judges: ImportedJudge[] | null,
  opts: { seedColumn: boolean },
): { file: ContestFile; summary: ApplySummary; issues: ImportIssue[] } {
  const file = clone(draft);
  const issues: ImportIssue[] = [];
  const summary: ApplySummary = { droppedQuestionIds: [], droppedContestantIds: [], droppedJudgeIds: [] };
  if (judges) {
    file.judges = judges.map((j) => clone(j.judge));
    const known = new Set(file.judges.map((j) => j.id));
    const dropped = new Set(draft.judges.map((j) => j.id).filter((id) => !known.has(id)));
    summary.droppedJudgeIds = [...dropped];
    for (const stage of file.stages) {
      for (const segment of stage.segments) {
        if (segment.kind !== 'judged' || !segment.judgeIds) continue;
        const kept = segment.judgeIds.filter((id) => known.has(id));
        // A panel left empty falls back to every judge (the default).
        if (kept.length === 0) delete segment.judgeIds;
        else segment.judgeIds = kept;
      }
    }
  }
  if (contestants) {
    file.contestants = contestants.map((c) => clone(c.contestant));
    const known = new Set(file.contestants.map((c) => c.id));
    summary.droppedContestantIds = draft.contestants.map((c) => c.id).filter((id) => !known.has(id));
    const seeds = opts.seedColumn ? resolveSeeds(file.stages, contestants, issues) : null;
    file.stages.forEach((stage, s) => {
      for (const g of stage.groups) g.contestantIds = g.contestantIds.filter((id) => known.has(id));
      if (seeds) {
        const ids = contestants.filter((c) => seeds.get(c.contestant.id) === s).map((c) => c.contestant.id);
        if (ids.length > 0) stage.seededContestantIds = ids;
        else delete stage.seededContestantIds;
        for (const g of stage.groups)
          g.contestantIds = g.contestantIds.filter((id) => seeds.get(id) === undefined || seeds.get(id) === s);
      } else if (stage.seededContestantIds) {
        const kept = stage.seededContestantIds.filter((id) => known.has(id));
        if (kept.length > 0) stage.seededContestantIds = kept;
        else delete stage.seededContestantIds;
      }
    });
    placeInFirstStage(file, file.contestants);
  }
  return { file, summary, issues };
}

function resolveSeeds(stages: Stage[], rows: ImportedContestant[], issues: ImportIssue[]): Map<string, number> {
  const seeds = new Map<string, number>();
  const names = stages.map((s) => s.name).join('、');
  for (const r of rows) {
    if (r.seed === undefined) continue;
    const v = r.seed.normalize('NFKC').trim();
    let index = stages.findIndex((s) => s.name === v || s.id === v);
    if (index < 0 && parseTrueFalse(v) === 'true') index = stages.length - 1;
    if (index < 0 && parseTrueFalse(v) === 'false') continue;
    if (index < 0) {
      issues.push(
        issue(
          'error',
          'unknown-stage',
          { row: r.row, column: CONTESTANT_HEADINGS.seed },
          { value: r.seed, stages: names },
        ),
      );
    } else if (index > 0) seeds.set(r.contestant.id, index);
  }
  return seeds;
}

function placeInFirstStage(file: ContestFile, contestants: Contestant[]): void {
  const first = file.stages[0];
  if (!first) return;
  const placed = new Set<string>();
  for (const stage of file.stages) {
    for (const g of stage.groups) for (const id of g.contestantIds) placed.add(id);
    for (const id of stage.seededContestantIds ?? []) placed.add(id);
  }
  for (const c of contestants) {
    if (placed.has(c.id)) continue;
    let group = c.group !== undefined ? first.groups.find((g) => g.name === c.group || g.id === c.group) : undefined;
    if (!group && c.group !== undefined) {
      const ids = new Set(first.groups.map((g) => g.id));
      let n = first.groups.length + 1;
      while (ids.has(`g${n}`)) n++;
      group = { id: `g${n}`, name: c.group, contestantIds: [] };
      first.groups.push(group);
    }
    group ??= first.groups[0];
    group?.contestantIds.push(c.id);
  }
  // A group the roster emptied is dropped, while the stage keeps at least one.
  const nonEmpty = first.groups.filter((g) => g.contestantIds.length > 0);
  if (nonEmpty.length > 0) first.groups = nonEmpty;
}
