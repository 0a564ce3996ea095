import { useEffect } from 'react';
import type { ContestState } from '@leitai/shared';
import {
  currentContestant,
  currentSegment,
  currentStage,
  rosterContestants,
  rosterStage,
} from '../../core/contest-view.ts';
import { useT } from '../../core/i18n/i18n.ts';
import { Avatar } from '../../ui/avatar.tsx';
import { ConnectionStatus } from '../../ui/connection-status.tsx';
import { LocaleToggle } from '../../ui/locale-toggle.tsx';
import { ScreenGate } from '../../ui/screen-gate.tsx';

/** The audience's phone page: what is happening on stage now. */
export function LiveScreen() {
  return <ScreenGate>{(contest) => <LivePage contest={contest} />}</ScreenGate>;
}

function LivePage({ contest }: { contest: ContestState }) {
  const t = useT();
  const { definition } = contest;
  const stage = currentStage(contest);
  const segment = currentSegment(contest);
  const onStage = currentContestant(contest);
  const roster = rosterContestants(contest);
  const shownStage = stage ?? rosterStage(contest);
  useEffect(() => {
    document.title = definition.title;
  }, [definition.title]);

  return (
    <div className="live">
      <header className="live-top">
        <span className="live-brand">{t('app.name')}</span>
        <LocaleToggle />
      </header>

      <section className="live-hero">
        {definition.organiser && <p className="live-organiser">{definition.organiser}</p>}
        <h1 data-testid="contest-title">{definition.title}</h1>
        {definition.subtitle && <p className="live-subtitle">{definition.subtitle}</p>}
      </section>

      <section className="live-card live-now" data-testid="now">
        <h2>{t('live.current')}</h2>
        {stage ? (
          <p className="live-now-line">
            <strong>{stage.name}</strong>
            {segment && (
              <>
                <span className="live-sep">·</span>
                <span>{segment.name}</span>
                <span className="live-kind">{t(`kind.${segment.kind}`)}</span>
              </>
            )}
          </p>
        ) : (
          <p className="live-now-line live-muted">{t('live.waiting')}</p>
        )}
      </section>

      {onStage && (
        <section className="live-card live-onstage" data-testid="on-stage" key={onStage.id}>
          <h2>{t('live.onStage')}</h2>
          <div className="live-onstage-body">
            <Avatar name={onStage.name} photo={onStage.photo} className="live-avatar" />
            <div>
              <p className="live-onstage-name">
                <span className="live-seat">{onStage.seatNumber}</span>
                {onStage.name}
              </p>
              <p className="live-onstage-org">{onStage.organisation}</p>
            </div>
          </div>
        </section>
      )}

      <section className="live-card">
        <h2>
          {t('live.roster')}
          {shownStage && <small>{shownStage.name}</small>}
        </h2>
        <ol className="live-roster">
          {roster.map((c) => (
            <li key={c.id} className={c.id === contest.currentContestantId ? 'is-current' : ''}>
              <span className="live-seat">{c.seatNumber}</span>
              <span className="live-roster-name">{c.name}</span>
              <span className="live-roster-org">{c.organisation}</span>
            </li>
          ))}
        </ol>
      </section>
      <footer className="live-foot">
        <ConnectionStatus />
      </footer>
    </div>
  );
}
