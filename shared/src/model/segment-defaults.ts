/**
 * The defaults of domain.md for every optional setting of the contest file, and resolvers
 * that return fully populated settings, so the rest of the domain never repeats `?? 10`.
 * Points stay decimal numbers exactly as in the file; scoring converts them to hundredths.
 */
import type {
  BuzzerSettings,
  ContestFile,
  Criterion,
  JudgedSettings,
  Part,
  RequiredSettings,
  Segment,
  TrimRule,
  WrittenSettings,
} from './contest-file-schema.ts';

/** Required-answer (必答) settings with every field present. */
export interface ResolvedRequiredSettings {
  pointsCorrect: number;
  pointsWrong: number;
  pointsTimeout: number;
  answerSeconds: number;
  questionsPerContestant: number;
}

/** Buzzer (抢答) settings with every field present. */
export interface ResolvedBuzzerSettings {
  pointsCorrect: number;
  pointsWrong: number;
  /** Points taken for a false start (a positive number; 0 = lock-out only). */
  falseStartPenalty: number;
  answerSeconds: number;
  buzzSeconds: number;
  openDelayMs: number;
}

/** Judged (评分) settings with every field present; no time limit is `undefined`. */
export interface ResolvedJudgedSettings {
  /** Rubric criteria; empty when judges give one overall score. */
  criteria: Criterion[];
  trim: TrimRule;
  performanceSeconds: number | undefined;
  warningSeconds: number | undefined;
}

/** Written-test (笔试) settings with every field present. */
export interface ResolvedWrittenSettings {
  durationSeconds: number;
  timing: 'perTaker' | 'window';
  pointsPerQuestion: number;
  entry: 'roster' | 'open';
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  /** Empty: every question of the segment. */
  draw: { category?: string; count: number }[];
  partialPercent: number;
  /** null: focus losses are counted only. */
  focusLossLimit: number | null;
}

/** Required round: +10 correct, 0 wrong, 0 on timeout, 30 s, one question per contestant. */
/** While the host marks an oral answer the answer timer pauses (knowledge segments' `whileMarking`). */
export const WHILE_MARKING_DEFAULT = 'pause' as const;

export const REQUIRED_DEFAULTS: Readonly<ResolvedRequiredSettings> = Object.freeze({
  pointsCorrect: 10,
  pointsWrong: 0,
  pointsTimeout: 0,
  answerSeconds: 30,
  questionsPerContestant: 1,
});

/** Buzzer round: +10 correct, −10 wrong, false start −5, 20 s to answer, open 10 s, scheduled 300 ms ahead. */
export const BUZZER_DEFAULTS: Readonly<ResolvedBuzzerSettings> = Object.freeze({
  pointsCorrect: 10,
  pointsWrong: -10,
  falseStartPenalty: 5,
  answerSeconds: 20,
  buzzSeconds: 10,
  openDelayMs: 300,
});

/** Trimmed mean: drop one highest and one lowest score when there are at least 5. */
export const TRIM_DEFAULTS: Readonly<TrimRule> = Object.freeze({ drop: 1, minScores: 5 });

/** Judged segment: default trim, no rubric, no time limit. */
export const JUDGED_DEFAULTS: Readonly<ResolvedJudgedSettings> = Object.freeze({
  criteria: [],
  trim: TRIM_DEFAULTS,
  performanceSeconds: undefined,
  warningSeconds: undefined,
});

/**
 * Written test: 30 minutes per taker from first opening, one point per correct question, the
 * stage's roster by personal links, both orders shuffled, half the points for a correct subset.
 */
export const WRITTEN_DEFAULTS: Readonly<ResolvedWrittenSettings> = Object.freeze({
  durationSeconds: 1800,
  timing: 'perTaker',
  pointsPerQuestion: 1,
  entry: 'roster',
  shuffleQuestions: true,
  shuffleOptions: true,
  draw: [],
  partialPercent: 50,
  focusLossLimit: null,
});

/** A knowledge segment's rule for the answer timer while the host marks an oral answer (default: pause). */
export function resolveWhileMarking(segment: {
  settings?: RequiredSettings | BuzzerSettings | undefined;
}): 'pause' | 'run' {
  return segment.settings?.whileMarking ?? WHILE_MARKING_DEFAULT;
}

/** Fill in the required-round defaults. */
export function resolveRequiredSettings(segment: {
  settings?: RequiredSettings | undefined;
}): ResolvedRequiredSettings {
  const s = segment.settings ?? {};
  return {
    pointsCorrect: s.pointsCorrect ?? REQUIRED_DEFAULTS.pointsCorrect,
    pointsWrong: s.pointsWrong ?? REQUIRED_DEFAULTS.pointsWrong,
    pointsTimeout: s.pointsTimeout ?? REQUIRED_DEFAULTS.pointsTimeout,
    answerSeconds: s.answerSeconds ?? REQUIRED_DEFAULTS.answerSeconds,
    questionsPerContestant: s.questionsPerContestant ?? REQUIRED_DEFAULTS.questionsPerContestant,
  };
}

/** Fill in the buzzer-round defaults. */
export function resolveBuzzerSettings(segment: { settings?: BuzzerSettings | undefined }): ResolvedBuzzerSettings {
  const s = segment.settings ?? {};
  return {
    pointsCorrect: s.pointsCorrect ?? BUZZER_DEFAULTS.pointsCorrect,
    pointsWrong: s.pointsWrong ?? BUZZER_DEFAULTS.pointsWrong,
    falseStartPenalty: s.falseStartPenalty ?? BUZZER_DEFAULTS.falseStartPenalty,
    answerSeconds: s.answerSeconds ?? BUZZER_DEFAULTS.answerSeconds,
    buzzSeconds: s.buzzSeconds ?? BUZZER_DEFAULTS.buzzSeconds,
    openDelayMs: s.openDelayMs ?? BUZZER_DEFAULTS.openDelayMs,
  };
}

/** Fill in the judged-segment defaults (copies, so callers cannot alter the file or the defaults). */
export function resolveJudgedSettings(segment: { settings?: JudgedSettings | undefined }): ResolvedJudgedSettings {
  const s = segment.settings ?? {};
  const trim = s.trim ?? TRIM_DEFAULTS;
  return {
    criteria: (s.criteria ?? []).map((c) => ({ ...c })),
    trim: { drop: trim.drop, minScores: trim.minScores },
    performanceSeconds: s.performanceSeconds ?? JUDGED_DEFAULTS.performanceSeconds,
    warningSeconds: s.warningSeconds ?? JUDGED_DEFAULTS.warningSeconds,
  };
}

/** Fill in the written-test defaults. */
export function resolveWrittenSettings(segment: { settings?: WrittenSettings | undefined }): ResolvedWrittenSettings {
  const s = segment.settings ?? {};
  return {
    durationSeconds: s.durationSeconds ?? WRITTEN_DEFAULTS.durationSeconds,
    timing: s.timing ?? WRITTEN_DEFAULTS.timing,
    pointsPerQuestion: s.pointsPerQuestion ?? WRITTEN_DEFAULTS.pointsPerQuestion,
    entry: s.entry ?? WRITTEN_DEFAULTS.entry,
    shuffleQuestions: s.shuffleQuestions ?? WRITTEN_DEFAULTS.shuffleQuestions,
    shuffleOptions: s.shuffleOptions ?? WRITTEN_DEFAULTS.shuffleOptions,
    draw: (s.draw ?? []).map((d) => ({ ...d })),
    partialPercent: s.partialPercent ?? WRITTEN_DEFAULTS.partialPercent,
    focusLossLimit: s.focusLossLimit ?? WRITTEN_DEFAULTS.focusLossLimit,
  };
}

/** Points every contestant starts a part with; 0 unless the file says otherwise. */
export function resolveBasePoints(part: Pick<Part, 'basePoints'> | undefined): number {
  return part?.basePoints ?? 0;
}

/** Judge ids on a judged segment's panel: its own list, or else every judge of the contest. */
export function resolveJudgePanel(contest: Pick<ContestFile, 'judges'>, segment: Segment): string[] {
  if (segment.kind !== 'judged') return [];
  return segment.judgeIds ? [...segment.judgeIds] : contest.judges.map((j) => j.id);
}
