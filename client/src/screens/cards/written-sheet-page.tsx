import { useEffect, useState } from 'react';
import { takeHostPageLink } from '../../core/host-page-link.ts';
import { fetchHostJson } from '../../core/seats-api.ts';
import { LocaleToggle } from '../../ui/locale-toggle.tsx';
import { QrCode } from '../../ui/qr-code.tsx';
import { useSheetT } from './written-sheet-i18n.ts';

/** One roster taker's personal link, from `GET /api/contests/:id/written/:segmentId/links`. */
export interface TakerLink {
  takerId: string;
  name: string;
  organisation: string;
  group: string;
  url: string;
  /** The short code typed on the taker page (`ABCD-EFGH`). */
  code: string;
}

/** The links endpoint's body (docs/protocol-written.md). */
export interface TakerLinks {
  contestId: string;
  segmentId: string;
  title: string;
  stageName: string;
  segmentName: string;
  entry: 'roster' | 'open';
  joinCode: string;
  links: TakerLink[];
}

/**
 * The written test's printable QR sheet (A4, ten to a page): per roster taker the name, unit,
 * group, taker id, a QR code of the personal link and the link itself for typing; for open
 * registration one poster with the join code. Opened from the proctor tab with the host's token
 * in the fragment and the written segment in `?segment=`.
 */
export function WrittenSheetPage() {
  const t = useSheetT();
  const [link] = useState(() => takeHostPageLink('written-sheet'));
  const [segmentId] = useState(() => new URLSearchParams(location.search).get('segment'));
  const [data, setData] = useState<TakerLinks | null>(null);
  const [error, setError] = useState<string | null>(link && segmentId ? null : t('noLink'));
  const [group, setGroup] = useState<string | null>(null);
  useEffect(() => {
    if (!link || !segmentId) return;
    const ctl = new AbortController();
    const path = `/api/contests/${encodeURIComponent(link.contestId)}/written/${encodeURIComponent(segmentId)}/links`;
    fetchHostJson<TakerLinks>(path, link.token, ctl.signal).then(
      (d) => {
        setData(d);
        document.title = `${d.title} · ${d.segmentName} · ${t('title')}`;
      },
      (e: unknown) => {
        if (!ctl.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => ctl.abort();
  }, [link, segmentId, t]);

  if (error) return <p className="cards-state">{t('error', { message: error })}</p>;
  if (!data) return <p className="cards-state">{t('loading')}</p>;
  const groups = [...new Set(data.links.map((l) => l.group))];
  const shown = data.links.filter((l) => group === null || l.group === group);
  return (
    <div className="cards" data-testid="written-sheet">
      <div className="cards-toolbar">
        <strong>
          {data.title} · {data.stageName} · {data.segmentName} · {t('title')}
        </strong>
        {data.entry === 'roster' && groups.length > 1 && (
          <>
            <button
              type="button"
              className={group === null ? 'active' : ''}
              aria-pressed={group === null}
              onClick={() => setGroup(null)}
            >
              {t('allGroups')}
            </button>
            {groups.map((g) => (
              <button
                key={g}
                type="button"
                className={g === group ? 'active' : ''}
                aria-pressed={g === group}
                onClick={() => setGroup(g)}
              >
                {g || '—'}
              </button>
            ))}
          </>
        )}
        {data.entry === 'roster' && <span data-testid="sheet-count">{t('count', { n: shown.length })}</span>}
        <button type="button" onClick={() => window.print()} data-testid="sheet-print">
          {t('print')}
        </button>
        <LocaleToggle />
        <span className="cards-note">{t(data.entry === 'open' ? 'openNote' : 'note')}</span>
      </div>
      {data.entry === 'open' ? (
        <OpenPoster data={data} />
      ) : (
        <ul className="cards-sheet wsheet">
          {shown.map((l) => (
            <TakerCard key={l.takerId} taker={l} data={data} />
          ))}
        </ul>
      )}
    </div>
  );
}

function TakerCard({ taker, data }: { taker: TakerLink; data: TakerLinks }) {
  const t = useSheetT();
  return (
    <li className="card wsheet-card" data-testid={`sheet-${taker.takerId}`} data-url={taker.url}>
      <div className="card-text">
        <p className="card-contest">{data.title}</p>
        <p className="card-role">
          {data.stageName} · {data.segmentName}
        </p>
        <p className="card-name">{taker.name}</p>
        {taker.organisation && <p className="card-detail">{taker.organisation}</p>}
        <dl className="wsheet-facts">
          {taker.group && (
            <>
              <dt>{t('group')}</dt>
              <dd>{taker.group}</dd>
            </>
          )}
          <dt>{t('takerId')}</dt>
          <dd className="wsheet-id">{taker.takerId}</dd>
        </dl>
        <p className="wsheet-code">
          <span>{t('code')}</span> <strong data-testid={`sheet-code-${taker.takerId}`}>{taker.code}</strong>
        </p>
        <p className="card-how">{t('how')}</p>
      </div>
      <div className="card-qr">
        <QrCode text={taker.url} label={taker.name} />
      </div>
      <p className="wsheet-link">
        <span>{t('link')}</span> <code>{taker.url}</code>
      </p>
    </li>
  );
}

function OpenPoster({ data }: { data: TakerLinks }) {
  const t = useSheetT();
  const url = `${location.origin}/written.html?code=${encodeURIComponent(data.joinCode)}`;
  return (
    <section className="wsheet-poster" data-testid="sheet-open" data-url={url}>
      <p className="card-contest">{data.title}</p>
      <h1>
        {data.stageName} · {data.segmentName}
      </h1>
      <h2>{t('openTitle')}</h2>
      <QrCode text={url} label={t('openTitle')} />
      <p className="wsheet-code">
        {t('joinCode')} <strong>{data.joinCode}</strong>
      </p>
      <p className="card-how">{t('openHow')}</p>
      <p className="wsheet-link">
        <code>{url}</code>
      </p>
    </section>
  );
}
