import type { CSSProperties } from 'react';
import { formatHundredths, type ContestState } from '@leitai/shared';
import { shownResults } from '../../../core/results-view.ts';
import { useT } from '../../../core/i18n/i18n.ts';
import { StageBand } from '../stage-scenes.tsx';
import '../judging/judging.css';
import './results.css';

/** Totals and ranks on the big screen: the weighted parts, the total and the rank of everyone on the stage. */
export function StandingsScene({ contest }: { contest: ContestState }) {
  const t = useT();
  const results = shownResults(contest);
  if (!results) return <section className="scene-standings" data-testid="scene-results" />;
  const parts = results.rows[0]?.parts ?? [];
  // The rows share the height between the table head and the audience band (rows from ~342, band at 996).
  const rowHeight = Math.min(72, Math.floor(630 / Math.max(1, results.rows.length)) - 8);
  return (
    <section className="scene-standings" data-testid="scene-results">
      <StageBand contest={contest} />
      <h2 className="stage-heading ss-heading">
        {t('sj.standings')}
        <small>{results.stageName}</small>
      </h2>
      <table className="ss-table" style={{ '--row': `${rowHeight}px` } as CSSProperties}>
        <thead>
          <tr>
            <th className="ss-rank">{t('hr.rank')}</th>
            <th>{t('hr.name')}</th>
            {parts.map((p) => (
              <th key={p.partId} className="ss-num">
                {p.name}
                <small>{formatHundredths(p.weight, { trimZeros: true })}%</small>
              </th>
            ))}
            <th className="ss-num">{t('hr.total')}</th>
          </tr>
        </thead>
        <tbody>
          {results.rows.map((r, i) => (
            <tr
              key={r.id}
              className={`${r.rank <= 3 ? `is-top is-top-${r.rank}` : ''}`}
              style={{ '--i': i } as CSSProperties}
              data-testid={`ss-row-${r.id}`}
            >
              <td className="ss-rank">
                <span>{r.rank}</span>
              </td>
              <td className="ss-name">
                {r.name}
                <small>{r.organisation}</small>
              </td>
              {r.parts.map((p) => (
                <td key={p.partId} className="ss-num ss-part">
                  {formatHundredths(p.weighted)}
                </td>
              ))}
              <td className="ss-num ss-total">{formatHundredths(r.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
