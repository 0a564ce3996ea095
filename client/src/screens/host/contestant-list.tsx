import type { ClientCommand, ContestState } from '@leitai/shared';
import { neighbourContestant, rosterContestants, rosterStage } from '../../core/contest-view.ts';
import { useT } from '../../core/i18n/i18n.ts';
import { Avatar } from '../../ui/avatar.tsx';

/** The roster in seat order with "call up" buttons; the contestant on stage is highlighted. */
export function ContestantList({
  contest,
  run,
  busy,
}: {
  contest: ContestState;
  run: (command: ClientCommand) => void;
  busy: ReadonlySet<string>;
}) {
  const t = useT();
  const roster = rosterContestants(contest);
  const stage = rosterStage(contest);
  const prev = neighbourContestant(contest, -1);
  const next = neighbourContestant(contest, 1);
  const setCurrent = (contestantId: string | null) => run({ type: 'SetCurrentContestant', data: { contestantId } });
  return (
    <div className="roster">
      <div className="roster-tools">
        <span className="roster-caption">
          {stage ? t('host.rosterOf', { stage: stage.name, count: roster.length }) : null}
        </span>
        <span className="ros-spacer" />
        <button
          type="button"
          className="btn btn-small btn-quiet"
          data-testid="prev-contestant"
          disabled={!prev}
          onClick={() => prev && setCurrent(prev.id)}
          title="←"
        >
          ← {t('host.prev')}
        </button>
        <button
          type="button"
          className="btn btn-small btn-quiet"
          data-testid="next-contestant"
          disabled={!next}
          onClick={() => next && setCurrent(next.id)}
          title="→"
        >
          {t('host.next')} →
        </button>
        <button
          type="button"
          className="btn btn-small btn-quiet"
          data-testid="clear-current"
          disabled={contest.currentContestantId === null}
          onClick={() => setCurrent(null)}
        >
          {t('host.clearCurrent')}
        </button>
      </div>
      {!contest.currentStageId && <p className="roster-note">{t('host.noStage')}</p>}
      <ol className="roster-list">
        {roster.map((c) => {
          const current = c.id === contest.currentContestantId;
          return (
            <li
              key={c.id}
              className={`roster-row ${current ? 'is-current' : ''}`}
              data-testid={`contestant-${c.id}`}
              aria-current={current ? 'true' : undefined}
            >
              <span className="roster-seat">{c.seatNumber}</span>
              <Avatar name={c.name} photo={c.photo} className="roster-avatar" />
              <span className="roster-text">
                <span className="roster-name">{c.name}</span>
                <span className="roster-org">{c.organisation}</span>
                {c.mentor && <span className="roster-mentor">{t('field.mentorOf', { mentor: c.mentor })}</span>}
              </span>
              {current ? (
                <span className="chip chip-running">{t('host.isCurrent')}</span>
              ) : (
                <button
                  type="button"
                  className="btn btn-small"
                  data-testid={`set-current-${c.id}`}
                  disabled={busy.has(`SetCurrentContestant:${c.id}`)}
                  onClick={() => setCurrent(c.id)}
                >
                  {t('host.setCurrent')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
