import type { ContestState } from '@leitai/shared';
import { currentContestant, currentSegment, currentStage, rosterContestants } from '../../core/contest-view.ts';
import { useT } from '../../core/i18n/i18n.ts';
import { Avatar } from '../../ui/avatar.tsx';
import { ConnectionStatus } from '../../ui/connection-status.tsx';
import { LocaleToggle } from '../../ui/locale-toggle.tsx';
import { ScreenGate } from '../../ui/screen-gate.tsx';
import { useContest } from '../../ui/session-context.tsx';

/** The judge's pad: who they are, what is running, and the running order with who is on stage. */
export function JudgeScreen() {
  return <ScreenGate>{(contest) => <JudgePad contest={contest} />}</ScreenGate>;
}

function JudgePad({ contest }: { contest: ContestState }) {
  const t = useT();
  const judgeId = useContest((s) => s.welcome?.subjectId ?? null);
  const judge = contest.definition.judges.find((j) => j.id === judgeId);
  const stage = currentStage(contest);
  const segment = currentSegment(contest);
  const onStage = currentContestant(contest);
  const roster = rosterContestants(contest);

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
            </>
          ) : (
            <span className="judge-onstage-empty">{t('waiting.host')}</span>
          )}
        </div>
      </section>

      <section className="judge-roster">
        <h2>
          {t('judge.roster')}
          {stage && <small>{stage.name}</small>}
        </h2>
        <ol>
          {roster.map((c) => {
            const current = c.id === onStage?.id;
            return (
              <li
                key={c.id}
                className={current ? 'is-current' : ''}
                aria-current={current ? 'true' : undefined}
                data-testid={`contestant-${c.id}`}
              >
                <span className="judge-seat">{c.seatNumber}</span>
                <span className="judge-name">{c.name}</span>
                <span className="judge-org">{c.organisation}</span>
                {current && <span className="judge-badge">{t('judge.onStage')}</span>}
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}
