/**
 * The one interface every capability of a contest implements (knowledge rounds, judging, the
 * run of the contest itself, and later the written test, advancement, authoring): its commands
 * and who may send them, the client schemas, `decide`, `evolve`, its deadlines, the scenes it
 * adds, and its **view tables**, which say for every event it emits and every field of its
 * state slice which roles receive it and with what removed. The tables have no default: their
 * types demand an entry for every event type and every field, so a capability whose new event
 * or field has no entry does not compile, and nothing reaches a screen unless a table says so.
 *
 * The hub (`shared/src/contest/capabilities.ts`) assembles the contest from a list of these.
 */
import type { TSchema } from '@sinclair/typebox';
import type { ContestFile } from '../../model/contest-file-schema.ts';
import type { Actor, Role } from './actor.ts';
import type { CoreState } from './core-state.ts';
import type { Decision, DecideContext } from './decision.ts';
import type { Deadline } from './deadline.ts';

/** A command or an event: `{ type, data }`. */
export interface Message {
  type: string;
  data: object;
}

/** Who receives an event or a field: every role, or only the roles named (the server always does). */
export type Receivers = 'all' | readonly Role[];

/** How one event type reaches the screens. */
export interface EventView<E extends Message> {
  /** Roles that receive the event; every other role gets `EventWithheld` at its position instead. */
  readonly to: Receivers;
  /** The event as a receiving viewer may see it: fields removed, never added. Absent: as it is. */
  readonly redact?: (event: E, viewer: Actor) => E;
}

/** The view table of a capability's events: one entry for every event type it emits, no default. */
export type EventViews<E extends Message> = { readonly [K in E['type']]: EventView<Extract<E, { type: K }>> };

/**
 * How one field of state reaches the screens: to every role or the roles named (any other gets
 * the field's initial value), field by field through a nested table, or a function of the value.
 */
export type FieldView<V, S> =
  | Receivers
  | ((value: V, viewer: Actor, state: S) => V)
  | (V extends readonly unknown[] ? never : V extends object ? { readonly fields: StateViews<V, S> } : never);

/** The view table of a state slice: one entry for every field, no default. */
export type StateViews<T, S> = { readonly [K in keyof T]-?: FieldView<T[K], S> };

/** Every key of every member of a union (`keyof` of a union gives only the shared ones). */
export type KeysOfUnion<T> = T extends unknown ? keyof T : never;

/** The view table of a union of shapes (e.g. the kinds of segment): an entry for every field of any member. */
export type UnionViews<T, S> = {
  readonly [K in KeysOfUnion<T>]-?: Receivers | ((value: unknown, viewer: Actor, state: S) => unknown);
};

/**
 * One capability. `Cmd`/`Evt`: its commands and events; `Slice`: the fields it adds to the
 * contest state; `S`: the state it reads (the core, its slice and any slices it depends on);
 * `Emits`: what its `decide` may return (its own events, plus events of capabilities it builds
 * on, e.g. a scene change).
 */
export interface Capability<
  Cmd extends Message,
  Evt extends Message,
  Slice extends object,
  S extends CoreState & Slice,
  Emits extends Message = Evt,
> {
  readonly name: string;
  /** Scenes of the stage screen and overlay this capability adds (`ChooseScene`). */
  readonly scenes: readonly string[];
  /** Its slice of a new contest's state. */
  initial(definition: ContestFile): Slice;
  /**
   * The shape of its slice: bump it when the slice changes shape. It is part of the contest
   * state's schema, so a stored snapshot of another shape is rebuilt from the log.
   */
  readonly stateVersion: number;
  /** Which roles may issue each command (`system` is the server itself). */
  readonly commandRoles: { readonly [K in Cmd['type']]: readonly Role[] };
  /** TypeBox schemas of the commands a client may send (server-only commands have none). */
  readonly commandSchemas: readonly TSchema[];
  decide(state: S, command: Cmd, ctx: DecideContext): Decision<Emits>;
  /** Fold one of its events. Pure; returns a new object (spreading the state: other slices are kept). */
  evolve(state: S, event: Evt): S;
  /** Timers it needs the server to fire. */
  deadlines(state: S): readonly Deadline<Cmd>[];
  /** The view table of its events. */
  readonly events: EventViews<Evt>;
  /** The view table of its state slice. */
  readonly state: StateViews<Slice, S>;
  /** Ledger entries a viewer may not see yet (e.g. a locked but unrevealed judged score). */
  readonly ledgerView?: (scores: CoreState['scores'], viewer: Actor, state: S) => CoreState['scores'];
}

/** Any capability, as the hub holds them (it dispatches by type name and casts at that one place). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCapability = Capability<any, any, any, any, any>;

/** A capability's commands, events, slice and scenes, read off its value's type. */
export type CommandOf<C extends AnyCapability> = Parameters<C['decide']>[1];
export type EventOf<C extends AnyCapability> = Parameters<C['evolve']>[1];
export type SliceOf<C extends AnyCapability> = ReturnType<C['initial']>;
export type ScenesOf<C extends AnyCapability> = C['scenes'][number];

/** Whether `viewer` is among `to`. The server itself (`system`) receives everything. */
export function receives(to: Receivers, viewer: Actor): boolean {
  return viewer.role === 'system' || to === 'all' || to.includes(viewer.role);
}

/** Every role with a screen of its own: all but the audience's phones. */
export const SCREENS: readonly Role[] = ['host', 'judge', 'contestant', 'stage', 'overlay'];
/** The host alone. */
export const HOST_ONLY: readonly Role[] = ['host'];
