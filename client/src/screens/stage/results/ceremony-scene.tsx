import { Fragment } from 'react';
import { formatHundredths, type ContestState } from '@leitai/shared';
import { ceremonyNow } from '../../../core/results-view.ts';
import { contestantsById } from '../../../core/contest-view.ts';
import { useT } from '../../../core/i18n/i18n.ts';
import { Avatar } from '../../../ui/avatar.tsx';
import { StageBand } from '../stage-scenes.tsx';
import '../judging/judging.css';
import './results.css';

/**
 * How tightly an award's winners are set: up to four in one row of large cards, up to ten in two
 * rows of smaller ones, more without photos; always above the audience band.
 */
const density = (n: number): string => (n > 10 ? 'is-many is-crowd' : n > 4 ? 'is-many' : '');

/**
 * The awards ceremony: the host steps through the awards, single-item awards first, then the
 * popularity award (人气奖, shown with its cheer count), then the tiers from the lowest upward,
 * the first prize last.
 */
export function CeremonyScene({ contest }: { contest: ContestState }) {
  const t = useT();
  const { steps, step, current, isFirst } = ceremonyNow(contest);
  const people = contestantsById(contest);
  return (
    <section className={`scene-ceremony ${isFirst ? 'is-first' : ''}`} data-testid="scene-ceremony" data-step={step}>
      <StageBand contest={contest} segmentName={t('scene.ceremony')} />
      {!current ? (
        <div className="sc-wait">
          <p>{t('sj.ceremonyWait')}</p>
        </div>
      ) : (
        <div className={`sc-award ${density(current.winners.length)}`} key={`${current.kind}-${current.id}`}>
          <h2 className="sc-title">{current.name}</h2>
          <ul className={`sc-winners ${density(current.winners.length)}`}>
            {current.winners.map((w) => {
              const c = people.get(w.id);
              return (
                <li key={w.id} data-testid={`sc-winner-${w.id}`}>
                  <Avatar name={c?.name ?? w.id} photo={c?.photo} className="sc-avatar" />
                  <span className="sc-name">{c?.name ?? w.id}</span>
                  <span className="sc-org">{c?.organisation}</span>
                  <span className="sc-score">
                    {current.kind === 'popularity'
                      ? t(contest.definition.awards?.popularity?.by === 'likes' ? 'sj.likes' : 'sj.cheers', {
                          n: w.score,
                        })
                      : formatHundredths(w.score)}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {step > 1 && (
        <footer className="sc-done">
          {steps.slice(0, step - 1).map((s, i) => (
            <Fragment key={`${s.kind}-${s.id}`}>
              {i > 0 && <span className="sc-dot">·</span>}
              <span>{s.name}</span>
            </Fragment>
          ))}
        </footer>
      )}
    </section>
  );
}
