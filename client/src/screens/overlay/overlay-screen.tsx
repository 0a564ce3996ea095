import type { ContestState, Scene } from '@leitai/shared';
import {
  currentContestant,
  currentSegment,
  currentStage,
  rosterContestants,
  rosterStage,
} from '../../core/contest-view.ts';
import { useT } from '../../core/i18n/i18n.ts';
import { useContestLocale } from '../../core/i18n/contest-locale.ts';
import { ConnectionStatus } from '../../ui/connection-status.tsx';
import { DANMAKU_RESERVED } from '../../ui/danmaku/reserved-areas.ts';
import { FitCanvas } from '../../ui/fit-canvas.tsx';
import { ScreenGate } from '../../ui/screen-gate.tsx';
import { AdvancementStrip } from './advancement/advancement-strip.tsx';
import { JudgingStrip } from './judging/judging-strip.tsx';
import { OverlayAudience } from './audience/overlay-audience.tsx';
import { OverlayRoster, OverlayTitle } from './intro/overlay-intro.tsx';
import { KnowledgeScoreStrip, OverlayQuestion } from './knowledge/overlay-knowledge.tsx';
import { OverlayCeremony, OverlayStandings } from './results/overlay-results.tsx';
import { stripLayout } from './strip-layout.ts';

const params = new URLSearchParams(window.location.search);
/** `?debug=1` shows the connection dot; on air the overlay shows nothing but graphics. */
const DEBUG = params.get('debug') === '1';
/** `?safe=1` draws the title-safe frame for lining the page up in OBS. */
const SAFE_GUIDE = params.get('safe') === '1';

/** Scenes with a panel across the bottom: the lower third moves to the top left. */
const BOTTOM_PANEL: ReadonlySet<Scene> = new Set(['title', 'roster', 'ceremony']);

/**
 * Transparent graphics for OBS, one set per stage scene, all inside the title-safe area: title
 * card, roster panel, name plate, score strip, question band, judging strip, standings panel,
 * ceremony card; the lower third (name plate and title bar) on every scene but blank, at the top
 * left when a panel fills the bottom. Nothing on blank.
 */
export function OverlayScreen() {
  return (
    <ScreenGate loading={<FitCanvas className="overlay-viewport" />}>
      {(contest) => (
        <FitCanvas className="overlay-viewport">
          <OverlayCanvas contest={contest} />
        </FitCanvas>
      )}
    </ScreenGate>
  );
}

function OverlayCanvas({ contest }: { contest: ContestState }) {
  useContestLocale(contest);
  return (
    <div className="overlay" data-testid="overlay" data-scene={contest.scene}>
      <OverlayScene scene={contest.scene} contest={contest} />
      {contest.scene !== 'blank' && <LowerThird contest={contest} />}
      <OverlayAudience contest={contest} />
      {SAFE_GUIDE && <div className="overlay-safe-guide" data-testid="overlay-safe-guide" />}
      {DEBUG && (
        <div className="overlay-debug">
          <ConnectionStatus />
        </div>
      )}
    </div>
  );
}

function OverlayScene({ scene, contest }: { scene: Scene; contest: ContestState }) {
  switch (scene) {
    case 'title':
      return <OverlayTitle contest={contest} />;
    case 'roster':
      return <OverlayRoster contest={contest} />;
    case 'scoreboard':
      return <KnowledgeScoreStrip contest={contest} fallback={<ScoreStrip contest={contest} />} />;
    case 'question':
      return <OverlayQuestion contest={contest} />;
    case 'judging':
      return <JudgingStrip contest={contest} />;
    case 'results':
      return <OverlayStandings contest={contest} />;
    case 'ceremony':
      return <OverlayCeremony contest={contest} />;
    case 'advancement':
      return <AdvancementStrip contest={contest} />;
    case 'contestant':
    case 'blank':
      // The contestant is the lower third's name plate; blank shows nothing but danmaku.
      return null;
  }
}

function LowerThird({ contest }: { contest: ContestState }) {
  const t = useT();
  const stage = currentStage(contest);
  const segment = currentSegment(contest);
  const c = currentContestant(contest);
  return (
    <div
      className={`lower-third ${BOTTOM_PANEL.has(contest.scene) ? 'is-top' : ''} ${contest.scene === 'results' ? 'is-narrow' : ''}`}
      {...DANMAKU_RESERVED}
    >
      {c && (
        <div className="name-plate" key={c.id} data-testid="name-plate">
          <span className="name-plate-seat">{c.seatNumber}</span>
          <span className="name-plate-name">{c.name}</span>
          <span className="name-plate-org">{c.organisation}</span>
          {contest.scene === 'contestant' && c.mentor && (
            <span className="name-plate-mentor">
              {t('field.mentor')} {c.mentor}
            </span>
          )}
        </div>
      )}
      <div className="title-bar" data-testid="title-bar">
        <span className="title-bar-badge">{segment ? t(`kind.${segment.kind}`) : t('overlay.live')}</span>
        <span className="title-bar-text">
          <span className="title-bar-contest">{contest.definition.title}</span>
          <span className="title-bar-now">
            {/* Before the show starts, the subtitle reads better on air than a status line. */}
            {[stage?.name, segment?.name].filter(Boolean).join(' · ') ||
              contest.definition.subtitle ||
              t('waiting.stage')}
          </span>
        </span>
      </div>
    </div>
  );
}

/** The roster in seat order, when the stage has no knowledge round to score; nothing when empty. */
function ScoreStrip({ contest }: { contest: ContestState }) {
  const t = useT();
  const roster = rosterContestants(contest);
  const stage = rosterStage(contest);
  if (roster.length === 0) return null;
  const layout = stripLayout(roster.length);
  return (
    <div
      className={`score-strip ${layout.className}`}
      data-testid="score-strip"
      style={layout.style}
      {...DANMAKU_RESERVED}
    >
      <span className="score-strip-head">
        {t('stage.scoreboard')}
        {stage && <small>{stage.name}</small>}
      </span>
      <ol>
        {roster.map((c) => (
          <li key={c.id} className={c.id === contest.currentContestantId ? 'is-current' : ''}>
            <span className="score-strip-seat">{c.seatNumber}</span>
            {c.name}
          </li>
        ))}
      </ol>
    </div>
  );
}
