/**
 * The knowledge capability module: its commands, events, state slice, decide/evolve, role views and
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
export type KnowledgeCommand = never;
/** Events of this module: past tense `{ type, data }`. */
export type KnowledgeEvent = never;
/** This module's slice of ContestState (`state.knowledge`). */
export type KnowledgeState = Record<string, never>;

/** Which roles may issue each command of this module. */
export const KNOWLEDGE_COMMAND_ROLES: Record<KnowledgeCommand['type'], readonly Role[]> = {};
/** TypeBox schemas of the commands a client may send (a const tuple, for the protocol union). */
export const KNOWLEDGE_COMMAND_SCHEMAS = [] as const;
/** Every event type of this module. */
export const KNOWLEDGE_EVENT_TYPES: ReadonlySet<string> = new Set<KnowledgeEvent['type']>([]);

export function initialKnowledgeState(_definition: ContestFile): KnowledgeState {
  return {};
}

export function decideKnowledge(_state: ContestState, command: KnowledgeCommand, _ctx: DecideContext): Decision {
  return command;
}

export function evolveKnowledge(_state: ContestState, event: KnowledgeEvent): ContestState {
  return event;
}

/** The event as `viewer` may receive it (same type and version; hidden fields removed). */
export function projectKnowledgeEvent(event: KnowledgeEvent, _viewer: Actor): KnowledgeEvent {
  return event;
}

/** The state as `viewer` may see it: equal to folding `projectKnowledgeEvent` of every event. */
export function viewKnowledge(state: ContestState, _viewer: Actor): ContestState {
  return state;
}

/** Timers this module needs the server to fire (e.g. a buzz window closing). */
export function knowledgeDeadlines(_state: ContestState): Deadline[] {
  return [];
}
