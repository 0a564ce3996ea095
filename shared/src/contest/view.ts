import type { ContestFile } from '../model/contest-file-schema.ts';
import type { Actor, Role } from './actor.ts';
import type { ContestEvent } from './events.ts';
import type { ContestState } from './state.ts';
import { JUDGING_EVENT_TYPES, projectJudgingEvent, viewJudging, type JudgingEvent } from './judging/index.ts';
import { KNOWLEDGE_EVENT_TYPES, projectKnowledgeEvent, viewKnowledge, type KnowledgeEvent } from './knowledge/index.ts';

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
 * The event as a given role may receive it. Redaction keeps the event (and, on the wire, its version and metadata),
 * so every role sees a gap-free stream and folds it with the same `evolve`.
 */
export function projectEvent<E extends ContestEvent>(event: E, viewer: Actor): E {
  const e: ContestEvent = event;
  if (e.type === 'ContestCreated' && !SEES_ANSWERS.includes(viewer.role)) {
    return { ...e, data: { ...e.data, definition: redactDefinition(e.data.definition) } } as E;
  }
  if (KNOWLEDGE_EVENT_TYPES.has(e.type))
    return { ...event, ...(projectKnowledgeEvent(e as KnowledgeEvent, viewer) as ContestEvent) };
  if (JUDGING_EVENT_TYPES.has(e.type))
    return { ...event, ...(projectJudgingEvent(e as JudgingEvent, viewer) as ContestEvent) };
  return event;
}

/** The state as a given role may see it; equal to folding `projectEvent` of every event. */
export function viewFor(state: ContestState, viewer: Actor): ContestState {
  const base = SEES_ANSWERS.includes(viewer.role)
    ? state
    : { ...state, definition: redactDefinition(state.definition) };
  return viewJudging(viewKnowledge(base, viewer), viewer);
}
