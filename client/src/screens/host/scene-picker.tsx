import { SCENES, type ClientCommand, type ContestState, type Scene } from '@leitai/shared';
import { currentContestant, currentSegment, currentStage } from '../../core/contest-view.ts';
import { useT } from '../../core/i18n/i18n.ts';
import { SCENE_KEY_CHARS } from './key-table.ts';

/** Every scene with its shortcut key (1–9, 0); the one on screen now is lit. */
export function ScenePicker({
  contest,
  run,
  busy,
}: {
  contest: ContestState;
  run: (command: ClientCommand) => void;
  busy: ReadonlySet<string>;
}) {
  const t = useT();
  const choose = (scene: Scene) => run({ type: 'ChooseScene', data: { scene } });
  return (
    <div className="scenes" role="group" aria-label={t('host.scene')}>
      {SCENES.map((scene, i) => {
        const live = contest.scene === scene;
        return (
          <button
            type="button"
            key={scene}
            className={`scene-btn scene-${scene} ${live ? 'is-live' : ''}`}
            data-testid={`scene-${scene}`}
            aria-pressed={live}
            disabled={busy.has(`ChooseScene:${scene}`)}
            onClick={() => choose(scene)}
          >
            <kbd>{SCENE_KEY_CHARS[i]}</kbd>
            <span>{t(`scene.${scene}`)}</span>
            {live && <span className="scene-live">{t('host.liveScene')}</span>}
          </button>
        );
      })}
    </div>
  );
}

/** A compact summary of what the hall sees now. */
export function NowCard({ contest }: { contest: ContestState }) {
  const t = useT();
  const stage = currentStage(contest);
  const segment = currentSegment(contest);
  const contestant = currentContestant(contest);
  return (
    <dl className="now-card" data-testid="now-card">
      <div>
        <dt>{t('field.stage')}</dt>
        <dd>{stage?.name ?? t('field.none')}</dd>
      </div>
      <div>
        <dt>{t('field.segment')}</dt>
        <dd>
          {segment ? (
            <>
              {segment.name} <span className={`kind kind-${segment.kind}`}>{t(`kind.${segment.kind}`)}</span>
            </>
          ) : (
            t('field.none')
          )}
        </dd>
      </div>
      <div>
        <dt>{t('field.current')}</dt>
        <dd data-testid="now-contestant">
          {contestant ? `${contestant.seatNumber} · ${contestant.name}` : t('field.none')}
        </dd>
      </div>
      <div>
        <dt>{t('host.liveScene')}</dt>
        <dd data-testid="now-scene">{t(`scene.${contest.scene}`)}</dd>
      </div>
    </dl>
  );
}
