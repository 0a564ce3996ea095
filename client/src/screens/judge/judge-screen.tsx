import { useState } from 'react';
import {
  findSegment,
  formatHundredths,
  resolveJudgePanel,
  type ContestState,
  type Performance,
  type Segment,
} from '@leitai/shared';
import { currentContestant, currentSegment, currentStage, rosterContestants } from '../../core/contest-view.ts';
import { useT } from '../../core/i18n/i18n.ts';
import { Avatar } from '../../ui/avatar.tsx';
import { ConnectionStatus } from '../../ui/connection-status.tsx';
import { LocaleToggle } from '../../ui/locale-toggle.tsx';
import { ScreenGate } from '../../ui/screen-gate.tsx';
import { useContest } from '../../ui/session-context.tsx';
import { ScoreForm } from './score-form.tsx';
import { formatCountdown, useServerNow } from '../../core/server-now.ts';

/** The judge's pad: the running judged segment, its contestants in order, and the score form. */
export function JudgeScreen() {
  return <ScreenGate>{(contest) => <JudgePad contest={contest} />}</ScreenGate>;
}

type JudgedSegment = Extract<Segment, { kind: 'judged' }>;

/** The judged segment the pad scores: the running one, else the one last started for a performance. */
function padSegment(contest: ContestState): JudgedSegment | null {
  const running = currentSegment(contest);
  if (running?.kind === 'judged') return running;
  const focus = contest.judging.focus;
  const found = focus ? findSegment(contest.definition, focus.segmentId)?.segment : undefined;
  return found?.kind === 'judged' && contest.segmentStatus[found.id] === 'running' ? found : null;
}

function JudgePad({ contest }: { contest: ContestState }) {
  const t = useT();
  const judgeId = useContest((s) => s.welcome?.subjectId ?? null);
  const judge = contest.definition.judges.find((j) => j.id === judgeId);
  const stage = currentStage(contest);
  const segment = padSegment(contest) ?? currentSegment(contest);
  const judged = segment?.kind === 'judged' ? segment : null;
  const onStage = currentContestant(contest);
  const roster = rosterContestants(contest);
  const onPanel = judged && judgeId ? resolveJudgePanel(contest.definition, judged).includes(judgeId) : false;

  // The selected contestant follows the one on stage, until the judge taps another.
  const followed = onStage?.id ?? null;
  const [pick, setPick] = useState<{ while: string | null; id: string } | null>(null);
  const setPicked = (id: string) => setPick({ while: followed, id });
  const selectedId = (pick && pick.while === followed ? pick.id : null) ?? followed;
  const selected = roster.find((c) => c.id === selectedId) ?? null;
  const perfOf = (id: string): Performance | undefined =>
    judged ? contest.judging.performances[judged.id]?.[id] : undefined;
  const recusedFor = (id: string) =>
    judged && judgeId ? (contest.judging.recusals[judged.id]?.[id] ?? []).includes(judgeId) : false;

  return (
    <div className="judge">
      <header className="judge-head">
        <div className="judge-who">
          <span className="judge-role">{t('judge.you')}</span>
          <strong data-testid="judge-name">{judge?.name ?? t('field.none')}</strong>
          {judge?.title && <span className="judge-title">{judge.title}</span>}
        </div>
        <span className="judge-tools">
          <ConnectionStatus />
          <LocaleToggle />
        </span>
      </header>

      <section className="judge-now">
        <p className="judge-contest">{contest.definition.title}</p>
        <p className="judge-segment" data-testid="segment">
          <span>{stage?.name ?? t('waiting.stage')}</span>
          {segment && (
            <>
              <span className="judge-sep">·</span>
              <span>{segment.name}</span>
              <span className="judge-kind">{t(`kind.${segment.kind}`)}</span>
            </>
          )}
        </p>
        <div className="judge-onstage" data-testid="on-stage">
          <span className="judge-onstage-label">{t('judge.onStage')}</span>
          {onStage ? (
            <>
              <Avatar name={onStage.name} photo={onStage.photo} className="judge-onstage-avatar" />
              <span className="judge-onstage-text">
                <strong>
                  <span className="judge-onstage-seat">{onStage.seatNumber}</span>
                  {onStage.name}
                </strong>
                <span>{onStage.organisation}</span>
              </span>
              {judged && <PerformanceTimer perf={perfOf(onStage.id)} />}
            </>
          ) : (
            <span className="judge-onstage-empty">{t('waiting.host')}</span>
          )}
        </div>
      </section>

      {judged && onPanel && judgeId && selected && (
        <ScoreForm
          key={`${judged.id}/${selected.id}`}
          segment={judged}
          contestant={selected}
          judgeId={judgeId}
          perf={perfOf(selected.id)}
          recused={recusedFor(selected.id)}
        />
      )}
      {!judged && <p className="jp-note">{t('jp.noSegment')}</p>}

      <section className="judge-roster">
        <h2>
          {judged ? t('jp.myScores') : t('judge.roster')}
          {stage && <small>{stage.name}</small>}
        </h2>
        <ol>
          {roster.map((c) => {
            const current = c.id === onStage?.id;
            const perf = perfOf(c.id);
            const mine = judgeId ? perf?.marks[judgeId] : undefined;
            const recused = recusedFor(c.id);
            const classes = [current ? 'is-current' : '', c.id === selectedId ? 'is-selected' : ''].join(' ');
            return (
              <li
                key={c.id}
                className={classes}
                aria-current={current ? 'true' : undefined}
                data-testid={`contestant-${c.id}`}
              >
                <button
                  type="button"
                  className="jp-row"
                  onClick={() => setPicked(c.id)}
                  disabled={!judged}
                  data-testid={`pick-${c.id}`}
                >
                  <span className="judge-seat">{c.seatNumber}</span>
                  <span className="judge-name">{c.name}</span>
                  <span className="judge-org">{c.organisation}</span>
                  {current && <span className="judge-badge">{t('judge.onStage')}</span>}
                  {judged && (
                    <span className="jp-mine" data-testid={`mine-${c.id}`}>
                      {recused ? (
                        <span className="jp-tag is-recused">{t('jp.recused')}</span>
                      ) : mine ? (
                        <>
                          <strong>{formatHundredths(mine.score)}</strong>
                          {perf?.status !== 'open' && <span className="jp-tag is-locked">{t('jp.locked')}</span>}
                        </>
                      ) : perf ? (
                        <span className="jp-tag">{t('jp.notScored')}</span>
                      ) : null}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}

function PerformanceTimer({ perf }: { perf: Performance | undefined }) {
  const t = useT();
  const now = useServerNow();
  if (!perf || perf.status !== 'open' || perf.deadlineAt === null) return null;
  const left = perf.deadlineAt - now;
  const tone = left < 0 ? 'is-over' : perf.warningAt !== null && now >= perf.warningAt ? 'is-warning' : '';
  return (
    <span className={`jp-timer ${tone}`} data-testid="judge-timer">
      <small>{left < 0 ? t('jp.overtime') : t('jp.timeLeft')}</small>
      {formatCountdown(left)}
    </span>
  );
}
