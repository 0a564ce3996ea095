/**
 * The written test (笔试 / 知识竞答), contest-level part: opening and closing a written segment,
 * the host's measures on single papers (more time, void, reopen, each with a reason), the
 * grading result entering the score ledger, and the release of results. The papers themselves
 * (answers, focus losses, submits) are not here: each lives in a stream of its own (paper.ts),
 * because that traffic is far too heavy for the state every screen receives.
 */
import type { CoreState } from '../kernel/core-state.ts';
import type { LifecycleSlice } from '../lifecycle/types.ts';

export type WrittenStatus = 'pending' | 'open' | 'closed';

/** One written segment's run, as the contest state holds it. */
export interface WrittenRun {
  status: WrittenStatus;
  openedAt: number | null;
  /** Window mode: server time the test closes for everyone (a deadline). Per-taker mode: null. */
  closesAt: number | null;
  closedAt: number | null;
  /** Extra time per taker, in ms (host only). */
  extensions: Record<string, number>;
  /** Voided papers: taker id → reason (host only). */
  voided: Record<string, string>;
  /** How often each taker's paper was reopened (host only; a paper's submit counts for the current round). */
  reopened: Record<string, number>;
  /** When the grading result entered the ledger (null before the close has been graded). */
  scoredAt: number | null;
  /** Results released to the takers; `withKey`: the key and their own answers too. */
  released: { at: number; withKey: boolean } | null;
}

/** This capability's slice of the contest state: a run per written segment. */
export interface WrittenSlice {
  written: Record<string, WrittenRun>;
}

export type WrittenContest = CoreState & LifecycleSlice & WrittenSlice;

type Reasoned = { segmentId: string; takerId: string; reason: string };

export type WrittenCommand =
  | { type: 'OpenWrittenTest'; data: { segmentId: string } }
  | { type: 'CloseWrittenTest'; data: { segmentId: string } }
  | { type: 'ExtendTakerTime'; data: Reasoned & { seconds: number } }
  | { type: 'VoidPaper'; data: Reasoned }
  | { type: 'ReopenPaper'; data: Reasoned }
  /** The server's, after the close: the graded papers of the roster, in hundredths. */
  | { type: 'RecordWrittenScores'; data: { segmentId: string; scores: Record<string, number> } }
  | { type: 'ReleaseWrittenResults'; data: { segmentId: string; withKey: boolean } };

export type WrittenEvent =
  | { type: 'WrittenTestOpened'; data: { segmentId: string; at: number; closesAt: number | null } }
  | { type: 'WrittenTestClosed'; data: { segmentId: string; at: number } }
  | { type: 'TakerTimeExtended'; data: Reasoned & { seconds: number; at: number } }
  | { type: 'PaperVoided'; data: Reasoned & { at: number } }
  | { type: 'PaperReopened'; data: Reasoned & { at: number } }
  /** Host only: before the release nobody else sees a written score. */
  | { type: 'WrittenScoresRecorded'; data: { segmentId: string; scores: Record<string, number>; at: number } }
  /** Carries the scores again: the roles that did not receive them fold them into the ledger here. */
  | {
      type: 'WrittenResultsReleased';
      data: { segmentId: string; withKey: boolean; scores: Record<string, number>; at: number };
    };
