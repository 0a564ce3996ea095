/**
 * Score errors in the operator's terms: points (never hundredths) and the segment's own range,
 * in zh-CN (the wire `message`) and English (`messageEn`). A validator's wording ("Expected
 * integer") means nothing to a judge typing 87.555.
 */
import { domainError, type DomainError } from '../contest/kernel/errors.ts';
import { formatHundredths, type Hundredths } from './hundredths.ts';

const points = (h: Hundredths): string => formatHundredths(h, { trimZeros: true });

/** A score (or a criterion's mark, when `label` names it) outside 0..max or with more than two decimals. */
export function scoreRangeError(
  maxHundredths: Hundredths,
  label?: { zh: string; en: string },
  path?: string,
): DomainError {
  const max = points(maxHundredths);
  const zh = `${label ? `「${label.zh}」` : ''}评分须在 0–${max} 之间，最多两位小数`;
  const en = `${label ? `${label.en}: ` : ''}the score must be between 0 and ${max}, with at most two decimals`;
  return withEnglish(domainError('BAD_REQUEST', zh, path ? [{ path, message: en }] : undefined), en);
}

/** A corrected score or change outside ±limit or with more than two decimals. */
export function correctionRangeError(limitHundredths: Hundredths, path?: string): DomainError {
  const limit = points(limitHundredths);
  const zh = `更正后的分数须在 −${limit}–${limit} 之间，最多两位小数`;
  const en = `the corrected score must be between −${limit} and ${limit}, with at most two decimals`;
  return withEnglish(domainError('BAD_REQUEST', zh, path ? [{ path, message: en }] : undefined), en);
}

/** A score-like field that is not a number at all. */
export function scoreNotNumberError(path: string): DomainError {
  const zh = '分数须为数字，最多两位小数';
  const en = 'the score must be a number with at most two decimals';
  return withEnglish(domainError('BAD_REQUEST', zh, [{ path, message: en }]), en);
}

/** Is `value` a whole number of hundredths (points with at most two decimals) within lo..hi? */
export const isHundredthsIn = (value: number, lo: number, hi: number): boolean =>
  Number.isSafeInteger(value) && value >= lo && value <= hi;

function withEnglish(error: DomainError, messageEn: string): DomainError {
  return { ...error, messageEn };
}
