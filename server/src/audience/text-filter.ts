/**
 * Comment text: cleaning (control, bidi and zero-width characters out), normalisation for
 * matching, and the word filter with three outcomes: refuse, hold for review, pass.
 *
 * The text is matched in several forms, each against the word list compiled for it:
 * - the normalised characters (NFKC, look-alike letters of other scripts folded with the
 *   Unicode confusables table of `unhomoglyph`, traditional → simplified with opencc-js,
 *   separators and punctuation out, repeats collapsed), against the words and their mixed
 *   forms: a Chinese word with some characters written as pinyin or its initial (傻B, 脑c, ta妈的);
 * - the same with digits and symbols read as letters (sh1t, $b, 傻13), and with masks kept
 *   (f*ck, 傻X, 他**的);
 * - its pinyin (pinyin-pro; homophones and typed pinyin, ≥ 5 letters) and, for Latin runs, the
 *   words' initials ("sb", "cnm");
 * - contact details: digit runs with Chinese numerals read as digits and separators between
 *   them ignored (加微 一三八…), and links written with spaces, 点 or "dot".
 *
 * Word-list entries carry their outcome (shared/src/audience/word-entries.ts): `word` refuses,
 * `?word` holds for review, `+phrase` is an allowed phrase that outranks the words inside it
 * (`…` in a phrase allows up to eight characters between its parts: `+揭开…黑幕`). Matching uses the Aho-Corasick automaton of
 * @monyone/aho-corasick through its public API only.
 */
import { AhoCorasick } from '@monyone/aho-corasick';
import { parseWordEntry } from '@leitai/shared';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';

type PinyinOptions = NonNullable<Parameters<typeof pinyin>[1]>;
import { remove as removeConfusables } from 'confusables';
import unhomoglyph from 'unhomoglyph';

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

const HAN = /\p{Script=Han}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const ASCII_WORD = /^[a-z0-9]+$/u;

/**
 * Look-alike letters → the Latin letter or digit they imitate, once per character: first the
 * Unicode confusables table (UTS #39, `unhomoglyph`), then, for what that table leaves (small
 * capitals such as ꜱʙ, Cyrillic ц), the `confusables` library's table made for profanity
 * filters. Only a fold into plain Latin letters or digits is taken: the tables also map
 * between other scripts, which says nothing about a list written in Chinese and English.
 */
const folded = new Map<string, string>();
function foldChar(ch: string): string {
  const known = folded.get(ch);
  if (known !== undefined) return known;
  let out = ch;
  if (!HAN.test(ch) && LETTER_OR_DIGIT.test(ch)) {
    for (const candidate of [unhomoglyph(ch), removeConfusables(ch)]) {
      const proto = candidate.normalize('NFKC').toLowerCase();
      if (ASCII_WORD.test(proto)) {
        out = proto;
        break;
      }
    }
  }
  if (folded.size < 20_000) folded.set(ch, out);
  return out;
}

function foldAll(text: string): string {
  let out = '';
  for (const ch of text) out += ch.charCodeAt(0) < 0x80 ? ch : foldChar(ch);
  return out;
}

/**
 * The common form every other form starts from: look-alike letters folded (before NFKC, which
 * turns some of them into other look-alikes, and again after it), NFKC, lower case,
 * traditional → simplified. Separators and punctuation are still there.
 */
function prepare(text: string): string {
  const nfkc = foldAll(cleanText(text)).normalize('NFKC').toLowerCase();
  return toSimplifiedHk(toSimplified(foldAll(nfkc)));
}

/** Every run of one repeated character collapsed to one. */
function collapse(text: string): string {
  let out = '';
  let prev = '';
  for (const ch of text) {
    if (ch !== prev) out += ch;
    prev = ch;
  }
  return out;
}

/** Everything that is not a letter or a digit (spaces, punctuation, symbols, emoji) goes. */
const NOT_WORD = /[^\p{L}\p{N}]/gu;

/**
 * The matching form: NFKC (full-width → ASCII), lower case, look-alike letters of other scripts
 * folded, traditional → simplified, only letters and digits, and every run of one repeated
 * character collapsed to one.
 */
export function normalise(text: string): string {
  return collapse(prepare(text).replace(NOT_WORD, ''));
}

/** Reverse maximum matching, pinyin-pro's fastest segmentation: exact enough for matching. */
const FAST = {
  toneType: 'none',
  type: 'array',
  toneSandhi: false,
  segmentit: 1 as NonNullable<PinyinOptions['segmentit']>,
} as const;

/** Pinyin of a normalised text without tones or spaces; other characters stay as they are. */
export function pinyinForm(normalised: string): string {
  if (!HAN.test(normalised)) return normalised;
  return pinyin(normalised, { ...FAST, nonZh: 'consecutive', v: true }).join('');
}

/** Initials of the Chinese characters of a word ("傻逼" → "sb"), or '' when it has none. */
export function initialsForm(normalised: string): string {
  if (!HAN.test(normalised)) return '';
  return pinyin(normalised, { ...FAST, pattern: 'first', nonZh: 'removed' }).join('');
}

/**
 * Digits and symbols that stand for letters (sh1t, $b, b!tch); "13" side by side reads as B,
 * "ph" as f and v as u (phuck, fvck).
 */
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '2': '二',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
  '€': 'e',
};
const LEET_CHARS = /[0-9@$!|€]|ph|v/u;

function leetForm(prepared: string): string {
  let out = '';
  const text = prepared.replace(/13/gu, 'b').replace(/ph/gu, 'f').replace(/v/gu, 'u');
  for (const ch of text) out += LEET[ch] ?? ch;
  return collapse(out.replace(NOT_WORD, ''));
}

/** The runs of letters, digits and leet symbols of a text that hold at least one Latin letter. */
function lettered(prepared: string): string[] {
  return (prepared.match(/[a-z0-9@$!|€]+/gu) ?? []).filter((run) => /[a-z]/u.test(run));
}

/** Characters used to mask a letter or a character (f*ck, 傻X, 他○的). */
const MASK = /[*＊×✕✖x#○〇●□■◯?？_]/gu;
const HAS_MASK = /[*＊×✕✖x#○〇●□■◯?？_]/u;

function maskForm(prepared: string): string {
  return collapse(prepared.replace(MASK, '*').replace(/[^\p{L}\p{N}*]/gu, ''));
}

/** Chinese numerals (and their financial and spoken forms) as digits, for contact numbers. */
const NUMERALS: Record<string, string> = {
  〇: '0',
  零: '0',
  洞: '0',
  一: '1',
  壹: '1',
  幺: '1',
  二: '2',
  贰: '2',
  两: '2',
  三: '3',
  叁: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陆: '6',
  七: '7',
  柒: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
};

/** Contact words that make a shorter number (a QQ number, a group) worth a moderator's look. */
const CONTACT_CONTEXT = /(微|薇|威|卫星|v|wx|信|q|扣|企鹅|群|裙|电话|手机|号|tel|call|联系|私|加|\+|➕)/u;

/** A run of digits with separators between them, and how many digits it holds. */
const DIGIT_RUN = /\d(?:[\s\-_.·•,，、/|~—]*\d)*/gu;
const YEARISH = /^(1[89]|20)\d\d$/u;

/** Contact numbers: 'refuse' for 7+ digits (phones, QQ), 'review' for 5-6 beside a contact word. */
const NUMERAL = new RegExp(`[${Object.keys(NUMERALS).join('')}]`, 'gu');
const MAYBE_DIGITS = new RegExp(`[\\d${Object.keys(NUMERALS).join('')}]{2}`, 'u');

function contactHit(prepared: string): Severity | null {
  if (!MAYBE_DIGITS.test(prepared.replace(/[\s\-_.·•,，、/|~—]+/gu, ''))) return null;
  const digits = prepared.replace(NUMERAL, (c) => NUMERALS[c] ?? c);
  let found: Severity | null = null;
  for (const m of digits.matchAll(DIGIT_RUN)) {
    const groups = m[0].split(/[^\d]+/u).filter(Boolean);
    const count = groups.reduce((n, g) => n + g.length, 0);
    if (count < 5) continue;
    // Dates and lists of years (1949.10.1, 1921-1949) are history, not phone numbers.
    const first = groups[0] ?? '';
    if (YEARISH.test(first) && groups.slice(1).every((g) => g.length <= 2 || YEARISH.test(g))) continue;
    // One digit over and over is cheering (666666, 88888888), not a number to call.
    if (/^(\d)\1*$/u.test(groups.join(''))) continue;
    if (count >= 7) return 'refuse';
    if (CONTACT_CONTEXT.test(digits)) found = 'review';
  }
  return found;
}

const TLD =
  '(?:com|c0m|cn|net|org|top|xyz|vip|cc|me|io|tv|info|shop|site|club|fun|icu|wang|ink|pro|work|online|app|co|ly|gl|link|live|ren|bet)';
/** Written-out dots: 点, 丶, the ideographic full stop, "dot" in brackets or between spaces. */
const DOT_WORDS = /\s*[([{（【<]?\s*(?:\bdot\b|点|丶|。|·|•|，|,|\[\.\]|\(\.\))\s*[)\]}）】>]?\s*/gu;
const LINK = new RegExp(
  `(?:h[tx]{2}ps?:\\/\\/|(?:www|3w|三w)\\.|[a-z0-9-]+\\.${TLD}(?![a-z])|@[a-z0-9-]+\\.[a-z]{2,})`,
  'u',
);
/** "www abc com", "abc com": a link with its dots left out; a moderator decides. */
const SPACED_LINK = new RegExp(`(?:^|[^a-z])(?:www\\s+[a-z0-9-]+|[a-z0-9-]{2,})\\s+${TLD}(?![a-z])`, 'u');

function linkHit(prepared: string): Severity | null {
  const dotted = prepared.replace(DOT_WORDS, '.').replace(/_/gu, '.');
  const compact = dotted.replace(/[\s\-~]+/gu, '');
  if (LINK.test(compact)) return 'refuse';
  if (SPACED_LINK.test(dotted)) return 'review';
  return null;
}

/** What the filter does with a comment. */
export type FilterOutcome = 'refuse' | 'review' | 'pass';
/** What a matching word does to a comment. */
export type Severity = 'refuse' | 'review';

export interface FilterVerdict {
  ok: boolean;
  /** What matched (the entries' words; `[number]`, `[link]` for contact details), for the moderator (never shown on screens). */
  hits: string[];
}

/** The filter's full answer: what to do and why. */
export interface FilterJudgement {
  outcome: FilterOutcome;
  /** What matched, for the moderator's log (never shown on screens). */
  hits: string[];
}

interface Target {
  /** The entry as the organiser wrote it (without its marker), reported as the hit. */
  word: string;
  severity: Severity;
}

/** Pattern → the entries it stands for; one automaton over all its patterns. */
class PatternSet {
  private readonly targets = new Map<string, Target[]>();
  private matcher: AhoCorasick | null = null;

  add(pattern: string, target: Target): void {
    if (!pattern) return;
    const list = this.targets.get(pattern);
    if (list) list.push(target);
    else this.targets.set(pattern, [target]);
  }

  compile(): void {
    this.matcher = this.targets.size > 0 ? new AhoCorasick([...this.targets.keys()]) : null;
  }

  get size(): number {
    return this.targets.size;
  }

  has(pattern: string): Target[] | undefined {
    return this.targets.get(pattern);
  }

  /**
   * Every entry whose pattern occurs in `text`. `holdUpTo`: a pattern of at most this many
   * characters only holds for review (a short match in a guessed reading, such as "2b" read
   * from digits, is as often an ordinary word).
   */
  find(text: string, into: Hit[], holdUpTo = 0): void {
    if (!this.matcher || !text) return;
    for (const m of this.matcher.matchInText(text)) {
      const short = m.end - m.begin <= holdUpTo;
      for (const t of this.targets.get(m.keyword) ?? []) {
        into.push({ word: t.word, severity: short ? 'review' : t.severity });
      }
    }
  }
}

interface Hit {
  word: string;
  severity: Severity;
}

/** Subsets of positions 0..n-1 with 1..max members, as sorted arrays. */
function subsets(n: number, max: number): number[][] {
  const out: number[][] = [];
  const walk = (start: number, picked: number[]) => {
    if (picked.length > 0) out.push(picked);
    if (picked.length >= max) return;
    for (let i = start; i < n; i++) walk(i + 1, [...picked, i]);
  };
  walk(0, []);
  return out;
}

/** A word with the chosen positions masked; a run of masked positions is one `*`. */
function masked(chars: readonly string[], at: readonly number[]): string {
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    if (at.includes(i)) {
      if (!out.endsWith('*')) out += '*';
    } else out += chars[i];
  }
  return out;
}

/**
 * The word filter. Built from a list of entries (see `parseWordEntry`); rebuilt when the list
 * changes.
 */
export class WordFilter {
  /** Normalised words and their mixed forms (傻b, ta妈的). */
  private readonly exact = new PatternSet();
  /** Words written with masks (f*ck, 傻*). */
  private readonly masks = new PatternSet();
  private readonly pinyins = new PatternSet();
  /** Two-letter initials ("sb"): only a whole Latin run. */
  private readonly initials = new PatternSet();
  private readonly longInitials = new PatternSet();
  private readonly allow: RegExp | null;
  /** The entries, as given (deduplicated). */
  readonly words: readonly string[];

  constructor(entries: readonly string[]) {
    this.words = [...new Set(entries.map((w) => w.trim()).filter(Boolean))];
    const allowed: string[] = [];
    for (const raw of this.words) {
      const entry = parseWordEntry(raw);
      if (!entry) continue;
      if (entry.kind === 'allow') {
        const parts = entry.text
          .split(/…+|\.{3,}/u)
          .map(normalise)
          .filter(Boolean);
        if (parts.length > 0) allowed.push(parts.map(escapeRegExp).join('.{0,8}?'));
        continue;
      }
      this.addWord(entry.text, entry.kind);
    }
    for (const set of [this.exact, this.masks, this.pinyins, this.initials, this.longInitials]) set.compile();
    this.allow = allowed.length > 0 ? new RegExp(allowed.join('|'), 'gu') : null;
  }

  /** Patterns compiled from the entries (words with their mixed, masked, pinyin and initial forms). */
  get patternCount(): number {
    return [this.exact, this.masks, this.pinyins, this.initials, this.longInitials].reduce((n, p) => n + p.size, 0);
  }

  private addWord(text: string, severity: Severity): void {
    const whole = prepare(text).replace(NOT_WORD, '');
    const form = collapse(whole);
    if (!form) return;
    const target = { word: text, severity };
    // A word with a doubled character (扣扣) is matched as written too: collapsed to one
    // character it would match every 扣.
    if (whole !== form) this.exact.add(whole, target);
    if ([...form].length > 1 || [...whole].length === 1) this.exact.add(form, target);
    const chars = [...form];
    const han = chars.every((c) => HAN.test(c));
    if (han && chars.length >= 2) {
      // Mixed forms: some characters (not all) written as pinyin or initials (傻B, ta妈的, 脑can).
      const full = pinyin(form, { ...FAST, v: true });
      const first = pinyin(form, { ...FAST, pattern: 'first' });
      for (const at of subsets(chars.length, Math.min(chars.length - 1, 2))) {
        let variants = [''];
        chars.forEach((c, i) => {
          const options = at.includes(i) ? [full[i] ?? c, first[i] ?? c] : [c];
          variants = variants.flatMap((v) => options.map((o) => v + o));
        });
        for (const v of variants) this.exact.add(collapse(v), target);
      }
      const py = pinyinForm(form);
      // A pinyin form shorter than 5 letters ("nima", "made") is too often an ordinary word, and
      // a homophone of a word that only holds (加威 of 加微: 保家卫国) is mostly noise.
      if (py.length >= 5 && severity === 'refuse') this.pinyins.add(py, target);
      const ini = initialsForm(whole);
      // Two-letter initials ("sb") must be a whole Latin run; longer ones may sit inside one.
      if (ini.length === 2) this.initials.add(ini, target);
      else if (ini.length > 2) this.longInitials.add(ini, target);
    }
    // Masked forms: at most a third of the characters (two for short words), the first and last
    // kept for Latin words (f*ck, sh*t); a Chinese word of two may lose either (傻*, *逼).
    if (chars.length >= 2 && chars.length <= 12) {
      const latin = ASCII_WORD.test(form);
      if (latin && chars.length < 4) return;
      const most = latin ? Math.max(2, Math.floor(chars.length / 3)) : 1;
      for (const at of subsets(chars.length, most)) {
        if (latin && (at.includes(0) || at.includes(chars.length - 1))) continue;
        if (chars.length - at.length < 1) continue;
        this.masks.add(masked(chars, at), { word: text, severity: 'review' });
      }
    }
  }

  /** Refuse, hold for review, or pass, and what matched. */
  judge(text: string): FilterJudgement {
    let prepared = prepare(text);
    // `matchAll` starts at the expression's lastIndex: it is only used through matchAll.
    if (this.allow && this.allow.source !== '' && collapse(prepared.replace(NOT_WORD, '')).match(this.allow)) {
      prepared = this.withoutAllowed(prepared, this.allow);
    }
    const hits: Hit[] = [];
    const contact = contactHit(prepared);
    if (contact) hits.push({ word: '[number]', severity: contact });
    const link = linkHit(prepared);
    if (link) hits.push({ word: '[link]', severity: link });

    const whole = prepared.replace(NOT_WORD, '');
    const base = collapse(whole);
    const leet = LEET_CHARS.test(prepared) ? leetForm(prepared) : '';
    this.exact.find(base, hits);
    if (whole !== base) this.exact.find(whole, hits);
    this.exact.find(leet, hits, 2);
    if (HAS_MASK.test(prepared)) this.masks.find(maskForm(prepared), hits);
    // Initials in the leet form only where a letter was typed: digits alone are numbers
    // ("38号选手" is not "eb", 二逼).
    const leetRuns = leet ? lettered(prepared).map(leetForm).join(' ') : '';
    for (const form of new Set([base, whole, leetRuns])) {
      if (!form) continue;
      for (const run of form.split(/[^a-z]+/u)) {
        if (!run) continue;
        const whole = this.initials.has(run);
        if (whole) hits.push(...whole);
        else if (run.length > 2) this.longInitials.find(run, hits);
      }
    }
    // Pinyin costs most; a text already refused needs no more reasons. A match that the Chinese
    // characters alone make is a homophone (赵思远 reads zhao si yuan, 找死 zhao si): as likely a
    // name or an ordinary word as an evasion, so it is held for review, not refused. Typed pinyin
    // (zhaosi, 找si) is refused.
    if (!hits.some((h) => h.severity === 'refuse')) {
      const found: Hit[] = [];
      this.pinyins.find(pinyinForm(base), found);
      if (found.length > 0) {
        const hanOnly: Hit[] = [];
        const han = base.replace(/[a-z0-9]+/gu, '');
        if (han !== base) this.pinyins.find(pinyinForm(han), hanOnly);
        const homophones = new Set((han === base ? found : hanOnly).map((h) => h.word));
        for (const h of found) hits.push(homophones.has(h.word) ? { ...h, severity: 'review' } : h);
      }
    }
    const words = [...new Set(hits.map((h) => h.word))];
    const outcome: FilterOutcome = hits.some((h) => h.severity === 'refuse')
      ? 'refuse'
      : hits.length > 0
        ? 'review'
        : 'pass';
    return { outcome, hits: words };
  }

  /** Pass or not (refused or held), and what matched. */
  check(text: string): FilterVerdict {
    const { outcome, hits } = this.judge(text);
    return { ok: outcome === 'pass', hits };
  }

  /**
   * The prepared text with every allowed phrase blanked out. Phrases are found in the normalised
   * form (separators and repeats do not hide them); the blanked span covers the same characters
   * of the prepared text, separators between them included.
   */
  private withoutAllowed(prepared: string, allow: RegExp): string {
    const chars = [...prepared];
    let base = '';
    // For each character of the normalised form: the first and last prepared character it
    // stands for (a collapsed repeat spans several).
    const startAt: number[] = [];
    const endAt: number[] = [];
    let prev = '';
    chars.forEach((ch, i) => {
      if (!LETTER_OR_DIGIT.test(ch)) return;
      if (ch === prev) {
        endAt[endAt.length - 1] = i;
        return;
      }
      prev = ch;
      base += ch;
      startAt.push(i);
      endAt.push(i);
    });
    const baseChars = [...base];
    // Offsets of the regex are in UTF-16 units; map them to code-point positions.
    const unitToIndex: number[] = [];
    baseChars.forEach((c, i) => {
      for (let k = 0; k < c.length; k++) unitToIndex.push(i);
    });
    unitToIndex.push(baseChars.length);
    let blanked = false;
    for (const m of base.matchAll(allow)) {
      if (m[0].length === 0) continue;
      const from = unitToIndex[m.index] ?? 0;
      const to = (unitToIndex[m.index + m[0].length] ?? baseChars.length) - 1;
      const start = startAt[from] ?? 0;
      const end = endAt[to] ?? chars.length - 1;
      for (let i = start; i <= end; i++) chars[i] = ' ';
      blanked = true;
    }
    return blanked ? chars.join('') : prepared;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
