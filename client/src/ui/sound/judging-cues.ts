import type { ContestState } from '@leitai/shared';
import type { Cue } from './tones.ts';

/** How long after its instant a one-off cue may still sound (a late frame still gets it, a reload does not). */
const LATE_MS = 1500;

/**
 * The cues the judged performance in focus calls for at `now`, each with a key that names it
 * once: the start, a tick in each of the last five seconds of the performance timer, time up,
 * and the reveal of the judges' scores. The caller plays each key once.
 */
export function judgingCues(judging: ContestState['judging'], now: number): { key: string; cue: Cue }[] {
  const focus = judging.focus;
  if (!focus) return [];
  const perf = judging.performances[focus.segmentId]?.[focus.contestantId];
  if (!perf) return [];
  const id = `${focus.segmentId}/${focus.contestantId}`;
  const cues: { key: string; cue: Cue }[] = [];
  const fresh = (at: number | null): at is number => at !== null && now >= at && now - at < LATE_MS;
  if (perf.status === 'open') {
    if (fresh(perf.startedAt)) cues.push({ key: `start-${id}-${perf.startedAt}`, cue: 'go' });
    if (perf.deadlineAt !== null) {
      const left = perf.deadlineAt - now;
      const second = Math.ceil(left / 1000);
      if (left <= 0 && left > -LATE_MS) cues.push({ key: `end-${id}-${perf.deadlineAt}`, cue: 'end' });
      else if (second >= 1 && second <= 5)
        cues.push({ key: `tick-${id}-${perf.deadlineAt}-${second}`, cue: 'warning' });
    }
  }
  if (perf.status === 'revealed' && fresh(perf.revealedAt)) {
    cues.push({ key: `reveal-${id}-${perf.revealedAt}`, cue: 'reveal' });
  }
  return cues;
}
