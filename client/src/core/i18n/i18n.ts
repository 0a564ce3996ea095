import { useMemo } from 'react';
import { create } from 'zustand';
import { en } from './en.ts';
import { zhCN, type MessageKey } from './zh-cn.ts';

export type { MessageKey } from './zh-cn.ts';

/** The UI languages: Chinese first, English switchable. */
export type Locale = 'zh-CN' | 'en';

const LOCALE_KEY = 'leitai.locale';
const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** Placeholder values for `{name}` slots in a message. */
export type MessageVars = Record<string, string | number>;

/** Look a message up and fill its `{slots}`; an unknown slot is left visible so it gets noticed. */
export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  const template = DICTIONARIES[locale][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => {
    const value = vars[name];
    return value === undefined ? slot : String(value);
  });
}

/** Read the saved locale; anything unknown falls back to Chinese. */
export function readLocale(storage: Pick<Storage, 'getItem'> | null): Locale {
  try {
    return storage?.getItem(LOCALE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** A locale named in the page's address (`?lang=en`, `?lang=zh-CN`, `?lang=zh`), or null. */
export function localeFromQuery(search: string): Locale | null {
  const lang = new URLSearchParams(search).get('lang')?.toLowerCase();
  if (lang === 'en' || lang?.startsWith('en-')) return 'en';
  if (lang === 'zh' || lang?.startsWith('zh-')) return 'zh-CN';
  return null;
}

interface LocaleState {
  locale: Locale;
  /** Switch the page's language; `persist: false` for a language the screen took from its contest or address. */
  setLocale: (locale: Locale, opts?: { persist?: boolean }) => void;
}

/** The page's language: `?lang=` in the address first, else the saved choice (localStorage). */
export const useLocale = create<LocaleState>()((set) => ({
  locale:
    (typeof window === 'undefined' ? null : localeFromQuery(window.location.search)) ??
    readLocale(typeof localStorage === 'undefined' ? null : localStorage),
  setLocale: (locale, opts) => {
    try {
      if (opts?.persist !== false) localStorage.setItem(LOCALE_KEY, locale);
    } catch {
      // Private mode may refuse storage; the switch still applies to this page.
    }
    document.documentElement.lang = locale;
    set({ locale });
  },
}));

/** Translator bound to the current locale; re-renders the component when the locale changes. */
export function useT(): (key: MessageKey, vars?: MessageVars) => string {
  const locale = useLocale((s) => s.locale);
  return useMemo(() => (key: MessageKey, vars?: MessageVars) => translate(locale, key, vars), [locale]);
}

/**
 * A server error's text in the page's language: errors written for the operator carry zh-CN in
 * `message` and English in `messageEn`; older ones have only `message`.
 */
export function errorText(locale: Locale, error: { message: string; messageEn?: string }): string {
  return locale === 'en' && error.messageEn ? error.messageEn : error.message;
}

/** `errorText` bound to the current locale. */
export function useErrorText(): (error: { message: string; messageEn?: string }) => string {
  const locale = useLocale((s) => s.locale);
  return useMemo(() => (error: { message: string; messageEn?: string }) => errorText(locale, error), [locale]);
}
