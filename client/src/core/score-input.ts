/**
 * Reading a score typed on a pad: digits with at most two decimals, within 0..max. Exact: the
 * text is converted to integer hundredths without floating point, so "87.35" is 8735.
 */

export type ParsedScore = { ok: true; hundredths: number } | { ok: false; error: 'empty' | 'format' | 'range' };

const SCORE = /^\s*(\d{1,7})(?:[.,](\d{0,2}))?\s*$/;

/** Parse `text` (e.g. "88", "88.5", "88.50", "88,5") into hundredths, refusing malformed or out-of-range input. */
export function parseScore(text: string, maxHundredths: number, minHundredths = 0): ParsedScore {
  if (text.trim() === '') return { ok: false, error: 'empty' };
  const m = SCORE.exec(text);
  if (!m) return { ok: false, error: 'format' };
  const whole = Number(m[1]);
  const decimals = (m[2] ?? '').padEnd(2, '0');
  const hundredths = whole * 100 + Number(decimals);
  if (hundredths < minHundredths || hundredths > maxHundredths) return { ok: false, error: 'range' };
  return { ok: true, hundredths };
}

/** Parse a signed score (corrections): an optional leading + or -. */
export function parseSignedScore(text: string, limitHundredths: number): ParsedScore {
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-');
  const body = trimmed.replace(/^[+-]/, '');
  const parsed = parseScore(body, limitHundredths);
  if (!parsed.ok) return parsed;
  return { ok: true, hundredths: negative && parsed.hundredths !== 0 ? -parsed.hundredths : parsed.hundredths };
}
