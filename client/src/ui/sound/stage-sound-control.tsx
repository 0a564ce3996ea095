import { useEffect, useState } from 'react';
import type { ContestState } from '@leitai/shared';
import { useT } from '../../core/i18n/i18n.ts';
import { useSoundSettings } from './sound-settings.ts';
import { unlockSound } from './tones.ts';
import { useJudgingSounds } from './use-stage-sounds.ts';
import './stage-sound.css';

/** How long the control stays up after the mouse moves or a sound key is pressed. */
const SHOW_MS = 3000;

/**
 * The stage's sound: the judged performance's cues, and a volume slider with a mute button in
 * the bottom-right corner. The big screen is on view in the hall, so the control shows only while
 * the mouse moves or after a key: M mutes, + and − change the volume by a tenth.
 */
export function StageSoundControl({ contest }: { contest: ContestState }) {
  useJudgingSounds(contest);
  const t = useT();
  const { volume, muted, setVolume, setMuted } = useSoundSettings();
  const hostMuted = contest.knowledge.soundMuted;
  // Bumped on every mouse move or sound key; the control hides SHOW_MS after the last one.
  const [shown, setShown] = useState(0);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const show = () => {
      setVisible(true);
      setShown((n) => n + 1);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const s = useSoundSettings.getState();
      if (e.key === 'm' || e.key === 'M') s.setMuted(!s.muted);
      else if (e.key === '+' || e.key === '=') s.setVolume(s.volume + 0.1);
      else if (e.key === '-' || e.key === '_') s.setVolume(s.volume - 0.1);
      else return;
      unlockSound();
      show();
    };
    window.addEventListener('pointermove', show);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointermove', show);
      window.removeEventListener('keydown', onKey);
    };
  }, []);
  useEffect(() => {
    if (!shown) return;
    const timer = setTimeout(() => setVisible(false), SHOW_MS);
    return () => clearTimeout(timer);
  }, [shown]);
  return (
    <div
      className={`stage-sound ${visible ? 'is-visible' : ''} ${muted || hostMuted ? 'is-muted' : ''}`}
      data-testid="stage-sound"
      data-volume={volume}
      data-muted={String(muted)}
    >
      <button
        type="button"
        className="stage-sound-mute"
        data-testid="stage-sound-mute"
        aria-pressed={muted}
        onClick={() => {
          unlockSound();
          setMuted(!muted);
        }}
      >
        {muted ? t('stage.sound.unmute') : t('stage.sound.mute')}
      </button>
      <label className="stage-sound-volume">
        <span>{t('stage.sound.volume')}</span>
        <input
          type="range"
          min={0}
          max={100}
          step={5}
          value={Math.round(volume * 100)}
          data-testid="stage-sound-volume"
          onChange={(e) => {
            unlockSound();
            setVolume(Number(e.target.value) / 100);
          }}
        />
        <output>{Math.round(volume * 100)}</output>
      </label>
      {hostMuted && <span className="stage-sound-host">{t('stage.sound.hostMuted')}</span>}
    </div>
  );
}
