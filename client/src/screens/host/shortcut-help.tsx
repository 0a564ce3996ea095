import { useT } from '../../core/i18n/i18n.ts';
import { HOST_KEYS, type KeyRow, type KeyScope } from './key-table.ts';

const SCOPES: readonly KeyScope[] = ['global', 'knowledge', 'judging', 'moderation'];

/** The rows the help lists: the whole key table (H only when the server runs as a cluster core). */
export function helpRows(cluster: boolean): KeyRow[] {
  return HOST_KEYS.filter((r) => cluster || !r.clusterOnly);
}

/** The `?` dialog: every host shortcut, generated from the key table that binds them. */
export function ShortcutHelp({ onClose, cluster = false }: { onClose: () => void; cluster?: boolean }) {
  const t = useT();
  const rows = helpRows(cluster);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        className="dialog dialog-shortcuts"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcut-title"
        data-testid="shortcut-help"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="shortcut-title">{t('host.shortcuts')}</h2>
        <div className="shortcut-columns">
          {SCOPES.map((scope) => (
            <section key={scope} data-testid={`shortcut-group-${scope}`}>
              <h3 className="shortcut-group">{t(`keys.group.${scope}`)}</h3>
              <dl className="shortcut-list">
                {rows
                  .filter((r) => r.scope === scope)
                  .map((r) => (
                    <div
                      key={`${r.scope}-${r.shown}`}
                      className="shortcut-row"
                      data-testid="shortcut-row"
                      data-scope={r.scope}
                      data-key={r.keys[0]}
                    >
                      <dt>
                        <kbd>{r.shown}</kbd>
                      </dt>
                      <dd>{r.scene ? t(r.label, { scene: t(`scene.${r.scene}`) }) : t(r.label)}</dd>
                    </div>
                  ))}
              </dl>
            </section>
          ))}
        </div>
        <p className="shortcut-note">{t('keys.note')}</p>
        <button type="button" className="btn" onClick={onClose} autoFocus>
          {t('host.shortcut.close')}
        </button>
      </div>
    </div>
  );
}
