import type { Role } from './kernel/actor.ts';
import type { AnyCapability } from './kernel/capability.ts';
import { fail, ok, type DecideContext, type Decision as DecisionOf } from './kernel/decision.ts';
import { CAPABILITIES } from './capabilities.ts';
import type { ContestCommand, ContestCommandType } from './commands.ts';
import type { ContestEvent } from './events.ts';
import type { ContestState } from './state.ts';

export type { DecideContext, LinkQuality } from './kernel/decision.ts';

/** A contest decision: the events to append, or a typed error. */
export type Decision = DecisionOf<ContestEvent>;

/** The capability that owns each command type (a type owned twice is a wiring error, caught at start). */
const OWNER = new Map<string, AnyCapability>();
for (const capability of CAPABILITIES as readonly AnyCapability[]) {
  for (const type of Object.keys(capability.commandRoles)) {
    if (OWNER.has(type) || type === 'CreateContest') throw new Error(`command '${type}' is owned twice`);
    OWNER.set(type, capability);
  }
}

/** Which roles may issue each command. `system` is the server itself. */
export const COMMAND_ROLES: Readonly<Record<ContestCommandType, readonly Role[]>> = Object.assign(
  { CreateContest: ['system'] as readonly Role[] },
  ...CAPABILITIES.map((c) => c.commandRoles),
) as Record<ContestCommandType, readonly Role[]>;

/**
 * Decide what happens when `command` meets `state`: the events to append, or a typed error.
 * Pure: time and actor come from `ctx`. Roles are checked here, for every capability alike.
 */
export function decide(state: ContestState | null, command: ContestCommand, ctx: DecideContext): Decision {
  const roles = Object.hasOwn(COMMAND_ROLES, command.type) ? COMMAND_ROLES[command.type] : undefined;
  if (!roles) return fail('BAD_REQUEST', `unknown command '${String(command.type).slice(0, 64)}'`);
  if (!roles.includes(ctx.actor.role)) return fail('FORBIDDEN', `role '${ctx.actor.role}' may not ${command.type}`);
  if (command.type === 'CreateContest') {
    if (state) return fail('CONFLICT', `contest '${command.data.contestId}' already exists`);
    return ok({ type: 'ContestCreated', data: { ...command.data, createdAt: ctx.now } });
  }
  if (!state) return fail('NOT_FOUND', 'contest does not exist');
  const owner = OWNER.get(command.type);
  if (!owner) return fail('BAD_REQUEST', `unknown command '${command.type}'`);
  return owner.decide(state, command, ctx);
}
