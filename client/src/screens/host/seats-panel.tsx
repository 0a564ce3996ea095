import { useEffect, useState } from 'react';
import { useT, type MessageKey } from '../../core/i18n/i18n.ts';
import { QrCode } from '../../ui/qr-code.tsx';
import { useSession } from '../../ui/session-context.tsx';
import { hostPageUrl } from '../../core/host-page-link.ts';
import { fetchSeats, type SeatLink, type SeatsResponse } from '../../core/seats-api.ts';

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; data: SeatsResponse };

const GROUPS: { key: MessageKey; roles: SeatLink['role'][] }[] = [
  { key: 'host.seats.group.judge', roles: ['judge'] },
  { key: 'host.seats.group.contestant', roles: ['contestant'] },
  { key: 'host.seats.group.screens', roles: ['stage', 'overlay'] },
  { key: 'host.seats.group.host', roles: ['host'] },
];

/** Seat links with QR codes, grouped by role, plus the audience join code. */
export function SeatsPanel({ contestId }: { contestId: string }) {
  const t = useT();
  const { token } = useSession();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  useEffect(() => {
    if (!token) return;
    const abort = new AbortController();
    fetchSeats(contestId, token, abort.signal).then(
      (data) => setLoad({ kind: 'ready', data }),
      (err: unknown) => {
        if (!abort.signal.aborted)
          setLoad({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => abort.abort();
  }, [contestId, token]);

  if (load.kind === 'loading') return <p className="panel-note">{t('host.seats.loading')}</p>;
  if (load.kind === 'error')
    return (
      <p className="panel-note panel-error" role="alert">
        {t('host.seats.error', { message: load.message })}
      </p>
    );
  const { data } = load;
  // The server builds links from its public URL (the hall's LAN address), which phones can reach
  // even when this laptop opened the panel on localhost; fall back to this page's origin.
  const audienceUrl =
    data.seats.find((s) => s.role === 'live')?.url ??
    new URL(`/live.html?code=${encodeURIComponent(data.joinCode)}`, window.location.origin).href;
  return (
    <div className="seats" data-testid="seats-panel">
      <section className="seats-join">
        <div>
          <h3>{t('host.seats.joinCode')}</h3>
          <p className="seats-code" data-testid="join-code">
            {data.joinCode}
          </p>
          <p className="seats-url">{audienceUrl}</p>
        </div>
        <div className="seats-join-qr">
          <QrCode text={audienceUrl} label={t('host.seats.audience')} />
        </div>
      </section>
      <p className="panel-note">{t('host.seats.secret')}</p>
      {token && (
        <p className="seats-pages">
          <a
            className="btn btn-small"
            href={hostPageUrl('cards', contestId, token)}
            target="_blank"
            rel="noopener"
            data-testid="open-seat-cards"
          >
            {t('host.seats.cards')}
          </a>{' '}
          <a
            className="btn btn-small"
            href={hostPageUrl('authoring', contestId, token)}
            target="_blank"
            rel="noopener"
            data-testid="open-authoring"
          >
            {t('host.seats.import')}
          </a>
        </p>
      )}
      {GROUPS.map((group) => {
        const seats = data.seats.filter((s) => group.roles.includes(s.role));
        if (seats.length === 0) return null;
        return (
          <section key={group.key} className="seats-group">
            <h3>{t(group.key)}</h3>
            <ul className="seats-grid">
              {seats.map((seat) => (
                <SeatCard key={`${seat.role}:${seat.subjectId ?? seat.name}`} seat={seat} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function SeatCard({ seat }: { seat: SeatLink }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(seat.url).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  };
  return (
    <li className="seat-card" data-testid={`seat-${seat.role}-${seat.subjectId ?? 'main'}`}>
      <div className="seat-qr">
        <QrCode text={seat.url} label={seat.name} />
      </div>
      <div className="seat-info">
        {/* Seats without a person are named by their role; show that once, translated. */}
        {seat.subjectId ? (
          <>
            <span className="seat-role">{t(`role.${seat.role}`)}</span>
            <strong className="seat-name">{seat.name}</strong>
          </>
        ) : (
          <strong className="seat-name">{t(`role.${seat.role}`)}</strong>
        )}
        <span className="seat-actions">
          <button type="button" className="btn btn-small btn-quiet" onClick={copy}>
            {copied ? t('host.seats.copied') : t('host.seats.copy')}
          </button>
          <a className="btn btn-small btn-quiet" href={seat.url} target="_blank" rel="noreferrer noopener">
            {t('host.seats.open')}
          </a>
        </span>
      </div>
    </li>
  );
}
