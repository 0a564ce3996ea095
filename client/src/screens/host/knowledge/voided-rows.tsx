/**
 * The run of show's voided questions (已作废): a question voided on the night stays in the
 * list, struck through, just before the reserve that took its place (a chain of voids in the
 * order they were made). Read from the folded log (`state.knowledge.voided`), so a refresh
 * shows the same list.
 */
import type { ReactNode } from 'react';
import type { ContestState, VoidedQuestion } from '@leitai/shared';
import { useNightT } from '../../../ui/night/night-i18n.ts';

/** The voids of `segmentId` that led, one reserve after another, to `questionId`, oldest first. */
export function voidsBefore(contest: ContestState, segmentId: string, questionId: string | null): VoidedQuestion[] {
  const chain: VoidedQuestion[] = [];
  const seen = new Set<number>();
  let id = questionId;
  while (id) {
    const target = id;
    const v = contest.knowledge.voided.find(
      (x) => x.segmentId === segmentId && x.replacementId === target && !seen.has(x.run),
    );
    if (!v) break;
    seen.add(v.run);
    chain.unshift(v);
    id = v.questionId;
  }
  return chain;
}

/** Whether `questionId` was voided in `segmentId` without a reserve (it keeps its place). */
export const voidedInPlace = (contest: ContestState, segmentId: string, questionId: string | null): boolean =>
  !!questionId &&
  contest.knowledge.voided.some(
    (v) => v.segmentId === segmentId && v.questionId === questionId && v.replacementId === null,
  );

/** The rows of the voided questions before a question of the run of show. */
export function VoidedRows({
  contest,
  segmentId,
  questionId,
  label,
}: {
  contest: ContestState;
  segmentId: string;
  questionId: string | null;
  /** What the row's first column shows (the seat, or the question's place). */
  label?: string | number | undefined;
}) {
  const tn = useNightT();
  return (
    <>
      {voidsBefore(contest, segmentId, questionId).map((v) => (
        <li key={`void-${v.run}`} className="is-voided" data-testid="kq-ros-voided" title={v.reason}>
          <button type="button" disabled>
            <span className="kq-ros-seat">{label}</span>
            <span className="kq-ros-name">{v.questionId}</span>
            <span className="kq-ros-q">{tn('kq.voidedBy')}</span>
            <span className="kq-ros-result r-voided">{tn('kq.voided')}</span>
          </button>
        </li>
      ))}
    </>
  );
}

/** The 已作废 mark of a question voided with no reserve (it keeps its place), else `children`. */
export function VoidedMark({
  contest,
  segmentId,
  questionId,
  children,
}: {
  contest: ContestState;
  segmentId: string;
  questionId: string | null;
  children: ReactNode;
}) {
  const tn = useNightT();
  return voidedInPlace(contest, segmentId, questionId) ? (
    <b className="r-voided">{tn('kq.voided')}</b>
  ) : (
    <>{children}</>
  );
}
