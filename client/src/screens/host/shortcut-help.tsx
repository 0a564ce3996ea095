import { useT } from '../../core/i18n/i18n.ts';

/** The `?` dialog listing the keyboard shortcuts (H only when the server runs as a cluster core). */
export function ShortcutHelp({ onClose, cluster = false }: { onClose: () => void; cluster?: boolean }) {
  const t = useT();
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcut-title"
        data-testid="shortcut-help"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="shortcut-title">{t('host.shortcuts')}</h2>
        <dl className="shortcut-list">
          <dt>
            <kbd>1</kbd>–<kbd>5</kbd>
          </dt>
          <dd>{t('host.shortcut.scenes')}</dd>
          <dt>
            <kbd>←</kbd> <kbd>→</kbd>
          </dt>
          <dd>{t('host.shortcut.prevNext')}</dd>
          {cluster && (
            <>
              <dt>
                <kbd>H</kbd>
              </dt>
              <dd>{t('host.shortcut.cluster')}</dd>
            </>
          )}
          <dt>
            <kbd>?</kbd>
          </dt>
          <dd>{t('host.shortcut.help')}</dd>
        </dl>
        <button type="button" className="btn" onClick={onClose} autoFocus>
          {t('host.shortcut.close')}
        </button>
      </div>
    </div>
  );
}
