/**
 * Integer hundredths: the one representation of points in scoring. The contest file holds
 * decimals with at most two places; they are converted once, here, and from then on every
 * sum, mean and weighting is integer (BigInt where a product could pass 2^53) so that any
 * result can be recomputed by hand and audited (domain.md, "Arithmetic").
 */

/** Points × 100, always a safe integer (87.5 points = 8750). */
export type Hundredths = number;

/** True when `value` is a valid hundredths amount (a safe integer). */
export function isHundredths(value: unknown): value is Hundredths {
  return Number.isSafeInteger(value);
}

/** Throws RangeError unless `value` is a safe integer; `what` names it in the message. */
export function assertHundredths(value: number, what = 'score'): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be an integer number of hundredths: ${value}`);
}

/**
 * Converts a decimal point value from the contest file (at most two decimals) to hundredths.
 * Robust to binary floating point (0.29 * 100 = 28.999999999999996 still gives 29).
 * Throws RangeError for non-finite values and for more than two decimals.
 */
export function toHundredths(points: number): Hundredths {
  if (!Number.isFinite(points)) throw new RangeError(`points must be finite: ${points}`);
  const scaled = Math.round(points * 100);
  if (!Number.isSafeInteger(scaled)) throw new RangeError(`points out of range: ${points}`);
  // Division is correctly rounded, so `scaled / 100` is exactly the double that the decimal
  // literal with two places parses to; any other value had a third decimal.
  if (scaled / 100 !== points) throw new RangeError(`points must have at most two decimals: ${points}`);
  return scaled === 0 ? 0 : scaled; // no -0
}

/** Options of `formatHundredths`. */
export interface FormatHundredthsOptions {
  /** Drop trailing zeros of the decimals: 87.50 → "87.5", 90.00 → "90". */
  trimZeros?: boolean;
  /** Prefix positive values with "+" (score changes: "+10.00"). */
  sign?: boolean;
}

/** Formats hundredths as a decimal string: 8750 → "87.50", -505 → "-5.05". */
export function formatHundredths(h: Hundredths, opts: FormatHundredthsOptions = {}): string {
  assertHundredths(h);
  const abs = Math.abs(h);
  const cents = abs % 100;
  const whole = (abs - cents) / 100; // exact: a multiple of 100 divided by 100
  let decimals = String(cents).padStart(2, '0');
  if (opts.trimZeros) decimals = decimals.replace(/0+$/, '');
  const prefix = h < 0 ? '-' : opts.sign && h > 0 ? '+' : '';
  return `${prefix}${whole}${decimals ? `.${decimals}` : ''}`;
}

/**
 * Integer division rounded half-up, where "half-up" means half away from zero
 * (2.5 → 3, -2.5 → -3), so that rounding a negative score mirrors the positive one.
 * Throws RangeError on a zero denominator.
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/** Converts a BigInt result back to hundredths; throws RangeError if it is not a safe integer. */
export function fromBigHundredths(value: bigint): Hundredths {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`result out of range: ${value}`);
  return n === 0 ? 0 : n;
}
