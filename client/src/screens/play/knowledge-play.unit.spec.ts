import { expect, test } from 'vitest';
import type { ActiveQuestion } from '@leitai/shared';
import { phoneState } from './knowledge-play.tsx';

const base: ActiveQuestion = {
  run: 1,
  segmentId: 'knowledge-buzzer',
  round: 'buzzer',
  questionId: 'q21',
  number: 1,
  phase: 'shown',
  contestantId: null,
  deadlineAt: null,
  remainingMs: null,
  timer: 0,
  submitted: null,
  result: null,
  revealed: null,
  lockedOut: [],
  buzz: null,
  shownAt: 1,
};
const buzz = {
  attempt: 1,
  openAt: 1000,
  closeAt: 11_000,
  graceMs: 50,
  rebound: false,
  decideAt: null,
  presses: [],
  order: null,
  winnerId: null,
};
const press = (contestantId: string, decision: 'accepted' | 'falseStart') => ({
  contestantId,
  claimedAt: 900,
  arrivedAt: 910,
  windowMs: 40,
  correctedAt: 900,
  mode: 'synced' as const,
  decision,
});

test('the buzzer states a phone shows, in order', () => {
  expect(phoneState(null, 'c01', 0, false)).toBe('waiting');
  expect(phoneState(base, 'c01', 0, false)).toBe('waiting');
  const armed: ActiveQuestion = { ...base, phase: 'armed', buzz };
  expect(phoneState(armed, 'c01', 999, false)).toBe('ready');
  expect(phoneState(armed, 'c01', 1000, false)).toBe('go');
  expect(phoneState(armed, 'c01', 1100, true)).toBe('pressed');
  const fs = { ...armed, lockedOut: ['c03'], buzz: { ...buzz, presses: [press('c03', 'falseStart')] } };
  expect(phoneState(fs, 'c03', 1100, true)).toBe('falseStart');
  const decided: ActiveQuestion = {
    ...armed,
    phase: 'answering',
    contestantId: 'c02',
    buzz: {
      ...buzz,
      winnerId: 'c02',
      order: [
        { contestantId: 'c02', correctedAt: 1100, gapMs: 0, mode: 'synced' },
        { contestantId: 'c01', correctedAt: 1140, gapMs: 40, mode: 'synced' },
      ],
    },
  };
  expect(phoneState(decided, 'c02', 1200, true)).toBe('first');
  expect(phoneState(decided, 'c01', 1200, true)).toBe('place');
  expect(phoneState(decided, 'c05', 1200, false)).toBe('othersTurn');
  expect(phoneState({ ...decided, phase: 'marked', result: 'wrong', lockedOut: ['c02'] }, 'c02', 2000, true)).toBe(
    'wrong',
  );
  expect(phoneState({ ...armed, lockedOut: ['c02'], buzz: { ...buzz, attempt: 2 } }, 'c02', 3000, false)).toBe(
    'lockedOut',
  );
  expect(phoneState({ ...armed, phase: 'closed' }, 'c01', 12_000, false)).toBe('closed');
});

test('the required-round states: your turn, answered, the result; others watch', () => {
  const mine: ActiveQuestion = { ...base, round: 'required', contestantId: 'c01', phase: 'answering' };
  expect(phoneState(mine, 'c01', 0, false)).toBe('yourTurn');
  expect(phoneState(mine, 'c02', 0, false)).toBe('othersTurn');
  expect(phoneState({ ...mine, submitted: ['B'] }, 'c01', 0, false)).toBe('answered');
  expect(phoneState({ ...mine, phase: 'marked', result: 'timeout' }, 'c01', 0, false)).toBe('timeout');
  expect(phoneState({ ...mine, phase: 'marked', result: 'correct' }, 'c01', 0, false)).toBe('correct');
});

test('the question stage every phone shows: never just waiting while a question is up', async () => {
  const { questionStage } = await import('./knowledge-play.tsx');
  expect(questionStage(null)).toBe('none');
  expect(questionStage({ ...base, phase: 'preview' })).toBe('coming');
  expect(questionStage(base)).toBe('shown');
  expect(questionStage({ ...base, phase: 'armed', buzz })).toBe('armed');
  expect(questionStage({ ...base, phase: 'answering', contestantId: 'c02' })).toBe('answering');
  expect(questionStage({ ...base, phase: 'marked', result: 'correct' })).toBe('marked');
  expect(questionStage({ ...base, phase: 'marked', result: 'correct', revealed: { answer: ['A'] } })).toBe('revealed');
});
