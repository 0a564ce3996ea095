import { expect, test } from 'vitest';
import {
  BUZZER_DEFAULTS,
  REQUIRED_DEFAULTS,
  TRIM_DEFAULTS,
  WRITTEN_DEFAULTS,
  resolveBasePoints,
  resolveBuzzerSettings,
  resolveJudgePanel,
  resolveJudgedSettings,
  resolveRequiredSettings,
  resolveWrittenSettings,
} from './segment-defaults.ts';
import type { Segment } from './contest-file-schema.ts';

test('required round defaults are +10 correct, 0 wrong, 0 timeout, 30 s, one question each', () => {
  expect(REQUIRED_DEFAULTS).toEqual({
    pointsCorrect: 10,
    pointsWrong: 0,
    pointsTimeout: 0,
    answerSeconds: 30,
    questionsPerContestant: 1,
  });
});

test('buzzer defaults are +10, -10, false start 5, 20 s to answer, 10 s open, 300 ms ahead', () => {
  expect(BUZZER_DEFAULTS).toEqual({
    pointsCorrect: 10,
    pointsWrong: -10,
    falseStartPenalty: 5,
    answerSeconds: 20,
    buzzSeconds: 10,
    openDelayMs: 300,
  });
});

test('the default trim drops one highest and one lowest from 5 scores', () => {
  expect(TRIM_DEFAULTS).toEqual({ drop: 1, minScores: 5 });
});

test('written test defaults are 30 minutes and one point per question', () => {
  expect(WRITTEN_DEFAULTS).toEqual({
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
});

test('a required segment without settings gets every default', () => {
  expect(resolveRequiredSettings({})).toEqual(REQUIRED_DEFAULTS);
});

test('required settings from the file win over the defaults, field by field', () => {
  expect(resolveRequiredSettings({ settings: { pointsCorrect: 12.5, questionsPerContestant: 2 } })).toEqual({
    ...REQUIRED_DEFAULTS,
    pointsCorrect: 12.5,
    questionsPerContestant: 2,
  });
});

test('a zero in the file is kept, not replaced by the default', () => {
  expect(resolveBuzzerSettings({ settings: { pointsWrong: 0, falseStartPenalty: 0 } })).toEqual({
    ...BUZZER_DEFAULTS,
    pointsWrong: 0,
    falseStartPenalty: 0,
  });
});

test('a buzzer segment without settings gets every default', () => {
  expect(resolveBuzzerSettings({ settings: undefined })).toEqual(BUZZER_DEFAULTS);
});

test('a judged segment without settings has the default trim, no rubric and no time limit', () => {
  expect(resolveJudgedSettings({})).toEqual({
    criteria: [],
    trim: { drop: 1, minScores: 5 },
    performanceSeconds: undefined,
    warningSeconds: undefined,
  });
});

test('judged settings from the file are returned as copies', () => {
  const criteria = [{ id: 'a', name: 'A', max: 100 }];
  const resolved = resolveJudgedSettings({
    settings: { criteria, trim: { drop: 2, minScores: 7 }, performanceSeconds: 300 },
  });
  expect(resolved).toEqual({
    criteria,
    trim: { drop: 2, minScores: 7 },
    performanceSeconds: 300,
    warningSeconds: undefined,
  });
  resolved.trim.drop = 0;
  resolved.criteria[0]!.max = 1;
  expect(criteria[0]!.max).toBe(100);
  expect(TRIM_DEFAULTS.drop).toBe(1);
});

test('written settings from the file win over the defaults', () => {
  expect(resolveWrittenSettings({ settings: { pointsPerQuestion: 2.5, entry: 'open', focusLossLimit: 3 } })).toEqual({
    ...WRITTEN_DEFAULTS,
    pointsPerQuestion: 2.5,
    entry: 'open',
    focusLossLimit: 3,
  });
});

test('a part starts from its base points, or from 0', () => {
  expect(resolveBasePoints({ basePoints: 100 })).toBe(100);
  expect(resolveBasePoints({})).toBe(0);
  expect(resolveBasePoints(undefined)).toBe(0);
});

test('a judged panel defaults to every judge of the contest', () => {
  const judges = [
    { id: 'j1', name: 'A' },
    { id: 'j2', name: 'B' },
  ];
  const segment: Segment = { id: 's', name: 'S', kind: 'judged', fullMarks: 100, weight: 100 };
  expect(resolveJudgePanel({ judges }, segment)).toEqual(['j1', 'j2']);
  expect(resolveJudgePanel({ judges }, { ...segment, judgeIds: ['j2'] })).toEqual(['j2']);
});
