import { expect, test } from 'vitest';
import type { Actor } from './actor.ts';
import { deciderSpec } from './decider-spec.ts';
import { fail, ok } from './decision.ts';

/** A counter that the host bumps, with an alarm the server fires at 100. */
type Cmd = { type: 'Bump'; data: { by: number } } | { type: 'Ring'; data: Record<string, never> };
type Evt = { type: 'Bumped'; data: { by: number; at: number } } | { type: 'Rang'; data: { at: number } };
const HOST: Actor = { role: 'host' };

const spec = deciderSpec<number, Cmd, Evt>({
  initialState: 0,
  decide: (state, command, ctx) => {
    if (command.type === 'Ring') return ok({ type: 'Rang', data: { at: ctx.now } });
    if (ctx.actor.role !== 'host') return fail('FORBIDDEN', 'the host bumps');
    if (command.data.by <= 0) return fail('BAD_REQUEST', `bump by ${command.data.by}`);
    return state >= 3 ? ok() : ok({ type: 'Bumped', data: { by: command.data.by, at: ctx.now } });
  },
  evolve: (state, event) => (event.type === 'Bumped' ? state + event.data.by : state),
  deadlines: (state) => (state > 0 ? [{ key: 'alarm', at: 100, command: { type: 'Ring', data: {} } }] : []),
});

test('given events are folded; accepted events are folded in at once and logged', () => {
  const w = spec.given({ type: 'Bumped', data: { by: 1, at: 0 } });
  w.when({ type: 'Bump', data: { by: 1 } }, HOST, 5).then({ type: 'Bumped', data: { by: 1, at: 5 } });
  expect(w.state).toBe(2);
  expect(w.log).toHaveLength(2);
  w.when({ type: 'Bump', data: { by: 1 } }, HOST, 6).then({ type: 'Bumped', data: { by: 1, at: 6 } });
  w.when({ type: 'Bump', data: { by: 1 } }, HOST, 7).thenNothing();
});

test('a refusal changes nothing; its code and message are what thenFails checks', () => {
  const w = spec.given();
  w.when({ type: 'Bump', data: { by: 0 } }, HOST, 1).thenFails('BAD_REQUEST', /by 0/);
  w.when({ type: 'Bump', data: { by: 1 } }, { role: 'stage' }, 1).thenFails('FORBIDDEN');
  expect(w.when({ type: 'Bump', data: { by: -1 } }, HOST, 1).error).toBe('BAD_REQUEST');
  expect(w.log).toEqual([]);
});

test('the deadline fires as the system at its own time', () => {
  const w = spec.given({ type: 'Bumped', data: { by: 1, at: 0 } });
  expect(w.deadlines.map((d) => d.at)).toEqual([100]);
  w.whenDeadline().then({ type: 'Rang', data: { at: 100 } });
});

test('every then… fails the test when the outcome differs', () => {
  const bump = { type: 'Bump', data: { by: 1 } } as const;
  expect(() =>
    spec
      .given()
      .when(bump, HOST, 1)
      .then({ type: 'Bumped', data: { by: 2, at: 1 } }),
  ).toThrow();
  expect(() => spec.given().when(bump, HOST, 1).thenNothing()).toThrow();
  expect(() => spec.given().when(bump, HOST, 1).thenFails('FORBIDDEN')).toThrow();
  expect(() => spec.given().when(bump, HOST, 1).error).toThrow(/unexpectedly accepted/);
  expect(() => spec.given().when(bump, { role: 'judge' }, 1).thenAccepted()).toThrow();
  expect(() => spec.given().when(bump, { role: 'judge' }, 1).events).toThrow(/FORBIDDEN/);
  expect(() =>
    spec
      .given()
      .when({ type: 'Bump', data: { by: 0 } }, HOST, 1)
      .thenFails('BAD_REQUEST', /by 9/),
  ).toThrow();
  expect(() => spec.given().whenDeadline()).toThrow(/no deadline/);
  expect(() => spec.given().state).not.toThrow();
});
