import type { CSSProperties } from 'react';
import { formatHundredths, type ContestState } from '@leitai/shared';
import { contestantsById } from '../../../core/contest-view.ts';
import { useT } from '../../../core/i18n/i18n.ts';
import { ceremonyNow, shownResults } from '../../../core/results-view.ts';
import { Avatar } from '../../../ui/avatar.tsx';
import { DANMAKU_RESERVED } from '../../../ui/danmaku/reserved-areas.ts';
import './overlay-results.css';

/**
 * The standings as a panel on the right of the picture: rank, name, organisation, total. The
 * weighted parts are on the stage and the results sheet; the stream keeps to what reads at a glance.
 */
export function OverlayStandings({ contest }: { contest: ContestState }) {
  const t = useT();
  const results = shownResults(contest);
  if (!results || results.rows.length === 0) return null;
  // Rows share the panel's height (safe area minus the heading and the likes corner).
  const rowHeight = Math.min(64, Math.floor(760 / results.rows.length));
  return (
    <section
      className="ov-standings"
      data-testid="overlay-standings"
      style={{ '--row': `${rowHeight}px` } as CSSProperties}
      {...DANMAKU_RESERVED}
    >
      <header className="ov-panel-head">
        <span>{t('sj.standings')}</span>
        <small>{results.stageName}</small>
      </header>
      <ol className="ov-standings-rows">
        {results.rows.map((r, i) => (
          <li
            key={r.id}
            className={r.rank <= 3 ? `is-top is-top-${r.rank}` : ''}
            style={{ '--i': i } as CSSProperties}
            data-testid={`ov-row-${r.id}`}
          >
            <span className="ov-standings-rank">{r.rank}</span>
            <span className="ov-standings-name">
              {r.name}
              <small>{r.organisation}</small>
            </span>
            <b className="ov-standings-total">{formatHundredths(r.total)}</b>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The awards ceremony as a lower-third card: the award on screen now and its winners. */
export function OverlayCeremony({ contest }: { contest: ContestState }) {
  const t = useT();
  const { step, current, isFirst } = ceremonyNow(contest);
  const people = contestantsById(contest);
  return (
    <section
      className={`ov-ceremony ${isFirst ? 'is-first' : ''}`}
      data-testid="overlay-ceremony"
      data-step={step}
      {...DANMAKU_RESERVED}
    >
      <header className="ov-panel-head">
        <span>{current ? current.name : t('scene.ceremony')}</span>
        <small>{contest.definition.title}</small>
      </header>
      {!current ? (
        <p className="ov-ceremony-wait">{t('sj.ceremonyWait')}</p>
      ) : (
        <ul className={`ov-ceremony-winners ${current.winners.length > 5 ? 'is-many' : ''}`} key={current.id}>
          {current.winners.map((w, i) => {
            const c = people.get(w.id);
            return (
              <li key={w.id} data-testid={`ov-winner-${w.id}`} style={{ '--i': i } as CSSProperties}>
                <Avatar name={c?.name ?? w.id} photo={c?.photo} className="ov-ceremony-avatar" />
                <span className="ov-ceremony-text">
                  <strong>{c?.name ?? w.id}</strong>
                  <small>{c?.organisation}</small>
                </span>
                <b className="ov-ceremony-score">
                  {current.kind === 'popularity'
                    ? t(contest.definition.awards?.popularity?.by === 'likes' ? 'sj.likes' : 'sj.cheers', {
                        n: w.score,
                      })
                    : formatHundredths(w.score)}
                </b>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
