import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  findSegment,
  formatHundredths,
  nextKnowledgeStep,
  partStandings,
  pointsFor,
  requiredPlan,
  shownResult,
  usedQuestionIds,
  type ActiveQuestion,
  type ClientCommand,
  type ContestState,
  type Question,
} from '@leitai/shared';
import { useCanIssue, type DryRun } from '../../../core/can-issue.ts';
import { contestantsById, currentSegment } from '../../../core/contest-view.ts';
import { useT } from '../../../core/i18n/i18n.ts';
import { useContest } from '../../../ui/session-context.tsx';
import { answerMsOf, countdown, nameOf, optionText, questionNumber } from '../../../core/knowledge-view.ts';
import { useServerNow } from '../../../core/server-now.ts';
import { TimerRing } from '../../../ui/timer-ring.tsx';
import { isShortcutPress, keyPressOf } from '../key-table.ts';
import { knowledgeKeyAction, type KnowledgeKeyAction } from './knowledge-keys.ts';
import { PhotoFinishFlag } from './photo-finish.tsx';
import { VoidedMark, VoidedRows } from './voided-rows.tsx';
import '../../../ui/knowledge/knowledge.css';
import './knowledge-panel.css';

type Run = (command: ClientCommand) => void;
/** A mark waiting for the host's Enter; `paused`: opening it paused a running answer timer (resumed on cancel). */
type Confirm = { kind: 'mark'; result: 'correct' | 'wrong'; paused: boolean } | { kind: 'undo' };

/** The segment the panel drives: the running knowledge segment, else the active question's. */
function panelSegmentId(contest: ContestState): string | null {
  const seg = currentSegment(contest);
  if (seg && (seg.kind === 'required' || seg.kind === 'buzzer')) return seg.id;
  return contest.knowledge.active?.segmentId ?? null;
}

/**
 * What each control does in the current state (null = not available now). The panel only names
 * the command each control would send; whether it may is the shared `decide`'s dry run (`check`),
 * the same rules the server applies.
 */
export function availableCommands(
  contest: ContestState,
  segmentId: string | null,
  check: (command: ClientCommand) => DryRun,
): Record<KnowledgeKeyAction, ClientCommand | null> {
  const a = contest.knowledge.active;
  const next = segmentId ? nextKnowledgeStep(contest, segmentId) : null;
  const allowed = (command: ClientCommand | null): ClientCommand | null =>
    command && check(command).ok ? command : null;
  const onRun = <T extends ClientCommand>(make: (run: number) => T): T | null => (a ? make(a.run) : null);
  const timer =
    allowed(onRun((run) => ({ type: 'StopAnswerTimer', data: { run } }))) ??
    allowed(onRun((run) => ({ type: 'StartAnswerTimer', data: { run } })));
  // One command, two keys: the dry run's event says whether arming now is a rebound.
  const arm = onRun((run): ClientCommand => ({ type: 'ArmBuzzer', data: { run } }));
  const armed = arm ? check(arm) : null;
  const rebound = armed?.ok ? armed.events.some((e) => e.type === 'BuzzerArmed' && e.data.rebound) : false;
  return {
    next: allowed(next ? { type: 'PrepareQuestion', data: next } : null),
    show: allowed(onRun((run) => ({ type: 'ShowQuestion', data: { run } }))),
    timer,
    arm: armed?.ok && !rebound ? arm : null,
    rebound: armed?.ok && rebound ? arm : null,
    correct: allowed(onRun((run) => ({ type: 'MarkAnswer', data: { run, result: 'correct' } }))),
    wrong: allowed(onRun((run) => ({ type: 'MarkAnswer', data: { run, result: 'wrong' } }))),
    reveal: allowed(onRun((run) => ({ type: 'RevealAnswer', data: { run } }))),
    finish: allowed(onRun((run) => ({ type: 'FinishQuestion', data: { run } }))),
    undo: allowed({ type: 'UndoScore', data: { reason: '-' } }),
  };
}

/**
 * The host's knowledge panel: run of show, question and answer preview, one-key controls (with a
 * confirmation on anything that changes a score), the presses with their gaps, every phone's link
 * and clock, and the live scores.
 */
export function KnowledgePanel({ contest, run, busy }: { contest: ContestState; run: Run; busy: ReadonlySet<string> }) {
  const t = useT();
  const segmentId = panelSegmentId(contest);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const check = useCanIssue();
  const commands = availableCommands(contest, segmentId, (c) => check(c));
  const latest = useRef({ commands, confirm, run });
  // A layout effect: plain effects run after paint, and a key pressed in between would act on
  // the previous state.
  useLayoutEffect(() => {
    latest.current = { commands, confirm, run };
  });

  /**
   * The host starts marking: while the answer timer runs, BeginMarking pauses it (the segment's
   * `whileMarking` rule decides) so no automatic time-out lands while the host decides.
   */
  const beginMark = (result: 'correct' | 'wrong') => {
    const a = contest.knowledge.active;
    const running = !!a && a.phase === 'answering' && a.deadlineAt !== null;
    if (running) run({ type: 'BeginMarking', data: { run: a.run } });
    setConfirm({ kind: 'mark', result, paused: running });
  };
  const latestMark = useRef(beginMark);
  useLayoutEffect(() => {
    latestMark.current = beginMark;
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isShortcutPress(keyPressOf(event))) return;
      const { commands: c, confirm: open, run: send } = latest.current;
      if (open) return; // the dialog handles its own keys
      const action = knowledgeKeyAction(event.key);
      if (!action) return;
      event.preventDefault();
      if (action === 'correct' || action === 'wrong') {
        if (c[action]) latestMark.current(action);
        return;
      }
      if (action === 'undo') {
        if (c.undo) setConfirm({ kind: 'undo' });
        return;
      }
      const command = c[action];
      if (command) send(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Outside the knowledge segments the panel stays out of the way.
  if (!segmentId) return null;
  const active = contest.knowledge.active;
  const found = findSegment(contest.definition, segmentId);
  const segment = found?.segment;

  const button = (action: KnowledgeKeyAction, label: string, key: string, tone = '') => {
    const command = commands[action];
    const onClick = () => {
      if (!command) return;
      if (action === 'correct' || action === 'wrong') beginMark(action);
      else if (action === 'undo') setConfirm({ kind: 'undo' });
      else run(command);
    };
    return (
      <button
        type="button"
        className={`kq-btn ${tone}`}
        disabled={!command || busy.has(command.type)}
        onClick={(e) => {
          // Keep the keyboard for the one-key controls: a focused button would also take Space.
          e.currentTarget.blur();
          onClick();
        }}
        data-testid={`kq-${action}`}
      >
        <span>{label}</span>
        <kbd>{key}</kbd>
      </button>
    );
  };

  return (
    <section className="panel kq-panel" data-testid="kq-panel">
      <header className="kq-panel-head">
        <h2>
          {t('kq.panel')} <small>{segment?.name}</small>
        </h2>
        {active && (
          <span className={`kq-phase phase-${active.phase}`} data-testid="kq-phase" data-phase={active.phase}>
            {t(`kq.phase.${active.phase}`)}
          </span>
        )}
        <SoundToggle contest={contest} run={run} />
      </header>
      <div className="kq-panel-grid">
        <RunOfShow contest={contest} segmentId={segmentId} run={run} check={check} />
        <div className="kq-main">
          {active && active.segmentId === segmentId ? (
            <CurrentQuestion contest={contest} active={active} />
          ) : (
            <p className="panel-hint">{commands.next ? t('kq.next') + ' (N)' : t('kq.roundDone')}</p>
          )}
          <div className="kq-controls">
            {button('next', t('kq.next'), 'N')}
            {button('show', t('kq.show'), 'Q', 'is-primary')}
            {segment?.kind === 'required'
              ? button(
                  'timer',
                  commands.timer?.type === 'StopAnswerTimer' ? t('kq.stopTimer') : t('kq.startTimer'),
                  '␣',
                )
              : button('arm', t('kq.arm'), 'B', 'is-primary')}
            {segment?.kind === 'buzzer' &&
              button('timer', commands.timer?.type === 'StopAnswerTimer' ? t('kq.stopTimer') : t('kq.startTimer'), '␣')}
            {button('correct', t('kq.correct'), 'C', 'is-ok')}
            {button('wrong', t('kq.wrong'), 'W', 'is-bad')}
            {segment?.kind === 'buzzer' && button('rebound', t('kq.rebound'), 'R')}
            {button('reveal', t('kq.reveal'), 'A')}
            {button('undo', t('kq.undo'), 'U')}
          </div>
          <p className="panel-hint kq-keys">{t('kq.keys')}</p>
          {active?.buzz && <PhotoFinishFlag contest={contest} active={active} run={run} check={check} />}
          {active?.buzz && <Presses contest={contest} active={active} />}
        </div>
        <aside className="kq-aside">
          <Links contest={contest} />
          <Scores contest={contest} segmentId={segmentId} />
        </aside>
      </div>
      {confirm && <ConfirmDialog contest={contest} confirm={confirm} run={run} onClose={() => setConfirm(null)} />}
    </section>
  );
}

function SoundToggle({ contest, run }: { contest: ContestState; run: Run }) {
  const t = useT();
  const muted = contest.knowledge.soundMuted;
  return (
    <button
      type="button"
      className={`kq-sound ${muted ? 'is-muted' : ''}`}
      onClick={() => run({ type: 'SetStageSound', data: { muted: !muted } })}
      data-testid="kq-sound"
      title={t('kq.sound')}
    >
      {muted ? t('kq.soundOff') : t('kq.soundOn')}
    </button>
  );
}

function RunOfShow({
  contest,
  segmentId,
  run,
  check,
}: {
  contest: ContestState;
  segmentId: string;
  run: Run;
  check: (command: ClientCommand) => DryRun;
}) {
  const t = useT();
  // The host alone may read a stem before it is shown: the list gives it beside the id.
  const bank = useMemo(
    () => new Map(contest.definition.questions.map((q) => [q.id, q])),
    [contest.definition.questions],
  );
  const found = findSegment(contest.definition, segmentId);
  const people = contestantsById(contest);
  const a = contest.knowledge.active;
  if (!found) return null;
  const finished = contest.knowledge.finished.filter((f) => f.segmentId === segmentId && f.shown);
  // Every label follows the log: a result whose score was undone reads "undone".
  const resultOf = (questionId: string) => {
    const f = finished.find((x) => x.questionId === questionId);
    return f ? shownResult(contest, f.run, f.contestantId, f.result) : undefined;
  };
  if (found.segment.kind === 'required') {
    const plan = requiredPlan(contest, segmentId);
    return (
      <ol className="kq-ros" data-testid="kq-ros">
        {plan.map((slot) => {
          const c = people.get(slot.contestantId);
          const result = slot.questionId ? resultOf(slot.questionId) : undefined;
          const prepare: ClientCommand | null = slot.questionId
            ? {
                type: 'PrepareQuestion',
                data: { segmentId, questionId: slot.questionId, contestantId: slot.contestantId },
              }
            : null;
          return [
            <VoidedRows
              key={`v-${slot.contestantId}-${slot.slot}`}
              contest={contest}
              segmentId={segmentId}
              questionId={slot.questionId}
              label={c?.seatNumber}
            />,
            <li key={`${slot.contestantId}-${slot.slot}`} className={`is-${slot.status}`}>
              <button
                type="button"
                disabled={!prepare || slot.status !== 'pending' || !check(prepare).ok}
                onClick={() => prepare && run(prepare)}
              >
                <span className="kq-ros-seat">{c?.seatNumber}</span>
                <span className="kq-ros-name">{c?.name}</span>
                <span className="kq-ros-q" title={slot.questionId ? bank.get(slot.questionId)?.text : undefined}>
                  {slot.questionId}
                </span>
                <span className={`kq-ros-result r-${result ?? slot.status}`}>
                  <VoidedMark contest={contest} segmentId={segmentId} questionId={slot.questionId}>
                    {result ? t(`kq.result.${result}`) : slot.status === 'active' ? '▶' : ''}
                  </VoidedMark>
                </span>
              </button>
            </li>,
          ];
        })}
      </ol>
    );
  }
  const used = usedQuestionIds(contest, segmentId);
  return (
    <ol className="kq-ros kq-ros-bank" data-testid="kq-ros">
      {('questionIds' in found.segment ? found.segment.questionIds : []).map((id, i) => {
        const isActive = a?.questionId === id && a.segmentId === segmentId;
        const result = resultOf(id);
        const prepare: ClientCommand = { type: 'PrepareQuestion', data: { segmentId, questionId: id } };
        return [
          <VoidedRows key={`v-${id}`} contest={contest} segmentId={segmentId} questionId={id} label={i + 1} />,
          <li key={id} className={isActive ? 'is-active' : used.has(id) ? 'is-done' : 'is-pending'}>
            <button type="button" disabled={used.has(id) || !check(prepare).ok} onClick={() => run(prepare)}>
              <span className="kq-ros-seat">{i + 1}</span>
              <span className="kq-ros-name kq-ros-stem" title={bank.get(id)?.text} data-testid={`kq-ros-stem-${id}`}>
                <b className="kq-ros-id">{id}</b> {bank.get(id)?.text}
              </span>
              <span className={`kq-ros-result r-${result ?? ''}`}>
                <VoidedMark contest={contest} segmentId={segmentId} questionId={id}>
                  {result ? t(`kq.result.${result}`) : isActive ? '▶' : ''}
                </VoidedMark>
              </span>
            </button>
          </li>,
        ];
      })}
    </ol>
  );
}

function CurrentQuestion({ contest, active }: { contest: ContestState; active: ActiveQuestion }) {
  const t = useT();
  const now = useServerNow(100);
  const question: Question | undefined = contest.definition.questions.find((q) => q.id === active.questionId);
  const tf = { yes: t('play.kq.true'), no: t('play.kq.false') };
  const clock = countdown(active, now, answerMsOf(contest, active));
  if (!question) return null;
  return (
    <article className="kq-preview" data-testid="kq-preview">
      <header>
        <strong>{t('kq.question', { n: questionNumber(contest, active) })}</strong>
        <span className="kq-qid">{question.id}</span>
        {active.phase === 'preview' && <span className="kq-host-only">{t('kq.preview')}</span>}
        <span className="kq-assigned" data-testid="kq-assigned">
          {active.contestantId ? t('kq.assigned', { name: nameOf(contest, active.contestantId) }) : t('kq.noAssigned')}
        </span>
      </header>
      <div className="kq-preview-body">
        <div>
          <p className="kq-preview-text">{question.text}</p>
          {question.kind !== 'open' ? (
            <ul className="kq-preview-options">
              {(question.kind === 'truefalse' ? ['true', 'false'] : (question.options ?? []).map((o) => o.key)).map(
                (k) => (
                  <li key={k} className={question.answer.includes(k) ? 'is-answer' : ''}>
                    {optionText(question, k, tf)}
                    {question.answer.includes(k) && ' ✓'}
                  </li>
                ),
              )}
            </ul>
          ) : (
            <p className="kq-reference">
              <b>{t('kq.reference')}：</b>
              {question.reference}
            </p>
          )}
          {question.explanation && (
            <p className="kq-explanation">
              <b>{t('kq.explanation')}：</b>
              {question.explanation}
            </p>
          )}
          {question.kind === 'open' && <p className="panel-hint">{t('kq.openQuestion')}</p>}
          {active.submitted && (
            <p className="kq-submitted" data-testid="kq-submitted">
              {t('kq.submitted', { choice: active.submitted.map((k) => optionText(question, k, tf)).join('、') })}
            </p>
          )}
          {active.result && (
            <p
              className={`kq-outcome is-${shownResult(contest, active.run, active.contestantId, active.result)}`}
              data-testid="kq-result"
            >
              {t(`kq.result.${shownResult(contest, active.run, active.contestantId, active.result)}`)}
            </p>
          )}
          {active.phase === 'answering' && active.deadlineAt === null && active.remainingMs !== null && (
            <p className="kq-paused" data-testid="kq-paused">
              {t('kq.marking')}
            </p>
          )}
        </div>
        {clock && <TimerRing left={clock.left} total={clock.total} size={120} testId="host-timer" />}
      </div>
    </article>
  );
}

function Presses({ contest, active }: { contest: ContestState; active: ActiveQuestion }) {
  const t = useT();
  const buzz = active.buzz!;
  const rel = (x: number | null) =>
    x === null ? '—' : `${x - buzz.openAt >= 0 ? '+' : ''}${Math.round(x - buzz.openAt)}`;
  const place = new Map((buzz.order ?? []).map((o, i) => [o.contestantId, { i, gap: o.gapMs }]));
  return (
    <div className="kq-presses" data-testid="kq-presses">
      <h3>
        {t('kq.presses')} <small>{t('kq.grace', { ms: buzz.graceMs })}</small>
      </h3>
      {buzz.presses.length === 0 ? (
        <p className="panel-hint">{t('kq.noPresses')}</p>
      ) : (
        <table>
          <tbody>
            {buzz.presses.map((p, i) => {
              const placed = place.get(p.contestantId);
              const counts = p.decision === 'accepted' || p.decision === 'after';
              return (
                <tr
                  key={i}
                  className={`d-${p.decision} ${buzz.winnerId === p.contestantId && counts ? 'is-winner' : ''}`}
                >
                  <td className="kq-p-place">{counts && placed ? placed.i + 1 : ''}</td>
                  <td className="kq-p-name">{nameOf(contest, p.contestantId)}</td>
                  <td className="kq-p-gap" data-testid={`gap-${p.contestantId}`}>
                    {counts && placed ? t('kq.gap', { ms: placed.gap }) : ''}
                  </td>
                  <td>{t(`kq.decision.${p.decision}`)}</td>
                  <td className={`kq-p-mode m-${p.mode}`}>{t(`kq.mode.${p.mode}`)}</td>
                  <td className="kq-p-detail">
                    {t('kq.pressDetail', {
                      claimed: rel(p.claimedAt),
                      arrived: rel(p.arrivedAt),
                      corrected: rel(p.correctedAt),
                      window: p.windowMs,
                    })}
                    {p.boundMs !== undefined && (
                      <span data-testid={`bound-${p.contestantId}`}>
                        {' · '}
                        {t('kq.pressBound', { ms: p.boundMs })}
                      </span>
                    )}
                    {p.mode === 'clamped' && p.errorMs !== undefined && p.claimedAt !== null && (
                      <span data-testid={`moved-${p.contestantId}`}>
                        {' · '}
                        {t('kq.pressMoved', {
                          ms: Math.round(Math.abs(p.correctedAt - p.claimedAt)),
                          bound: p.errorMs,
                        })}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Links({ contest }: { contest: ContestState }) {
  const t = useT();
  const links = useContest((s) => s.links) ?? [];
  const people = contestantsById(contest);
  const seated = new Set(
    Object.values(contest.devices)
      .filter((d) => d.role === 'contestant')
      .map((d) => d.subjectId),
  );
  const roster = [...people.values()].sort((a, b) => a.seatNumber - b.seatNumber);
  return (
    <div className="kq-links" data-testid="kq-links">
      <h3>{t('kq.links')}</h3>
      <ul>
        {roster.map((c) => {
          const link = links.find((l) => l.contestantId === c.id);
          const online = seated.has(c.id);
          return (
            <li
              key={c.id}
              className={online ? (link?.synced ? 'is-ok' : 'is-warn') : 'is-off'}
              data-testid={`link-${c.id}`}
            >
              <span className="kq-dot" aria-hidden="true" />
              <span className="kq-link-name">{c.name}</span>
              {!online ? (
                <span>{t('kq.link.offline')}</span>
              ) : link ? (
                <span>
                  {link.rttMs !== null && t('kq.link.rtt', { ms: Math.round(link.rttMs) })}
                  {' · '}
                  {link.synced && link.clockErrorMs !== null
                    ? t('kq.link.clock', { ms: link.clockErrorMs })
                    : t('kq.link.unsynced')}
                </span>
              ) : (
                <span>…</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Scores({ contest, segmentId }: { contest: ContestState; segmentId: string }) {
  const t = useT();
  const rows = partStandings(contest, segmentId);
  const people = contestantsById(contest);
  const segIds = Object.keys(rows[0]?.bySegment ?? {});
  const kinds = segIds.map((id) => findSegment(contest.definition, id)?.segment.kind ?? 'required');
  return (
    <div className="kq-scores" data-testid="kq-scores">
      <h3>{t('kq.scores')}</h3>
      <table>
        <thead>
          <tr>
            <th>{t('kq.rank')}</th>
            <th>{t('field.name')}</th>
            {kinds.map((k, i) => (
              <th key={segIds[i]}>{t(`kind.${k}`)}</th>
            ))}
            <th>{t('kq.total')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.contestantId} data-testid={`score-${r.contestantId}`}>
              <td>{r.rank}</td>
              <td>{people.get(r.contestantId)?.name}</td>
              {segIds.map((id) => (
                <td key={id}>{formatHundredths(r.bySegment[id] ?? 0, { trimZeros: true })}</td>
              ))}
              <td className="kq-total">{formatHundredths(r.score, { trimZeros: true })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ConfirmDialog({
  contest,
  confirm,
  run,
  onClose,
}: {
  contest: ContestState;
  confirm: Confirm;
  run: Run;
  onClose: () => void;
}) {
  const t = useT();
  const [reason, setReason] = useState(() => t('kq.confirm.reasonDefault'));
  const a = contest.knowledge.active;
  const last = [...contest.knowledge.ledger].reverse().find((e) => !e.undone);
  const found = a ? findSegment(contest.definition, a.segmentId) : undefined;
  const seg = found?.segment;
  let text = '';
  if (confirm.kind === 'mark' && a && seg && (seg.kind === 'required' || seg.kind === 'buzzer')) {
    const points = pointsFor(seg, confirm.result);
    text = t('kq.confirm.mark', {
      name: nameOf(contest, a.contestantId),
      result: t(`kq.result.${confirm.result}`),
      points: formatHundredths(points, { sign: true, trimZeros: true }),
    });
  } else if (confirm.kind === 'undo' && last) {
    text = t('kq.confirm.undo', {
      name: nameOf(contest, last.contestantId),
      points: formatHundredths(last.points, { sign: true, trimZeros: true }),
      cause: t(last.cause === 'falseStart' ? 'kq.decision.falseStart' : `kq.result.${last.cause}`),
    });
    // Name the question and segment the score came from, not its ids.
    const runQ =
      a?.run === last.run ? a.questionId : contest.knowledge.finished.find((f) => f.run === last.run)?.questionId;
    const qText = contest.definition.questions.find((q) => q.id === runQ)?.text;
    const segName = findSegment(contest.definition, last.segmentId)?.segment.name;
    text += [qText && ` · ${qText.length > 30 ? `${qText.slice(0, 30)}…` : qText}`, segName && ` · ${segName}`]
      .filter(Boolean)
      .join('');
  }
  const ok = () => {
    if (confirm.kind === 'mark' && a) run({ type: 'MarkAnswer', data: { run: a.run, result: confirm.result } });
    if (confirm.kind === 'undo' && reason.trim()) run({ type: 'UndoScore', data: { reason: reason.trim() } });
    onClose();
  };
  /** Cancel: a timer paused by this mark runs on from where it stopped. */
  const cancel = () => {
    if (confirm.kind === 'mark' && confirm.paused && a && a.phase === 'answering' && a.deadlineAt === null)
      run({ type: 'StartAnswerTimer', data: { run: a.run } });
    onClose();
  };
  const cancelRef = useRef(cancel);
  useEffect(() => {
    cancelRef.current = cancel;
  });
  const okRef = useRef(ok);
  useEffect(() => {
    okRef.current = ok;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        cancelRef.current();
      } else if (e.key === 'Enter') {
        e.preventDefault();
        okRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="kq-modal" role="dialog" aria-modal="true" data-testid="kq-confirm">
      <div className="kq-modal-box">
        <h3>{t('kq.confirm.title')}</h3>
        <p className="kq-modal-text">{text}</p>
        {confirm.kind === 'undo' && (
          <label className="kq-modal-reason">
            {t('kq.confirm.reason')}
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              data-testid="kq-undo-reason"
            />
          </label>
        )}
        <div className="kq-modal-actions">
          <button type="button" onClick={cancel} data-testid="kq-confirm-cancel">
            {t('kq.confirm.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="button" className="is-primary" onClick={ok} data-testid="kq-confirm-ok">
            {t('kq.confirm.ok')} <kbd>Enter</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}
