import type { CSSProperties } from 'react';
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
import { QrCode } from '../../ui/qr-code.tsx';
import { DANMAKU_RESERVED } from '../../ui/danmaku/reserved-areas.ts';

/** The audience page for this contest, as the QR on the title scene encodes it. */
export function audienceUrl(joinCode: string, origin: string = window.location.origin): string {
  return new URL(`/live.html?code=${encodeURIComponent(joinCode)}`, origin).href;
}

/** Width of a text in em: ASCII counts about half, everything else (CJK, curly quotes, ·) a full em as the CJK font sets it. */
export function textWidthEm(text: string): number {
  let width = 0;
  for (const ch of text) width += ch.charCodeAt(0) < 0x80 ? 0.55 : 1;
  return width;
}

/**
 * Title size on the 1600 px measure: a short title is set as large as fits on one line (Chinese
 * breaks between any two characters, so a wrapped short title splits a word); a long one wraps
 * onto two balanced lines at the standard size.
 */
export function titleFontSize(title: string): { size: number; oneLine: boolean } {
  const TRACKING = 1.06; // letter-spacing 0.06em
  const width = textWidthEm(title) * TRACKING;
  // A little under the 1600 px measure: glyph side bearings and the drop shadow need room.
  const oneLine = Math.floor(1520 / width);
  if (oneLine >= 84) return { size: Math.min(132, oneLine), oneLine: true };
  return { size: 112, oneLine: false };
}

/**
 * The thin band at the top of every content scene: contest title and what is running
 * (`segmentName` names something else, e.g. the ceremony, instead of the running segment).
 */
export function StageBand({ contest, segmentName }: { contest: ContestState; segmentName?: string }) {
  const t = useT();
  const stage = currentStage(contest) ?? rosterStage(contest);
  const segment = currentSegment(contest);
  const name = segmentName ?? segment?.name;
  return (
    <header className="stage-band" {...DANMAKU_RESERVED}>
      <span className="stage-band-title">{contest.definition.title}</span>
      <span className="stage-band-now">
        {stage?.name}
        {name && (
          <>
            <span className="stage-band-dot">·</span>
            {name}
            {segment && segment.name === name && <span className="stage-kind">{t(`kind.${segment.kind}`)}</span>}
          </>
        )}
      </span>
    </header>
  );
}

/** Opening card: title, subtitle, organiser, the stage; the audience QR in a corner. */
export function TitleScene({ contest }: { contest: ContestState }) {
  const t = useT();
  const { definition, joinCode } = contest;
  const stage = currentStage(contest) ?? rosterStage(contest);
  const url = audienceUrl(joinCode);
  const title = titleFontSize(definition.title);
  return (
    <section className="scene-title" data-testid="scene-title">
      <div className="title-rays" aria-hidden="true" />
      <div className="title-frame" aria-hidden="true" />
      <div className="title-body">
        {definition.organiser && <p className="title-organiser">{definition.organiser}</p>}
        <h1
          className={`title-main ${title.oneLine ? 'is-one-line' : ''}`}
          style={{ fontSize: title.size }}
          data-testid="stage-title"
          {...DANMAKU_RESERVED}
        >
          {definition.title}
        </h1>
        {definition.subtitle && <p className="title-sub">{definition.subtitle}</p>}
        {stage && (
          <p className="title-stage">
            <span className="title-stage-rule" aria-hidden="true" />
            <span>{stage.name}</span>
            <span className="title-stage-rule" aria-hidden="true" />
          </p>
        )}
      </div>
      <aside className="title-join" data-testid="join-qr">
        <div className="title-join-qr">
          <QrCode text={url} label={t('stage.joinHint')} />
        </div>
        <div className="title-join-text">
          <strong>{t('stage.joinHint')}</strong>
          <span>{t('stage.joinCode', { code: joinCode })}</span>
        </div>
      </aside>
    </section>
  );
}

/** The contestants of the stage as a grid of cards. */
export function RosterScene({ contest }: { contest: ContestState }) {
  const t = useT();
  const roster = rosterContestants(contest);
  const stage = rosterStage(contest);
  const columns = roster.length <= 10 ? 5 : roster.length <= 18 ? 6 : 8;
  return (
    <section className="scene-roster" data-testid="scene-roster">
      <StageBand contest={contest} />
      <h2 className="stage-heading">
        {t('stage.roster')}
        {stage && <small>{stage.name}</small>}
      </h2>
      <ol
        className={`roster-grid ${roster.length > 10 ? 'is-dense' : ''}`}
        style={{ '--cols': columns } as CSSProperties}
      >
        {roster.map((c) => (
          <li key={c.id} className={c.id === contest.currentContestantId ? 'is-current' : ''}>
            <span className="roster-card-seat">{c.seatNumber}</span>
            <Avatar name={c.name} photo={c.photo} className="roster-card-avatar" />
            <strong className="roster-card-name">{c.name}</strong>
            <span className="roster-card-org">{c.organisation}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The contestant on stage, big: photo or initial, name, organisation, mentor. */
export function ContestantScene({ contest }: { contest: ContestState }) {
  const t = useT();
  const c = currentContestant(contest);
  return (
    <section className="scene-contestant" data-testid="scene-contestant">
      <StageBand contest={contest} />
      {c ? (
        <div className="spotlight" key={c.id}>
          <div className="spotlight-portrait">
            <Avatar name={c.name} photo={c.photo} className="spotlight-avatar" />
          </div>
          <div className="spotlight-text">
            <p className="spotlight-seat">{t('stage.seat', { seat: c.seatNumber })}</p>
            <h1 className="spotlight-name" data-testid="spotlight-name">
              {c.name}
            </h1>
            <p className="spotlight-org">{c.organisation}</p>
            {c.mentor && (
              <p className="spotlight-mentor">
                <span>{t('field.mentor')}</span>
                {c.mentor}
              </p>
            )}
          </div>
        </div>
      ) : (
        <p className="stage-empty">{t('stage.noContestant')}</p>
      )}
    </section>
  );
}

/** The stage's table in seat order; scores are added when scoring exists. */
export function ScoreboardScene({ contest }: { contest: ContestState }) {
  const t = useT();
  const roster = rosterContestants(contest);
  const stage = rosterStage(contest);
  const half = Math.ceil(roster.length / 2);
  const columns = roster.length > 8 ? [roster.slice(0, half), roster.slice(half)] : [roster];
  return (
    <section className="scene-scoreboard" data-testid="scene-scoreboard">
      <StageBand contest={contest} />
      <h2 className="stage-heading">
        {t('stage.scoreboard')}
        {stage && <small>{stage.name}</small>}
      </h2>
      <div className="board">
        {columns.map((column, i) => (
          <table key={i} className="board-table">
            <thead>
              <tr>
                <th className="board-seat">{t('field.number')}</th>
                <th>{t('field.name')}</th>
                <th>{t('field.organisation')}</th>
              </tr>
            </thead>
            <tbody>
              {column.map((c) => (
                <tr key={c.id} className={c.id === contest.currentContestantId ? 'is-current' : ''}>
                  <td className="board-seat">{c.seatNumber}</td>
                  <td className="board-name">{c.name}</td>
                  <td className="board-org">{c.organisation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </section>
  );
}
