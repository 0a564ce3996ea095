import { useEffect, useState } from 'react';
import { formatHundredths, type PublicResults, type PublicStage } from '@leitai/shared';
import { useLocale, useT } from '../../core/i18n/i18n.ts';
import { LocaleToggle } from '../../ui/locale-toggle.tsx';
import {
  CorrectionsTable,
  JudgedTable,
  NightCorrectionsTable,
  TotalsTable,
  type SheetNames,
} from '../../ui/results-sheet/sheet-tables.tsx';
import { useNightT } from '../../ui/night/night-i18n.ts';

/** How often an open page fetches again (the server answers from a cache until the contest changes). */
const REFRESH_MS = 30_000;

/** The join code from `?code=…` (public: it is the audience's code, no secret). */
function joinCode(): string | null {
  const code = new URLSearchParams(window.location.search).get('code');
  return code && /^[A-Za-z0-9]{4,16}$/.test(code) ? code : null;
}

/**
 * The public, read-only results of a contest (a tournament's public tab): what the hall has been
 * shown of each stage, with every input of every total, each judge's marks once revealed, the
 * corrections with their reasons and the log's head hash. Printable.
 */
export function PublicResultsPage() {
  const t = useT();
  const [code] = useState(joinCode);
  const [data, setData] = useState<PublicResults | null>(null);
  const [error, setError] = useState<string | null>(code ? null : t('pr.noCode'));
  useEffect(() => {
    if (!code) return;
    const ctl = new AbortController();
    const load = () =>
      fetch(`/api/public/${encodeURIComponent(code)}/results`, { cache: 'no-cache', signal: ctl.signal })
        .then(async (res) => {
          const body: unknown = await res.json();
          if (!res.ok)
            throw new Error((body as { error?: { message?: string } }).error?.message ?? `HTTP ${res.status}`);
          setData(body as PublicResults);
          setError(null);
          document.title = `${(body as PublicResults).title} · ${t('pr.title')}`;
        })
        .catch((e: unknown) => {
          if (!ctl.signal.aborted) setError(e instanceof Error ? e.message : String(e));
        });
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      ctl.abort();
      clearInterval(timer);
    };
  }, [code, t]);

  if (error && !data) return <p className="rs-state">{t('pr.error', { message: error })}</p>;
  if (!data) return <p className="rs-state">{t('pr.loading')}</p>;
  return <PublicSheet data={data} />;
}

function PublicSheet({ data }: { data: PublicResults }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'medium' }).format(data.generatedAt);
  return (
    <div className="rs pr" data-testid="public-results">
      <div className="rs-toolbar">
        <button type="button" onClick={() => window.print()} data-testid="pr-print">
          {t('rs.print')}
        </button>
        <LocaleToggle />
      </div>
      <header className="rs-head">
        {data.organiser && <p className="rs-organiser">{data.organiser}</p>}
        <h1>{data.title}</h1>
        <h2>{t('pr.title')}</h2>
        <p className="rs-generated">{t('pr.asOf', { time: when })}</p>
      </header>
      <p className="rs-note pr-public-note">{t('pr.publicNote')}</p>

      {data.stages.map((stage) => (
        <StageBlock key={stage.stageId} stage={stage} names={data.names} />
      ))}

      <section className="rs-section pr-log" data-testid="pr-log">
        <h3>{t('pr.log')}</h3>
        <p>
          {t('pr.logHead', { version: data.log.version })}{' '}
          <code className="pr-hash" data-testid="pr-log-hash">
            {data.log.hash}
          </code>
        </p>
        <p className="rs-note">{t('pr.logNote')}</p>
      </section>
    </div>
  );
}

function StageBlock({ stage, names }: { stage: PublicStage; names: SheetNames }) {
  const t = useT();
  const { results } = stage;
  const nameOf = (id: string) => names[id]?.name ?? id;
  const tn = useNightT();
  // Absent from servers older than the corrections on the night.
  const night = stage.night ?? [];
  const anyScore = results.rows.some((r) => Object.keys(r.segmentScores).length > 0);
  const tiers = results.tiers.filter((tier) => tier.winnerIds.length > 0);
  const singles = results.singleItems.filter((a) => a.winners.length > 0);
  const popular = results.popularity && results.popularity.winners.length > 0 ? results.popularity : null;
  return (
    <section className="pr-stage" data-testid={`pr-stage-${stage.stageId}`}>
      <h2 className="pr-stage-title">
        {results.stageName}
        <span className={`pr-status is-${stage.status}`}>{t(`pr.stageStatus.${stage.status}`)}</span>
      </h2>
      {!anyScore && stage.corrections.length === 0 && night.length === 0 ? (
        <p className="rs-note">{t('pr.nothingYet')}</p>
      ) : (
        <>
          <section className="rs-section">
            <h3>{t('rs.totals')}</h3>
            <TotalsTable results={results} />
          </section>

          <section className="rs-section pr-awards" data-testid={`pr-awards-${stage.stageId}`}>
            <h3>{t('rs.awards')}</h3>
            {stage.awards !== 'all' && <p className="rs-note">{t('pr.awardsPending')}</p>}
            {(tiers.length > 0 || singles.length > 0 || popular) && (
              <ul className="pr-award-list">
                {singles.map((a) => (
                  <li key={`s-${a.id}`}>
                    <b>{a.name}</b>
                    {a.winners.map((w) => `${nameOf(w.id)}（${formatHundredths(w.score)}）`).join('、')}
                  </li>
                ))}
                {popular && (
                  <li>
                    <b>{popular.name}</b>
                    {popular.winners.map((w) => nameOf(w.id)).join('、')}
                  </li>
                )}
                {[...tiers].map((tier) => (
                  <li key={`t-${tier.id}`}>
                    <b>{tier.name}</b>
                    {tier.winnerIds.map(nameOf).join('、')}
                  </li>
                ))}
              </ul>
            )}
            {results.advancement && results.advancement.advancerIds.length > 0 && (
              <p data-testid={`pr-advancement-${stage.stageId}`}>
                <b>{t('rs.advancement')}：</b>
                {results.advancement.advancerIds.map(nameOf).join('、')}
              </p>
            )}
          </section>

          {stage.judged.map((seg) => (
            <section key={seg.segmentId} className="rs-section rs-judged" data-testid={`pr-judged-${seg.segmentId}`}>
              <h3>{seg.name}</h3>
              <JudgedTable seg={seg} names={names} pendingLabel={t('pr.pendingMarks')} />
            </section>
          ))}
          {stage.judged.length > 0 && (
            <p className="rs-note">
              {t('rs.droppedNote')} {t('rs.judgedRule')}
            </p>
          )}

          <section className="rs-section">
            <h3>{t('rs.corrections')}</h3>
            <CorrectionsTable corrections={stage.corrections} results={results} names={names} />
          </section>

          {night.length > 0 && (
            <section className="rs-section" data-testid={`pr-night-${stage.stageId}`}>
              <h3>{tn('rs.night')}</h3>
              <NightCorrectionsTable lines={night} />
            </section>
          )}
        </>
      )}
    </section>
  );
}
