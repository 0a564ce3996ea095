import type { CSSProperties } from 'react';
import { formatHundredths, resolveJudgePanel, findSegment, type ContestState } from '@leitai/shared';
import { useT } from '../../../core/i18n/i18n.ts';
import { formatCountdown, useServerNow } from '../../../core/server-now.ts';
import { DANMAKU_RESERVED } from '../../../ui/danmaku/reserved-areas.ts';
import './judging-strip.css';

/**
 * The judging strip for the broadcast, top left (the audience's likes sit top right): the countdown and how many judges have scored
 * while the performance runs; after the reveal, every judge's score (dropped ones struck) and
 * the segment score. A host-typed judge comment shows as a caption under it.
 */
export function JudgingStrip({ contest }: { contest: ContestState }) {
  const t = useT();
  const now = useServerNow();
  const focus = contest.judging.focus;
  const found = focus ? findSegment(contest.definition, focus.segmentId) : undefined;
  const perf = focus ? contest.judging.performances[focus.segmentId]?.[focus.contestantId] : undefined;
  if (!focus || !found || !perf) return null;
  const recused = contest.judging.recusals[focus.segmentId]?.[focus.contestantId] ?? [];
  const panel = resolveJudgePanel(contest.definition, found.segment).filter((j) => !recused.includes(j));
  const result = perf.status === 'revealed' ? perf.result : null;
  const caption =
    contest.judging.caption?.segmentId === focus.segmentId &&
    contest.judging.caption.contestantId === focus.contestantId
      ? contest.judging.caption
      : null;
  const judgeName = (id: string) => contest.definition.judges.find((j) => j.id === id)?.name ?? id;
  return (
    <div className="oj" data-testid="overlay-judging" {...DANMAKU_RESERVED}>
      <div className="oj-strip">
        <span className="oj-label">{found.segment.name}</span>
        {result ? (
          <>
            {panel.map((j, i) => {
              const s = result.scores.find((x) => x.judgeId === j);
              return (
                <span
                  key={j}
                  className={`oj-score ${result.droppedJudgeIds.includes(j) ? 'is-dropped' : ''}`}
                  style={{ '--delay': `${i * 0.3}s` } as CSSProperties}
                >
                  {s ? formatHundredths(s.score) : '—'}
                </span>
              );
            })}
            <span className="oj-final" style={{ '--delay': `${panel.length * 0.3 + 0.4}s` } as CSSProperties}>
              <small>{t('sj.final')}</small>
              {result.score === null ? '—' : formatHundredths(result.score)}
            </span>
          </>
        ) : (
          <>
            <span className="oj-progress">
              {t('sj.scored', { n: perf.submitted.filter((j) => panel.includes(j)).length, m: panel.length })}
            </span>
            {perf.status === 'open' && perf.deadlineAt !== null && (
              <span className={`oj-timer ${perf.deadlineAt - now < 0 ? 'is-over' : ''}`}>
                {formatCountdown(perf.deadlineAt - now)}
              </span>
            )}
          </>
        )}
      </div>
      {caption && (
        <div className="oj-caption">
          {caption.judgeId && <strong>{judgeName(caption.judgeId)}：</strong>}
          {caption.text}
        </div>
      )}
    </div>
  );
}
