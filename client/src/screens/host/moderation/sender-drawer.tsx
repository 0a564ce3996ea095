/**
 * One sender's history in a side drawer: the server's `moderation:sender` answer (their last
 * comments and what became of them, what was done about them, trust, ban and mute), asked again
 * every two seconds while the drawer is open and whenever the trusted list changes.
 */
import { useEffect, useState } from 'react';
import type { SenderAck } from '@leitai/shared';
import { useModerationT } from './moderation-i18n.ts';
import { useAudience, useAudienceFeed } from '../../../ui/danmaku/use-audience.ts';
import { SourceBadge } from '../../../ui/danmaku/source-badge.tsx';
import { useModerate } from './use-moderate.ts';

/** The answer, and when it came (to tell a mute still running from one that ended). */
type Sender = Extract<SenderAck, { ok: true }> & { receivedAt: number };

const clock = (at: number) => new Date(at).toLocaleTimeString('zh-CN', { hour12: false });

export function SenderDrawer({ deviceId, onClose }: { deviceId: string; onClose: () => void }) {
  const t = useModerationT();
  const feed = useAudienceFeed();
  const moderate = useModerate();
  const trusted = useAudience((s) => s.trusted);
  const [sender, setSender] = useState<Sender | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Asked again every two seconds while open (a sender's history changes as they post and are decided).
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), 2000);
    return () => clearInterval(id);
  }, []);
  useEffect(() => {
    let live = true;
    void feed.request<Omit<Sender, 'receivedAt'>>('moderation:sender', { deviceId }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setSender({ ...r, receivedAt: Date.now() });
        setError(null);
      } else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [feed, deviceId, trusted, tick]);
  const h = sender?.deviceId === deviceId ? sender.history : null;
  const isTrusted = sender?.deviceId === deviceId && sender.trusted;
  const muted = sender?.mutedUntil && sender.mutedUntil > sender.receivedAt ? sender.mutedUntil : null;
  return (
    <aside className="mod-drawer" role="dialog" aria-label={t('mod.historyTitle')} data-testid="sender-drawer">
      <header className="mod-drawer-head">
        <h3>
          {t('mod.historyTitle')}
          {h?.source && <SourceBadge source={h.source} />}
        </h3>
        <button type="button" className="mod-drawer-close" onClick={onClose} aria-label={t('mod.drawerClose')}>
          ×
        </button>
      </header>
      {error && <p className="mod-drawer-error">{t('mod.failed', { message: error })}</p>}
      {!sender && !error && <p className="panel-note">…</p>}
      {sender?.deviceId === deviceId && (
        <>
          <p className="mod-drawer-name" data-testid="sender-name">
            {h?.nickname ?? feed.senderOf(deviceId)?.nickname ?? deviceId}
          </p>
          <p className="mod-drawer-id">{deviceId}</p>
          <div className="mod-drawer-states" data-testid="sender-state">
            {isTrusted && <span className="mod-state is-trusted">{t('mod.trusted')}</span>}
            {sender.banned && <span className="mod-state is-banned">{t('mod.state.banned')}</span>}
            {muted && <span className="mod-state is-muted">{t('mod.state.muted', { time: clock(muted) })}</span>}
            {!isTrusted && !sender.banned && !muted && <span className="mod-state">{t('mod.state.normal')}</span>}
          </div>
          <dl className="mod-drawer-counts" data-testid="sender-counts">
            <div>
              <dt>{t('mod.stat.posted')}</dt>
              <dd>{h?.posted ?? 0}</dd>
            </div>
            <div>
              <dt>{t('mod.stat.approved')}</dt>
              <dd>{h?.approved ?? 0}</dd>
            </div>
            <div>
              <dt>{t('mod.stat.rejected')}</dt>
              <dd>{h?.rejected ?? 0}</dd>
            </div>
          </dl>
          <div className="mod-drawer-btns">
            <button
              type="button"
              className={`btn btn-small ${isTrusted ? 'btn-quiet' : ''}`}
              onClick={() => void moderate('moderation:trust', { deviceId, trusted: !isTrusted })}
              data-testid="drawer-trust"
            >
              {t(isTrusted ? 'mod.untrust' : 'mod.trust')}
            </button>
          </div>
          <h4>{t('mod.historyComments')}</h4>
          {h && h.comments.length > 0 ? (
            <ol className="mod-drawer-list" data-testid="sender-comments">
              {[...h.comments].reverse().map((c) => (
                <li key={c.id} data-status={c.status}>
                  <span className="mod-drawer-time">{clock(c.at)}</span>
                  <span className="mod-drawer-text">{c.text}</span>
                  <span className={`mod-status is-${c.status}`}>{t(`mod.status.${c.status}`)}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="panel-note">{t('mod.historyNone')}</p>
          )}
          {h && h.actions.length > 0 && (
            <>
              <h4>{t('mod.historyActions')}</h4>
              <ol className="mod-drawer-list" data-testid="sender-actions">
                {[...h.actions].reverse().map((a, i) => (
                  <li key={`${a.at}-${i}`}>
                    <span className="mod-drawer-time">{clock(a.at)}</span>
                    <span className="mod-drawer-text">
                      {t(`mod.action.${a.action}`)}
                      {a.detail ? ` · ${a.detail}` : ''}
                    </span>
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </aside>
  );
}
