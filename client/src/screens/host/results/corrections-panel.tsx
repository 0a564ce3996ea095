import { useEffect, useState, type FormEvent } from 'react';
import {
  findSegment,
  formatHundredths,
  type ClientCommand,
  type ContestState,
  type ScoreChange,
  type StageResults,
} from '@leitai/shared';
import { useLocale, useT } from '../../../core/i18n/i18n.ts';
import { contestantsById } from '../../../core/contest-view.ts';
import { parseSignedScore } from '../../../core/score-input.ts';
import { fetchHistory } from './results-api.ts';

type Run = (command: ClientCommand) => void;

/** Correct any score with a mandatory reason, undo a correction (with a reason), and read a contestant's history. */
export function CorrectionsPanel({
  contest,
  results,
  run,
  contestId,
  token,
}: {
  contest: ContestState;
  results: StageResults;
  run: Run;
  contestId: string;
  token: string;
}) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const [segmentId, setSegmentId] = useState(results.segments[0]?.id ?? '');
  const [contestantId, setContestantId] = useState(results.rows[0]?.id ?? '');
  const [mode, setMode] = useState<'score' | 'delta'>('score');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [undoing, setUndoing] = useState<string | null>(null);
  const [undoReason, setUndoReason] = useState('');
  const [history, setHistory] = useState<ScoreChange[] | null>(null);

  const parsed = parseSignedScore(value, 10_000_000);
  const current = contest.scores[segmentId]?.[contestantId] ?? 0;
  const names = new Map(results.rows.map((r) => [r.id, r.name]));
  const segNames = new Map(results.segments.map((s) => [s.id, s.name]));
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

  useEffect(() => {
    if (!contestantId || !token) return;
    const ctl = new AbortController();
    fetchHistory(contestId, contestantId, token, ctl.signal).then(setHistory, () => undefined);
    return () => ctl.abort();
  }, [contestId, contestantId, token, contest.version]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!parsed.ok || !reason.trim()) return;
    run({
      type: 'CorrectScore',
      data:
        mode === 'score'
          ? { segmentId, contestantId, score: parsed.hundredths, reason: reason.trim() }
          : { segmentId, contestantId, delta: parsed.hundredths, reason: reason.trim() },
    });
    setValue('');
    setReason('');
    setTouched(false);
  };
  const undone = new Set(contest.judging.corrections.flatMap((c) => (c.undoes ? [c.undoes] : [])));
  const corrections = contest.judging.corrections.filter((c) => c.contestantId === contestantId);
  // Name a correction by what it touched, never by its id: "更正 2 · 张三 · 悟思想".
  const numberOf = new Map(contest.judging.corrections.map((c, i) => [c.correctionId, i + 1]));
  const describe = (id: string): string => {
    const c = contest.judging.corrections.find((x) => x.correctionId === id);
    if (!c) return id;
    const who = names.get(c.contestantId) ?? contestantsById(contest).get(c.contestantId)?.name ?? c.contestantId;
    const seg = segNames.get(c.segmentId) ?? findSegment(contest.definition, c.segmentId)?.segment.name ?? c.segmentId;
    return `${t('hr.corrNo', { n: numberOf.get(id) ?? 0 })} · ${who} · ${seg}`;
  };

  return (
    <section className="panel hr-corr" data-testid="hr-corrections">
      <h2>{t('hr.correct')}</h2>
      <form className="hr-corr-form" onSubmit={submit} noValidate>
        <label>
          {t('hr.contestant')}
          <select value={contestantId} onChange={(e) => setContestantId(e.target.value)} data-testid="corr-contestant">
            {results.rows
              .slice()
              .sort((a, b) => a.seat - b.seat)
              .map((r) => (
                <option key={r.id} value={r.id}>
                  {r.seat} {r.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('hr.segment')}
          <select value={segmentId} onChange={(e) => setSegmentId(e.target.value)} data-testid="corr-segment">
            {results.segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <select value={mode} onChange={(e) => setMode(e.target.value as 'score' | 'delta')} data-testid="corr-mode">
            <option value="score">{t('hr.mode.score')}</option>
            <option value="delta">{t('hr.mode.delta')}</option>
          </select>
          <input
            inputMode="decimal"
            value={value}
            placeholder={formatHundredths(current)}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={touched && !parsed.ok ? 'true' : undefined}
            data-testid="corr-value"
          />
        </label>
        <label className="hr-corr-reason">
          {t('hr.reason')}
          <input
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={touched && !reason.trim() ? 'true' : undefined}
            data-testid="corr-reason"
          />
        </label>
        {touched && !reason.trim() && <span className="jp-error">{t('hr.reasonRequired')}</span>}
        {touched && !parsed.ok && <span className="jp-error">{t('jp.err.format')}</span>}
        <button type="submit" className="btn" data-testid="corr-apply">
          {t('hr.apply')}
        </button>
      </form>

      {corrections.length > 0 && (
        <>
          <h3>{t('hr.corrections')}</h3>
          <ul className="hr-corr-list" data-testid="corr-list">
            {corrections.map((c) => (
              <li key={c.correctionId} className={undone.has(c.correctionId) ? 'is-undone' : ''}>
                <span className="hr-corr-id" data-testid={`corr-label-${c.correctionId}`}>
                  {describe(c.correctionId)}
                </span>
                <span className="num">
                  {formatHundredths(c.before)} → {formatHundredths(c.after)}
                </span>
                <span className="hr-corr-why">
                  {c.undoes ? `${t('hr.undoOf', { id: describe(c.undoes) })}：` : ''}
                  {c.reason}
                </span>
                {undone.has(c.correctionId) && <span className="jp-tag">{t('hr.undone')}</span>}
                {!c.undoes && !undone.has(c.correctionId) && undoing !== c.correctionId && (
                  <button
                    type="button"
                    className="btn btn-small btn-quiet"
                    onClick={() => setUndoing(c.correctionId)}
                    data-testid={`corr-undo-${c.correctionId}`}
                  >
                    {t('hr.undo')}
                  </button>
                )}
                {undoing === c.correctionId && (
                  <span className="hr-undo">
                    <input
                      value={undoReason}
                      placeholder={t('hr.undoReason')}
                      onChange={(e) => setUndoReason(e.target.value)}
                      data-testid="corr-undo-reason"
                    />
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={!undoReason.trim()}
                      data-testid="corr-undo-confirm"
                      onClick={() => {
                        run({
                          type: 'UndoCorrection',
                          data: { correctionId: c.correctionId, reason: undoReason.trim() },
                        });
                        setUndoing(null);
                        setUndoReason('');
                      }}
                    >
                      {t('hr.undo')}
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>
        {t('hr.history')} <small>{names.get(contestantId)}</small>
      </h3>
      {history && history.length > 0 ? (
        <table className="hr-history" data-testid="corr-history">
          <thead>
            <tr>
              <th>{t('hr.when')}</th>
              <th>{t('hr.segment')}</th>
              <th>{t('hr.change')}</th>
              <th>{t('hr.by')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h, i) => (
              <tr key={i}>
                <td>{time.format(h.at)}</td>
                <td>{segNames.get(h.segmentId) ?? h.segmentId}</td>
                <td className="num">
                  {h.before === null ? '—' : formatHundredths(h.before)} →{' '}
                  {h.after === null ? '—' : formatHundredths(h.after)}
                  <small className="hr-ev">
                    {h.undoes
                      ? t('hr.ev.undo')
                      : h.eventType === 'JudgingLocked' ||
                          h.eventType === 'ScoresRevealed' ||
                          h.eventType === 'ScoreCorrected'
                        ? t(`hr.ev.${h.eventType}`)
                        : t('hr.ev.other')}
                  </small>
                  {h.reason && <div className="hr-corr-why">{h.reason}</div>}
                </td>
                <td>{t(`role.${h.actor.role}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="panel-note">{t('hr.noChanges')}</p>
      )}
    </section>
  );
}
