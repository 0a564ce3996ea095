/** What the results scenes show, computed once for the stage and the overlay from the contest state. */
import {
  ceremonySteps,
  resultsStageId,
  stageResults,
  type CeremonyStep,
  type ContestState,
  type StageResults,
} from '@leitai/shared';

/** The standings of the stage being shown (the running one, else the last with results), or null. */
export function shownResults(contest: ContestState): StageResults | null {
  const id = resultsStageId(contest);
  return id ? stageResults(contest, id) : null;
}

export interface CeremonyNow {
  steps: CeremonyStep[];
  /** How many awards have been called (0 = the ceremony has not started). */
  step: number;
  /** The award on screen now. */
  current: CeremonyStep | undefined;
  /** The last award (the first prize) is on screen. */
  isFirst: boolean;
}

/** Where the awards ceremony stands: the host steps through `ceremonySteps` one award at a time. */
export function ceremonyNow(contest: ContestState): CeremonyNow {
  const results = shownResults(contest);
  const steps = results ? ceremonySteps(results) : [];
  const step = Math.min(contest.judging.ceremonyStep, steps.length);
  const current = step > 0 ? steps[step - 1] : undefined;
  return { steps, step, current, isFirst: current?.kind === 'tier' && step === steps.length };
}
