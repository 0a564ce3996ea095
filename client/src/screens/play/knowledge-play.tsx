import { useEffect, useRef, useState } from 'react';
import {
  formatHundredths,
  partStandings,
  pressTime,
  type ActiveQuestion,
  type ContestState,
  type QuestionCard as Card,
} from '@leitai/shared';
import { useT } from '../../core/i18n/i18n.ts';
import { isSynced, serverNow } from '../../core/server-time.ts';
import { useContest, useSession } from '../../ui/session-context.tsx';
import { activeQuestion, answerMsOf, nameOf, optionText, questionOf } from '../../core/knowledge-view.ts';
import { useServerNow } from '../../core/server-now.ts';
import { TimerRing } from '../../ui/timer-ring.tsx';
import '../../ui/knowledge/knowledge.css';

/** Every state the phone can be in; each one looks unmistakably different. */
export type PhoneState =
  | 'waiting'
  | 'ready'
  | 'go'
  | 'pressed'
  | 'first'
  | 'place'
  | 'lockedOut'
  | 'falseStart'
  | 'yourTurn'
  | 'othersTurn'
  | 'answered'
  | 'correct'
  | 'wrong'
  | 'timeout'
  | 'closed';

/** Work out the phone's state from the folded state and the synced clock. Pure, for tests. */
export function phoneState(
  active: ActiveQuestion | null,
  me: string,
  now: number,
  pressedLocally: boolean,
): PhoneState {
  if (!active || active.phase === 'preview') return 'waiting';
  const buzz = active.buzz;
  if (active.round === 'buzzer') {
    const mine = buzz?.presses.filter((p) => p.contestantId === me) ?? [];
    if (mine.some((p) => p.decision === 'falseStart')) return 'falseStart';
    if (active.phase === 'shown') return 'waiting';
    if (active.phase === 'closed') return 'closed';
    if (active.phase === 'armed' && buzz) {
      if (active.lockedOut.includes(me)) return 'lockedOut';
      if (mine.length > 0 || pressedLocally) return 'pressed';
      return now >= buzz.openAt ? 'go' : 'ready';
    }
    if (active.phase === 'answering') {
      if (active.contestantId === me) return active.submitted ? 'answered' : 'first';
      const place = buzz?.order?.findIndex((o) => o.contestantId === me) ?? -1;
      return place > 0 ? 'place' : active.lockedOut.includes(me) ? 'lockedOut' : 'othersTurn';
    }
    if (active.phase === 'marked') {
      if (active.contestantId === me) return resultOf(active);
      return active.lockedOut.includes(me) ? 'lockedOut' : 'othersTurn';
    }
    return 'waiting';
  }
  // Required round.
  if (active.contestantId !== me) return 'othersTurn';
  if (active.phase === 'marked') return resultOf(active);
  return active.submitted ? 'answered' : 'yourTurn';
}

/** Where the question itself stands, shown on every phone (never just "waiting" while a question is up). */
export type QuestionStage = 'none' | 'coming' | 'shown' | 'armed' | 'answering' | 'marked' | 'revealed' | 'closed';

/** The question's stage for the phone's status line. Pure, for tests. */
export function questionStage(active: ActiveQuestion | null): QuestionStage {
  if (!active) return 'none';
  if (active.phase === 'preview') return 'coming';
  if (active.revealed) return 'revealed';
  return active.phase;
}

function resultOf(active: ActiveQuestion): PhoneState {
  return active.result === 'correct' ? 'correct' : active.result === 'timeout' ? 'timeout' : 'wrong';
}

/** Keep the screen awake while a knowledge round runs (Wake Lock, where supported). */
function useWakeLock(on: boolean): void {
  useEffect(() => {
    if (!on || !('wakeLock' in navigator)) return;
    let lock: WakeLockSentinel | null = null;
    let cancelled = false;
    const acquire = () => {
      navigator.wakeLock
        .request('screen')
        .then((l) => {
          if (cancelled) void l.release();
          else lock = l;
        })
        .catch(() => undefined);
    };
    acquire();
    const onVisible = () => {
      if (document.visibilityState === 'visible') acquire();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      cancelled = true;
      document.removeEventListener('visibilitychange', onVisible);
      void lock?.release();
    };
  }, [on]);
}

/** The contestant's knowledge-round screen: a full-screen buzz button, answers, own score. */
export function KnowledgePlay({ contest, me }: { contest: ContestState; me: string }) {
  const t = useT();
  const session = useSession();
  const clock = useContest((s) => s.clock);
  const now = useServerNow(50);
  const active = activeQuestion(contest);
  const question = questionOf(contest, active);
  const key = active ? `${active.run}:${active.buzz?.attempt ?? 0}` : '';
  const [pressedKey, setPressedKey] = useState<string | null>(null);
  const state = phoneState(active, me, now, pressedKey === key);
  const stage = questionStage(active);
  useWakeLock(true);

  // Vibrate once at GO.
  const buzzedAt = useRef<string | null>(null);
  useEffect(() => {
    if (state === 'go' && buzzedAt.current !== key) {
      buzzedAt.current = key;
      navigator.vibrate?.(120);
    }
  }, [state, key]);

  const press = () => {
    if (!active?.buzz || active.phase !== 'armed') return;
    // The claim: this phone's synced clock at the press (null when unsynced: arrival order).
    const pressedAt = isSynced(clock) ? pressTime(serverNow(clock)) : null;
    setPressedKey(key);
    navigator.vibrate?.(30);
    void session.send({ type: 'Buzz', data: { run: active.run, attempt: active.buzz.attempt, pressedAt } });
  };

  const scoredSegment = active?.segmentId ?? contest.currentSegmentId;
  const standings = scoredSegment ? partStandings(contest, scoredSegment) : [];
  const mine = standings.find((r) => r.contestantId === me);
  const answerMs = answerMsOf(contest, active);
  const answering = active?.phase === 'answering' && active.contestantId === me;
  const left = active?.deadlineAt != null ? Math.max(0, active.deadlineAt - now) : null;
  const buzzerRound = active?.round === 'buzzer';
  const canChoose =
    !!question &&
    question.kind !== 'open' &&
    active?.contestantId === me &&
    !active.submitted &&
    (active.round === 'required' ? ['shown', 'answering'].includes(active.phase) : active.phase === 'answering');
  const place = (active?.buzz?.order?.findIndex((o) => o.contestantId === me) ?? -1) + 1;

  const big = (() => {
    switch (state) {
      case 'waiting':
        // A question on the stage is never "waiting for a question".
        return stage === 'shown'
          ? { title: t('play.kq.shownTitle'), sub: t(buzzerRound ? 'play.kq.shownBuzzer' : 'play.kq.shownOther') }
          : { title: t('play.kq.waiting'), sub: '' };
      case 'ready':
        return { title: t('play.kq.ready'), sub: t('play.kq.readyHint') };
      case 'go':
        return { title: t('play.kq.go'), sub: '' };
      case 'pressed':
        return { title: t('play.kq.pressed'), sub: '' };
      case 'first':
        return { title: t('play.kq.first'), sub: t('play.kq.yourTurn') };
      case 'place':
        return {
          title: t('play.kq.place', { n: place }),
          sub: t('play.kq.answering', { name: nameOf(contest, active?.contestantId) }),
        };
      case 'lockedOut':
        return { title: t('play.kq.lockedOut'), sub: '' };
      case 'falseStart':
        return { title: t('play.kq.falseStart'), sub: t('play.kq.lockedOut') };
      case 'yourTurn':
        return { title: t('play.kq.yourTurn'), sub: '' };
      case 'othersTurn':
        return { title: t('play.kq.answering', { name: nameOf(contest, active?.contestantId) }), sub: '' };
      case 'answered':
        return { title: t('play.kq.answered'), sub: '' };
      case 'correct':
        return { title: t('play.kq.correct'), sub: '' };
      case 'wrong':
        return { title: t('play.kq.wrong'), sub: '' };
      case 'timeout':
        return { title: t('play.kq.timeout'), sub: '' };
      case 'closed':
        return { title: t('play.kq.closed'), sub: '' };
    }
  })();

  const showBuzzButton =
    buzzerRound && ['ready', 'go', 'pressed', 'lockedOut', 'falseStart'].includes(state) && active?.phase === 'armed';
  return (
    <div className={`kq-play state-${state}`} data-testid="kq-play" data-state={state}>
      <header className="kq-play-top">
        <span className="kq-play-score" data-testid="my-score">
          {t('play.kq.myScore')}
          <strong>{mine ? formatHundredths(mine.score, { trimZeros: true }) : '—'}</strong>
        </span>
        {stage !== 'none' && (
          <span className={`kq-play-qstate is-${stage}`} data-testid="phone-qstate" data-stage={stage}>
            {active && active.number > 0 && stage !== 'coming' ? t('kq.question', { n: active.number }) + ' · ' : ''}
            {t(`play.kq.stage.${stage}`)}
          </span>
        )}
        {!isSynced(clock) && <span className="kq-play-unsynced">{t('play.kq.unsynced')}</span>}
      </header>

      {showBuzzButton ? (
        <button
          type="button"
          className="kq-buzz-button"
          data-testid="buzz-button"
          onPointerDown={(e) => {
            e.preventDefault();
            press();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') press();
          }}
          disabled={state === 'lockedOut' || state === 'falseStart'}
        >
          <span className="kq-buzz-title">{big.title}</span>
          {big.sub && <span className="kq-buzz-sub">{big.sub}</span>}
        </button>
      ) : (
        <section className="kq-play-status" data-testid="kq-status">
          <strong className="kq-play-title">{big.title}</strong>
          {big.sub && <span className="kq-play-sub">{big.sub}</span>}
          {answering && left !== null && <TimerRing left={left} total={answerMs} size={150} testId="phone-timer" />}
          {!answering && active?.contestantId === me && active.round === 'required' && active.phase === 'shown' && (
            <span className="kq-play-sub">{t('play.kq.question')}</span>
          )}
        </section>
      )}

      {question && active?.contestantId === me && active.phase !== 'preview' && (
        <QuestionCard question={question} active={active} canChoose={canChoose} />
      )}
    </div>
  );
}

function QuestionCard({ question, active, canChoose }: { question: Card; active: ActiveQuestion; canChoose: boolean }) {
  const t = useT();
  const session = useSession();
  const [picked, setPicked] = useState<string[]>([]);
  const tf = { yes: t('play.kq.true'), no: t('play.kq.false') };
  const keys = question.kind === 'truefalse' ? ['true', 'false'] : (question.options ?? []).map((o) => o.key);
  const submit = (choice: string[]) => {
    if (choice.length === 0) return;
    void session.send({ type: 'SubmitAnswer', data: { run: active.run, choice } });
  };
  return (
    <section className="kq-play-question" data-testid="phone-question">
      <p className="kq-play-qtext">{question.text}</p>
      {question.kind !== 'open' && (
        <div className={`kq-choices ${question.kind === 'truefalse' ? 'is-tf' : ''}`}>
          {keys.map((k) => {
            const on = (active.submitted ?? picked).includes(k);
            return (
              <button
                type="button"
                key={k}
                className={`kq-choice ${on ? 'is-on' : ''} ${active.revealed?.answer.includes(k) ? 'is-right' : ''}`}
                disabled={!canChoose}
                data-testid={`choice-${k}`}
                onClick={() => {
                  if (question.kind === 'multiple')
                    setPicked((p) => (p.includes(k) ? p.filter((x) => x !== k) : [...p, k]));
                  else submit([k]);
                }}
              >
                {optionText(question, k, tf)}
              </button>
            );
          })}
          {question.kind === 'multiple' && canChoose && (
            <button
              type="button"
              className="kq-submit"
              data-testid="submit-choice"
              onClick={() => submit(picked)}
              disabled={picked.length === 0}
            >
              {t('play.kq.submit')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
