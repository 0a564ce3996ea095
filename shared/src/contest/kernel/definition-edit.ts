/**
 * Corrections made on the night change the contest file a state holds (`state.definition`):
 * a contestant's or unit's name, a judge's name, a segment's timer, a voided question replaced
 * by a reserve. These pure helpers return a new file with one thing changed and everything else
 * shared; every screen folds the same event with them, on the part of the file it holds.
 */
import type { ContestFile, Segment } from '../../model/contest-file-schema.ts';
import { domainError, type DomainError } from './errors.ts';

/** The file with contestant `contestantId` renamed. */
export function withContestantName(def: ContestFile, contestantId: string, name: string): ContestFile {
  return { ...def, contestants: def.contestants.map((c) => (c.id === contestantId ? { ...c, name } : c)) };
}

/** The file with the unit (organisation) of the contestants `contestantIds` set to `unit`. */
export function withUnitName(def: ContestFile, contestantIds: readonly string[], unit: string): ContestFile {
  const ids = new Set(contestantIds);
  return { ...def, contestants: def.contestants.map((c) => (ids.has(c.id) ? { ...c, organisation: unit } : c)) };
}

/** The file with judge `judgeId` renamed (and retitled, or the title dropped when `title` is null). */
export function withJudgeName(
  def: ContestFile,
  judgeId: string,
  name: string,
  title: string | null | undefined,
): ContestFile {
  return {
    ...def,
    judges: def.judges.map((j) => {
      if (j.id !== judgeId) return j;
      if (title === undefined) return { ...j, name };
      const { title: _old, ...rest } = j;
      return title === null ? { ...rest, name } : { ...rest, name, title };
    }),
  };
}

/** The file with segment `segmentId` replaced by `edit(segment)`. */
export function withSegment(def: ContestFile, segmentId: string, edit: (segment: Segment) => Segment): ContestFile {
  return {
    ...def,
    stages: def.stages.map((stage) =>
      stage.segments.some((g) => g.id === segmentId)
        ? { ...stage, segments: stage.segments.map((g) => (g.id === segmentId ? edit(g) : g)) }
        : stage,
    ),
  };
}

/** A reason given for a correction, trimmed; a missing one is a typed error (zh-CN first). */
export function reasonError(reason: string): DomainError | null {
  if (reason.trim()) return null;
  return {
    ...domainError('BAD_REQUEST', '现场更正必须填写原因'),
    messageEn: 'a correction on the night needs a reason',
  };
}

/** A refusal written for the operator, in zh-CN with its English. */
export const operatorError = (code: DomainError['code'], zh: string, en: string): DomainError => ({
  ...domainError(code, zh),
  messageEn: en,
});
