/**
 * The judging capability module: judged segments (performance timer, judges' scores, recusal,
 * lock, reveal, captions), score corrections on any segment, and the awards ceremony's step.
 * The contest hub wires these exports in; keep their names and signatures.
 */
import type { Actor, Role } from '../actor.ts';
import type { Decision, DecideContext } from '../decide.ts';
import type { Deadline } from '../deadlines.ts';
import type { ContestFile } from '../../model/contest-file-schema.ts';
import type { ContestState } from '../state.ts';
import { decideJudgingCommand } from './decide-judging.ts';
import { evolveJudgingEvent, initialJudging } from './evolve-judging.ts';
import { JUDGING_SCHEMAS } from './schemas.ts';
import type { JudgingCommand, JudgingEvent, JudgingState } from './types.ts';
import { projectJudging, viewJudgingState } from './view-judging.ts';

export type * from './types.ts';
export { computeResult, ledgerScore, performanceOf, recusedJudges } from './decide-judging.ts';
export { correctionSum } from './evolve-judging.ts';

/** Which roles may issue each command of this module. */
export const JUDGING_COMMAND_ROLES: Record<JudgingCommand['type'], readonly Role[]> = {
  StartPerformance: ['host'],
  SubmitJudgeScore: ['judge'],
  SetRecusal: ['host'],
  LockJudging: ['host'],
  RevealScores: ['host'],
  SetJudgeCaption: ['host'],
  CorrectScore: ['host'],
  UndoCorrection: ['host'],
  SetCeremonyStep: ['host'],
  // The server freezes the audience's counts on the host's request (moderation:popularity).
  RecordPopularityCounts: ['system'],
};
/** TypeBox schemas of the commands a client may send (a const tuple, for the protocol union); RecordPopularityCounts is server-only. */
export const JUDGING_COMMAND_SCHEMAS = JUDGING_SCHEMAS;
/** Every event type of this module. */
export const JUDGING_EVENT_TYPES: ReadonlySet<string> = new Set<JudgingEvent['type']>([
  'PerformanceStarted',
  'JudgeScoreSubmitted',
  'JudgeRecusalSet',
  'JudgingLocked',
  'ScoresRevealed',
  'JudgeCaptionSet',
  'ScoreCorrected',
  'CeremonyStepSet',
  'PopularityRecorded',
]);

export function initialJudgingState(_definition: ContestFile): JudgingState {
  return initialJudging();
}

export function decideJudging(state: ContestState, command: JudgingCommand, ctx: DecideContext): Decision {
  return decideJudgingCommand(state, command, ctx);
}

export function evolveJudging(state: ContestState, event: JudgingEvent): ContestState {
  return evolveJudgingEvent(state, event);
}

/** The event as `viewer` may receive it (same type and version; hidden fields removed). */
export function projectJudgingEvent(event: JudgingEvent, viewer: Actor): JudgingEvent {
  return projectJudging(event, viewer);
}

/** The state as `viewer` may see it: equal to folding `projectJudgingEvent` of every event. */
export function viewJudging(state: ContestState, viewer: Actor): ContestState {
  return viewJudgingState(state, viewer);
}

/** Timers this module needs the server to fire: none (screens count down from the events' server-time deadlines). */
export function judgingDeadlines(_state: ContestState): Deadline[] {
  return [];
}
