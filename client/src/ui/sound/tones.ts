/**
 * Sound cues of the stage, synthesised with WebAudio (no audio files): short, dignified tones.
 * Browsers start audio only after a user gesture unless the kiosk allows autoplay; `unlock()`
 * resumes the context on the first click or key.
 */
export type Cue = 'go' | 'buzz' | 'correct' | 'wrong' | 'warning' | 'end' | 'reveal';

interface Note {
  freq: number;
  /** Start offset and length, s. */
  at: number;
  len: number;
  type?: OscillatorType;
  gain?: number;
}

const CUES: Record<Cue, Note[]> = {
  // Rising fifth: the buzzer opens.
  go: [
    { freq: 659.25, at: 0, len: 0.12, type: 'triangle' },
    { freq: 987.77, at: 0.1, len: 0.22, type: 'triangle' },
  ],
  // A bright double strike: someone buzzed in.
  buzz: [
    { freq: 880, at: 0, len: 0.09, type: 'square', gain: 0.18 },
    { freq: 1318.5, at: 0.09, len: 0.2, type: 'square', gain: 0.18 },
  ],
  // Major triad arpeggio: correct.
  correct: [
    { freq: 523.25, at: 0, len: 0.16, type: 'triangle' },
    { freq: 659.25, at: 0.12, len: 0.16, type: 'triangle' },
    { freq: 783.99, at: 0.24, len: 0.36, type: 'triangle' },
  ],
  // Low falling pair: wrong.
  wrong: [
    { freq: 311.13, at: 0, len: 0.22, type: 'sawtooth', gain: 0.16 },
    { freq: 233.08, at: 0.2, len: 0.4, type: 'sawtooth', gain: 0.16 },
  ],
  // A soft tick: the last seconds.
  warning: [{ freq: 1046.5, at: 0, len: 0.06, type: 'sine', gain: 0.2 }],
  // A rising fourth and octave, held: the answer or the judges' scores are revealed.
  reveal: [
    { freq: 392, at: 0, len: 0.18, type: 'triangle', gain: 0.22 },
    { freq: 523.25, at: 0.14, len: 0.18, type: 'triangle', gain: 0.22 },
    { freq: 783.99, at: 0.28, len: 0.6, type: 'triangle', gain: 0.22 },
  ],
  // A long low tone: time is up.
  end: [
    { freq: 440, at: 0, len: 0.7, type: 'sine', gain: 0.3 },
    { freq: 220, at: 0, len: 0.7, type: 'sine', gain: 0.2 },
  ],
};

let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (typeof window === 'undefined' || typeof window.AudioContext !== 'function') return null;
  context ??= new window.AudioContext();
  return context;
}

/** True when the browser lets this page play sound now. */
export function soundReady(): boolean {
  return audio()?.state === 'running';
}

/** Resume audio after a user gesture (call from a click or key handler). */
export function unlockSound(): void {
  void audio()?.resume();
}

declare global {
  interface Window {
    /** Every cue the page asked for, with its volume (tests read it; the browser may still hold the audio locked). */
    __leitaiCues?: { cue: Cue; volume: number; at: number }[];
  }
}

/** Play a cue now (silently does nothing where WebAudio is missing or still locked). */
export function playCue(cue: Cue, volume = 0.5): void {
  if (typeof window !== 'undefined') {
    const log = (window.__leitaiCues ??= []);
    log.push({ cue, volume, at: Date.now() });
    if (log.length > 200) log.splice(0, log.length - 200);
  }
  if (volume <= 0) return;
  const ctx = audio();
  if (!ctx || ctx.state !== 'running') return;
  const start = ctx.currentTime + 0.01;
  for (const note of CUES[cue]) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = note.type ?? 'sine';
    osc.frequency.value = note.freq;
    const peak = (note.gain ?? 0.25) * volume;
    const t0 = start + note.at;
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.exponentialRampToValueAtTime(peak, t0 + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + note.len);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0);
    osc.stop(t0 + note.len + 0.05);
  }
}
