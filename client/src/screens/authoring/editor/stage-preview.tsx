/**
 * A live preview of the stage screen for the draft: the real title and roster scenes of the
 * stage page, drawn on the 1920×1080 canvas and scaled down, from the last valid draft.
 */
import { useMemo, useState } from 'react';
import { evolve, type ContestFile, type ContestState } from '@leitai/shared';
import { useT } from '../../../core/i18n/i18n.ts';
import { RosterScene, TitleScene } from '../../stage/stage-scenes.tsx';

const WIDTH = 480;

/** The state a stage screen shows before the contest starts, with stage `stageIndex` as the one on the roster. */
export function previewState(file: ContestFile, stageIndex: number): ContestState | null {
  const stage = file.stages[stageIndex];
  const definition = stage ? { ...file, stages: [stage, ...file.stages.filter((_, i) => i !== stageIndex)] } : file;
  try {
    return evolve(
      null,
      { type: 'ContestCreated', data: { contestId: 'preview', joinCode: 'PREVIEW', definition, createdAt: 0 } },
      1,
    );
  } catch {
    return null;
  }
}

export function StagePreview({ file }: { file: ContestFile }) {
  const t = useT();
  const [scene, setScene] = useState<'title' | 'roster'>('title');
  const [stageIndex, setStageIndex] = useState(0);
  const index = Math.min(stageIndex, file.stages.length - 1);
  const state = useMemo(() => previewState(file, index), [file, index]);
  return (
    <aside className="ed-preview" data-testid="ed-preview">
      <div className="ed-row">
        <strong>{t('ed.preview')}</strong>
        <select value={scene} onChange={(e) => setScene(e.currentTarget.value as 'title' | 'roster')}>
          <option value="title">{t('ed.preview.title')}</option>
          <option value="roster">{t('ed.preview.roster')}</option>
        </select>
        <select value={index} onChange={(e) => setStageIndex(Number(e.currentTarget.value))}>
          {file.stages.map((s, i) => (
            <option key={i} value={i}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <div className="ed-preview-frame" style={{ width: WIDTH, height: (WIDTH * 9) / 16 }}>
        <div className="ed-preview-canvas" style={{ transform: `scale(${WIDTH / 1920})` }}>
          <div className="stage">
            {state && (scene === 'title' ? <TitleScene contest={state} /> : <RosterScene contest={state} />)}
          </div>
        </div>
      </div>
    </aside>
  );
}
