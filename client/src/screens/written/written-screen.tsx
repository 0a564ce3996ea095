import { useEffect, useMemo, useState } from 'react';
import type { TakerPaperView, TakerQuestion } from '@leitai/shared';
import { useLocale } from '../../core/i18n/i18n.ts';
import { LocaleToggle } from '../../ui/locale-toggle.tsx';
import { writtenText, type WrittenKey } from './written-messages.ts';
import { useWritten, type WrittenSession } from './written-session.ts';

function useText() {
  const locale = useLocale((s) => s.locale);
  return useMemo(
    () => (key: WrittenKey, vars?: Record<string, string | number>) => writtenText(locale, key, vars),
    [locale],
  );
}

/** mm:ss (or h:mm:ss) of a non-negative duration. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h ? 2 : 1, '0');
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

function Countdown({ deadline }: { deadline: number }) {
  const t = useText();
  const offset = useWritten((s) => s.offset);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  const left = deadline - (now + offset);
  return (
    <div className={`w-timer ${left < 60_000 ? 'w-timer-low' : ''}`} data-testid="remaining">
      <span>{t('remaining')}</span> <strong>{formatRemaining(left)}</strong>
    </div>
  );
}

/** A roster taker without the link types the short code from the QR card. */
function CodeEntry({ session }: { session: WrittenSession }) {
  const t = useText();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="w-card w-register"
      data-testid="code-entry"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void session.enterCode(code.trim()).then((why) => {
          setBusy(false);
          setError(
            why === null
              ? null
              : t(why === 'RATE_LIMITED' ? 'codeLocked' : why === 'offline' ? 'codeOffline' : 'codeUnknown'),
          );
        });
      }}
    >
      <h2>{t('codeTitle')}</h2>
      <label>
        {t('code')}
        <input
          value={code}
          onChange={(e) => setCode(e.currentTarget.value.toUpperCase())}
          required
          maxLength={20}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          placeholder="ABCD-EFGH"
          className="w-code-input"
        />
      </label>
      <p className="w-hint">{t('codeHint')}</p>
      {error && <p className="w-error">{error}</p>}
      <button type="submit" className="w-primary" disabled={busy}>
        {t('codeEnter')}
      </button>
    </form>
  );
}

function Register({ session }: { session: WrittenSession }) {
  const t = useText();
  const [joinCode, setJoinCode] = useState(() => new URLSearchParams(location.search).get('code') ?? '');
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="w-card w-register"
      onSubmit={(e) => {
        e.preventDefault();
        void session.register({ joinCode: joinCode.trim(), name: name.trim(), unit: unit.trim() }).then(setError);
      }}
    >
      <h2>{t('registerTitle')}</h2>
      <label>
        {t('joinCode')}
        <input value={joinCode} onChange={(e) => setJoinCode(e.currentTarget.value)} required maxLength={16} />
      </label>
      <label>
        {t('name')}
        <input value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={60} />
      </label>
      <label>
        {t('unit')}
        <input value={unit} onChange={(e) => setUnit(e.currentTarget.value)} maxLength={120} />
      </label>
      {error && <p className="w-error">{error}</p>}
      <button type="submit" className="w-primary">
        {t('register')}
      </button>
    </form>
  );
}

function optionLabel(q: TakerQuestion, key: string, index: number, t: ReturnType<typeof useText>): string {
  if (q.kind === 'truefalse') return key === 'true' ? t('true') : t('false');
  // Letters by position: the taker's order, whatever the file's keys.
  return String.fromCharCode(65 + index);
}

function QuestionCard({
  q,
  n,
  total,
  chosen,
  status,
  disabled,
  onChoose,
}: {
  q: TakerQuestion;
  n: number;
  total: number;
  chosen: string[];
  status: 'saved' | 'saving' | 'queued' | null;
  disabled: boolean;
  onChoose: (choice: string[]) => void;
}) {
  const t = useText();
  return (
    <section className="w-card" data-testid="question" data-question={q.id}>
      <div className="w-qhead">
        <span>{t('question', { n, total })}</span>
        <span className="w-kind">{t(q.kind === 'open' ? 'single' : q.kind)}</span>
      </div>
      <p className="w-qtext">{q.text}</p>
      <div className="w-options">
        {q.options.map((o, i) => {
          const on = chosen.includes(o.key);
          return (
            <button
              key={o.key}
              type="button"
              className={`w-option ${on ? 'w-on' : ''}`}
              aria-pressed={on}
              disabled={disabled}
              data-testid={`option-${o.key}`}
              onClick={() => {
                if (q.kind === 'multiple') onChoose(on ? chosen.filter((c) => c !== o.key) : [...chosen, o.key]);
                else onChoose([o.key]);
              }}
            >
              <b>{optionLabel(q, o.key, i, t)}</b>
              {q.kind !== 'truefalse' && <span>{o.text}</span>}
            </button>
          );
        })}
      </div>
      <div className={`w-status w-status-${status ?? 'none'}`} data-testid="save-status">
        {status ? t(status) : ''}
      </div>
    </section>
  );
}

function Result({ paper }: { paper: TakerPaperView }) {
  const t = useText();
  const r = paper.result;
  if (!r) return null;
  return (
    <section className="w-card w-result" data-testid="result">
      <div className="w-score">
        <span>{t('score')}</span>
        <strong data-testid="score">{(r.score / 100).toFixed(2)}</strong>
        <small>/ {(r.maxScore / 100).toFixed(2)}</small>
      </div>
      <p>{t('correct', { n: r.correct, total: r.questions })}</p>
      {r.key && (
        <ol className="w-review">
          {paper.questions.map((q) => {
            const mine = paper.answers[q.id] ?? [];
            const key = r.key?.[q.id] ?? [];
            const label = (keys: string[]) =>
              keys.length === 0
                ? t('none')
                : keys
                    .map((k) =>
                      optionLabel(
                        q,
                        k,
                        q.options.findIndex((o) => o.key === k),
                        t,
                      ),
                    )
                    .sort()
                    .join('');
            const right = mine.length === key.length && mine.every((k) => key.includes(k));
            return (
              <li key={q.id} className={right ? 'w-right' : 'w-wrong'}>
                <p>{q.text}</p>
                <small>
                  {t('yourAnswer')}: {label(mine)} · {t('key')}: {label(key)}
                </small>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

export function WrittenScreen({ session }: { session: WrittenSession }) {
  const t = useText();
  const { phase, online, paper, pending, queued, takenOver, refusal } = useWritten();
  const [index, setIndex] = useState(0);
  const [confirming, setConfirming] = useState(false);

  const head = (
    <header className="w-top">
      <div className="w-titles">
        <strong>{paper?.segmentName ?? t('title')}</strong>
        {paper && <small>{paper.name}</small>}
      </div>
      <span className={`w-net ${online ? 'w-net-on' : 'w-net-off'}`} data-testid="net">
        {online ? t('online') : t('connecting')}
      </span>
      <LocaleToggle />
    </header>
  );

  let body;
  if (phase === 'register') body = <Register session={session} />;
  else if (phase === 'no-link')
    body = (
      <>
        <p className="w-card">{t('noLink')}</p>
        <CodeEntry session={session} />
      </>
    );
  else if (phase === 'invalid') body = <p className="w-card w-error">{t('invalidLink')}</p>;
  else if (!paper) body = <p className="w-card">{t('connecting')}</p>;
  else if (paper.paperStatus === 'void') body = <p className="w-card w-error">{t('void')}</p>;
  else if (paper.result) body = <Result paper={paper} />;
  else if (paper.paperStatus === 'submitted')
    body = (
      <section className="w-card w-done" data-testid="submitted">
        <h2>{t('submitted')}</h2>
        <p>{t('submittedHint')}</p>
      </section>
    );
  else if (paper.testStatus === 'pending') body = <p className="w-card">{t('waiting')}</p>;
  else if (paper.testStatus === 'closed') body = <p className="w-card">{t('closed')}</p>;
  else {
    const qs = paper.questions;
    const i = Math.min(index, Math.max(0, qs.length - 1));
    const q = qs[i];
    const answerOf = (id: string) => pending[id] ?? paper.answers[id] ?? [];
    const answered = qs.filter((x) => answerOf(x.id).length > 0).length;
    const status = (id: string): 'saved' | 'saving' | 'queued' | null =>
      pending[id] ? (online ? 'saving' : 'queued') : (paper.answers[id]?.length ?? 0) > 0 ? 'saved' : null;
    body = (
      <>
        {paper.deadline !== null && <Countdown deadline={paper.deadline} />}
        {paper.focusLosses > 0 && (
          <p className="w-warn" data-testid="focus-warning">
            {t('focusWarning', { n: paper.focusLosses })}
            {paper.focusLossLimit !== null && ` · ${t('focusLimit', { limit: paper.focusLossLimit })}`}
          </p>
        )}
        {q && (
          <QuestionCard
            q={q}
            n={i + 1}
            total={qs.length}
            chosen={answerOf(q.id)}
            status={status(q.id)}
            disabled={takenOver}
            onChoose={(choice) => session.answer(q.id, choice)}
          />
        )}
        <nav className="w-nav">
          <button type="button" disabled={i === 0} onClick={() => setIndex(i - 1)} data-testid="prev">
            {t('prev')}
          </button>
          <span data-testid="answered">{t('answered', { n: answered, total: qs.length })}</span>
          <button type="button" disabled={i >= qs.length - 1} onClick={() => setIndex(i + 1)} data-testid="next">
            {t('next')}
          </button>
        </nav>
        <div className="w-grid">
          {qs.map((x, k) => (
            <button
              key={x.id}
              type="button"
              className={`${k === i ? 'w-here' : ''} ${answerOf(x.id).length ? 'w-done-q' : ''}`}
              onClick={() => setIndex(k)}
            >
              {k + 1}
            </button>
          ))}
        </div>
        {confirming ? (
          <div className="w-card w-confirm" data-testid="confirm">
            <p>{t('confirmSubmit', { n: qs.length - answered })}</p>
            <button
              type="button"
              className="w-primary"
              data-testid="confirm-submit"
              onClick={() => {
                setConfirming(false);
                session.submit();
              }}
            >
              {t('confirmYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('confirmNo')}
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="w-primary w-submit"
            data-testid="submit"
            disabled={takenOver}
            onClick={() => setConfirming(true)}
          >
            {t('submit')}
          </button>
        )}
      </>
    );
  }

  return (
    <main className="written">
      {head}
      {!online && phase === 'ready' && (
        <p className="w-warn" data-testid="offline">
          {t('offline')} {queued > 0 ? `(${queued})` : ''}
        </p>
      )}
      {takenOver && <p className="w-warn w-error">{t('takenOver')}</p>}
      {refusal && <p className="w-warn w-error">{t('refused', { message: refusal })}</p>}
      {body}
    </main>
  );
}
