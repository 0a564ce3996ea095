import type { ContestState } from '@leitai/shared';
import {
  contestantsById,
  currentContestant,
  currentSegment,
  currentStage,
  rosterContestants,
} from '../../core/contest-view.ts';
import { useT } from '../../core/i18n/i18n.ts';
import { Avatar } from '../../ui/avatar.tsx';
import { ConnectionStatus } from '../../ui/connection-status.tsx';
import { LocaleToggle } from '../../ui/locale-toggle.tsx';
import { ScreenGate } from '../../ui/screen-gate.tsx';
import { useContest } from '../../ui/session-context.tsx';
import { KnowledgePlay } from './knowledge-play.tsx';

/** The contestant's phone: their own card and whether it is their turn. */
export function PlayScreen() {
  return <ScreenGate>{(contest) => <PlayCard contest={contest} />}</ScreenGate>;
}

function PlayCard({ contest }: { contest: ContestState }) {
  const t = useT();
  const myId = useContest((s) => s.welcome?.subjectId ?? null);
  const me = myId ? contestantsById(contest).get(myId) : undefined;
  const onStage = currentContestant(contest);
  const stage = currentStage(contest);
  const segment = currentSegment(contest);
  const myTurn = !!me && onStage?.id === me.id;
  const onRoster = !!me && rosterContestants(contest).some((c) => c.id === me.id);

  // During a knowledge round the phone becomes the buzzer and answer pad.
  if (me && onRoster && segment && (segment.kind === 'required' || segment.kind === 'buzzer')) {
    return (
      <div className="play kq-mode">
        <header className="kq-play-me" data-testid="my-card">
          <Avatar name={me.name} photo={me.photo} className="kq-play-avatar" />
          <span className="kq-play-name" data-testid="my-name">
            {me.name}
          </span>
          <span className="kq-play-seat">{t('field.seat', { seat: me.seatNumber })}</span>
          <span className="kq-play-segment" data-testid="segment">
            {segment.name}
          </span>
        </header>
        <KnowledgePlay contest={contest} me={me.id} />
        <footer className="play-foot">
          <ConnectionStatus />
          <LocaleToggle />
        </footer>
      </div>
    );
  }

  return (
    <div className={`play ${myTurn ? 'is-my-turn' : ''}`}>
      <header className="play-top">
        <span className="play-title">{contest.definition.title}</span>
      </header>

      <section className="play-card" data-testid="my-card">
        <span className="play-card-label">{t('play.you')}</span>
        {me ? (
          <>
            <Avatar name={me.name} photo={me.photo} className="play-avatar" />
            <h1 className="play-name" data-testid="my-name">
              {me.name}
            </h1>
            <p className="play-org">{me.organisation}</p>
            <p className="play-seat">{t('field.seat', { seat: me.seatNumber })}</p>
            {me.mentor && <p className="play-mentor">{t('field.mentorOf', { mentor: me.mentor })}</p>}
          </>
        ) : (
          <p className="play-org">{t('field.none')}</p>
        )}
      </section>

      <section className={`play-turn ${myTurn ? 'is-on' : ''}`} data-testid="turn" data-my-turn={myTurn}>
        {myTurn ? (
          <>
            <strong>{t('play.yourTurn')}</strong>
            <span>{t('play.yourTurnHint')}</span>
          </>
        ) : (
          <>
            <strong>{t('waiting.host')}</strong>
            <span>{onStage ? t('play.onStage', { name: onStage.name }) : t('play.notYet')}</span>
          </>
        )}
      </section>

      <dl className="play-now">
        <div>
          <dt>{t('field.stage')}</dt>
          <dd>{stage?.name ?? t('waiting.stage')}</dd>
        </div>
        <div>
          <dt>{t('field.segment')}</dt>
          <dd data-testid="segment">
            {segment ? (
              <>
                {segment.name}
                <span className="play-kind">{t(`kind.${segment.kind}`)}</span>
              </>
            ) : (
              t('waiting.segment')
            )}
          </dd>
        </div>
      </dl>
      {me && stage && !onRoster && <p className="play-note">{t('play.notOnRoster')}</p>}
      <footer className="play-foot">
        <ConnectionStatus />
        <LocaleToggle />
      </footer>
    </div>
  );
}
