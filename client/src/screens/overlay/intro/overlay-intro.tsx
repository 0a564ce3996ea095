import type { CSSProperties } from 'react';
import type { ContestState } from '@leitai/shared';
import { currentStage, rosterContestants, rosterStage } from '../../../core/contest-view.ts';
import { useT } from '../../../core/i18n/i18n.ts';
import { Avatar } from '../../../ui/avatar.tsx';
import { DANMAKU_RESERVED } from '../../../ui/danmaku/reserved-areas.ts';
import './overlay-intro.css';

/** The opening card for the stream: organiser, title, subtitle, stage, and the audience's join code. */
export function OverlayTitle({ contest }: { contest: ContestState }) {
  const t = useT();
  const { definition, joinCode } = contest;
  const stage = currentStage(contest) ?? rosterStage(contest);
  const stageName = stage && !definition.title.includes(stage.name) ? stage.name : undefined;
  return (
    <section className="ov-title" data-testid="overlay-title" {...DANMAKU_RESERVED}>
      <div className="ov-title-body">
        {definition.organiser && <p className="ov-title-organiser">{definition.organiser}</p>}
        <h1 className="ov-title-main">{definition.title}</h1>
        {(definition.subtitle || stageName) && (
          <p className="ov-title-sub">{[definition.subtitle, stageName].filter(Boolean).join(' · ')}</p>
        )}
      </div>
      <aside className="ov-title-join">
        <strong>{t('stage.joinHint')}</strong>
        <span>{t('stage.joinCode', { code: joinCode })}</span>
      </aside>
    </section>
  );
}

/** The contestants of the stage as a panel in the lower part of the picture (seat, name, organisation). */
export function OverlayRoster({ contest }: { contest: ContestState }) {
  const t = useT();
  const roster = rosterContestants(contest);
  const stage = rosterStage(contest);
  if (roster.length === 0) return null;
  // As many columns as fit a name and a short organisation; rows grow upwards from the safe bottom edge.
  const rows = Math.ceil(roster.length / 6);
  const columns = Math.ceil(roster.length / rows);
  return (
    <section
      className={`ov-roster ${rows > 2 ? 'is-dense' : ''}`}
      data-testid="overlay-roster"
      style={{ '--cols': columns } as CSSProperties}
      {...DANMAKU_RESERVED}
    >
      <header className="ov-panel-head">
        <span>{t('stage.roster')}</span>
        <small>
          {[contest.definition.title, stage && !contest.definition.title.includes(stage.name) ? stage.name : null]
            .filter(Boolean)
            .join(' · ')}
        </small>
      </header>
      <ol className="ov-roster-grid">
        {roster.map((c) => (
          <li key={c.id} className={c.id === contest.currentContestantId ? 'is-current' : ''}>
            <Avatar name={c.name} photo={c.photo} className="ov-roster-avatar" />
            <span className="ov-roster-seat">{c.seatNumber}</span>
            <span className="ov-roster-text">
              <strong>{c.name}</strong>
              <small>{c.organisation}</small>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
