import { useLayoutEffect } from 'react';
import type { ContestState } from '@leitai/shared';
import { localeFromQuery, useLocale, type Locale } from './i18n.ts';

/** The language of a public screen (stage, overlay): `?lang=` if given, else the contest file's `locale`, else Chinese. */
export function screenLocale(definitionLocale: string | undefined, search: string): Locale {
  return localeFromQuery(search) ?? (definitionLocale === 'en' ? 'en' : 'zh-CN');
}

/**
 * Keeps a public screen in the contest's language (or the one its address asks for). The choice
 * is not saved: the hall's screens follow the contest, not what a laptop last showed.
 */
export function useContestLocale(contest: ContestState): Locale {
  const wanted = screenLocale(contest.definition.locale, window.location.search);
  const current = useLocale((s) => s.locale);
  useLayoutEffect(() => {
    if (current !== wanted) useLocale.getState().setLocale(wanted, { persist: false });
  }, [current, wanted]);
  return wanted;
}
