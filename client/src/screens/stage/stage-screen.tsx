import type { ContestState, Scene } from '@leitai/shared';
import { useT } from '../../core/i18n/i18n.ts';
import { useContestLocale } from '../../core/i18n/contest-locale.ts';
import { ConnectionStatus } from '../../ui/connection-status.tsx';
import { FitCanvas } from '../../ui/fit-canvas.tsx';
import { SceneLayers } from '../../ui/scene-layers.tsx';
import { ScreenGate } from '../../ui/screen-gate.tsx';
import { StageSoundControl } from '../../ui/sound/stage-sound-control.tsx';
import { StageAudience } from './audience/stage-audience.tsx';
import { ContestantScene, RosterScene, TitleScene } from './stage-scenes.tsx';
import { JudgingScene } from './judging/judging-scene.tsx';
import { AdvancementScene } from './results/advancement-scene.tsx';
import { CeremonyScene } from './results/ceremony-scene.tsx';
import { StandingsScene } from './results/standings-scene.tsx';
import { LiveScoreboardScene } from './knowledge/live-scoreboard.tsx';
import { QuestionScene } from './knowledge/question-scene.tsx';

/** The hall's big screen: renders the scene the host chose, on a 1920×1080 canvas. */
export function StageScreen() {
  return (
    <ScreenGate loading={<FitCanvas className="stage-viewport" />}>
      {(contest) => (
        <FitCanvas className="stage-viewport">
          <StageCanvas contest={contest} />
        </FitCanvas>
      )}
    </ScreenGate>
  );
}

function StageCanvas({ contest }: { contest: ContestState }) {
  useContestLocale(contest);
  return (
    <div className="stage" data-testid="stage" data-scene={contest.scene}>
      <SceneLayers scene={contest.scene} render={(scene) => <StageScene scene={scene} contest={contest} />} />
      <StageAudience contest={contest} />
      <StageSoundControl contest={contest} />
      <div className="stage-status">
        <ConnectionStatus variant="dot" />
      </div>
    </div>
  );
}

function StageScene({ scene, contest }: { scene: Scene; contest: ContestState }) {
  const t = useT();
  switch (scene) {
    case 'title':
      return <TitleScene contest={contest} />;
    case 'roster':
      return <RosterScene contest={contest} />;
    case 'contestant':
      return <ContestantScene contest={contest} />;
    case 'scoreboard':
      return <LiveScoreboardScene contest={contest} />;
    case 'question':
      return <QuestionScene contest={contest} />;
    case 'judging':
      return <JudgingScene contest={contest} />;
    case 'results':
      return <StandingsScene contest={contest} />;
    case 'ceremony':
      return <CeremonyScene contest={contest} />;
    case 'advancement':
      return <AdvancementScene contest={contest} />;
    case 'blank':
      return <div className="stage-blank" aria-label={t('scene.blank')} />;
  }
}
