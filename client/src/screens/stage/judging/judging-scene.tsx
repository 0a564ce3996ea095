import type { CSSProperties } from 'react';
import { findSegment, formatHundredths, resolveJudgePanel, type ContestState } from '@leitai/shared';
import { contestantsById } from '../../../core/contest-view.ts';
import { useT } from '../../../core/i18n/i18n.ts';
import { Avatar } from '../../../ui/avatar.tsx';
import { formatCountdown, useServerNow } from '../../../core/server-now.ts';
import { StageBand } from '../stage-scenes.tsx';
import './judging.css';

/** Seconds between two judges' scores appearing in the reveal. */
export const REVEAL_STEP_S = 0.45;

/**
 * The judged performance on the big screen: while it runs, the countdown and how many judges
 * have scored (never a value); after the reveal, every judge's score one by one, the dropped
 * highest and lowest struck through, then the segment score.
 */
export function JudgingScene({ contest }: { contest: ContestState }) {
  const t = useT();
  const focus = contest.judging.focus;
  const found = focus ? findSegment(contest.definition, focus.segmentId) : undefined;
  const perf = focus ? contest.judging.performances[focus.segmentId]?.[focus.contestantId] : undefined;
  const who = focus ? contestantsById(contest).get(focus.contestantId) : undefined;
  if (!focus || !found || !perf || !who) {
    return (
      <section className="scene-judging" data-testid="scene-judging">
        <StageBand contest={contest} />
        <p className="sj-empty">{t('stage.noContestant')}</p>
      </section>
    );
  }
  const segment = found.segment;
  const recused = contest.judging.recusals[segment.id]?.[who.id] ?? [];
  const panel = resolveJudgePanel(contest.definition, segment).filter((j) => !recused.includes(j));
  const judgeName = (id: string) => contest.definition.judges.find((j) => j.id === id)?.name ?? id;
  const result = perf.status === 'revealed' ? perf.result : null;
  const caption =
    contest.judging.caption &&
    contest.judging.caption.segmentId === segment.id &&
    contest.judging.caption.contestantId === who.id
      ? contest.judging.caption
      : null;

  return (
    <section className="scene-judging" data-testid="scene-judging" data-status={perf.status}>
      <StageBand contest={contest} segmentName={segment.name} />
      <div className="sj-who">
        <Avatar name={who.name} photo={who.photo} className="sj-avatar" />
        <div>
          <p className="sj-name">
            <span className="sj-seat">{who.seatNumber}</span>
            {who.name}
          </p>
          <p className="sj-org">{who.organisation}</p>
        </div>
        {perf.status === 'open' && <StageTimer deadlineAt={perf.deadlineAt} warningAt={perf.warningAt} />}
      </div>

      {result ? (
        <div className="sj-reveal" data-testid="sj-reveal">
          <ol className="sj-cards" style={{ '--n': panel.length } as CSSProperties}>
            {panel.map((judgeId, i) => {
              const given = result.scores.find((s) => s.judgeId === judgeId);
              const dropped = result.droppedJudgeIds.includes(judgeId);
              return (
                <li
                  key={judgeId}
                  className={`sj-card ${dropped ? 'is-dropped' : ''} ${given ? '' : 'is-missing'}`}
                  style={
                    {
                      '--delay': `${i * REVEAL_STEP_S}s`,
                      '--mark': `${panel.length * REVEAL_STEP_S + 0.2}s`,
                    } as CSSProperties
                  }
                  data-testid={`sj-card-${judgeId}`}
                >
                  <span className="sj-card-judge">{judgeName(judgeId)}</span>
                  <span className="sj-card-score">{given ? formatHundredths(given.score) : t('sj.missing')}</span>
                  {dropped && <span className="sj-card-flag">{t('sj.dropped')}</span>}
                </li>
              );
            })}
          </ol>
          {result.trimApplied && (
            <p className="sj-note" style={{ '--delay': `${panel.length * REVEAL_STEP_S + 0.2}s` } as CSSProperties}>
              {t('sj.trimNote')}
            </p>
          )}
          <div
            className="sj-final"
            style={{ '--delay': `${panel.length * REVEAL_STEP_S + 0.9}s` } as CSSProperties}
            data-testid="sj-final"
          >
            <span>{t('sj.final')}</span>
            <strong>{result.score === null ? '—' : formatHundredths(result.score)}</strong>
          </div>
        </div>
      ) : (
        <div className="sj-progress">
          <p className="sj-progress-text">
            {perf.status === 'open' ? t('sj.waiting') : t('sj.locked')}
            <span>
              {t('sj.scored', { n: perf.submitted.filter((j) => panel.includes(j)).length, m: panel.length })}
            </span>
          </p>
          <ol className="sj-slots" data-testid="sj-slots">
            {panel.map((judgeId) => (
              <li key={judgeId} className={perf.submitted.includes(judgeId) ? 'is-done' : ''}>
                <span className="sj-slot-mark">{perf.submitted.includes(judgeId) ? '✓' : ''}</span>
                <span className="sj-slot-name">{judgeName(judgeId)}</span>
              </li>
            ))}
          </ol>
        </div>
      )}

      {caption && (
        <div className="sj-caption" data-testid="sj-caption">
          {caption.judgeId && <span className="sj-caption-who">{judgeName(caption.judgeId)}</span>}
          <span className="sj-caption-text">{caption.text}</span>
        </div>
      )}
    </section>
  );
}

function StageTimer({ deadlineAt, warningAt }: { deadlineAt: number | null; warningAt: number | null }) {
  const t = useT();
  const now = useServerNow();
  if (deadlineAt === null) return null;
  const left = deadlineAt - now;
  const tone = left < 0 ? 'is-over' : warningAt !== null && now >= warningAt ? 'is-warning' : '';
  return (
    <div className={`sj-timer ${tone}`} data-testid="sj-timer">
      <small>{left < 0 ? t('sj.overtime') : t('sj.timeLeft')}</small>
      <strong>{formatCountdown(left)}</strong>
    </div>
  );
}
