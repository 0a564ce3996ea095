import type { AnyCapability } from './kernel/capability.ts';
import type { CoreState } from './kernel/core-state.ts';
import { initialRosters } from './kernel/roster.ts';
import { CAPABILITIES } from './capabilities.ts';
import type { ContestEvent } from './events.ts';
import type { ContestState } from './state.ts';

/** The capability that owns each event type: the keys of its event view table, which has one per event. */
const OWNER = new Map<string, AnyCapability>();
for (const capability of CAPABILITIES as readonly AnyCapability[]) {
  for (const type of Object.keys(capability.events)) {
    if (OWNER.has(type) || type === 'ContestCreated' || type === 'EventWithheld') {
      throw new Error(`event '${type}' is owned twice`);
    }
    OWNER.set(type, capability);
  }
}

/** The capability that folds (and views) events of `type`, if any. */
export const eventOwner = (type: string): AnyCapability | undefined => OWNER.get(type);

/**
 * Fold one event into the state. Pure; returns a new object and never mutates its input,
 * so the same function runs on the server, in every browser screen and in replay.
 * `version` is the event's stream version.
 */
export function evolve(state: ContestState | null, event: ContestEvent, version: number): ContestState | null {
  if (event.type === 'ContestCreated') {
    const { definition } = event.data;
    const core: CoreState = {
      contestId: event.data.contestId,
      joinCode: event.data.joinCode,
      definition,
      createdAt: event.data.createdAt,
      version,
      scores: {},
      rosters: initialRosters(definition),
    };
    return Object.assign(core, ...CAPABILITIES.map((c) => c.initial(definition))) as ContestState;
  }
  if (!state) return state;
  const s: ContestState = { ...state, version };
  if (event.type === 'EventWithheld') return s;
  const owner = OWNER.get(event.type);
  if (!owner) throw new Error(`no capability folds '${event.type}'`);
  return owner.evolve(s, event) as ContestState;
}

/** Fold a sequence of versioned events, starting from `initial` (null for a new stream). */
export function foldEvents(
  initial: ContestState | null,
  events: Iterable<{ version: number } & ContestEvent>,
): ContestState | null {
  let state = initial;
  for (const e of events) state = evolve(state, e, e.version);
  return state;
}
