/**
 * Entries of the comment filter's word list, as the organiser writes them and as they travel
 * (`moderation:words`, `ModerationFrame.words`, the `WordsChanged` event): plain strings, so
 * the wire stays what it was. A plain `word` refuses a comment, `?word` holds it for a
 * moderator (even in auto mode), `+phrase` allows an ordinary phrase that contains a word
 * (`+废物利用`; `…` in a phrase allows up to eight characters between its parts: `+揭开…黑幕`).
 * The same syntax is the plain-text file the host panel imports and exports, one entry a line.
 */

/** What a matching entry does. */
export type WordEntryKind = 'refuse' | 'review' | 'allow';

export interface WordEntry {
  kind: WordEntryKind;
  /** The word or phrase, without its marker. */
  text: string;
}

const REVIEW_MARK = /^[?？]/u;
const ALLOW_MARK = /^[+＋]/u;
/** Zero-width and bidi characters a pasted list may carry. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/gu;

/** Parse one entry; null for a blank entry, a bare marker or a comment (`#`). */
export function parseWordEntry(raw: string): WordEntry | null {
  const s = raw.replace(INVISIBLE, '').trim();
  if (!s || s.startsWith('#')) return null;
  const kind: WordEntryKind = REVIEW_MARK.test(s) ? 'review' : ALLOW_MARK.test(s) ? 'allow' : 'refuse';
  const text = kind === 'refuse' ? s : s.slice(1).trim();
  return text ? { kind, text } : null;
}

/** An entry in its written form. */
export const formatWordEntry = (e: WordEntry): string =>
  e.kind === 'review' ? `?${e.text}` : e.kind === 'allow' ? `+${e.text}` : e.text;

/** An entry tidied into its written form (`？ 黑幕` → `?黑幕`), or null. */
export function tidyWordEntry(raw: string): string | null {
  const e = parseWordEntry(raw);
  return e ? formatWordEntry(e) : null;
}

/**
 * Entries of an imported text: one a line, or separated by commas, 、 or tabs; a line starting
 * with `#` is a comment. Deduplicated, in order.
 */
export function parseWordListText(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/u)) {
    if (line.trim().startsWith('#')) continue;
    for (const part of line.split(/[,，、\t]/u)) {
      const entry = tidyWordEntry(part);
      if (entry) out.push(entry);
    }
  }
  return [...new Set(out)];
}

/** A word list as plain text for export, one entry a line, after an optional `#` header. */
export function wordListText(entries: readonly string[], header: readonly string[] = []): string {
  return [...header.map((h) => `# ${h}`), ...entries].join('\n') + '\n';
}
