import { CommandSendSchema } from '@leitai/shared';
import { expect, test } from 'vitest';
import { compileValidator } from './validation.ts';

const validate = compileValidator(CommandSendSchema);
const send = (data: Record<string, unknown>) => ({
  commandId: 'cmd-0001',
  command: { type: 'SubmitJudgeScore', data: { segmentId: 'reflection', contestantId: 'c01', ...data } },
});

test('a score that is not a number is answered in the operator’s words, never a validator’s', () => {
  const r = validate(send({ score: '87.5' }));
  expect(r).toMatchObject({
    ok: false,
    error: {
      code: 'BAD_REQUEST',
      message: '分数须为数字，最多两位小数',
      messageEn: 'the score must be a number with at most two decimals',
      details: [{ path: '/command/data/score' }],
    },
  });
  if (!r.ok) expect(JSON.stringify(r.error)).not.toMatch(/union/i);
});

test('a command with a bad field names the field, not the union', () => {
  const r = validate(send({ contestantId: 5, score: 8000 }));
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.error.message).toMatch(/^\/command\/data\/contestantId: /);
    expect(r.error.message).not.toMatch(/union/i);
  }
});

test('valid commands pass', () => {
  expect(validate(send({ score: 8000 })).ok).toBe(true);
});
