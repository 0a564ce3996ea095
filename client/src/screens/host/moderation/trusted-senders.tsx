/** The senders the host trusts (their comments skip the review queue), each with an un-trust button and their history. */
import { useModerationT } from './moderation-i18n.ts';
import { useAudience, useAudienceFeed } from '../../../ui/danmaku/use-audience.ts';
import { SourceBadge } from '../../../ui/danmaku/source-badge.tsx';
import { useModerate } from './use-moderate.ts';

export function TrustedSenders({ onHistory }: { onHistory: (deviceId: string) => void }) {
  const t = useModerationT();
  const feed = useAudienceFeed();
  const trusted = useAudience((s) => s.trusted);
  const moderate = useModerate();
  return (
    <section className="panel" data-testid="trusted-senders">
      <h2>
        {t('mod.trustedList')} <small>{t('mod.trustedCount', { count: trusted.length })}</small>
      </h2>
      <p className="panel-hint">{t('mod.trustedHelp')}</p>
      {trusted.length === 0 ? (
        <p className="panel-note">{t('mod.trustedNone')}</p>
      ) : (
        <ul className="mod-trusted">
          {trusted.map((id) => {
            const who = feed.senderOf(id);
            return (
              <li key={id} data-testid="trusted-row" data-device={id}>
                <span className="mod-text" title={id}>
                  <SourceBadge source={who?.source} />
                  {who?.nickname ?? id}
                </span>
                <button type="button" className="btn btn-small btn-quiet" onClick={() => onHistory(id)}>
                  {t('mod.history')}
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-quiet mod-ban"
                  onClick={() => void moderate('moderation:trust', { deviceId: id, trusted: false })}
                  data-testid="untrust"
                >
                  {t('mod.untrust')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
