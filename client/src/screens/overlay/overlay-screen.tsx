import type { ContestState } from '@leitai/shared';
import {
  currentContestant,
  currentSegment,
  currentStage,
  rosterContestants,
  rosterStage,
} from '../../core/contest-view.ts';
import { useT } from '../../core/i18n/i18n.ts';
import { ConnectionStatus } from '../../ui/connection-status.tsx';
import { FitCanvas } from '../../ui/fit-canvas.tsx';
import { ScreenGate } from '../../ui/screen-gate.tsx';
import { AdvancementStrip } from './advancement/advancement-strip.tsx';
import { JudgingStrip } from './judging/judging-strip.tsx';
import { OverlayAudience } from './audience/overlay-audience.tsx';
import { KnowledgeScoreStrip, OverlayQuestion } from './knowledge/overlay-knowledge.tsx';

/** `?debug=1` shows the connection dot; on air the overlay shows nothing but graphics. */
const DEBUG = new URLSearchParams(window.location.search).get('debug') === '1';

/** Transparent lower thirds for OBS: title bar, name plate, scoreboard strip; nothing on blank. */
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
  const blank = contest.scene === 'blank';
  return (
    <div className="overlay" data-testid="overlay" data-scene={contest.scene}>
      {!blank && contest.scene === 'scoreboard' && (
        <KnowledgeScoreStrip contest={contest} fallback={<ScoreStrip contest={contest} />} />
      )}
      {!blank && contest.scene === 'question' && <OverlayQuestion contest={contest} />}
      {!blank && contest.scene === 'judging' && <JudgingStrip contest={contest} />}
      {!blank && contest.scene === 'advancement' && <AdvancementStrip contest={contest} />}
      {!blank && <LowerThird contest={contest} />}
      <OverlayAudience contest={contest} />
      {DEBUG && (
        <div className="overlay-debug">
          <ConnectionStatus />
        </div>
      )}
    </div>
  );
}

function LowerThird({ contest }: { contest: ContestState }) {
  const t = useT();
  const stage = currentStage(contest);
  const segment = currentSegment(contest);
  const c = currentContestant(contest);
  return (
    <div className="lower-third">
      {c && (
        <div className="name-plate" key={c.id} data-testid="name-plate">
          <span className="name-plate-seat">{c.seatNumber}</span>
          <span className="name-plate-name">{c.name}</span>
          <span className="name-plate-org">{c.organisation}</span>
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

function ScoreStrip({ contest }: { contest: ContestState }) {
  const t = useT();
  const roster = rosterContestants(contest);
  const stage = rosterStage(contest);
  return (
    <div className="score-strip" data-testid="score-strip">
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
