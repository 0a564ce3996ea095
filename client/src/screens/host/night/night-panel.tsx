/**
 * 现场更正: the host's corrections on the night — a contestant's or unit's name, a flawed
 * question voided for a reserve, a judge's seat replaced, a segment's timer changed — each with
 * a required reason, and the list of every correction made, naming contestants, questions and
 * segments. Every control is a plain form field or button: reachable with Tab, sent with Enter.
 */
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import {
  resolveBuzzerSettings,
  resolveJudgedSettings,
  resolveRequiredSettings,
  type ClientCommand,
  type ContestState,
  type Segment,
} from '@leitai/shared';
import { useErrorText } from '../../../core/i18n/i18n.ts';
import { useSession } from '../../../ui/session-context.tsx';
import { useToasts } from '../../../ui/toasts.tsx';
import { useNightT, type NightT } from '../../../ui/night/night-i18n.ts';
import { clip, nightLines } from '../../../ui/night/night-lines.ts';
import './night.css';

/** The tab button, with the number of corrections made so far. */
export function NightTab({ active, onSelect, count }: { active: boolean; onSelect: () => void; count: number }) {
  const t = useNightT();
  return (
    <button
      type="button"
      role="tab"
      aria-selected={active}
      className={active ? 'is-active' : ''}
      data-testid="tab-night"
      onClick={onSelect}
    >
      {t('night.tab')}
      <span className="tab-count">{count}</span>
    </button>
  );
}

/** How many corrections were made on the night (for the tab's count). */
export const nightCount = (c: ContestState): number =>
  c.amendments.length + c.knowledge.voided.length + c.judging.seatChanges.length;

/** Send a correction; resolves true when accepted (a refusal shows as a toast, in the host's language). */
function useCorrection(): (command: ClientCommand, what: string) => Promise<boolean> {
  const session = useSession();
  const push = useToasts((s) => s.push);
  const errorText = useErrorText();
  const t = useNightT();
  return async (command, what) => {
    const result = await session.send(command);
    if (result.ok) push('info', t('night.done', { what }));
    else push('error', t('night.failed', { message: errorText(result.error) }));
    return result.ok;
  };
}

export function NightPanel({ contest }: { contest: ContestState }) {
  const t = useNightT();
  const lines = nightLines(contest, t);
  return (
    <div className="night" data-testid="night-panel">
      <p className="panel-note night-intro">{t('night.intro')}</p>
      <div className="night-grid">
        <NameForm contest={contest} />
        <VoidForm contest={contest} />
        <JudgeForm contest={contest} />
        <TimerForm contest={contest} />
      </div>
      <section className="panel night-list" data-testid="night-list">
        <h2>{t('night.list.title')}</h2>
        {lines.length === 0 ? (
          <p className="panel-note">{t('night.list.empty')}</p>
        ) : (
          <ol>
            {lines.map((l) => (
              <li key={l.key} data-testid="night-line" data-kind={l.kind}>
                <span className={`night-kind night-kind-${l.kind}`}>{t(`night.kind.${l.kind}`)}</span>
                <span className="night-text">{l.text}</span>
                <span className="night-reason">{l.reason}</span>
                <time>{new Date(l.at).toLocaleTimeString()}</time>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

/** A correction's card: title, fields, the required reason and the submit button. */
function CorrectionForm({
  id,
  title,
  note,
  submit,
  disabled,
  onSubmit,
  children,
  idle = false,
}: {
  /** Nothing to correct here now: the reason and the button are not offered. */
  idle?: boolean;
  id: string;
  title: string;
  note?: string;
  submit: string;
  disabled: boolean;
  onSubmit: (reason: string) => Promise<boolean>;
  children: ReactNode;
}) {
  const t = useNightT();
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim() || disabled || sending) return;
    setSending(true);
    const ok = await onSubmit(reason.trim());
    setSending(false);
    if (ok) setReason('');
  };
  return (
    <form className="panel night-form" data-testid={`night-${id}`} onSubmit={(e) => void send(e)}>
      <h2>{title}</h2>
      {children}
      {!idle && (
        <>
          <label className="night-field">
            <span>{t('night.reason')}</span>
            <input
              data-testid={`night-${id}-reason`}
              value={reason}
              required
              maxLength={500}
              placeholder={t('night.reasonPh')}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          {note && <p className="night-note">{note}</p>}
          <button
            type="submit"
            className="btn"
            data-testid={`night-${id}-submit`}
            disabled={disabled || sending || !reason.trim()}
          >
            {submit}
          </button>
        </>
      )}
    </form>
  );
}

function NameForm({ contest }: { contest: ContestState }) {
  const t = useNightT();
  const correct = useCorrection();
  const [mode, setMode] = useState<'contestant' | 'unit'>('contestant');
  const contestants = contest.definition.contestants;
  const units = useMemo(() => [...new Set(contestants.map((c) => c.organisation))], [contestants]);
  const [who, setWho] = useState(contestants[0]?.id ?? '');
  const [unit, setUnit] = useState(units[0] ?? '');
  const [name, setName] = useState('');
  const current = mode === 'contestant' ? (contestants.find((c) => c.id === who)?.name ?? '') : unit;
  return (
    <CorrectionForm
      id="name"
      title={t('night.name.title')}
      submit={t('night.submit')}
      disabled={!name.trim() || name.trim() === current}
      onSubmit={async (reason) => {
        const to = name.trim();
        const ok =
          mode === 'contestant'
            ? await correct(
                { type: 'CorrectContestantName', data: { contestantId: who, name: to, reason } },
                `${current} → ${to}`,
              )
            : await correct({ type: 'CorrectUnitName', data: { from: unit, to, reason } }, `${current} → ${to}`);
        if (ok) {
          setName('');
          if (mode === 'unit') setUnit(to);
        }
        return ok;
      }}
    >
      <div className="night-modes" role="radiogroup">
        {(['contestant', 'unit'] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name="night-name-mode"
              checked={mode === m}
              data-testid={`night-name-mode-${m}`}
              onChange={() => setMode(m)}
            />
            {t(m === 'contestant' ? 'night.name.contestant' : 'night.name.unit')}
          </label>
        ))}
      </div>
      {mode === 'contestant' ? (
        <label className="night-field">
          <span>{t('night.name.who')}</span>
          <select data-testid="night-name-who" value={who} onChange={(e) => setWho(e.target.value)}>
            {contestants.map((c, i) => (
              <option key={c.id} value={c.id}>
                {c.seat ?? i + 1}. {c.name} · {c.organisation}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label className="night-field">
          <span>{t('night.name.unitPick')}</span>
          <select data-testid="night-name-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
            {units.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="night-field">
        <span>{t('night.name.new')}</span>
        <input
          data-testid="night-name-new"
          value={name}
          maxLength={200}
          placeholder={current}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
    </CorrectionForm>
  );
}

/** The runs of the running knowledge segments that may still be voided, newest first. */
function voidable(contest: ContestState, t: NightT) {
  const k = contest.knowledge;
  const running = (id: string) => contest.segmentStatus[id] === 'running';
  const voided = new Set(k.voided.map((v) => v.run));
  const asked = [
    ...k.finished.filter((f) => !f.voided).map((f) => ({ ...f, number: 0 })),
    ...(k.active ? [k.active] : []),
  ].filter((r) => running(r.segmentId) && !voided.has(r.run));
  const segmentOf = (id: string) => contest.definition.stages.flatMap((s) => s.segments).find((g) => g.id === id);
  return asked
    .map((r) => {
      const segment = segmentOf(r.segmentId);
      const ids = segment && 'questionIds' in segment ? segment.questionIds : [];
      const n = r.number || ids.indexOf(r.questionId) + 1 || '?';
      const who = r.round === 'required' && r.contestantId ? contestNameOf(contest, r.contestantId) : '';
      const text = contest.definition.questions.find((q) => q.id === r.questionId)?.text ?? '';
      return {
        run: r.run,
        segmentId: r.segmentId,
        label: t('night.void.option', {
          segment: segment?.name ?? r.segmentId,
          n,
          who: who ? t('night.line.who', { name: who }) : '',
          text: clip(text, 30),
        }),
      };
    })
    .reverse();
}

const contestNameOf = (contest: ContestState, id: string): string =>
  contest.definition.contestants.find((c) => c.id === id)?.name ?? id;

/** Reserves of a knowledge segment not yet used. */
function reservesLeft(contest: ContestState, segmentId: string): number {
  const segment = contest.definition.stages.flatMap((s) => s.segments).find((g) => g.id === segmentId);
  if (!segment || (segment.kind !== 'required' && segment.kind !== 'buzzer')) return 0;
  const used = new Set([
    ...contest.knowledge.finished.map((f) => f.questionId),
    ...contest.knowledge.voided.map((v) => v.questionId),
    ...(contest.knowledge.active ? [contest.knowledge.active.questionId] : []),
  ]);
  return (segment.reserveQuestionIds ?? []).filter((id) => !segment.questionIds.includes(id) && !used.has(id)).length;
}

function VoidForm({ contest }: { contest: ContestState }) {
  const t = useNightT();
  const correct = useCorrection();
  const runs = voidable(contest, t);
  const [picked, setPicked] = useState<number | null>(null);
  const [without, setWithout] = useState(false);
  const chosen = runs.find((r) => r.run === picked) ?? runs[0];
  const left = chosen ? reservesLeft(contest, chosen.segmentId) : 0;
  return (
    <CorrectionForm
      id="void"
      title={t('night.void.title')}
      note={t('night.void.note')}
      submit={t('night.void.submit')}
      idle={!chosen}
      disabled={!chosen || (left === 0 && !without)}
      onSubmit={async (reason) => {
        if (!chosen) return false;
        const ok = await correct(
          { type: 'VoidQuestion', data: { run: chosen.run, reason, ...(without ? { withoutReplacement: true } : {}) } },
          chosen.label,
        );
        if (ok) {
          setPicked(null);
          setWithout(false);
        }
        return ok;
      }}
    >
      {runs.length === 0 || !chosen ? (
        <p className="panel-note">{t('night.void.none')}</p>
      ) : (
        <>
          <label className="night-field">
            <span>{t('night.void.pick')}</span>
            <select data-testid="night-void-run" value={chosen.run} onChange={(e) => setPicked(Number(e.target.value))}>
              {runs.map((r) => (
                <option key={r.run} value={r.run}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <p className={`night-reserves ${left === 0 ? 'is-empty' : ''}`} data-testid="night-void-reserves">
            {left > 0 ? t('night.void.reserves', { n: left }) : t('night.void.noReserve')}
          </p>
          {left === 0 && (
            <label className="night-check">
              <input
                type="checkbox"
                checked={without}
                data-testid="night-void-without"
                onChange={(e) => setWithout(e.target.checked)}
              />
              {t('night.void.without')}
            </label>
          )}
        </>
      )}
    </CorrectionForm>
  );
}

function JudgeForm({ contest }: { contest: ContestState }) {
  const t = useNightT();
  const correct = useCorrection();
  const judges = contest.definition.judges;
  const [judgeId, setJudgeId] = useState(judges[0]?.id ?? '');
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const judge = judges.find((j) => j.id === judgeId);
  return (
    <CorrectionForm
      id="judge"
      title={t('night.judge.title')}
      note={t('night.judge.note')}
      submit={t('night.judge.submit')}
      disabled={!judge}
      onSubmit={async (reason) => {
        const ok = await correct(
          {
            type: 'ReplaceJudgeSeat',
            data: {
              judgeId,
              reason,
              ...(name.trim() ? { name: name.trim() } : {}),
              ...(name.trim() && title.trim() ? { title: title.trim() } : {}),
            },
          },
          judge?.name ?? judgeId,
        );
        if (ok) {
          setName('');
          setTitle('');
        }
        return ok;
      }}
    >
      <label className="night-field">
        <span>{t('night.judge.pick')}</span>
        <select data-testid="night-judge-who" value={judgeId} onChange={(e) => setJudgeId(e.target.value)}>
          {judges.map((j) => (
            <option key={j.id} value={j.id}>
              {j.name}
              {j.title ? ` · ${j.title}` : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="night-field">
        <span>{t('night.judge.newName')}</span>
        <input data-testid="night-judge-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      {name.trim() && (
        <label className="night-field">
          <span>{t('night.judge.newTitle')}</span>
          <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        </label>
      )}
    </CorrectionForm>
  );
}

/** The timer a segment runs now (seconds; null: untimed), or undefined for a segment without one. */
function timerOf(segment: Segment): number | null | undefined {
  if (segment.kind === 'required') return resolveRequiredSettings(segment).answerSeconds;
  if (segment.kind === 'buzzer') return resolveBuzzerSettings(segment).answerSeconds;
  if (segment.kind === 'judged') return resolveJudgedSettings(segment).performanceSeconds ?? null;
  return undefined;
}

function TimerForm({ contest }: { contest: ContestState }) {
  const t = useNightT();
  const correct = useCorrection();
  const segments = contest.definition.stages
    .flatMap((s) => s.segments)
    .filter((g) => timerOf(g) !== undefined && contest.segmentStatus[g.id] !== 'finished');
  const preferred = segments.find((g) => g.id === contest.currentSegmentId) ?? segments[0];
  const [picked, setPicked] = useState<string | null>(null);
  const segment = segments.find((g) => g.id === picked) ?? preferred;
  const [seconds, setSeconds] = useState('');
  const now = segment ? timerOf(segment) : undefined;
  const value = Number(seconds);
  const valid = Number.isInteger(value) && value >= 1 && value <= 86400 && value !== now;
  return (
    <CorrectionForm
      id="timer"
      title={t('night.timer.title')}
      note={t('night.timer.note')}
      submit={t('night.timer.submit')}
      disabled={!segment || !valid}
      onSubmit={async (reason) => {
        if (!segment) return false;
        const ok = await correct(
          { type: 'ChangeSegmentTimer', data: { segmentId: segment.id, seconds: value, reason } },
          `${segment.name} ${value}s`,
        );
        if (ok) setSeconds('');
        return ok;
      }}
    >
      <label className="night-field">
        <span>{t('night.timer.segment')}</span>
        <select data-testid="night-timer-segment" value={segment?.id ?? ''} onChange={(e) => setPicked(e.target.value)}>
          {segments.map((g) => {
            const s = timerOf(g);
            return (
              <option key={g.id} value={g.id}>
                {g.name} ·{' '}
                {t('night.timer.now', { now: s ? t('night.line.seconds', { n: s }) : t('night.timer.none') })}
              </option>
            );
          })}
        </select>
      </label>
      <label className="night-field">
        <span>{t('night.timer.seconds')}</span>
        <input
          data-testid="night-timer-seconds"
          type="number"
          min={1}
          max={86400}
          step={1}
          value={seconds}
          placeholder={now ? String(now) : ''}
          onChange={(e) => setSeconds(e.target.value)}
        />
      </label>
    </CorrectionForm>
  );
}
