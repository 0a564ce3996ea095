import { expect, test } from 'vitest';
import { audienceUrl, textWidthEm, titleFontSize } from './stage-scenes.tsx';

test('CJK characters are a full em, Latin about half', () => {
  expect(textWidthEm('决赛')).toBe(2);
  expect(textWidthEm('2026年')).toBeCloseTo(3.2);
});

test('a short title is set on one line as large as fits, a long one wraps at the standard size', () => {
  const short = titleFontSize('“当好领头雁”党支部书记大比武');
  expect(short.oneLine).toBe(true);
  expect(short.size * textWidthEm('“当好领头雁”党支部书记大比武') * 1.06).toBeLessThanOrEqual(1520);
  expect(titleFontSize('擂台赛')).toEqual({ size: 132, oneLine: true });
  expect(titleFontSize('2026年度“学思践悟”支部书记擂台赛 · 决赛')).toEqual({ size: 112, oneLine: false });
});

test('the audience QR points at the live page with the join code', () => {
  expect(audienceUrl('ABC123', 'http://192.168.1.20:3000')).toBe('http://192.168.1.20:3000/live.html?code=ABC123');
});
