import {
  formatHundredths,
  type CorrectionLine,
  type JudgeSheetSegment,
  type NightCorrectionLine,
  type StageResults,
} from '@leitai/shared';
import { useNightT } from '../night/night-i18n.ts';
import { nightSheetText } from '../night/night-lines.ts';
import { useLocale, useT } from '../../core/i18n/i18n.ts';

/** Contestants' names, organisations and seat numbers by id. */
export type SheetNames = Record<string, { name: string; organisation: string; seat: number }>;

const score = (h: number | null | undefined) => (h === null || h === undefined ? '—' : formatHundredths(h));
const plain = (h: number) => formatHundredths(h, { trimZeros: true });

/** A part feeds its total through several columns when it has base points or several segments. */
const isComposite = (p: StageResults['parts'][number]): boolean => p.segmentIds.length > 1 || p.basePoints !== 0;

/**
 * The totals table with every input of each total: per part the raw segment scores, base
 * points and subtotal (full marks and weight in the part's heading), and the weighted points;
 * under it the rule, so a person with a calculator gets each total.
 */
export function TotalsTable({ results, showAwards = true }: { results: StageResults; showAwards?: boolean }) {
  const t = useT();
  const segmentName = new Map(results.segments.map((s) => [s.id, s.name]));
  const advancing = new Set(results.advancement?.advancerIds ?? []);
  const subColumns = (p: StageResults['parts'][number]) =>
    isComposite(p) ? p.segmentIds.length + (p.basePoints !== 0 ? 1 : 0) + 2 : 2;
  return (
    <>
      <table className="rs-table rs-totals" data-testid="rs-totals">
        <thead>
          <tr>
            <th rowSpan={2}>{t('hr.rank')}</th>
            <th rowSpan={2}>{t('hr.seat')}</th>
            <th rowSpan={2}>{t('hr.name')}</th>
            <th rowSpan={2}>{t('field.organisation')}</th>
            {results.parts.map((p) => (
              <th key={p.id} colSpan={subColumns(p)} className="rs-part" data-testid={`rs-part-${p.id}`}>
                {p.name}
                <small>{t('rs.partHead', { full: plain(p.fullMarks), weight: plain(p.weight) })}</small>
              </th>
            ))}
            <th rowSpan={2} className="num">
              {t('hr.total')}
            </th>
            {showAwards && <th rowSpan={2}>{t('rs.awards')}</th>}
          </tr>
          <tr>
            {results.parts.flatMap((p) =>
              isComposite(p)
                ? [
                    ...p.segmentIds.map((id) => (
                      <th key={`${p.id}-${id}`} className="num">
                        {segmentName.get(id) ?? id}
                      </th>
                    )),
                    ...(p.basePoints !== 0
                      ? [
                          <th key={`${p.id}-base`} className="num">
                            {t('rs.base')}
                          </th>,
                        ]
                      : []),
                    <th key={`${p.id}-sub`} className="num">
                      {t('rs.subtotal')}
                    </th>,
                    <th key={`${p.id}-w`} className="num rs-weighted">
                      {t('rs.weighted')}
                    </th>,
                  ]
                : [
                    <th key={`${p.id}-s`} className="num">
                      {t('rs.score')}
                    </th>,
                    <th key={`${p.id}-w`} className="num rs-weighted">
                      {t('rs.weighted')}
                    </th>,
                  ],
            )}
          </tr>
        </thead>
        <tbody>
          {results.rows.map((r) => (
            <tr key={r.id} data-testid={`rs-row-${r.id}`}>
              <td className="rs-rank">{r.rank}</td>
              <td className="num">{r.seat}</td>
              <td className="rs-name">{r.name}</td>
              <td className="rs-org">{r.organisation}</td>
              {results.parts.flatMap((p) => {
                const scored = r.parts.find((q) => q.partId === p.id);
                const weighted = (
                  <td key={`${p.id}-w`} className="num rs-weighted">
                    {score(scored?.weighted)}
                  </td>
                );
                if (!isComposite(p))
                  return [
                    <td key={`${p.id}-s`} className="num">
                      {score(r.segmentScores[p.segmentIds[0] ?? ''])}
                    </td>,
                    weighted,
                  ];
                return [
                  ...p.segmentIds.map((id) => (
                    <td key={`${p.id}-${id}`} className="num">
                      {score(r.segmentScores[id])}
                    </td>
                  )),
                  ...(p.basePoints !== 0
                    ? [
                        <td key={`${p.id}-base`} className="num rs-base">
                          {formatHundredths(p.basePoints)}
                        </td>,
                      ]
                    : []),
                  <td key={`${p.id}-sub`} className="num">
                    {score(scored?.score)}
                  </td>,
                  weighted,
                ];
              })}
              <td className="num rs-total">{formatHundredths(r.total)}</td>
              {showAwards && (
                <td>
                  {[r.tier?.name, ...r.singleItems.map((a) => a.name), advancing.has(r.id) ? t('rs.advances') : null]
                    .filter(Boolean)
                    .join('、')}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="rs-note" data-testid="rs-total-rule">
        {t('rs.totalRule')}
      </p>
    </>
  );
}

/** One judged segment: every judge's mark (dropped ones struck through), trimmed mean, corrections, score. */
export function JudgedTable({
  seg,
  names,
  pendingLabel,
}: {
  seg: JudgeSheetSegment;
  names: SheetNames;
  /** Shown in a row whose marks are not published (the public page before the reveal). */
  pendingLabel?: string;
}) {
  const t = useT();
  return (
    <table className="rs-table">
      <thead>
        <tr>
          <th>{t('hr.seat')}</th>
          <th>{t('hr.name')}</th>
          {seg.judges.map((j) => (
            <th key={j.id} className="num">
              {j.name}
            </th>
          ))}
          <th className="num">{t('rs.trimmed')}</th>
          <th className="num">{t('rs.corr')}</th>
          <th className="num">{t('rs.final')}</th>
        </tr>
      </thead>
      <tbody>
        {seg.rows.map((row) => {
          const who = names[row.contestantId];
          const hidden = pendingLabel !== undefined && Object.keys(row.cells).length === 0 && row.status !== 'none';
          return (
            <tr key={row.contestantId} data-testid={`rs-judged-row-${row.contestantId}`}>
              <td className="num">{who?.seat}</td>
              <td className="rs-name">{who?.name ?? row.contestantId}</td>
              {hidden ? (
                <td colSpan={seg.judges.length} className="rs-mark">
                  {pendingLabel}
                </td>
              ) : (
                seg.judges.map((j) => {
                  const c = row.cells[j.id];
                  if (!c) return <td key={j.id} className="num" />;
                  if (c.kind === 'recused')
                    return (
                      <td key={j.id} className="num rs-mark">
                        {t('rs.recused')}
                      </td>
                    );
                  if (c.kind === 'missing')
                    return (
                      <td key={j.id} className="num rs-mark">
                        {t('rs.missing')}
                      </td>
                    );
                  return (
                    <td
                      key={j.id}
                      className={`num ${c.dropped ? 'rs-dropped' : ''}`}
                      data-dropped={c.dropped ? 'true' : undefined}
                    >
                      {formatHundredths(c.score)}
                    </td>
                  );
                })
              )}
              <td className="num">{score(row.trimmedMean)}</td>
              <td className="num">{row.corrections === 0 ? '' : formatHundredths(row.corrections, { sign: true })}</td>
              <td className="num rs-total">{score(row.score)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Every correction of the stage's scores with its reason, in log order. */
export function CorrectionsTable({
  corrections,
  results,
  names,
}: {
  corrections: readonly CorrectionLine[];
  results: StageResults;
  names: SheetNames;
}) {
  const t = useT();
  const tn = useNightT();
  const locale = useLocale((s) => s.locale);
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });
  const segmentName = new Map(results.segments.map((s) => [s.id, s.name]));
  if (corrections.length === 0)
    return (
      <p className="rs-note" data-testid="rs-no-corrections">
        {t('rs.noCorrections')}
      </p>
    );
  return (
    <table className="rs-table rs-corrections" data-testid="rs-corrections">
      <thead>
        <tr>
          <th>{t('rs.colVersion')}</th>
          <th>{t('rs.colTime')}</th>
          <th>{t('rs.colSegment')}</th>
          <th>{t('hr.name')}</th>
          <th>{t('rs.colKind')}</th>
          <th className="num">{t('rs.colBefore')}</th>
          <th className="num">{t('rs.colDelta')}</th>
          <th className="num">{t('rs.colAfter')}</th>
          <th>{t('rs.colReason')}</th>
          <th>{t('rs.colBy')}</th>
        </tr>
      </thead>
      <tbody>
        {corrections.map((c) => (
          <tr key={`${c.version}-${c.contestantId}`}>
            <td className="num">{c.version}</td>
            <td>{time.format(c.at)}</td>
            <td>{segmentName.get(c.segmentId) ?? c.segmentId}</td>
            <td className="rs-name">{names[c.contestantId]?.name ?? c.contestantId}</td>
            <td>
              {c.kind === 'knowledge-undo'
                ? t('rs.kindKnowledgeUndo')
                : c.kind === 'void'
                  ? tn('rs.kindVoid')
                  : c.kind === 'undo'
                    ? t('rs.kindUndo', { id: c.undoes ?? '' })
                    : t('rs.kindCorrection', { id: c.correctionId ?? '' })}
            </td>
            <td className="num">{score(c.before)}</td>
            <td className="num">{formatHundredths(c.delta, { sign: true })}</td>
            <td className="num">{score(c.after)}</td>
            <td className="rs-reason">{c.reason}</td>
            <td>{t(`role.${c.by}` as 'role.host')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The corrections made on the night (现场更正): names, voided questions, judges' seats, timers, with reasons. */
export function NightCorrectionsTable({ lines }: { lines: readonly NightCorrectionLine[] }) {
  const t = useT();
  const tn = useNightT();
  const locale = useLocale((s) => s.locale);
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });
  if (lines.length === 0)
    return (
      <p className="rs-note" data-testid="rs-no-night">
        {tn('rs.noNight')}
      </p>
    );
  return (
    <table className="rs-table rs-corrections" data-testid="rs-night">
      <thead>
        <tr>
          <th className="num">{t('rs.colVersion')}</th>
          <th>{t('rs.colTime')}</th>
          <th>{t('rs.colKind')}</th>
          <th>{tn('rs.colSubject')}</th>
          <th>{tn('rs.colChange')}</th>
          <th>{t('rs.colReason')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((c) => {
          const { subject, change } = nightSheetText(c, tn);
          return (
            <tr key={c.version}>
              <td className="num">{c.version}</td>
              <td>{time.format(c.at)}</td>
              <td>{tn(`night.kind.${c.kind}`)}</td>
              <td className="rs-name">{subject}</td>
              <td>{change}</td>
              <td className="rs-reason">{c.reason}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
