import { create } from 'zustand';

const KEY = 'leitai.stageSound';

export interface SoundSettings {
  /** 0..1, applied to every cue. */
  volume: number;
  /** Muted on this screen (the host can also mute every stage from the panel). */
  muted: boolean;
}

/** Settings saved on the stage's machine, or the defaults; anything malformed falls back. */
export function readSoundSettings(storage: Pick<Storage, 'getItem'> | null): SoundSettings {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(KEY) ?? 'null');
    if (raw && typeof raw === 'object') {
      const { volume, muted } = raw as Record<string, unknown>;
      return {
        volume: typeof volume === 'number' && volume >= 0 && volume <= 1 ? volume : 0.6,
        muted: muted === true,
      };
    }
  } catch {
    // A broken entry is ignored.
  }
  return { volume: 0.6, muted: false };
}

interface SoundStore extends SoundSettings {
  setVolume: (volume: number) => void;
  setMuted: (muted: boolean) => void;
}

const save = (s: SoundSettings) => {
  try {
    localStorage.setItem(KEY, JSON.stringify({ volume: s.volume, muted: s.muted }));
  } catch {
    // Storage refused: the setting holds for this page only.
  }
};

/** The stage's own volume and mute, remembered on its machine. */
export const useSoundSettings = create<SoundStore>()((set, get) => ({
  ...readSoundSettings(typeof localStorage === 'undefined' ? null : localStorage),
  setVolume: (volume) => {
    const v = Math.round(Math.min(1, Math.max(0, volume)) * 100) / 100;
    set({ volume: v });
    save(get());
  },
  setMuted: (muted) => {
    set({ muted });
    save(get());
  },
}));
