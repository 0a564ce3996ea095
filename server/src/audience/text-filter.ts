/**
 * Comment text: cleaning (control, bidi and zero-width characters out), normalisation for
 * matching (NFKC, traditional → simplified, separators and punctuation out, repeats collapsed)
 * and the sensitive-word filter over three forms of the text: the normalised characters, their
 * pinyin, and Latin-letter runs against the words' pinyin initials (e.g. "sb").
 *
 * Conversion uses opencc-js (traditional → simplified) and pinyin-pro; matching uses the
 * Aho-Corasick automaton of mint-filter. mint-filter's own `filter()` misses a word that ends
 * inside a longer partial match (dictionary ["abcd", "bc"] and text "abcx" finds nothing), so
 * the search below walks the library's automaton and follows its failure links itself.
 */
import { Mint } from 'mint-filter';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';

/** C0/C1 controls, bidi embeddings/overrides/isolates, zero-width and other invisible format characters. */
const INVISIBLE: readonly (readonly [number, number])[] = [
  [0x0000, 0x001f],
  [0x007f, 0x009f],
  [0x00ad, 0x00ad], // soft hyphen
  [0x034f, 0x034f], // combining grapheme joiner
  [0x061c, 0x061c], // Arabic letter mark
  [0x115f, 0x1160], // Hangul fillers
  [0x17b4, 0x17b5],
  [0x180b, 0x180f], // Mongolian selectors and vowel separator
  [0x200b, 0x200f], // zero-width space/joiners, LRM, RLM
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2060, 0x206f], // word joiner, invisible operators, bidi isolates
  [0x3164, 0x3164], // Hangul filler
  [0xfe00, 0xfe0f], // variation selectors
  [0xfeff, 0xfeff], // BOM / zero-width no-break space
  [0xffa0, 0xffa0],
  [0xfff0, 0xfffb], // specials, interlinear annotation
  [0xe0000, 0xe0fff], // tags and variation selectors supplement
];

const invisible = (cp: number): boolean => INVISIBLE.some(([lo, hi]) => cp >= lo && cp <= hi);

/** Clean what a person typed, for display: invisible characters out, whitespace folded, trimmed. */
export function cleanText(raw: string): string {
  let out = '';
  for (const ch of raw) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0x09 || cp === 0x0a || cp === 0x0d) out += ' ';
    else if (!invisible(cp)) out += ch;
  }
  return out.replace(/\s+/gu, ' ').trim();
}

/** Length in characters (code points), as a person counts them. */
export const charLength = (text: string): number => [...text].length;

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const toSimplifiedHk = OpenCC.Converter({ from: 'hk', to: 'cn' });

/** Everything that is not a letter or a digit (spaces, punctuation, symbols, emoji) goes. */
const NOT_WORD = /[^\p{L}\p{N}]/gu;

/**
 * The matching form: NFKC (full-width → ASCII), lower case, traditional → simplified, only
 * letters and digits, and every run of one repeated character collapsed to one.
 */
export function normalise(text: string): string {
  const nfkc = cleanText(text).normalize('NFKC').toLowerCase();
  const simplified = toSimplifiedHk(toSimplified(nfkc));
  const bare = simplified.replace(NOT_WORD, '');
  let out = '';
  let prev = '';
  for (const ch of bare) {
    if (ch !== prev) out += ch;
    prev = ch;
  }
  return out;
}

const HAN = /\p{Script=Han}/u;

/** Pinyin of a normalised text without tones or spaces; other characters stay as they are. */
export function pinyinForm(normalised: string): string {
  if (!HAN.test(normalised)) return normalised;
  return pinyin(normalised, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join('');
}

/** Initials of the Chinese characters of a word ("傻逼" → "sb"), or '' when it has none. */
export function initialsForm(normalised: string): string {
  if (!HAN.test(normalised)) return '';
  return pinyin(normalised, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).join('');
}

interface AcNode {
  children: Record<string, AcNode>;
  fail?: AcNode;
  word: boolean;
  depth: number;
}

/** Every dictionary word occurring in `text`, using a mint-filter automaton (failure links followed). */
function occurrences(mint: Mint, text: string): string[] {
  const root = mint.root as unknown as AcNode;
  const found: string[] = [];
  let node: AcNode | undefined = root;
  for (let i = 0; i < text.length; i++) {
    const key = text[i]?.toLowerCase() ?? '';
    while (node && !node.children[key]) node = node.fail;
    node = node?.children[key] ?? root;
    for (let out: AcNode | undefined = node; out && out !== root; out = out.fail) {
      if (out.word) found.push(text.slice(i + 1 - out.depth, i + 1));
    }
  }
  return found;
}

/** Links, e-mail addresses and long digit runs (phone and QQ numbers) are spam in a danmaku. */
const SPAM_PATTERN = /(https?:\/\/|www\.|\.(com|cn|net|top|xyz|vip)\b|@[a-z0-9-]+\.[a-z]{2,}|\d{7,})/iu;

export interface FilterVerdict {
  ok: boolean;
  /** What matched, for the moderator's log (never shown on screens). */
  hits: string[];
}

/**
 * The sensitive-word filter. Built from a word list; rebuilt when the list changes (cheap:
 * thousands of words take milliseconds).
 */
export class WordFilter {
  private readonly chars: Mint;
  private readonly pinyins: Mint;
  private readonly initials: Set<string>;
  private readonly longInitials: Mint;
  readonly words: readonly string[];

  constructor(words: readonly string[]) {
    this.words = [...new Set(words.map((w) => w.trim()).filter(Boolean))];
    const forms = this.words.map(normalise).filter((w) => w.length > 0);
    this.chars = new Mint(forms);
    // A pinyin form shorter than 5 letters ("nima", "made") is too often an ordinary word.
    this.pinyins = new Mint(
      forms
        .filter((w) => HAN.test(w))
        .map(pinyinForm)
        .filter((p) => p.length >= 5),
    );
    const initials = forms.filter((w) => HAN.test(w) && [...w].length >= 2).map(initialsForm);
    // Two-letter initials ("sb") must be a whole Latin run; longer ones may sit inside one.
    this.initials = new Set(initials.filter((i) => i.length === 2));
    this.longInitials = new Mint(initials.filter((i) => i.length > 2));
  }

  check(text: string): FilterVerdict {
    const hits: string[] = [];
    const cleaned = cleanText(text).normalize('NFKC');
    if (SPAM_PATTERN.test(cleaned)) hits.push('link/number');
    const form = normalise(text);
    hits.push(...occurrences(this.chars, form));
    if (hits.length === 0) hits.push(...occurrences(this.pinyins, pinyinForm(form)));
    if (hits.length === 0) {
      // Latin runs of the original text, separators dropped between letters ("s b", "s.b").
      const latin = cleaned.toLowerCase().replace(/[^a-z\p{Script=Han}\d]+/gu, '');
      for (const run of latin.split(/[^a-z]+/u)) {
        const collapsed = run.replace(/(.)\1+/gu, '$1');
        if (this.initials.has(collapsed)) hits.push(collapsed);
        else if (collapsed.length > 2) hits.push(...occurrences(this.longInitials, collapsed));
      }
    }
    return { ok: hits.length === 0, hits };
  }
}
