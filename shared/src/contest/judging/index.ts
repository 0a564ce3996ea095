/**
 * The judging capability module: its commands, events, state slice, decide/evolve, role views and
 * deadlines. The contest hub (commands.ts, events.ts, state.ts, decide.ts, evolve.ts, view.ts,
 * deadlines.ts, protocol.ts) wires these exports in; keep their names and signatures.
 * This file holds the module's empty starting point until the capability is built.
 */
import type { Actor, Role } from '../actor.ts';
import type { Decision, DecideContext } from '../decide.ts';
import type { Deadline } from '../deadlines.ts';
import type { ContestFile } from '../../model/contest-file-schema.ts';
import type { ContestState } from '../state.ts';

/** Commands of this module: imperative `{ type, data }`. */
export type JudgingCommand = never;
/** Events of this module: past tense `{ type, data }`. */
export type JudgingEvent = never;
/** This module's slice of ContestState (`state.judging`). */
export type JudgingState = Record<string, never>;

/** Which roles may issue each command of this module. */
export const JUDGING_COMMAND_ROLES: Record<JudgingCommand['type'], readonly Role[]> = {};
/** TypeBox schemas of the commands a client may send (a const tuple, for the protocol union). */
export const JUDGING_COMMAND_SCHEMAS = [] as const;
/** Every event type of this module. */
export const JUDGING_EVENT_TYPES: ReadonlySet<string> = new Set<JudgingEvent['type']>([]);

export function initialJudgingState(_definition: ContestFile): JudgingState {
  return {};
}

export function decideJudging(_state: ContestState, command: JudgingCommand, _ctx: DecideContext): Decision {
  return command;
}

export function evolveJudging(_state: ContestState, event: JudgingEvent): ContestState {
  return event;
}

/** The event as `viewer` may receive it (same type and version; hidden fields removed). */
export function projectJudgingEvent(event: JudgingEvent, _viewer: Actor): JudgingEvent {
  return event;
}

/** The state as `viewer` may see it: equal to folding `projectJudgingEvent` of every event. */
export function viewJudging(state: ContestState, _viewer: Actor): ContestState {
  return state;
}

/** Timers this module needs the server to fire (e.g. a buzz window closing). */
export function judgingDeadlines(_state: ContestState): Deadline[] {
  return [];
}
