import { useEffect, useState } from 'react';
import { useT } from '../../core/i18n/i18n.ts';
import { takeHostPageLink } from '../../core/host-page-link.ts';
import { LocaleToggle } from '../../ui/locale-toggle.tsx';
import { QrCode } from '../../ui/qr-code.tsx';
import { fetchSeats, type SeatLink, type SeatsResponse } from '../../core/seats-api.ts';

type Filter = 'all' | 'contestant' | 'judge';

/** Judges first, then contestants by seat number (then name): the order the cards are laid out in the hall. */
function cardOrder(a: SeatLink, b: SeatLink): number {
  if (a.role !== b.role) return a.role === 'judge' ? -1 : 1;
  return (a.seat ?? 1e9) - (b.seat ?? 1e9) || a.name.localeCompare(b.name, 'zh-CN');
}

/**
 * Printable seat cards (A4, eight to a page): a QR code per contestant's phone and judge's pad,
 * with the name and seat label, to lay on each desk. The host's token rides in the fragment.
 */
export function CardsPage() {
  const t = useT();
  const [link] = useState(() => takeHostPageLink('cards'));
  const [data, setData] = useState<SeatsResponse | null>(null);
  const [error, setError] = useState<string | null>(link ? null : t('cards.noLink'));
  const [filter, setFilter] = useState<Filter>('all');
  useEffect(() => {
    if (!link) return;
    const ctl = new AbortController();
    fetchSeats(link.contestId, link.token, ctl.signal).then(
      (d) => {
        setData(d);
        document.title = `${d.title} · ${t('cards.title')}`;
      },
      (e: unknown) => {
        if (!ctl.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => ctl.abort();
  }, [link, t]);

  if (error) return <p className="cards-state">{t('cards.error', { message: error })}</p>;
  if (!data) return <p className="cards-state">{t('cards.loading')}</p>;
  const seats = data.seats
    .filter((s) => (s.role === 'judge' || s.role === 'contestant') && (filter === 'all' || s.role === filter))
    .sort(cardOrder);
  return (
    <div className="cards" data-testid="seat-cards">
      <div className="cards-toolbar">
        <strong>
          {data.title} · {t('cards.title')}
        </strong>
        {(['all', 'contestant', 'judge'] as const).map((f) => (
          <button
            key={f}
            type="button"
            className={f === filter ? 'active' : ''}
            aria-pressed={f === filter}
            onClick={() => setFilter(f)}
          >
            {t(`cards.filter.${f}`)}
          </button>
        ))}
        <button type="button" onClick={() => window.print()} data-testid="cards-print">
          {t('cards.print')}
        </button>
        <LocaleToggle />
        <span className="cards-note">{t('cards.note')}</span>
      </div>
      <ul className="cards-sheet">
        {seats.map((s) => (
          <SeatCard key={`${s.role}-${s.subjectId ?? ''}`} seat={s} contestTitle={data.title} />
        ))}
      </ul>
    </div>
  );
}

function SeatCard({ seat, contestTitle }: { seat: SeatLink; contestTitle: string }) {
  const t = useT();
  const judge = seat.role === 'judge';
  return (
    <li className={`card card-${seat.role}`} data-testid={`card-${seat.role}-${seat.subjectId ?? ''}`}>
      <div className="card-text">
        <p className="card-contest">{contestTitle}</p>
        <p className="card-role">{judge ? t('cards.role.judge') : t('cards.role.contestant')}</p>
        <p className="card-name">{seat.name}</p>
        {judge ? (
          seat.title && <p className="card-detail">{seat.title}</p>
        ) : (
          <>
            {seat.seat !== undefined && <p className="card-seat">{t('cards.seat', { n: seat.seat })}</p>}
            {seat.organisation && <p className="card-detail">{seat.organisation}</p>}
          </>
        )}
        <p className="card-how">{judge ? t('cards.how.judge') : t('cards.how.contestant')}</p>
      </div>
      <div className="card-qr">
        <QrCode text={seat.url} label={seat.name} />
        <p className="card-secret">{t('cards.secret')}</p>
      </div>
    </li>
  );
}
