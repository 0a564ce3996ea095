import fc from 'fast-check';
import { expect, test } from 'vitest';
import { divRoundHalfUp, formatHundredths, fromBigHundredths, isHundredths, toHundredths } from './hundredths.ts';

test('toHundredths converts points with two decimals', () => {
  expect(toHundredths(87.5)).toBe(8750);
  expect(toHundredths(92.33)).toBe(9233);
  expect(toHundredths(100)).toBe(10000);
});

test('toHundredths is robust to binary floating point (0.29 * 100 is 28.999999999999996)', () => {
  expect(0.29 * 100).not.toBe(29);
  expect(toHundredths(0.29)).toBe(29);
  expect(toHundredths(1.15)).toBe(115);
  expect(toHundredths(4.35)).toBe(435);
});

test('toHundredths converts negative points and never yields -0', () => {
  expect(toHundredths(-5)).toBe(-500);
  expect(toHundredths(-0.05)).toBe(-5);
  expect(Object.is(toHundredths(-0), 0)).toBe(true);
});

test('toHundredths refuses more than two decimals', () => {
  expect(() => toHundredths(1.005)).toThrow(RangeError);
  expect(() => toHundredths(-0.125)).toThrow(RangeError);
  expect(() => toHundredths(0.1 + 0.2)).toThrow(RangeError);
});

test('toHundredths refuses non-finite values', () => {
  expect(() => toHundredths(Number.NaN)).toThrow(RangeError);
  expect(() => toHundredths(Infinity)).toThrow(RangeError);
  expect(() => toHundredths(-Infinity)).toThrow(RangeError);
});

test('toHundredths refuses values beyond safe integers', () => {
  expect(() => toHundredths(1e300)).toThrow(RangeError);
});

test('toHundredths inverts division by 100 for every safe amount', () => {
  fc.assert(
    fc.property(fc.integer({ min: -1e13, max: 1e13 }), (h) => {
      expect(toHundredths(h / 100)).toBe(h === 0 ? 0 : h);
    }),
  );
});

test('formatHundredths always shows two decimals', () => {
  expect(formatHundredths(8750)).toBe('87.50');
  expect(formatHundredths(5)).toBe('0.05');
  expect(formatHundredths(0)).toBe('0.00');
  expect(formatHundredths(-505)).toBe('-5.05');
  expect(formatHundredths(-5)).toBe('-0.05');
});

test('formatHundredths trims trailing zeros on request', () => {
  expect(formatHundredths(8750, { trimZeros: true })).toBe('87.5');
  expect(formatHundredths(9000, { trimZeros: true })).toBe('90');
  expect(formatHundredths(9001, { trimZeros: true })).toBe('90.01');
});

test('formatHundredths signs positive values on request, never zero', () => {
  expect(formatHundredths(1000, { sign: true })).toBe('+10.00');
  expect(formatHundredths(-1000, { sign: true })).toBe('-10.00');
  expect(formatHundredths(0, { sign: true })).toBe('0.00');
});

test('formatHundredths refuses a non-integer', () => {
  expect(() => formatHundredths(87.5)).toThrow(RangeError);
});

test('formatHundredths output parses back to the same hundredths', () => {
  fc.assert(
    fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.boolean(), (h, trimZeros) => {
      expect(toHundredths(Number(formatHundredths(h, { trimZeros })))).toBe(h === 0 ? 0 : h);
    }),
  );
});

test('divRoundHalfUp rounds exact halves away from zero', () => {
  expect(divRoundHalfUp(5n, 2n)).toBe(3n);
  expect(divRoundHalfUp(-5n, 2n)).toBe(-3n);
  expect(divRoundHalfUp(5n, -2n)).toBe(-3n);
  expect(divRoundHalfUp(-5n, -2n)).toBe(3n);
});

test('divRoundHalfUp rounds below half down and above half up', () => {
  expect(divRoundHalfUp(4n, 3n)).toBe(1n);
  expect(divRoundHalfUp(5n, 3n)).toBe(2n);
  expect(divRoundHalfUp(-4n, 3n)).toBe(-1n);
  expect(divRoundHalfUp(-5n, 3n)).toBe(-2n);
  expect(divRoundHalfUp(0n, 7n)).toBe(0n);
});

test('divRoundHalfUp refuses a zero denominator', () => {
  expect(() => divRoundHalfUp(1n, 0n)).toThrow(RangeError);
});

test('divRoundHalfUp is within half a unit, ties away from zero', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (n, d) => {
      const q = divRoundHalfUp(n, d);
      // 2|n - q·d| ≤ d, and on an exact half |q·d| > |n| (away from zero).
      const twiceError = 2n * (n - q * d);
      expect(twiceError <= d && twiceError >= -d).toBe(true);
      if (twiceError === d || twiceError === -d) expect(q * d > n === n > 0n).toBe(true);
      expect(divRoundHalfUp(-n, d)).toBe(-q);
      expect(divRoundHalfUp(n, -d)).toBe(-q);
    }),
  );
});

test('fromBigHundredths refuses a result beyond safe integers', () => {
  expect(fromBigHundredths(123n)).toBe(123);
  expect(() => fromBigHundredths(2n ** 60n)).toThrow(RangeError);
});

test('isHundredths accepts only safe integers', () => {
  expect(isHundredths(8750)).toBe(true);
  expect(isHundredths(87.5)).toBe(false);
  expect(isHundredths('8750')).toBe(false);
  expect(isHundredths(2 ** 53)).toBe(false);
});
