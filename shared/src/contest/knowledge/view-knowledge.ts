import type { Actor } from '../actor.ts';
import type { ContestState } from '../state.ts';
import type { KnowledgeEvent } from './types.ts';

/** Roles that see a prepared question before it is shown. */
const PREVIEWS = new Set(['host', 'system']);

/** The event as `viewer` may receive it: the question of a run in preview is the host's alone. */
export function projectKnowledge(event: KnowledgeEvent, viewer: Actor): KnowledgeEvent {
  if (PREVIEWS.has(viewer.role)) return event;
  if (event.type === 'QuestionPrepared') return { ...event, data: { ...event.data, questionId: '' } };
  // The audience's phones show no stage question (play-along carries its own, behind the stream).
  if (event.type === 'QuestionShown' && viewer.role === 'audience') {
    const { question: _question, ...data } = event.data;
    return { type: event.type, data };
  }
  return event;
}

/** The state as `viewer` may see it: equal to folding `projectKnowledge` of every event. */
export function viewKnowledgeState(state: ContestState, viewer: Actor): ContestState {
  if (PREVIEWS.has(viewer.role)) return state;
  const k = state.knowledge;
  const active = k.active && k.active.phase === 'preview' ? { ...k.active, questionId: '' } : k.active;
  const finished = k.finished.some((f) => !f.shown)
    ? k.finished.map((f) => (f.shown ? f : { ...f, questionId: '' }))
    : k.finished;
  const cards = viewer.role === 'audience' ? {} : k.cards;
  if (active === k.active && finished === k.finished && cards === k.cards) return state;
  return { ...state, knowledge: { ...k, cards, active, finished } };
}
