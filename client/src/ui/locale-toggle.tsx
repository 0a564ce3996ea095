import { useLocale, useT } from '../core/i18n/i18n.ts';

/** The small 中文/English switch; the choice is remembered in localStorage. */
export function LocaleToggle({ className = '' }: { className?: string }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const setLocale = useLocale((s) => s.setLocale);
  return (
    <button
      type="button"
      className={`locale-toggle ${className}`}
      title={t('locale.switchTitle')}
      data-testid="locale-toggle"
      onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
    >
      {t('locale.switch')}
    </button>
  );
}
