/**
 * The knowledge capability module: required answers (必答) and the buzzer (抢答). Commands,
 * events, the state slice, decide/evolve, role views and deadlines; the contest hub wires these
 * exports in (keep their names and signatures). The arbitration math is in buzz-arbitration.ts.
 */
import type { Actor, Role } from '../actor.ts';
import type { Decision, DecideContext } from '../decide.ts';
import type { Deadline } from '../deadlines.ts';
import type { ContestFile } from '../../model/contest-file-schema.ts';
import type { ContestState } from '../state.ts';
import { decideKnowledgeCommand } from './decide-knowledge.ts';
import { knowledgeDeadlinesOf } from './deadlines-knowledge.ts';
import { evolveKnowledgeEvent, initialKnowledge } from './evolve-knowledge.ts';
import { KNOWLEDGE_SCHEMAS } from './schemas.ts';
import type { KnowledgeCommand, KnowledgeEvent, KnowledgeState } from './types.ts';
import { projectKnowledge, viewKnowledgeState } from './view-knowledge.ts';

export type * from './types.ts';
export * from './buzz-arbitration.ts';
export { eligibleBuzzers, gradeChoice, MAX_PRESSES_RECORDED, pointsFor } from './decide-knowledge.ts';
export { contestTag } from './deadlines-knowledge.ts';
export * from './run-of-show.ts';

/** Which roles may issue each command of this module. */
export const KNOWLEDGE_COMMAND_ROLES: Record<KnowledgeCommand['type'], readonly Role[]> = {
  PrepareQuestion: ['host'],
  ShowQuestion: ['host'],
  StartAnswerTimer: ['host'],
  StopAnswerTimer: ['host'],
  SubmitAnswer: ['contestant'],
  MarkAnswer: ['host'],
  RevealAnswer: ['host'],
  FinishQuestion: ['host'],
  ArmBuzzer: ['host'],
  Buzz: ['contestant'],
  DecideBuzz: ['system'],
  CloseBuzzer: ['system'],
  TimeOutAnswer: ['system'],
  UndoScore: ['host'],
  SetStageSound: ['host'],
};
/** TypeBox schemas of the commands a client may send (a const tuple, for the protocol union). */
export const KNOWLEDGE_COMMAND_SCHEMAS = KNOWLEDGE_SCHEMAS;
/** Every event type of this module. */
export const KNOWLEDGE_EVENT_TYPES: ReadonlySet<string> = new Set<KnowledgeEvent['type']>([
  'QuestionPrepared',
  'QuestionShown',
  'AnswerTimerStarted',
  'AnswerTimerStopped',
  'AnswerSubmitted',
  'AnswerMarked',
  'AnswerRevealed',
  'QuestionFinished',
  'BuzzerArmed',
  'BuzzPressed',
  'BuzzDecided',
  'BuzzerClosed',
  'ScoreUndone',
  'StageSoundSet',
]);

export function initialKnowledgeState(_definition: ContestFile): KnowledgeState {
  return initialKnowledge();
}

export function decideKnowledge(state: ContestState, command: KnowledgeCommand, ctx: DecideContext): Decision {
  return decideKnowledgeCommand(state, command, ctx);
}

export function evolveKnowledge(state: ContestState, event: KnowledgeEvent): ContestState {
  return evolveKnowledgeEvent(state, event);
}

/** The event as `viewer` may receive it (same type and version; hidden fields removed). */
export function projectKnowledgeEvent(event: KnowledgeEvent, viewer: Actor): KnowledgeEvent {
  return projectKnowledge(event, viewer);
}

/** The state as `viewer` may see it: equal to folding `projectKnowledgeEvent` of every event. */
export function viewKnowledge(state: ContestState, viewer: Actor): ContestState {
  return viewKnowledgeState(state, viewer);
}

/** Timers this module needs the server to fire (the buzz decision, the buzzer closing, an answer timing out). */
export function knowledgeDeadlines(state: ContestState): Deadline[] {
  return knowledgeDeadlinesOf(state);
}
