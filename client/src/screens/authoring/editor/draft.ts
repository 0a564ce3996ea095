/**
 * The editor's draft: a contest file edited in place of JSON. Edits copy everything but the bank
 * (the bank is replaced only by an import), so a keystroke stays cheap with 10,000 questions.
 */
import {
  CONTEST_FILE_FORMAT,
  describeProblems,
  validateContestFile,
  type ContestFile,
  type ProblemText,
  type Segment,
  type SegmentKind,
} from '@leitai/shared';

/** A new contest: one stage, one group, one required round; the organiser imports and edits from here. */
export function starterDraft(): ContestFile {
  return {
    format: CONTEST_FILE_FORMAT,
    title: '知识竞赛',
    locale: 'zh-CN',
    contestants: [{ id: 'c01', name: '选手一', organisation: '单位' }],
    judges: [],
    questions: [],
    stages: [
      {
        id: 'stage1',
        name: '决赛',
        groups: [{ id: 'g1', name: '第一组', contestantIds: ['c01'] }],
        segments: [{ id: 'required', name: '必答题', kind: 'required', fullMarks: 100, weight: 100, questionIds: [] }],
      },
    ],
  };
}

/** Copy the draft (all but the bank), let `edit` change the copy, and give it back with the same bank. */
export function edited(draft: ContestFile, edit: (next: ContestFile) => void): ContestFile {
  const next = JSON.parse(JSON.stringify({ ...draft, questions: [] })) as ContestFile;
  edit(next);
  next.questions = draft.questions;
  return next;
}

/** A fresh id with this prefix that no item in `taken` uses. */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) {
    const id = `${prefix}${n}`;
    if (!used.has(id)) return id;
  }
}

/** Every segment id of the contest (segment ids are unique across the contest). */
export const allSegmentIds = (file: ContestFile): string[] => file.stages.flatMap((s) => s.segments.map((g) => g.id));

/** A new segment of a kind, with its kind's fields; common fields kept from `from` when given. */
export function segmentOfKind(
  kind: SegmentKind,
  from: Pick<Segment, 'id' | 'name' | 'fullMarks' | 'weight' | 'part'>,
): Segment {
  const common = {
    id: from.id,
    name: from.name,
    fullMarks: from.fullMarks,
    weight: from.weight,
    ...(from.part !== undefined ? { part: from.part } : {}),
  };
  if (kind === 'judged') return { ...common, kind };
  return { ...common, kind, questionIds: [] };
}

export interface DraftCheck {
  ok: boolean;
  problems: ProblemText[];
  /** Problems by path, for the fields to show their own. */
  byPath: Map<string, ProblemText[]>;
}

/** Validate the draft with the contest file's own validator and index the problems by path. */
export function checkDraft(draft: ContestFile): DraftCheck {
  const v = validateContestFile(draft);
  const problems = v.ok ? [] : describeProblems(draft, v.problems);
  const byPath = new Map<string, ProblemText[]>();
  for (const p of problems) byPath.set(p.path, [...(byPath.get(p.path) ?? []), p]);
  return { ok: v.ok, problems, byPath };
}

/** Problems at `path` or below it (`stages[0]` holds `stages[0].segments[1].weight`). */
export function problemsUnder(check: DraftCheck, path: string): ProblemText[] {
  return check.problems.filter(
    (p) => p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`),
  );
}

/** Move the item at `from` to `to` in place (both in range; otherwise nothing changes). */
export function moveItem<T>(list: T[], from: number, to: number): void {
  if (from < 0 || to < 0 || from >= list.length || to >= list.length || from === to) return;
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item as T);
}
