import { useEffect, useState } from 'react';
import {
  formatHundredths,
  type AdvancementSheet,
  type CorrectionLine,
  type JudgeSheetSegment,
  type NightCorrectionLine,
  type StageResults,
} from '@leitai/shared';
import { useLocale, useT } from '../../core/i18n/i18n.ts';
import { LocaleToggle } from '../../ui/locale-toggle.tsx';
import { takeSheetLink } from './sheet-link.ts';
import {
  CorrectionsTable,
  JudgedTable,
  NightCorrectionsTable,
  TotalsTable,
  type SheetNames,
} from '../../ui/results-sheet/sheet-tables.tsx';
import { useNightT } from '../../ui/night/night-i18n.ts';

/** The JSON the server sends for the sheet (`GET /api/contests/:id/results/:stageId`). */
interface ResultsSheet {
  contestTitle: string;
  organiser: string | null;
  results: StageResults;
  judged: JudgeSheetSegment[];
  corrections: CorrectionLine[];
  /** The corrections made on the night; absent from servers older than them. */
  night?: NightCorrectionLine[];
  /** Absent from servers older than the advancement sheet. */
  advancement?: AdvancementSheet | null;
  names: SheetNames;
  generatedAt: number;
}

/** The print-ready results sheet of one stage, for the host (their token rides in the fragment). */
export function ResultsPage() {
  const t = useT();
  const [link] = useState(() => takeSheetLink());
  const [sheet, setSheet] = useState<ResultsSheet | null>(null);
  const [error, setError] = useState<SheetError | null>(link ? null : { code: 'NO_LINK', message: '' });
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
        if (!res.ok) {
          const refused = (body as { error?: { code?: string; message?: string } }).error;
          throw new SheetRefused(refused?.code ?? '', refused?.message ?? `HTTP ${res.status}`);
        }
        setSheet(body as ResultsSheet);
        document.title = `${(body as ResultsSheet).contestTitle} · ${t('rs.title')}`;
      })
      .catch((e: unknown) => {
        if (ctl.signal.aborted) return;
        setError(e instanceof SheetRefused ? { code: e.code, message: e.message } : { code: '', message: String(e) });
      });
    return () => ctl.abort();
  }, [link, t]);

  if (error) return <SheetFailure error={error} />;
  if (!sheet) return <p className="rs-state">{t('rs.loading')}</p>;
  return <Sheet sheet={sheet} />;
}

/** Why the sheet could not load: a code the server or this page names, and the server's own words. */
interface SheetError {
  code: string;
  message: string;
}

class SheetRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The sheet's failure in the page's language: opened without its link (bookmarked, typed in), a
 * revoked or wrong token, a contest or stage that is gone; any other refusal names the server's words.
 */
function SheetFailure({ error }: { error: SheetError }) {
  const t = useT();
  const text =
    error.code === 'NO_LINK'
      ? t('rs.noLink')
      : error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN'
        ? t('rs.badToken')
        : error.code === 'NOT_FOUND'
          ? t('rs.notFound')
          : t('rs.error', { message: error.message });
  return (
    <div className="rs-state" data-testid="rs-failure" data-code={error.code}>
      <p>{text}</p>
      <LocaleToggle />
    </div>
  );
}

function Sheet({ sheet }: { sheet: ResultsSheet }) {
  const t = useT();
  const tn = useNightT();
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
              ? t(results.popularity.by === 'likes' ? 'rs.popularityLikes' : 'rs.popularity', {
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

      <section className="rs-section" data-testid="rs-night-section">
        <h3>{tn('rs.night')}</h3>
        <NightCorrectionsTable lines={sheet.night ?? []} />
      </section>

      {sheet.advancement && <AdvancementSection sheet={sheet} adv={sheet.advancement} />}

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

/** 晋级名单: per group the ranking by the rule and who advances, the seeded entrants, and the record behind it. */
function AdvancementSection({ sheet, adv }: { sheet: ResultsSheet; adv: AdvancementSheet }) {
  const t = useT();
  const name = (id: string) => sheet.names[id]?.name ?? id;
  const outcome = { advances: t('adv.advances'), tied: t('adv.tied'), out: '' } as const;
  return (
    <section className="rs-section rs-advancement" data-testid="rs-advancement">
      <h3>
        {t('adv.title')}
        {adv.toStageName && <small> {t('adv.into', { from: adv.stageName, to: adv.toStageName })}</small>}
      </h3>
      <table className="rs-table">
        <thead>
          <tr>
            <th>{t('rs.group')}</th>
            <th className="num">{t('hr.rank')}</th>
            <th>{t('hr.name')}</th>
            {adv.segments.map((s) => (
              <th key={s.id} className="num">
                {s.name}
              </th>
            ))}
            <th className="num">{adv.byTotal ? t('hr.total') : t('adv.byTotal')}</th>
            <th>{t('adv.advances')}</th>
          </tr>
        </thead>
        <tbody>
          {adv.groups.flatMap((g) =>
            g.rows.map((r, i) => (
              <tr key={r.id} className={r.outcome === 'advances' ? 'rs-advances' : ''}>
                <td>{i === 0 ? g.name : ''}</td>
                <td className="num">{r.rank}</td>
                <td className="rs-name">{name(r.id)}</td>
                {adv.segments.map((s) => (
                  <td key={s.id} className="num">
                    {r.segmentScores[s.id] === undefined ? '' : formatHundredths(r.segmentScores[s.id] ?? 0)}
                  </td>
                ))}
                <td className="num rs-total">{formatHundredths(r.total)}</td>
                <td>{outcome[r.outcome]}</td>
              </tr>
            )),
          )}
          {adv.seeded.map((id) => (
            <tr key={`seeded-${id}`}>
              <td>{t('adv.seededTag')}</td>
              <td />
              <td className="rs-name">{name(id)}</td>
              {adv.segments.map((s) => (
                <td key={s.id} />
              ))}
              <td />
              <td>{t('adv.seededTag')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {adv.confirmed && (
        <ul className="rs-adv-record" data-testid="rs-adv-record">
          <li>
            {t('rs.advConfirmed')}
            {adv.confirmed.reason && `（${adv.confirmed.reason}）`}
          </li>
          {adv.confirmed.tieResolutions.map((r) => (
            <li key={r.groupId}>
              {t('adv.tie', { n: r.tiedIds.length, m: r.seats })}：
              {r.how === 'all' ? t('adv.tieAll') : r.advancing.map(name).join('、')}
            </li>
          ))}
          {adv.corrections.map((c, i) => (
            <li key={i}>
              {c.removed.length > 0 && `${t('adv.removed')}${c.removed.map(name).join('、')} `}
              {c.added.length > 0 && `${t('adv.added')}${c.added.map((a) => name(a.contestantId)).join('、')} `}（
              {c.reason}）
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
