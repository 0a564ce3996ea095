import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import {
  findSegment,
  formatHundredths,
  resolveJudgePanel,
  type ClientCommand,
  type ContestState,
  type Performance,
  type Segment,
} from '@leitai/shared';
import { useCanIssue } from '../../../core/can-issue.ts';
import { currentSegment, currentStage, rosterContestants } from '../../../core/contest-view.ts';
import { useT } from '../../../core/i18n/i18n.ts';
import { formatCountdown, useServerNow } from '../../../core/server-now.ts';
import { ConfirmDialog } from '../confirm-dialog.tsx';
import { isShortcutPress, keyPressOf, keyRow } from '../key-table.ts';
import './judging.css';

type JudgedSegment = Extract<Segment, { kind: 'judged' }>;
type Run = (command: ClientCommand) => void;

/** The judged segment the panel works on: the running one, else the one of the last performance. */
function panelSegment(contest: ContestState): JudgedSegment | null {
  const running = currentSegment(contest);
  if (running?.kind === 'judged') return running;
  const focus = contest.judging.focus;
  const found = focus ? findSegment(contest.definition, focus.segmentId)?.segment : undefined;
  return found?.kind === 'judged' ? found : null;
}

/**
 * The host's judging desk: start a contestant's performance (with its timer), watch who has
 * scored (never the values before the lock), see offline judges at once, recuse, lock, reveal,
 * and type judges' comments as captions. Keys (from the host key table): S start (never a
 * restart), L lock (asks first: L again or a click confirms), R reveal, J judging scene.
 */
export function JudgingPanel({ contest, run, busy }: { contest: ContestState; run: Run; busy: ReadonlySet<string> }) {
  const t = useT();
  const segment = panelSegment(contest);
  const stage = currentStage(contest);
  const roster = rosterContestants(contest);
  const [picked, setPicked] = useState<string | null>(null);
  const [asking, setAsking] = useState<'lock' | 'restart' | null>(null);
  const focusId =
    segment && contest.judging.focus?.segmentId === segment.id ? contest.judging.focus.contestantId : null;
  const selectedId = picked ?? focusId ?? contest.currentContestantId ?? roster[0]?.id ?? null;
  const perfOf = (id: string): Performance | undefined =>
    segment ? contest.judging.performances[segment.id]?.[id] : undefined;
  const selected = roster.find((c) => c.id === selectedId) ?? null;
  const perf = selected ? perfOf(selected.id) : undefined;
  const panel = segment ? resolveJudgePanel(contest.definition, segment) : [];
  const recused = segment && selected ? (contest.judging.recusals[segment.id]?.[selected.id] ?? []) : [];
  const expected = panel.filter((j) => !recused.includes(j));
  const missing = expected.filter((j) => !(perf?.submitted ?? []).includes(j));
  const online = new Set(
    Object.values(contest.devices)
      .filter((d) => d.role === 'judge')
      .map((d) => d.subjectId),
  );

  // The commands this desk sends; whether each may go now is the shared `decide`'s dry run.
  const check = useCanIssue();
  const target = segment && selected ? { segmentId: segment.id, contestantId: selected.id } : null;
  const startCommand = (timed: boolean): ClientCommand | null =>
    target && { type: 'StartPerformance', data: { ...target, timed } };
  const lockCommand: ClientCommand | null = target && { type: 'LockJudging', data: target };
  const revealCommand: ClientCommand | null = target && { type: 'RevealScores', data: target };
  const recusal = (judgeId: string, recused: boolean): ClientCommand | null =>
    target && { type: 'SetRecusal', data: { ...target, judgeId, recused } };
  const sceneCommand: ClientCommand = { type: 'ChooseScene', data: { scene: 'judging' } };
  const ifAllowed = (command: ClientCommand | null) => {
    if (command && check(command).ok) run(command);
  };
  /** The refusal's message as a tooltip on a disabled button (the key hint otherwise). */
  const why = (command: ClientCommand | null, key: string): string => {
    const dry = check(command);
    return dry.ok ? key : `${key} · ${dry.error.message}`;
  };
  const commands = {
    // The S key starts a performance that has not started; a restart always asks first.
    start: () => {
      if (!perf) ifAllowed(startCommand(true));
    },
    lock: () => {
      if (lockCommand && check(lockCommand).ok) setAsking('lock');
    },
    reveal: () => ifAllowed(revealCommand),
    scene: () => ifAllowed(sceneCommand),
  };
  const latest = useRef(commands);
  // A layout effect: plain effects run after paint, and a key pressed in between would act on
  // the previous state.
  useLayoutEffect(() => {
    latest.current = commands;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isShortcutPress(keyPressOf(e))) return;
      const row = keyRow('judging', e.key);
      if (!row) return;
      e.preventDefault();
      latest.current[row.action]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!segment) {
    const judged = (stage?.segments ?? contest.definition.stages.flatMap((s) => s.segments)).filter(
      (s) => s.kind === 'judged' && contest.segmentStatus[s.id] !== 'finished',
    );
    return (
      <div className="hj" data-testid="judging-panel">
        <p className="panel-note">{t('hj.noSegment')}</p>
        <div className="hj-segments">
          {judged.map((s) => (
            <button
              key={s.id}
              type="button"
              className="btn"
              data-testid={`hj-start-segment-${s.id}`}
              onClick={() => run({ type: 'StartSegment', data: { segmentId: s.id } })}
            >
              {t('host.start')} {s.name}
            </button>
          ))}
        </div>
      </div>
    );
  }

  // The next judged segment, with its start button: shown once this one is over (not running,
  // or every contestant revealed), so the host never has to leave the judging tab for it.
  const allJudged = contest.definition.stages.flatMap((st) => st.segments).filter((s) => s.kind === 'judged');
  const after = allJudged.slice(allJudged.findIndex((s) => s.id === segment.id) + 1);
  const nextSegment = after.find(
    (s) => contest.segmentStatus[s.id] !== 'finished' && s.id !== contest.currentSegmentId,
  );
  const segmentOver =
    contest.currentSegmentId !== segment.id ||
    roster.every((c) => contest.judging.performances[segment.id]?.[c.id]?.status === 'revealed');
  const startNext: ClientCommand | null = nextSegment
    ? { type: 'StartSegment', data: { segmentId: nextSegment.id } }
    : null;

  const status = perf?.status ?? 'none';
  const resultByJudge = new Map((perf?.result?.scores ?? []).map((s) => [s.judgeId, s.score]));
  const dropped = new Set(perf?.result?.droppedJudgeIds ?? []);
  const key = selected ? `${segment.id}/${selected.id}` : '';

  return (
    <div className="hj" data-testid="judging-panel">
      <div className="hj-grid">
        <section className="panel hj-list">
          <h2>
            {segment.name}
            <small>{t('hj.title')}</small>
          </h2>
          {segmentOver && nextSegment && startNext && (
            <div className="hj-next" data-testid="hj-next-segment">
              <span>
                {t('hj.nextSegment')}：<strong>{nextSegment.name}</strong>
              </span>
              <button
                type="button"
                className="btn btn-small"
                data-testid={`hj-start-segment-${nextSegment.id}`}
                disabled={!check(startNext).ok}
                title={why(startNext, '')}
                onClick={(e) => {
                  e.currentTarget.blur();
                  setPicked(null);
                  run(startNext);
                }}
              >
                {t('host.start')} {nextSegment.name}
              </button>
            </div>
          )}
          <table className="hj-table">
            <tbody>
              {roster.map((c) => {
                const p = perfOf(c.id);
                const rec = contest.judging.recusals[segment.id]?.[c.id] ?? [];
                const exp = panel.filter((j) => !rec.includes(j)).length;
                return (
                  <tr
                    key={c.id}
                    className={`${c.id === selectedId ? 'is-selected' : ''} ${c.id === contest.currentContestantId ? 'is-current' : ''}`}
                    onClick={() => setPicked(c.id)}
                    data-testid={`hj-row-${c.id}`}
                  >
                    <td className="hj-seat">{c.seatNumber}</td>
                    <td className="hj-name">{c.name}</td>
                    <td>
                      <span className={`hj-status is-${p?.status ?? 'none'}`}>
                        {t(`hj.status.${p?.status ?? 'none'}`)}
                      </span>
                    </td>
                    <td className="hj-count">{p ? t('hj.count', { n: p.submitted.length, m: exp }) : ''}</td>
                    <td className="hj-score">{p?.result?.score != null ? formatHundredths(p.result.score) : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>

        {selected && (
          <section className="panel hj-detail" data-testid="hj-detail">
            <h2>
              <span className="hj-detail-seat">{selected.seatNumber}</span>
              {selected.name}
              <small>{selected.organisation}</small>
            </h2>
            <div className="hj-controls">
              <span className={`hj-status is-${status}`} data-testid="hj-status">
                {t(`hj.status.${status}`)}
              </span>
              {perf && <Timer perf={perf} />}
              <span className="hj-spacer" />
              {status !== 'locked' && status !== 'revealed' && (
                <>
                  <button
                    type="button"
                    className="btn"
                    disabled={busy.has(`StartPerformance`) || !check(startCommand(true)).ok}
                    onClick={(e) => {
                      e.currentTarget.blur();
                      if (perf) setAsking('restart');
                      else ifAllowed(startCommand(true));
                    }}
                    data-testid="hj-start"
                    title={why(startCommand(true), 'S')}
                  >
                    {perf ? t('hj.restart') : t('hj.start')}
                  </button>
                  {!perf && (
                    <button
                      type="button"
                      className="btn btn-quiet"
                      disabled={busy.has(`StartPerformance`) || !check(startCommand(false)).ok}
                      onClick={() => ifAllowed(startCommand(false))}
                      data-testid="hj-start-untimed"
                    >
                      {t('hj.startUntimed')}
                    </button>
                  )}
                </>
              )}
              {status === 'open' && (
                <button
                  type="button"
                  className={`btn ${missing.length > 0 ? 'btn-warn' : ''}`}
                  disabled={!check(lockCommand).ok}
                  onClick={(e) => {
                    e.currentTarget.blur();
                    commands.lock();
                  }}
                  data-testid="hj-lock"
                  title={why(lockCommand, 'L')}
                >
                  {missing.length > 0 ? t('hj.lockMissing', { n: missing.length }) : t('hj.lock')}
                </button>
              )}
              {status === 'locked' && (
                <button
                  type="button"
                  className="btn btn-gold"
                  disabled={!check(revealCommand).ok}
                  onClick={commands.reveal}
                  data-testid="hj-reveal"
                  title={why(revealCommand, 'R')}
                >
                  {t('hj.reveal')}
                </button>
              )}
              <button
                type="button"
                className={`btn btn-quiet ${contest.scene === 'judging' ? 'is-on' : ''}`}
                onClick={commands.scene}
                data-testid="hj-scene"
                title="J"
              >
                {t('hj.showOnStage')}
              </button>
            </div>

            {status === 'open' && <p className="hj-hint">{t('hj.hidden')}</p>}
            <ul className="hj-judges" data-testid="hj-judges">
              {panel.map((judgeId) => {
                const j = contest.definition.judges.find((x) => x.id === judgeId);
                const isRecused = recused.includes(judgeId);
                const done = perf?.submitted.includes(judgeId) ?? false;
                const value = resultByJudge.get(judgeId);
                return (
                  <li
                    key={judgeId}
                    className={`${done ? 'is-done' : ''} ${isRecused ? 'is-recused' : ''} ${dropped.has(judgeId) ? 'is-dropped' : ''}`}
                    data-testid={`hj-judge-${judgeId}`}
                  >
                    <span className={`hj-dot ${online.has(judgeId) ? 'is-online' : 'is-offline'}`} />
                    <span className="hj-judge-name">
                      {j?.name ?? judgeId}
                      {!online.has(judgeId) && <small className="hj-offline">{t('hj.offline')}</small>}
                    </span>
                    <span className="hj-judge-state">
                      {isRecused
                        ? t('jp.recused')
                        : value !== undefined
                          ? formatHundredths(value)
                          : done
                            ? `✓ ${t('hj.submitted')}`
                            : t('hj.waiting')}
                    </span>
                    {(status === 'none' || status === 'open') && (
                      <button
                        type="button"
                        className="btn btn-small btn-quiet"
                        data-testid={`hj-recuse-${judgeId}`}
                        disabled={!check(recusal(judgeId, !isRecused)).ok}
                        onClick={() => ifAllowed(recusal(judgeId, !isRecused))}
                      >
                        {isRecused ? t('hj.unrecuse') : t('hj.recuse')}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
            {perf?.result && perf.result.score !== null && (
              <p className="hj-result" data-testid="hj-result">
                {t('hj.result')} <strong>{formatHundredths(perf.result.score)}</strong>
              </p>
            )}
            {asking === 'lock' && (
              <ConfirmDialog
                testId="confirm-lock"
                confirmKey="l"
                text={
                  t('confirm.lock', { name: selected.name }) +
                  (missing.length > 0
                    ? ' ' +
                      t('confirm.lockMissing', {
                        n: missing.length,
                        judges: missing
                          .map((j) => contest.definition.judges.find((x) => x.id === j)?.name ?? j)
                          .join('、'),
                      })
                    : '')
                }
                okLabel={t('confirm.lockOk')}
                onConfirm={() => ifAllowed(lockCommand)}
                onClose={() => setAsking(null)}
              />
            )}
            {asking === 'restart' && (
              <ConfirmDialog
                testId="confirm-restart"
                text={t('confirm.restart', { name: selected.name })}
                okLabel={t('confirm.restartOk')}
                onConfirm={() => ifAllowed(startCommand(true))}
                onClose={() => setAsking(null)}
              />
            )}
            <CaptionEditor
              key={key}
              contest={contest}
              segmentId={segment.id}
              contestantId={selected.id}
              panel={panel}
              run={run}
            />
          </section>
        )}
      </div>
    </div>
  );
}

function Timer({ perf }: { perf: Performance }) {
  const t = useT();
  const now = useServerNow();
  if (perf.status !== 'open' || perf.deadlineAt === null) return null;
  const left = perf.deadlineAt - now;
  const tone = left < 0 ? 'is-over' : perf.warningAt !== null && now >= perf.warningAt ? 'is-warning' : '';
  return (
    <span className={`hj-timer ${tone}`} data-testid="hj-timer">
      {left < 0 ? t('jp.overtime') : t('jp.timeLeft')} {formatCountdown(left)}
    </span>
  );
}

function CaptionEditor({
  contest,
  segmentId,
  contestantId,
  panel,
  run,
}: {
  contest: ContestState;
  segmentId: string;
  contestantId: string;
  panel: string[];
  run: Run;
}) {
  const t = useT();
  const shown = contest.judging.caption;
  const [judgeId, setJudgeId] = useState<string>(panel[0] ?? '');
  const [text, setText] = useState('');
  return (
    <div className="hj-caption">
      <h3>{t('hj.caption')}</h3>
      {shown && (
        <p className="hj-caption-shown" data-testid="hj-caption-shown">
          {shown.text}
        </p>
      )}
      <div className="hj-caption-row">
        <select value={judgeId} onChange={(e) => setJudgeId(e.target.value)} aria-label={t('hj.captionJudge')}>
          <option value="">{t('hj.anyJudge')}</option>
          {panel.map((id) => (
            <option key={id} value={id}>
              {contest.definition.judges.find((j) => j.id === id)?.name ?? id}
            </option>
          ))}
        </select>
        <input
          value={text}
          maxLength={300}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('hj.caption')}
          data-testid="hj-caption-text"
        />
        <button
          type="button"
          className="btn btn-small"
          disabled={!text.trim()}
          data-testid="hj-caption-show"
          onClick={() =>
            run({ type: 'SetJudgeCaption', data: { segmentId, contestantId, judgeId: judgeId || null, text } })
          }
        >
          {t('hj.captionShow')}
        </button>
        <button
          type="button"
          className="btn btn-small btn-quiet"
          disabled={!shown}
          onClick={() => run({ type: 'SetJudgeCaption', data: { segmentId, contestantId, judgeId: null, text: null } })}
        >
          {t('hj.captionClear')}
        </button>
      </div>
    </div>
  );
}
