/**
 * The view tables have no default. The type-level cases below are checked by `tsc -b` (this file
 * is part of shared's project): each `@ts-expect-error` fails the type check if the line under it
 * ever compiles, i.e. if a capability could leave an event type or a state field without an entry.
 * The runtime cases check the other half: what no table names reaches nobody.
 */
import { expect, expectTypeOf, test } from 'vitest';
import type { Actor } from './actor.ts';
import { HOST_ONLY, type Capability, type EventViews, type StateViews } from './capability.ts';
import type { CoreState } from './core-state.ts';
import { ok } from './decision.ts';
import { projectByTable, projectFields } from './view-engine.ts';

/** A small capability: a door that opens, and a secret code that only the host may learn. */
type DoorCommand = { type: 'OpenDoor'; data: { at: number } } | { type: 'SetCode'; data: { code: string } };
type DoorEvent = { type: 'DoorOpened'; data: { at: number } } | { type: 'CodeSet'; data: { code: string } };
interface DoorSlice {
  door: { open: boolean; code: string | null };
}
type DoorState = CoreState & DoorSlice;

const HOST: Actor = { role: 'host' };
const STAGE: Actor = { role: 'stage' };

const DOOR_EVENTS: EventViews<DoorEvent> = { DoorOpened: { to: 'all' }, CodeSet: { to: HOST_ONLY } };
const DOOR_STATE: StateViews<DoorSlice, DoorState> = { door: { fields: { open: 'all', code: HOST_ONLY } } };

const door = {
  name: 'door',
  scenes: [],
  initial: () => ({ door: { open: false, code: null } }),
  stateVersion: 1,
  commandRoles: { OpenDoor: ['host'], SetCode: ['host'] },
  commandSchemas: [],
  decide: (_state, command) =>
    command.type === 'OpenDoor'
      ? ok({ type: 'DoorOpened', data: { at: command.data.at } })
      : ok({ type: 'CodeSet', data: { code: command.data.code } }),
  evolve: (state, event) => ({
    ...state,
    door: event.type === 'DoorOpened' ? { ...state.door, open: true } : { ...state.door, code: event.data.code },
  }),
  deadlines: () => [],
  events: DOOR_EVENTS,
  state: DOOR_STATE,
} satisfies Capability<DoorCommand, DoorEvent, DoorSlice, DoorState>;

test('type level: an event type without a view entry does not compile', () => {
  // @ts-expect-error CodeSet (a secret) has no entry: there is no default that would let it through
  const missing: EventViews<DoorEvent> = { DoorOpened: { to: 'all' } };
  const extra: EventViews<DoorEvent> = {
    DoorOpened: { to: 'all' },
    CodeSet: { to: 'all' },
    // @ts-expect-error an entry for an event the capability does not emit is refused too
    DoorSlammed: { to: 'all' },
  };
  // @ts-expect-error every entry says who receives the event
  const noReceivers: EventViews<DoorEvent> = { DoorOpened: {}, CodeSet: { to: HOST_ONLY } };
  expect([missing, extra, noReceivers]).toHaveLength(3);
});

test('type level: a capability whose new event has no entry in its table does not compile', () => {
  type WiderEvent = DoorEvent | { type: 'AlarmRaised'; data: { by: string } };
  const widened = {
    ...door,
    evolve: (state: DoorState, _event: WiderEvent) => state,
    // @ts-expect-error AlarmRaised was added to the events but not to the view table
    events: DOOR_EVENTS,
  } satisfies Capability<DoorCommand, WiderEvent, DoorSlice, DoorState>;
  expect(widened.name).toBe('door');
});

test('type level: a state field without a view entry does not compile', () => {
  interface WiderSlice {
    door: { open: boolean; code: string | null; owner: string };
  }
  // @ts-expect-error owner has no entry
  const missing: StateViews<WiderSlice, DoorState> = { door: { fields: { open: 'all', code: HOST_ONLY } } };
  // @ts-expect-error a slice field without any rule at all
  const none: StateViews<DoorSlice, DoorState> = {};
  expect([missing, none]).toHaveLength(2);
  expectTypeOf<StateViews<DoorSlice, DoorState>>().toHaveProperty('door');
  expectTypeOf<EventViews<DoorEvent>>().toHaveProperty('CodeSet');
});

test('an event type no table names is withheld from every role; a named one reaches only its receivers', () => {
  const secret = { type: 'CodeSet', data: { code: '1234' } } as const;
  const unknown = { type: 'TrapdoorOpened', data: { where: 'stage' } };
  expect(projectByTable(DOOR_EVENTS, secret, HOST)).toEqual(secret);
  expect(projectByTable(DOOR_EVENTS, secret, STAGE)).toEqual({ type: 'EventWithheld', data: {} });
  // Not in the table (a wiring mistake the type check would catch): nobody but the server receives it.
  const loose = DOOR_EVENTS as unknown as EventViews<{ type: string; data: object }>;
  for (const viewer of [HOST, STAGE, { role: 'audience' } as Actor])
    expect(projectByTable(loose, unknown, viewer)).toEqual({ type: 'EventWithheld', data: {} });
  expect(projectByTable(loose, unknown, { role: 'system' })).toEqual(unknown);
});

test('a state field no table names is dropped; a field a role may not see takes its initial value', () => {
  const state = {
    contestId: 'x',
    joinCode: 'ABCD',
    definition: {} as DoorState['definition'],
    createdAt: 0,
    version: 3,
    scores: {},
    rosters: {},
    door: { open: true, code: '1234', owner: 'someone' },
  };
  const initial = () => door.initial();
  expect(projectFields(state, DOOR_STATE, STAGE, state, initial)).toEqual({ door: { open: true, code: null } });
  expect(projectFields(state, DOOR_STATE, HOST, state, initial)).toEqual({ door: { open: true, code: '1234' } });
  expect(projectFields(state, DOOR_STATE, { role: 'system' }, state, initial)).toBe(state);
});
