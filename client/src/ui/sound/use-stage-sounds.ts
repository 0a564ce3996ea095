import { useEffect, useRef } from 'react';
import type { ContestState } from '@leitai/shared';
import { useServerNow } from '../../core/server-now.ts';
import { judgingCues } from './judging-cues.ts';
import { useSoundSettings } from './sound-settings.ts';
import { playCue, unlockSound, type Cue } from './tones.ts';

/** Play a cue at the stage's own volume; muted on this screen, it is logged at volume 0 and not heard. */
export function playStageCue(cue: Cue): void {
  const { volume, muted } = useSoundSettings.getState();
  playCue(cue, muted ? 0 : volume);
}

/** The cue a state change calls for, by comparing what the stage saw before with now. */
export function cueFor(before: ContestState['knowledge'] | null, after: ContestState['knowledge']): Cue | null {
  const a = after.active;
  const b = before?.active ?? null;
  if (!a || !b || a.run !== b.run) return null;
  if (a.result !== b.result && a.result) return a.result === 'correct' ? 'correct' : 'wrong';
  if (a.buzz?.winnerId && a.buzz.winnerId !== b.buzz?.winnerId) return 'buzz';
  if (a.revealed && !b.revealed) return 'reveal';
  if (a.phase === 'closed' && b.phase !== 'closed') return 'end';
  return null;
}

/**
 * Sound cues on the stage: buzz, correct, wrong (from state changes), GO at the open instant,
 * a tick each of the last five seconds and a tone when time runs out (from the synced clock).
 * Muted when the host mutes the stage.
 */
export function useStageSounds(contest: ContestState, now: number): void {
  const muted = contest.knowledge.soundMuted;
  const previous = useRef<ContestState['knowledge'] | null>(null);
  const fired = useRef(new Set<string>());
  useEffect(() => {
    const unlock = () => unlockSound();
    window.addEventListener('pointerdown', unlock);
    window.addEventListener('keydown', unlock);
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, []);
  useEffect(() => {
    const cue = cueFor(previous.current, contest.knowledge);
    previous.current = contest.knowledge;
    if (cue && !muted) playStageCue(cue);
  }, [contest.knowledge, muted]);
  useEffect(() => {
    const a = contest.knowledge.active;
    if (!a || muted) return;
    const once = (key: string, cue: Cue) => {
      if (fired.current.has(key)) return;
      fired.current.add(key);
      playStageCue(cue);
    };
    if (
      a.phase === 'armed' &&
      a.buzz &&
      a.buzz.decideAt === null &&
      now >= a.buzz.openAt &&
      now < a.buzz.openAt + 1000
    ) {
      once(`go-${a.run}-${a.buzz.attempt}`, 'go');
    }
    if (a.phase === 'answering' && a.deadlineAt !== null) {
      const left = a.deadlineAt - now;
      const second = Math.ceil(left / 1000);
      if (left <= 0 && left > -1000) once(`end-${a.run}-${a.timer}`, 'end');
      else if (second >= 1 && second <= 5) once(`tick-${a.run}-${a.timer}-${second}`, 'warning');
    }
  }, [contest.knowledge.active, now, muted]);
}

/**
 * Sound cues of the judged performance in focus, on whatever scene the stage shows: the start,
 * the last five seconds of its timer, time up and the reveal of the scores. Muted with the rest
 * when the host mutes the stage.
 */
export function useJudgingSounds(contest: ContestState): void {
  const now = useServerNow(100);
  const muted = contest.knowledge.soundMuted;
  const fired = useRef(new Set<string>());
  useEffect(() => {
    for (const { key, cue } of judgingCues(contest.judging, now)) {
      if (fired.current.has(key)) continue;
      fired.current.add(key);
      if (!muted) playStageCue(cue);
    }
  }, [contest.judging, now, muted]);
}
