import { useEffect, useState } from 'react';
import type { CorrectionLine, JudgeSheetSegment, StageResults } from '@leitai/shared';
import { useLocale, useT } from '../../core/i18n/i18n.ts';
import { LocaleToggle } from '../../ui/locale-toggle.tsx';
import { takeSheetLink } from './sheet-link.ts';
import { CorrectionsTable, JudgedTable, TotalsTable, type SheetNames } from './sheet-tables.tsx';

/** The JSON the server sends for the sheet (`GET /api/contests/:id/results/:stageId`). */
interface ResultsSheet {
  contestTitle: string;
  organiser: string | null;
  results: StageResults;
  judged: JudgeSheetSegment[];
  corrections: CorrectionLine[];
  names: SheetNames;
  generatedAt: number;
}

/** The print-ready results sheet of one stage, for the host (their token rides in the fragment). */
export function ResultsPage() {
  const t = useT();
  const [link] = useState(() => takeSheetLink());
  const [sheet, setSheet] = useState<ResultsSheet | null>(null);
  const [error, setError] = useState<string | null>(link ? null : 'no link');
  useEffect(() => {
    if (!link) return;
    const ctl = new AbortController();
    fetch(`/api/contests/${encodeURIComponent(link.contestId)}/results/${encodeURIComponent(link.stageId)}`, {
      headers: { Authorization: `Bearer ${link.token}` },
      cache: 'no-store',
      signal: ctl.signal,
    })
      .then(async (res) => {
        const body: unknown = await res.json();
        if (!res.ok) throw new Error((body as { error?: { message?: string } }).error?.message ?? `HTTP ${res.status}`);
        setSheet(body as ResultsSheet);
        document.title = `${(body as ResultsSheet).contestTitle} · ${t('rs.title')}`;
      })
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => ctl.abort();
  }, [link, t]);

  if (error) return <p className="rs-state">{t('rs.error', { message: error })}</p>;
  if (!sheet) return <p className="rs-state">{t('rs.loading')}</p>;
  return <Sheet sheet={sheet} />;
}

function Sheet({ sheet }: { sheet: ResultsSheet }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const { results } = sheet;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(sheet.generatedAt);
  const allJudges = [...new Map(sheet.judged.flatMap((s) => s.judges).map((j) => [j.id, j])).values()];

  return (
    <div className="rs" data-testid="results-sheet">
      <div className="rs-toolbar">
        <button type="button" onClick={() => window.print()} data-testid="rs-print">
          {t('rs.print')}
        </button>
        <LocaleToggle />
      </div>

      <header className="rs-head">
        {sheet.organiser && <p className="rs-organiser">{sheet.organiser}</p>}
        <h1>{sheet.contestTitle}</h1>
        <h2>
          {results.stageName} · {t('rs.title')}
        </h2>
        <p className="rs-generated">{t('rs.generated', { time: when })}</p>
      </header>

      <section className="rs-section">
        <h3>{t('rs.totals')}</h3>
        <TotalsTable results={results} />
        {results.popularity?.counts && (
          <p className="rs-popularity" data-testid="rs-popularity">
            {results.popularity.winners.length > 0
              ? t('rs.popularity', {
                  name: results.popularity.name,
                  winners: results.popularity.winners.map((w) => sheet.names[w.id]?.name ?? w.id).join('、'),
                  n: results.popularity.winners[0]?.count ?? 0,
                })
              : `${results.popularity.name}：${t('hr.popularityNoVotes')}`}
          </p>
        )}
      </section>

      {sheet.judged.map((seg) => (
        <section key={seg.segmentId} className="rs-section rs-judged" data-testid={`rs-judged-${seg.segmentId}`}>
          <h3>{seg.name}</h3>
          <JudgedTable seg={seg} names={sheet.names} />
        </section>
      ))}
      <p className="rs-note">
        {t('rs.droppedNote')} {t('rs.judgedRule')}
      </p>

      <section className="rs-section" data-testid="rs-corrections-section">
        <h3>{t('rs.corrections')}</h3>
        <CorrectionsTable corrections={sheet.corrections} results={results} names={sheet.names} />
      </section>

      <section className="rs-section rs-signatures" data-testid="rs-signatures">
        <h3>{t('rs.signature')}</h3>
        <div className="rs-sign-grid">
          {allJudges.map((j) => (
            <div key={j.id} className="rs-sign">
              <span className="rs-sign-line" />
              <span>
                {j.name}
                {j.title && <small>{j.title}</small>}
              </span>
            </div>
          ))}
          <div className="rs-sign">
            <span className="rs-sign-line" />
            <span>{t('rs.hostSign')}</span>
          </div>
          <div className="rs-sign">
            <span className="rs-sign-line" />
            <span>{t('rs.supervisor')}</span>
          </div>
          <div className="rs-sign">
            <span className="rs-sign-line" />
            <span>{t('rs.date')}</span>
          </div>
        </div>
      </section>
    </div>
  );
}
