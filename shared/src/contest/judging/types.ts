/**
 * Judged segments (悟思想, 述行动): performances, judges' scores, recusal, lock, reveal,
 * captions, the awards ceremony's step, and score corrections for any segment.
 * Scores travel in integer hundredths (87.50 points = 8750).
 */
import type { Role } from '../kernel/actor.ts';
import type { CoreState } from '../kernel/core-state.ts';
import type { LifecycleSlice, SharedLifecycleEvent } from '../lifecycle/types.ts';

/** A judge's own score for one contestant (hundredths), with per-criterion marks when the segment has a rubric. */
export interface JudgeMark {
  score: number;
  criteria?: Record<string, number>;
  at: number;
}

/** The locked result of one contestant's performance. */
export interface JudgingResult {
  /** Rounded trimmed mean of the scores actually given (hundredths); null when nobody scored. */
  score: number | null;
  /** Every counted judge's score, in panel order. */
  scores: { judgeId: string; score: number; criteria?: Record<string, number> }[];
  /** Judges whose score was dropped (highest and lowest). */
  droppedJudgeIds: string[];
  /** Panel judges (not recused) who gave no score. */
  missingJudgeIds: string[];
  /** Whether the drop rule was applied. */
  trimApplied: boolean;
}

export type PerformanceStatus = 'open' | 'locked' | 'revealed';

/** One contestant's performance in a judged segment. */
export interface Performance {
  segmentId: string;
  contestantId: string;
  status: PerformanceStatus;
  /** Server time the performance (and its timer) started. */
  startedAt: number;
  /** Server time the performance time runs out; null without a time limit. */
  deadlineAt: number | null;
  /** Server time the warning shows; null without one. */
  warningAt: number | null;
  /** Judges who have submitted a score (everyone may know who has scored, never the value). */
  submitted: string[];
  /** Scores by judge id: a judge sees only their own; host and public roles see none before the lock. */
  marks: Record<string, JudgeMark>;
  /** The result: the host sees it from the lock, everyone else from the reveal. */
  result: JudgingResult | null;
  lockedAt: number | null;
  revealedAt: number | null;
}

/** A host-typed judge comment shown as a caption on the stage and overlay. */
export interface JudgeCaption {
  segmentId: string;
  contestantId: string;
  judgeId: string | null;
  text: string;
}

/** One score correction (or the undo of one): a delta on the score ledger with its reason. */
export interface Correction {
  correctionId: string;
  segmentId: string;
  contestantId: string;
  delta: number;
  before: number;
  after: number;
  reason: string;
  by: Role;
  at: number;
  /** Set on an undo: the correction it compensates. */
  undoes?: string;
}

export interface JudgingState {
  /** Performances by segment id, then contestant id. */
  performances: Record<string, Record<string, Performance>>;
  /** Recused judges by segment id, then contestant id. */
  recusals: Record<string, Record<string, string[]>>;
  /** The performance the stage shows (last started or revealed). */
  focus: { segmentId: string; contestantId: string } | null;
  caption: JudgeCaption | null;
  /** Corrections in order, undos included; nothing is ever removed. */
  corrections: Correction[];
  /** Awards-ceremony step the host has reached (0 = nothing revealed). */
  ceremonyStep: number;
  /** Popularity counts frozen from the audience, by stage id (the latest recording wins). Absent in snapshots older than the field. */
  popularity?: Record<string, PopularityRecord>;
  /** Judges' seats replaced on the night, in order (a new pad, or a new judge on the seat). */
  seatChanges: JudgeSeatChange[];
}

/**
 * A judge's seat replaced on the night: the seat (its judge id, so every score already given
 * stays) gets a new pad link and the old one stops working; `newJudge` when another person
 * takes the seat over, with the name every screen shows from here on.
 */
export interface JudgeSeatChange {
  judgeId: string;
  /** The name on the seat before. */
  from: string;
  /** The name on the seat after (the same name when only the pad is replaced). */
  to: string;
  newJudge: boolean;
  reason: string;
  at: number;
}

/** What the popularity award counts: audience cheers (per stage, per contestant) or likes. */
export type PopularityBy = 'cheers' | 'likes';

/** The audience counts frozen into the contest log for one stage's popularity award. */
export interface PopularityRecord {
  by: PopularityBy;
  /** Count by contestant id (roster members only). */
  counts: Record<string, number>;
  at: number;
}

export type JudgingCommand =
  | { type: 'StartPerformance'; data: { segmentId: string; contestantId: string; timed?: boolean } }
  | {
      type: 'SubmitJudgeScore';
      data: { segmentId: string; contestantId: string; score?: number; criteria?: Record<string, number> };
    }
  | { type: 'SetRecusal'; data: { segmentId: string; contestantId: string; judgeId: string; recused: boolean } }
  | { type: 'LockJudging'; data: { segmentId: string; contestantId: string } }
  | { type: 'RevealScores'; data: { segmentId: string; contestantId: string } }
  | {
      type: 'SetJudgeCaption';
      data: { segmentId: string; contestantId: string; judgeId: string | null; text: string | null };
    }
  | {
      type: 'CorrectScore';
      data: { segmentId: string; contestantId: string; score?: number; delta?: number; reason: string };
    }
  | { type: 'UndoCorrection'; data: { correctionId: string; reason: string } }
  | { type: 'SetCeremonyStep'; data: { step: number } }
  /** On the night: a new pad for judge `judgeId`'s seat; with `name`, a new judge takes the seat over. */
  | { type: 'ReplaceJudgeSeat'; data: { judgeId: string; name?: string; title?: string; reason: string } }
  /** System only: the server reads the audience's counts and records them (never a client's numbers). */
  | { type: 'RecordPopularityCounts'; data: { stageId: string; by: PopularityBy; counts: Record<string, number> } };

export type JudgingEvent =
  | {
      type: 'PerformanceStarted';
      data: {
        segmentId: string;
        contestantId: string;
        at: number;
        deadlineAt: number | null;
        warningAt: number | null;
      };
    }
  | {
      type: 'JudgeScoreSubmitted';
      /** `score`/`criteria` reach only the judge who gave them (and the server's log). */
      data: {
        segmentId: string;
        contestantId: string;
        judgeId: string;
        at: number;
        score?: number;
        criteria?: Record<string, number>;
      };
    }
  | { type: 'JudgeRecusalSet'; data: { segmentId: string; contestantId: string; judgeId: string; recused: boolean } }
  | {
      type: 'JudgingLocked';
      /** `result` reaches only the host (and the log); everyone else gets it with the reveal. */
      data: { segmentId: string; contestantId: string; at: number; result?: JudgingResult };
    }
  | { type: 'ScoresRevealed'; data: { segmentId: string; contestantId: string; at: number; result: JudgingResult } }
  | { type: 'JudgeCaptionSet'; data: { caption: JudgeCaption | null } }
  | { type: 'ScoreCorrected'; data: Correction }
  | { type: 'CeremonyStepSet'; data: { step: number } }
  | { type: 'JudgeSeatReplaced'; data: JudgeSeatChange & { title?: string } }
  | {
      type: 'PopularityRecorded';
      data: { stageId: string; by: PopularityBy; counts: Record<string, number>; at: number };
    };

/** This capability's slice of the contest state. */
export interface JudgingSlice {
  judging: JudgingState;
}

/** The state the judging capability reads: the core, the run of the contest and its own slice. */
export type JudgingContest = CoreState & LifecycleSlice & JudgingSlice;

/** What its `decide` returns: its own events, and the contestant in focus. */
export type JudgingEmits = JudgingEvent | SharedLifecycleEvent;
