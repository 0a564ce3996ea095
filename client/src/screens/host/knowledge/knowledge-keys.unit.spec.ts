import { expect, test } from 'vitest';
import { knowledgeKeyAction } from './knowledge-keys.ts';

test('one key per control, case-insensitive; other keys are not knowledge shortcuts', () => {
  expect(knowledgeKeyAction(' ')).toBe('timer');
  expect(knowledgeKeyAction('B')).toBe('arm');
  expect(knowledgeKeyAction('c')).toBe('correct');
  expect(knowledgeKeyAction('w')).toBe('wrong');
  expect(knowledgeKeyAction('R')).toBe('rebound');
  expect(knowledgeKeyAction('n')).toBe('next');
  expect(knowledgeKeyAction('1')).toBeNull();
  expect(knowledgeKeyAction('ArrowLeft')).toBeNull();
});
