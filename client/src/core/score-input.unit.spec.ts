import { expect, test } from 'vitest';
import { parseScore, parseSignedScore } from './score-input.ts';

test('scores with up to two decimals become exact hundredths', () => {
  expect(parseScore('88', 10000)).toEqual({ ok: true, hundredths: 8800 });
  expect(parseScore('88.5', 10000)).toEqual({ ok: true, hundredths: 8850 });
  expect(parseScore('87.35', 10000)).toEqual({ ok: true, hundredths: 8735 });
  expect(parseScore(' 0.29 ', 10000)).toEqual({ ok: true, hundredths: 29 });
  expect(parseScore('100', 10000)).toEqual({ ok: true, hundredths: 10000 });
  expect(parseScore('9,5', 10000)).toEqual({ ok: true, hundredths: 950 });
});

test('malformed input is refused as a format error', () => {
  for (const bad of ['88.555', 'abc', '8 8', '-1', '1e2', '.5', '88..5', '８８'])
    expect(parseScore(bad, 10000)).toEqual({ ok: false, error: 'format' });
  expect(parseScore('  ', 10000)).toEqual({ ok: false, error: 'empty' });
});

test('out of range is refused', () => {
  expect(parseScore('100.01', 10000)).toEqual({ ok: false, error: 'range' });
  expect(parseScore('41', 4000)).toEqual({ ok: false, error: 'range' });
});

test('signed scores for corrections', () => {
  expect(parseSignedScore('-1.5', 100000)).toEqual({ ok: true, hundredths: -150 });
  expect(parseSignedScore('+2', 100000)).toEqual({ ok: true, hundredths: 200 });
});
