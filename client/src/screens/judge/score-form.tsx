import { useState, type FormEvent } from 'react';
import {
  formatHundredths,
  resolveJudgedSettings,
  toHundredths,
  type ClientCommand,
  type Performance,
  type Segment,
} from '@leitai/shared';
import { useCanIssue } from '../../core/can-issue.ts';
import type { SeatedContestant } from '../../core/contest-view.ts';
import { useErrorText, useT } from '../../core/i18n/i18n.ts';
import { useSession } from '../../ui/session-context.tsx';
import { parseScore, type ParsedScore } from '../../core/score-input.ts';

type JudgedSegment = Extract<Segment, { kind: 'judged' }>;

/** One score (or one per rubric criterion, summed) for the selected contestant: submit, then revise until the lock. */
export function ScoreForm({
  segment,
  contestant,
  judgeId,
  perf,
  recused,
}: {
  segment: JudgedSegment;
  contestant: SeatedContestant;
  judgeId: string;
  perf: Performance | undefined;
  recused: boolean;
}) {
  const t = useT();
  const serverError = useErrorText();
  const session = useSession();
  const criteria = resolveJudgedSettings(segment).criteria;
  const fullMarks = toHundredths(segment.fullMarks);
  const mine = perf?.marks[judgeId];
  const fields =
    criteria.length > 0
      ? criteria.map((c) => ({ id: c.id, name: c.name, max: toHundredths(c.max) }))
      : [{ id: 'score', name: t('jp.score'), max: fullMarks }];
  const initial = (id: string): string => {
    if (!mine) return '';
    const v = criteria.length > 0 ? mine.criteria?.[id] : mine.score;
    return v === undefined ? '' : formatHundredths(v);
  };
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.id, initial(f.id)])),
  );
  const [touched, setTouched] = useState(false);
  const [sending, setSending] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);

  const parsed: Record<string, ParsedScore> = Object.fromEntries(
    fields.map((f) => [f.id, parseScore(values[f.id] ?? '', f.max)]),
  );
  const errorText = (f: (typeof fields)[number]): string | null => {
    const p = parsed[f.id];
    if (!p || p.ok) return null;
    if (p.error === 'empty') return touched ? t('jp.err.empty', { name: f.name }) : null;
    if (p.error === 'format') return t('jp.err.format');
    return t('jp.err.range', { max: formatHundredths(f.max, { trimZeros: true }) });
  };
  const allOk = fields.every((f) => parsed[f.id]?.ok);
  const total = fields.reduce((sum, f) => {
    const p = parsed[f.id];
    return p?.ok ? sum + p.hundredths : sum;
  }, 0);

  const locked = perf !== undefined && perf.status !== 'open';
  const commandOf = (marks: Record<string, number>): ClientCommand => ({
    type: 'SubmitJudgeScore',
    data:
      criteria.length > 0
        ? { segmentId: segment.id, contestantId: contestant.id, criteria: marks }
        : { segmentId: segment.id, contestantId: contestant.id, score: marks['score'] ?? 0 },
  });
  // Whether this judge may score this performance now is the shared `decide`'s dry run, probed
  // with zero marks: what was typed is the form's own check (its messages say what to fix).
  const check = useCanIssue();
  const allowed = check(commandOf(Object.fromEntries(fields.map((f) => [f.id, 0]))));
  const disabled = !allowed.ok || sending;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!allOk || disabled) return;
    const marks: Record<string, number> = {};
    for (const f of fields) {
      const p = parsed[f.id];
      if (p?.ok) marks[f.id] = p.hundredths;
    }
    setSending(true);
    setMessage(null);
    void session.send(commandOf(marks)).then((result) => {
      setSending(false);
      setMessage(result.ok ? { tone: 'ok', text: t('jp.sent') } : { tone: 'bad', text: serverError(result.error) });
    });
  };

  return (
    <form className="jp-form" onSubmit={submit} noValidate data-testid="score-form">
      <div className="jp-form-head">
        <span className="jp-form-who">
          <span className="judge-seat">{contestant.seatNumber}</span>
          <strong>{contestant.name}</strong>
        </span>
        <span className="jp-form-full">
          {t('jp.fullMarks', { full: formatHundredths(fullMarks, { trimZeros: true }) })}
        </span>
      </div>
      {recused ? (
        <p className="jp-banner is-recused" data-testid="recused">
          {t('jp.recusedHint')}
        </p>
      ) : !perf ? (
        <p className="jp-banner" data-testid="not-started">
          {t('jp.waitStart')}
        </p>
      ) : null}
      <div className={`jp-fields ${fields.length > 1 ? 'is-rubric' : ''}`}>
        {fields.map((f) => {
          const error = errorText(f);
          return (
            <label key={f.id} className={`jp-field ${error ? 'has-error' : ''}`}>
              <span className="jp-field-name">
                {f.name}
                <small>0–{formatHundredths(f.max, { trimZeros: true })}</small>
              </span>
              <input
                inputMode="decimal"
                autoComplete="off"
                enterKeyHint="done"
                value={values[f.id] ?? ''}
                disabled={disabled}
                aria-invalid={error ? 'true' : undefined}
                data-testid={`score-input-${f.id}`}
                onChange={(e) => {
                  setMessage(null);
                  setValues((v) => ({ ...v, [f.id]: e.target.value }));
                }}
              />
              {error && (
                <span className="jp-error" role="alert" data-testid={`score-error-${f.id}`}>
                  {error}
                </span>
              )}
            </label>
          );
        })}
      </div>
      <div className="jp-actions">
        {fields.length > 1 && (
          <span className="jp-total" data-testid="score-total">
            {t('jp.total')} <strong>{allOk ? formatHundredths(total) : '—'}</strong>
          </span>
        )}
        {mine && (
          <span className="jp-submitted" data-testid="my-score">
            {t('jp.submitted', { score: formatHundredths(mine.score) })}
          </span>
        )}
        {locked && <span className="jp-tag is-locked">{t('jp.locked')}</span>}
        <button
          type="submit"
          className="jp-submit"
          disabled={disabled}
          title={allowed.ok ? undefined : allowed.error.message}
          data-testid="score-submit"
        >
          {mine ? t('jp.revise') : t('jp.submit')}
        </button>
      </div>
      {message && (
        <p className={`jp-message is-${message.tone}`} role="status" data-testid="score-message">
          {message.text}
        </p>
      )}
    </form>
  );
}
