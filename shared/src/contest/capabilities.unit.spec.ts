import { Value } from '@sinclair/typebox/value';
import { expect, test } from 'vitest';
import { ClientCommandSchema } from '../protocol/protocol.ts';
import type { AnyCapability } from './kernel/capability.ts';
import { CAPABILITIES, SCENES } from './capabilities.ts';
import type { ContestCommand } from './commands.ts';
import { contestSpec, opening } from './contest-spec.ts';
import { COMMAND_ROLES } from './decide.ts';
import { CONTEST_STATE_SCHEMA, stateSchemaOf } from './state.ts';

const capabilities = CAPABILITIES as readonly AnyCapability[];
/** The command type a client schema describes (`{ type: <literal>, data }`). */
const typeOf = (schema: unknown): string =>
  (schema as { properties: { type: { const: string } } }).properties.type.const;

test('the hub is assembled from the list: every command, its roles and every scene come from a capability', () => {
  const owned = capabilities.flatMap((c) => Object.keys(c.commandRoles));
  expect(new Set(owned).size).toBe(owned.length);
  expect(Object.keys(COMMAND_ROLES).sort()).toEqual(['CreateContest', ...owned].sort());
  expect(SCENES).toEqual(capabilities.flatMap((c) => [...c.scenes]));
});

test('a client schema exists only for a command of its own capability that a client may send', () => {
  for (const c of capabilities) {
    for (const schema of c.commandSchemas) {
      const type = typeOf(schema);
      expect(Object.keys(c.commandRoles), `${c.name}: ${type}`).toContain(type);
      expect(COMMAND_ROLES[type as ContestCommand['type']], type).not.toEqual(['system']);
    }
  }
});

test("the protocol's command schema takes every capability's client commands and none of the server's", () => {
  expect(Value.Check(ClientCommandSchema, { type: 'StartStage', data: { stageId: 'final' } })).toBe(true);
  expect(Value.Check(ClientCommandSchema, { type: 'ShowQuestion', data: { run: 1 } })).toBe(true);
  expect(Value.Check(ClientCommandSchema, { type: 'LockJudging', data: { segmentId: 's', contestantId: 'c' } })).toBe(
    true,
  );
  expect(Value.Check(ClientCommandSchema, { type: 'ChooseScene', data: { scene: 'ceremony' } })).toBe(true);
  expect(Value.Check(ClientCommandSchema, { type: 'ChooseScene', data: { scene: 'fireworks' } })).toBe(false);
  expect(Value.Check(ClientCommandSchema, { type: 'DecideBuzz', data: { run: 1, attempt: 1 } })).toBe(false);
  expect(Value.Check(ClientCommandSchema, { type: 'SeatDevice', data: { deviceId: 'dev-0001', role: 'host' } })).toBe(
    false,
  );
});

test('a command no capability owns is a BAD_REQUEST, not a crash', () => {
  const unknown = { type: 'LaunchFireworks', data: {} } as unknown as ContestCommand;
  contestSpec
    .given(...opening())
    .when(unknown, { role: 'host' }, 1)
    .thenFails('BAD_REQUEST', /LaunchFireworks/);
});

test("the state's schema follows the list: a new capability or a bumped slice changes it", () => {
  const list = capabilities.map((c) => ({ name: c.name, stateVersion: c.stateVersion }));
  expect(stateSchemaOf(list)).toBe(CONTEST_STATE_SCHEMA);
  expect(stateSchemaOf([...list, { name: 'written-test', stateVersion: 1 }])).not.toBe(CONTEST_STATE_SCHEMA);
  expect(stateSchemaOf(list.map((c, i) => (i === 1 ? { ...c, stateVersion: c.stateVersion + 1 } : c)))).not.toBe(
    CONTEST_STATE_SCHEMA,
  );
  expect(Number.isSafeInteger(CONTEST_STATE_SCHEMA) && CONTEST_STATE_SCHEMA > 0).toBe(true);
});
