/**
 * Role views, assembled from the view tables of the core (below) and of every capability
 * (`CAPABILITIES`). Denied by default: an event type or a state field that no table names
 * reaches no role but the server itself.
 */
import type { ContestFile } from '../model/contest-file-schema.ts';
import type { Actor, Role } from './kernel/actor.ts';
import type { AnyCapability, EventViews, StateViews } from './kernel/capability.ts';
import type { CoreState } from './kernel/core-state.ts';
import { projectByTable, projectFields } from './kernel/view-engine.ts';
import { CAPABILITIES } from './capabilities.ts';
import type { ContestCreated, ContestEvent, EventWithheld } from './events.ts';
import { eventOwner } from './evolve.ts';
import type { ContestState } from './state.ts';

/** Roles that may see the whole contest file, question bank and answers included. */
const SEES_ANSWERS: readonly Role[] = ['host', 'system'];

/**
 * What screens other than the host keep of the contest file: no question bank and no segment's
 * question order. A question reaches them only once it is shown, as the card its `QuestionShown`
 * carries (knowledge state `cards`).
 */
function withoutQuestionBank(def: ContestFile): ContestFile {
  return {
    ...def,
    questions: [],
    stages: def.stages.map((stage) => ({
      ...stage,
      // The reserve questions (备用题) are named to no one but the host, like the order itself.
      segments: stage.segments.map((g) => {
        if (!('questionIds' in g)) return g;
        if (!('reserveQuestionIds' in g) || !g.reserveQuestionIds) return { ...g, questionIds: [] };
        const { reserveQuestionIds: _reserve, ...rest } = g;
        return { ...rest, questionIds: [] };
      }),
    })),
  };
}

/**
 * What the audience's phones keep of the contest file: the title, the contestants as the page
 * shows them and the running order. No question (the play-along round carries its own question
 * in the audience frame, and the phone shows no stage question), no judge, no award, no mentor.
 * Every phone holds this and is sent it at connect, so it is kept small (B3).
 */
function audienceDefinition(def: ContestFile): ContestFile {
  const { awards: _awards, ...rest } = withoutQuestionBank(def);
  return {
    ...rest,
    contestants: def.contestants.map(({ mentor: _mentor, group: _group, ...c }) => c),
    judges: [],
  };
}

/** The contest file as `viewer` may see it. */
function definitionFor(def: ContestFile, viewer: Actor): ContestFile {
  if (SEES_ANSWERS.includes(viewer.role)) return def;
  return viewer.role === 'audience' ? audienceDefinition(def) : withoutQuestionBank(def);
}

/** The view table of the events no capability owns: the stream's first event, and the withheld placeholder. */
const CORE_EVENT_VIEWS: EventViews<ContestCreated | EventWithheld> = {
  ContestCreated: {
    to: 'all',
    redact: (e, viewer) =>
      SEES_ANSWERS.includes(viewer.role)
        ? e
        : { ...e, data: { ...e.data, definition: definitionFor(e.data.definition, viewer) } },
  },
  EventWithheld: { to: 'all' },
};

/** The view table of the core fields of the state. */
const CORE_STATE_VIEWS: StateViews<CoreState, ContestState> = {
  contestId: 'all',
  joinCode: 'all',
  definition: (def, viewer) => definitionFor(def, viewer),
  createdAt: 'all',
  version: 'all',
  // The ledger as each capability lets the viewer see it (a judged score only from its reveal).
  scores: (scores, viewer, state) =>
    (CAPABILITIES as readonly AnyCapability[]).reduce<CoreState['scores']>(
      (s, c) => (c.ledgerView ? c.ledgerView(s, viewer, state) : s),
      scores,
    ),
  // Who is on which stage is public: the screens, phones and the audience's cheers follow it.
  rosters: 'all',
};

/** The view table that names events of `type`: the core's, or the capability's that owns the type. */
function eventTable(type: string): EventViews<ContestEvent> | undefined {
  if (Object.hasOwn(CORE_EVENT_VIEWS, type)) return CORE_EVENT_VIEWS as EventViews<ContestEvent>;
  return eventOwner(type)?.events as EventViews<ContestEvent> | undefined;
}

/**
 * The event as a given role may receive it, by the view tables. Projection keeps the event's
 * position (on the wire, its version and metadata), so every role sees a gap-free stream and
 * folds it with the same `evolve`: an event the role may not receive arrives as `EventWithheld`.
 */
export function projectEvent<E extends ContestEvent>(event: E, viewer: Actor): E {
  if (viewer.role === 'system') return event;
  const shown = projectByTable(eventTable(event.type), event, viewer);
  if (shown === event) return event;
  return { ...event, type: shown.type, data: shown.data };
}

/** The state as a given role may see it; equal to folding `projectEvent` of every event. */
export function viewFor(state: ContestState, viewer: Actor): ContestState {
  if (viewer.role === 'system') return state;
  const view: object = projectFields<CoreState, ContestState>(state, CORE_STATE_VIEWS, viewer, state);
  for (const capability of CAPABILITIES as readonly AnyCapability[]) {
    let initial: object | undefined;
    const initialSlice = () => (initial ??= capability.initial(state.definition) as object);
    Object.assign(view, projectFields(state, capability.state, viewer, state, initialSlice));
  }
  return view as ContestState;
}
