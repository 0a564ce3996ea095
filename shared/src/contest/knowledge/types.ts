/**
 * Types of the knowledge module: required answers (必答) and the buzzer (抢答).
 * A question goes through one *run*: prepared (host preview) → shown → answered → marked →
 * answer revealed → finished. Runs are numbered; deadline keys and commands name the run so a
 * stale command can never act on a later question.
 */

import type { Question } from '../../model/contest-file-schema.ts';
import type { CoreState } from '../kernel/core-state.ts';
import type { LifecycleSlice, SharedLifecycleEvent } from '../lifecycle/types.ts';

/**
 * What a screen may know of a question once it is shown, and nothing before: never its answer,
 * reference or explanation (an allow-list: a field added to questions reaches no screen until
 * it is named here).
 */
export type QuestionCard = Pick<Question, 'id' | 'kind' | 'text' | 'options' | 'category'>;

/** Which kind of knowledge round a run belongs to. */
export type KnowledgeRound = 'required' | 'buzzer';

/**
 * Where a question run stands.
 * - `preview`: prepared; only the host sees the question (others see that one is coming).
 * - `shown`: on the stage; required: the contestant may answer, the timer is not running.
 * - `armed`: buzzer armed; it opens at `buzz.openAt` and closes at `buzz.closeAt`.
 * - `answering`: the answer timer runs (`deadlineAt`).
 * - `marked`: a result is recorded (correct / wrong / timeout).
 * - `closed`: the buzzer closed with no valid press: nobody scores.
 */
export type QuestionPhase = 'preview' | 'shown' | 'armed' | 'answering' | 'marked' | 'closed';

export type AnswerResult = 'correct' | 'wrong' | 'timeout';

/** How the server placed a press in time. */
export type PressMode = 'synced' | 'clamped' | 'arrival';

/**
 * What the server decided about one press.
 * - `accepted`: a valid press, ranked by corrected time.
 * - `after`: valid but arrived after the winner was decided: ranked behind.
 * - `falseStart`: corrected time before the open instant: locked out of the question.
 * - `lockedOut`: the contestant is locked out (earlier false start or wrong answer).
 * - `duplicate`: the contestant already pressed in this attempt: changes nothing.
 */
export type PressDecision = 'accepted' | 'after' | 'falseStart' | 'lockedOut' | 'duplicate';

export interface PressRecord {
  contestantId: string;
  /** The phone's synced press time (server-time estimate), or null when it had no clock sync. */
  claimedAt: number | null;
  /** Server time the press arrived. */
  arrivedAt: number;
  /** The claim window the server allowed this phone (its measured latency bound, plus the server's own lag), ms. */
  windowMs: number;
  correctedAt: number;
  mode: PressMode;
  decision: PressDecision;
  /** The corrected time's timestamp uncertainty, ms: the phone clock's (jitter left in its fastest trips) for a claim kept, the window otherwise; the photo-finish bound. Absent in logs written before it was recorded. */
  boundMs?: number;
  /** The phone clock's worst-case error bound the claim's move was checked against, ms (moved further: `clamped`). Absent in older logs. */
  errorMs?: number;
}

/** Two leading presses the measurements cannot order (their gap is below their bounds together). */
export interface PhotoFinish {
  /** The two presses, earlier corrected time first: times and bounds as the host sees them. */
  presses: { contestantId: string; correctedAt: number; boundMs: number }[];
  /**
   * The contest's rule (`BuzzerSettings.photoFinish`): `earlier` — the earlier estimate won;
   * `host` — the host chooses (`chosenId` once chosen); `rebuzz` — the buzzer was armed again.
   */
  rule: PhotoFinishRule;
  /** Rule `host`: the contestant the host chose. */
  chosenId?: string;
}

export type PhotoFinishRule = 'earlier' | 'host' | 'rebuzz';

/** One place in the decided order, with the gap to the winner. */
export interface RankedPress {
  contestantId: string;
  correctedAt: number;
  /** Corrected time minus the winner's, ms. */
  gapMs: number;
  mode: PressMode;
}

export interface BuzzState {
  attempt: number;
  openAt: number;
  closeAt: number;
  graceMs: number;
  /** Set when the gateway proves absences: the slowest phone's claim window; the decision is held until every phone answered its probe, at most to `holdDeadline`. */
  holdMs?: number;
  rebound: boolean;
  /** When the decision falls due (first valid press plus the grace window, or the held decision's deadline); null before any valid press. */
  decideAt: number | null;
  presses: PressRecord[];
  /** Decided order (valid presses, earliest corrected time first); null until decided. */
  order: RankedPress[] | null;
  winnerId: string | null;
  /** Set when the decided leaders were a photo finish (rule `host`: while the host chooses, `order` is null). */
  photoFinish?: PhotoFinish;
}

export interface RevealedAnswer {
  answer: string[];
  reference?: string;
  explanation?: string;
}

export interface ActiveQuestion {
  run: number;
  segmentId: string;
  round: KnowledgeRound;
  /** The question; '' for non-host viewers while the run is in preview. */
  questionId: string;
  /** The question's number in its segment (1-based, "第 N 题"); 0 in logs older than the field. */
  number: number;
  phase: QuestionPhase;
  /** Required: the assigned contestant. Buzzer: the contestant answering now (the winner), else null. */
  contestantId: string | null;
  /** Answer deadline while the timer runs (server time), else null. */
  deadlineAt: number | null;
  /** Time left when the timer was stopped; null when it never ran or runs now. */
  remainingMs: number | null;
  /** Increments every time the answer timer starts (names the timeout deadline). */
  timer: number;
  /** Choice given on the phone by the current answerer, if any. */
  submitted: string[] | null;
  result: AnswerResult | null;
  revealed: RevealedAnswer | null;
  /** Buzzer: false starters and wrong answerers of this question. */
  lockedOut: string[];
  buzz: BuzzState | null;
  /** The photo finish this question was re-buzzed after (rule `rebuzz`); at most one per question. */
  rebuzzedAfter?: PhotoFinish;
  shownAt: number | null;
}

/** A finished run, for the run of show. */
export interface FinishedQuestion {
  run: number;
  segmentId: string;
  round: KnowledgeRound;
  /** '' for non-host viewers when the question was never shown. */
  questionId: string;
  shown: boolean;
  /** Required: the assigned contestant; buzzer: the last answerer. */
  contestantId: string | null;
  result: AnswerResult | 'none';
  /** Set when the question was voided on the night (its marks and presses annulled). */
  voided?: boolean;
}

/** A question voided on the night (作废), with what replaced it and the scores reversed. */
export interface VoidedQuestion {
  run: number;
  segmentId: string;
  /** '' for non-host viewers when the question was never shown. */
  questionId: string;
  /** Its number in the segment ("第 N 题"); 0 when unknown. */
  number: number;
  shown: boolean;
  /** Required: the contestant it was asked of (the replacement goes to them); buzzer: null. */
  contestantId: string | null;
  /** The reserve question that takes its place ('' for non-host viewers), or null: voided without replacement. */
  replacementId: string | null;
  /** Every score the question gave or took, reversed exactly (hundredths), with the ledger entry it annuls. */
  reversals: { entry: number; contestantId: string; points: number }[];
  reason: string;
  at: number;
}

export type KnowledgeLedgerCause = 'correct' | 'wrong' | 'timeout' | 'falseStart';

/** One scoring decision of this module, in order; `undone` once compensated. */
export interface KnowledgeLedgerEntry {
  entry: number;
  run: number;
  segmentId: string;
  contestantId: string;
  points: number;
  cause: KnowledgeLedgerCause;
  undone: boolean;
}

/** This module's slice of ContestState (`state.knowledge`). */
export interface KnowledgeState {
  /** Last run number used (0 = none yet). */
  runs: number;
  /** Every question shown so far, by id, as screens may see it (its event carries it). */
  cards: Record<string, QuestionCard>;
  active: ActiveQuestion | null;
  finished: FinishedQuestion[];
  ledger: KnowledgeLedgerEntry[];
  /** The stage's sound cues are muted by the host. */
  soundMuted: boolean;
  /** Questions voided on the night, in order. */
  voided: VoidedQuestion[];
  /**
   * Play-along stream delay (s): the livestream runs this far behind the stage, so the audience's
   * play-along question and answer frames are held back by it (hall phones stay live). Absent in
   * logs written before it existed: 0.
   */
  streamDelaySeconds?: number;
}

// ---------------------------------------------------------------------------------------------
// Commands

export type KnowledgeCommand =
  | { type: 'PrepareQuestion'; data: { segmentId: string; questionId: string; contestantId?: string } }
  | { type: 'ShowQuestion'; data: { run: number } }
  | { type: 'StartAnswerTimer'; data: { run: number } }
  | { type: 'StopAnswerTimer'; data: { run: number } }
  | { type: 'BeginMarking'; data: { run: number } }
  | { type: 'SubmitAnswer'; data: { run: number; choice: string[] } }
  | { type: 'MarkAnswer'; data: { run: number; result: 'correct' | 'wrong' } }
  | { type: 'RevealAnswer'; data: { run: number } }
  | { type: 'FinishQuestion'; data: { run: number } }
  | { type: 'ArmBuzzer'; data: { run: number } }
  | { type: 'Buzz'; data: { run: number; attempt: number; pressedAt: number | null } }
  | { type: 'DecideBuzz'; data: { run: number; attempt: number } }
  /** Rule `host`: the host settles a held photo finish for one of its two presses. */
  | { type: 'SettlePhotoFinish'; data: { run: number; attempt: number; contestantId: string } }
  | { type: 'CloseBuzzer'; data: { run: number; attempt: number } }
  | { type: 'TimeOutAnswer'; data: { run: number; timer: number } }
  | { type: 'UndoScore'; data: { reason: string } }
  | { type: 'SetStageSound'; data: { muted: boolean } }
  /**
   * Void a flawed question (the run that asked it, active or finished): its marks and presses
   * are annulled and the segment's next reserve question takes its place in the order. With no
   * reserve left it is refused, unless `withoutReplacement` says to void it all the same.
   */
  | { type: 'VoidQuestion'; data: { run: number; reason: string; withoutReplacement?: boolean } }
  | { type: 'SetStreamDelay'; data: { seconds: number } };

// ---------------------------------------------------------------------------------------------
// Events

export type KnowledgeEvent =
  | {
      type: 'QuestionPrepared';
      data: {
        run: number;
        segmentId: string;
        round: KnowledgeRound;
        questionId: string;
        contestantId: string | null;
        /** The question's number in its segment; absent in logs older than the field. */
        number?: number;
      };
    }
  | {
      type: 'QuestionShown';
      /** `question`: the card every screen shows (absent in logs older than the field). */
      data: { run: number; questionId: string; at: number; question?: QuestionCard };
    }
  | { type: 'AnswerTimerStarted'; data: { run: number; timer: number; deadlineAt: number; at: number } }
  | { type: 'AnswerTimerStopped'; data: { run: number; remainingMs: number } }
  | { type: 'AnswerSubmitted'; data: { run: number; contestantId: string; choice: string[]; at: number } }
  | {
      type: 'AnswerMarked';
      data: {
        run: number;
        segmentId: string;
        contestantId: string;
        result: AnswerResult;
        /** Points added to the segment score, in hundredths (negative for a penalty). */
        points: number;
        by: 'host' | 'phone' | 'timer';
      };
    }
  | { type: 'AnswerRevealed'; data: { run: number; questionId: string } & RevealedAnswer }
  | { type: 'QuestionFinished'; data: { run: number } }
  | {
      type: 'BuzzerArmed';
      data: {
        run: number;
        attempt: number;
        openAt: number;
        closeAt: number;
        graceMs: number;
        rebound: boolean;
        /** Set when the decision is held for absence proofs (see BuzzState.holdMs). */
        holdMs?: number;
      };
    }
  | {
      type: 'BuzzPressed';
      data: {
        run: number;
        attempt: number;
        segmentId: string;
        press: PressRecord;
        /** Points for this press (a false-start penalty, in hundredths), 0 otherwise. */
        points: number;
        /** Set on the first valid press: first arrival plus the grace window. */
        decideAt: number | null;
      };
    }
  | {
      type: 'BuzzDecided';
      data: {
        run: number;
        attempt: number;
        winnerId: string;
        order: RankedPress[];
        deadlineAt: number;
        at: number;
        photoFinish?: PhotoFinish;
      };
    }
  | { type: 'BuzzerClosed'; data: { run: number; attempt: number; at: number } }
  /** A photo finish the contest's rule leaves to the host (`host`) or to a re-buzz (`rebuzz`: a `BuzzerArmed` follows). */
  | { type: 'PhotoFinishFound'; data: { run: number; attempt: number; photoFinish: PhotoFinish; at: number } }
  | {
      type: 'ScoreUndone';
      data: { entry: number; segmentId: string; contestantId: string; points: number; reason: string };
    }
  | { type: 'StageSoundSet'; data: { muted: boolean } }
  | { type: 'QuestionVoided'; data: VoidedQuestion }
  | { type: 'StreamDelaySet'; data: { seconds: number; at: number } };

/** This capability's slice of the contest state. */
export interface KnowledgeSlice {
  knowledge: KnowledgeState;
}

/** The state the knowledge capability reads: the core, the run of the contest and its own slice. */
export type KnowledgeContest = CoreState & LifecycleSlice & KnowledgeSlice;

/** What its `decide` returns: its own events, and a scene change or the contestant in focus. */
export type KnowledgeEmits = KnowledgeEvent | SharedLifecycleEvent;
