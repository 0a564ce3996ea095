import type { ContestFile } from '../model/contest-file-schema.ts';
import type { Role } from './actor.ts';
import type { ContestEvent } from './events.ts';
import type { ContestState } from './state.ts';

/** Roles that may see answers before they are revealed. */
const SEES_ANSWERS: readonly Role[] = ['host', 'system'];

function redactDefinition(def: ContestFile): ContestFile {
  return {
    ...def,
    questions: def.questions.map(({ answer: _answer, reference: _reference, explanation: _explanation, ...q }) => ({
      ...q,
      answer: [],
    })),
  };
}

/**
 * The event as a given role may receive it. Redaction keeps the event (and its version),
 * so every role sees a gap-free stream and folds it with the same `evolve`.
 */
export function projectEvent<E extends ContestEvent>(event: E, role: Role): E {
  if (event.type === 'ContestCreated' && !SEES_ANSWERS.includes(role)) {
    return { ...event, data: { ...event.data, definition: redactDefinition(event.data.definition) } };
  }
  return event;
}

/** The state as a given role may see it; equal to folding `projectEvent` of every event. */
export function viewFor(state: ContestState, role: Role): ContestState {
  if (SEES_ANSWERS.includes(role)) return state;
  return { ...state, definition: redactDefinition(state.definition) };
}
