import type { ReactNode } from 'react';
import { formatHundredths, partStandings, shownResult, type ContestState } from '@leitai/shared';
import { contestantsById, rosterStage } from '../../../core/contest-view.ts';
import { useT } from '../../../core/i18n/i18n.ts';
import { Avatar } from '../../../ui/avatar.tsx';
import {
  activeQuestion,
  answerMsOf,
  countdown,
  optionText,
  questionNumber,
  questionOf,
  scoreboardSegmentId,
} from '../../../core/knowledge-view.ts';
import { useServerNow } from '../../../core/server-now.ts';
import { TimerRing } from '../../../ui/timer-ring.tsx';
import { DANMAKU_RESERVED } from '../../../ui/danmaku/reserved-areas.ts';
import { stripLayout } from '../strip-layout.ts';
import './overlay-knowledge.css';

/** The question as a transparent top band for the livestream: text, options, timer, who answers, result. */
export function OverlayQuestion({ contest }: { contest: ContestState }) {
  const t = useT();
  const now = useServerNow(100);
  const active = activeQuestion(contest);
  const question = questionOf(contest, active);
  if (!active || !question || active.phase === 'preview') return null;
  const clock = countdown(active, now, answerMsOf(contest, active));
  const people = contestantsById(contest);
  const who = active.contestantId ? people.get(active.contestantId) : undefined;
  const tf = { yes: t('play.kq.true'), no: t('play.kq.false') };
  const keys = question.kind === 'truefalse' ? ['true', 'false'] : (question.options ?? []).map((o) => o.key);
  const open = active.phase === 'armed' && active.buzz && now >= active.buzz.openAt;
  const answerer = who && active.phase !== 'armed';
  // The label follows the log: an undone score shows as undone.
  const label = active.result ? shownResult(contest, active.run, active.contestantId, active.result) : null;
  // The side box only when it has something in it: an empty red box reads as a fault on air.
  const side = active.phase === 'armed' || active.phase === 'closed' || !!clock || answerer || !!active.result;
  return (
    <div className="ov-kq" data-testid="overlay-question" data-phase={active.phase} {...DANMAKU_RESERVED}>
      <div className="ov-kq-card">
        <span className="ov-kq-no">
          {t('kq.question', { n: questionNumber(contest, active) })} · {t(`kind.${active.round}`)}
        </span>
        <p className="ov-kq-text">{question.text}</p>
        {question.kind !== 'open' && (
          <ol className="ov-kq-options">
            {keys.map((k) => (
              <li key={k} className={active.revealed?.answer.includes(k) ? 'is-right' : ''}>
                {optionText(question, k, tf)}
              </li>
            ))}
          </ol>
        )}
        {active.revealed && question.kind === 'open' && active.revealed.reference && (
          <p className="ov-kq-answer">
            {t('stage.kq.answer')}：{active.revealed.reference}
          </p>
        )}
      </div>
      {side && (
        <div className="ov-kq-side" data-testid="overlay-question-side">
          {active.phase === 'armed' && (
            <span className={`ov-kq-buzz ${open ? 'is-open' : ''}`}>
              {open ? t('stage.kq.go') : t('stage.kq.ready')}
            </span>
          )}
          {clock && <TimerRing left={clock.left} total={clock.total} size={130} testId="overlay-timer" />}
          {who && answerer && (
            <span className="ov-kq-who">
              <Avatar name={who.name} photo={who.photo} className="ov-kq-avatar" />
              {who.name}
            </span>
          )}
          {label && (
            <span
              className={`ov-kq-result is-${label === 'undone' ? 'none' : label}`}
              data-testid="overlay-result"
              data-result={label}
            >
              {t(`stage.kq.${label}`)}
            </span>
          )}
          {active.phase === 'closed' && <span className="ov-kq-result is-none">{t('stage.kq.noBuzz')}</span>}
        </div>
      )}
    </div>
  );
}

/** The overlay's scoreboard strip with the knowledge part's scores (else the given fallback). */
export function KnowledgeScoreStrip({ contest, fallback }: { contest: ContestState; fallback: ReactNode }) {
  const t = useT();
  const stage = rosterStage(contest);
  const segmentId = scoreboardSegmentId(contest, stage);
  if (!segmentId) return <>{fallback}</>;
  const rows = partStandings(contest, segmentId);
  if (rows.length === 0) return null;
  const layout = stripLayout(rows.length);
  const people = contestantsById(contest);
  const part = stage?.parts?.find((p) => stage.segments.some((s) => s.id === segmentId && s.part === p.id));
  return (
    <div
      className={`score-strip ov-kq-strip ${layout.className}`}
      data-testid="score-strip"
      style={layout.style}
      {...DANMAKU_RESERVED}
    >
      <span className="score-strip-head">
        {part?.name ?? t('stage.scoreboard')}
        {stage && <small>{stage.name}</small>}
      </span>
      <ol>
        {rows.map((r) => (
          <li key={r.contestantId} className={r.contestantId === contest.currentContestantId ? 'is-current' : ''}>
            <span className="score-strip-seat">{r.rank}</span>
            {people.get(r.contestantId)?.name}
            <b className="ov-kq-score">{formatHundredths(r.score, { trimZeros: true })}</b>
          </li>
        ))}
      </ol>
    </div>
  );
}
