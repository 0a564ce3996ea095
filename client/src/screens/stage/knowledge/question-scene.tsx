import type { ContestState } from '@leitai/shared';
import { formatHundredths, shownResult, type ActiveQuestion, type QuestionCard } from '@leitai/shared';
import { contestantsById } from '../../../core/contest-view.ts';
import { useT } from '../../../core/i18n/i18n.ts';
import { Avatar } from '../../../ui/avatar.tsx';
import { useStageSounds } from '../../../ui/sound/use-stage-sounds.ts';
import {
  activeQuestion,
  answerMsOf,
  countdown,
  nameOf,
  optionText,
  questionNumber,
  questionOf,
} from '../../../core/knowledge-view.ts';
import { useServerNow } from '../../../core/server-now.ts';
import { TimerRing } from '../../../ui/timer-ring.tsx';
import { StageBand } from '../stage-scenes.tsx';
import '../../../ui/knowledge/knowledge.css';
import { DANMAKU_RESERVED } from '../../../ui/danmaku/reserved-areas.ts';

/**
 * The question scene of the big screen: the question (never the answer before the reveal), the
 * timer ring on the synced clock, who answers (the required contestant or the buzz winner with
 * their photo), GO at the open instant, correct / wrong, and the answer reveal. Sound cues play
 * here unless the host muted them.
 */
export function QuestionScene({ contest }: { contest: ContestState }) {
  const t = useT();
  const now = useServerNow(100);
  useStageSounds(contest, now);
  const active = activeQuestion(contest);
  const question = questionOf(contest, active);
  if (!active || !question || active.phase === 'preview') {
    return (
      <section className="scene-question" data-testid="scene-question" data-phase={active?.phase ?? 'none'}>
        <StageBand contest={contest} />
        <div className="kq-stage-empty">
          <span className="kq-seal" aria-hidden="true">
            {t('stage.kq.seal')}
          </span>
          <p>{t('stage.kq.waiting')}</p>
        </div>
      </section>
    );
  }
  const tf = { yes: t('play.kq.true'), no: t('play.kq.false') };
  const revealed = active.revealed;
  return (
    <section className="scene-question" data-testid="scene-question" data-phase={active.phase}>
      <StageBand contest={contest} />
      <div className="kq-stage-grid">
        <article className="kq-card" data-testid="stage-question" {...DANMAKU_RESERVED}>
          <header className="kq-card-head">
            <span className="kq-card-no">{t('kq.question', { n: questionNumber(contest, active) })}</span>
            <span className="kq-card-kind">{t(`kind.${active.round}`)}</span>
            {question.category && <span className="kq-card-cat">{question.category}</span>}
          </header>
          <h1 className={`kq-card-text ${question.text.length > 60 ? 'is-long' : ''}`}>{question.text}</h1>
          {question.kind !== 'open' && (
            <ol className={`kq-options ${question.kind === 'truefalse' ? 'is-tf' : ''}`}>
              {(question.kind === 'truefalse' ? ['true', 'false'] : (question.options ?? []).map((o) => o.key)).map(
                (key) => {
                  const right = revealed?.answer.includes(key) ?? false;
                  const picked = active.submitted?.includes(key) ?? false;
                  return (
                    <li
                      key={key}
                      className={`${right ? 'is-right' : ''} ${picked ? 'is-picked' : ''} ${revealed && !right ? 'is-dim' : ''}`}
                    >
                      {optionText(question, key, tf)}
                    </li>
                  );
                },
              )}
            </ol>
          )}
          {revealed && <AnswerStrip question={question} revealed={revealed} />}
        </article>
        <aside className="kq-side">
          <StageStatus contest={contest} active={active} now={now} />
        </aside>
      </div>
    </section>
  );
}

function AnswerStrip({
  question,
  revealed,
}: {
  question: QuestionCard;
  revealed: NonNullable<ActiveQuestion['revealed']>;
}) {
  const t = useT();
  const tf = { yes: t('play.kq.true'), no: t('play.kq.false') };
  const answer =
    question.kind === 'open'
      ? (revealed.reference ?? '')
      : revealed.answer.map((k) => (question.kind === 'truefalse' ? optionText(question, k, tf) : k)).join('、');
  return (
    <footer className="kq-answer" data-testid="stage-answer">
      <span className="kq-answer-label">{t('stage.kq.answer')}</span>
      <strong>{answer}</strong>
      {revealed.explanation && <p>{revealed.explanation}</p>}
    </footer>
  );
}

function StageStatus({ contest, active, now }: { contest: ContestState; active: ActiveQuestion; now: number }) {
  const t = useT();
  const people = contestantsById(contest);
  const answerer = active.contestantId ? people.get(active.contestantId) : undefined;
  const clock = countdown(active, now, answerMsOf(contest, active));
  const buzz = active.buzz;
  const points = (() => {
    if (!active.result || !active.contestantId) return null;
    const entry = [...contest.knowledge.ledger]
      .reverse()
      .find((e) => e.run === active.run && e.contestantId === active.contestantId);
    return entry ? entry.points : 0;
  })();

  // The label follows the log: an undone score shows as undone.
  const label = active.result ? shownResult(contest, active.run, active.contestantId, active.result) : null;

  if (active.phase === 'armed' && buzz) {
    const open = now >= buzz.openAt;
    return (
      <div className={`kq-buzz ${open ? 'is-open' : 'is-ready'}`} data-testid="stage-buzz" data-open={open}>
        {open ? (
          <>
            <div className="kq-go">{t('stage.kq.go')}</div>
            {clock && <TimerRing left={clock.left} total={clock.total} size={220} />}
          </>
        ) : (
          <div className="kq-ready">{t('stage.kq.ready')}</div>
        )}
        {active.lockedOut.length > 0 && (
          <p className="kq-locked">
            {t('kq.falseStarts', { names: active.lockedOut.map((id) => nameOf(contest, id)).join('、') })}
          </p>
        )}
      </div>
    );
  }
  if (active.phase === 'closed') {
    return (
      <div className="kq-result is-none" data-testid="stage-result">
        {t('stage.kq.noBuzz')}
      </div>
    );
  }
  return (
    <div className="kq-who">
      {answerer && (
        <div
          className={`kq-person ${active.round === 'buzzer' ? 'is-winner' : ''}`}
          data-testid="stage-answerer"
          key={answerer.id}
        >
          {active.round === 'buzzer' && <span className="kq-winner-tag">{t('stage.kq.winner')}</span>}
          <Avatar name={answerer.name} photo={answerer.photo} className="kq-person-avatar" />
          <strong>{answerer.name}</strong>
          <span className="kq-person-org">{answerer.organisation}</span>
        </div>
      )}
      {active.phase === 'answering' && clock && (
        <TimerRing left={clock.left} total={clock.total} size={200} label={t('stage.kq.answering')} />
      )}
      {active.phase === 'marked' && label && (
        <div
          className={`kq-result is-${label === 'undone' ? 'none' : label}`}
          data-testid="stage-result"
          data-result={label}
        >
          <span>{t(`stage.kq.${label}`)}</span>
          {label !== 'undone' && points !== null && points !== 0 && (
            <small>{t('stage.kq.points', { points: formatHundredths(points, { sign: true, trimZeros: true }) })}</small>
          )}
        </div>
      )}
    </div>
  );
}
