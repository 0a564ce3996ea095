import { deviceKey, type Actor, type Role } from './actor.ts';
import type { ContestCommand, ContestCommandType, LifecycleCommand } from './commands.ts';
import { domainError, type DomainError } from './errors.ts';
import type { ContestEvent } from './events.ts';
import { assertNever } from './evolve.ts';
import { findSegment, findStage, stageRoster } from './lookup.ts';
import type { ContestState } from './state.ts';
import { JUDGING_COMMAND_ROLES, decideJudging, type JudgingCommand } from './judging/index.ts';
import { KNOWLEDGE_COMMAND_ROLES, decideKnowledge, type KnowledgeCommand } from './knowledge/index.ts';

/** How well the sender's link is known: measured by the server, never claimed by the client. */
export interface LinkQuality {
  /** Recent highest round trip between server and the sender's socket, ms: the window a press-time claim is clamped to (a lowest would clamp honest presses under jitter). */
  rttMs: number;
  /** False when the device's clock could not be synced (the buzzer falls back to arrival order). */
  synced: boolean;
}

/** What `decide` needs from outside: the clock, the actor and (for presses) the link. Never read from globals. */
export interface DecideContext {
  now: number;
  actor: Actor;
  link?: LinkQuality;
}

export type Decision = { ok: true; events: ContestEvent[] } | { ok: false; error: DomainError };

const ok = (...events: ContestEvent[]): Decision => ({ ok: true, events });
const fail = (code: DomainError['code'], message: string): Decision => ({
  ok: false,
  error: domainError(code, message),
});

const LIFECYCLE_COMMAND_ROLES: Record<LifecycleCommand['type'], readonly Role[]> = {
  CreateContest: ['system'],
  SeatDevice: ['system'],
  ReleaseDevice: ['system'],
  StartStage: ['host'],
  FinishStage: ['host'],
  StartSegment: ['host'],
  FinishSegment: ['host'],
  SetCurrentContestant: ['host'],
  ChooseScene: ['host'],
};

/** Which roles may issue each command. `system` is the server itself. */
export const COMMAND_ROLES: Record<ContestCommandType, readonly Role[]> = {
  ...LIFECYCLE_COMMAND_ROLES,
  ...KNOWLEDGE_COMMAND_ROLES,
  ...JUDGING_COMMAND_ROLES,
};

const isKnowledgeCommand = (c: ContestCommand): c is KnowledgeCommand => Object.hasOwn(KNOWLEDGE_COMMAND_ROLES, c.type);
const isJudgingCommand = (c: ContestCommand): c is JudgingCommand => Object.hasOwn(JUDGING_COMMAND_ROLES, c.type);

/**
 * Decide what happens when `command` meets `state`: the events to append, or a typed error.
 * Pure: time and actor come from `ctx`.
 */
export function decide(state: ContestState | null, command: ContestCommand, ctx: DecideContext): Decision {
  if (!COMMAND_ROLES[command.type].includes(ctx.actor.role)) {
    return fail('FORBIDDEN', `role '${ctx.actor.role}' may not ${command.type}`);
  }
  if (command.type === 'CreateContest') {
    if (state) return fail('CONFLICT', `contest '${command.data.contestId}' already exists`);
    return ok({ type: 'ContestCreated', data: { ...command.data, createdAt: ctx.now } });
  }
  if (!state) return fail('NOT_FOUND', 'contest does not exist');
  if (isKnowledgeCommand(command)) return decideKnowledge(state, command, ctx);
  if (isJudgingCommand(command)) return decideJudging(state, command, ctx);
  const def = state.definition;
  switch (command.type) {
    case 'SeatDevice': {
      const { deviceId, role, subjectId } = command.data;
      return ok({
        type: 'DeviceSeated',
        data: subjectId ? { deviceId, role, subjectId, at: ctx.now } : { deviceId, role, at: ctx.now },
      });
    }
    case 'ReleaseDevice': {
      const { deviceId, role, subjectId } = command.data;
      if (!Object.hasOwn(state.devices, deviceKey(role, subjectId, deviceId)))
        return fail('NOT_FOUND', `device '${deviceId}' is not seated as ${role}`);
      return ok({
        type: 'DeviceLeft',
        data: subjectId ? { deviceId, role, subjectId, at: ctx.now } : { deviceId, role, at: ctx.now },
      });
    }
    case 'StartStage': {
      const { stageId } = command.data;
      if (!findStage(def, stageId)) return fail('NOT_FOUND', `no stage '${stageId}'`);
      if (state.stageStatus[stageId] === 'running')
        return fail('INVALID_STATE', `stage '${stageId}' is already running`);
      const events: ContestEvent[] = [];
      if (state.currentStageId && state.stageStatus[state.currentStageId] === 'running') {
        return fail('INVALID_STATE', `finish stage '${state.currentStageId}' before starting another`);
      }
      events.push({ type: 'StageStarted', data: { stageId, at: ctx.now } });
      return ok(...events);
    }
    case 'FinishStage': {
      const { stageId } = command.data;
      if (!findStage(def, stageId)) return fail('NOT_FOUND', `no stage '${stageId}'`);
      if (state.stageStatus[stageId] !== 'running') return fail('INVALID_STATE', `stage '${stageId}' is not running`);
      const events: ContestEvent[] = [];
      if (state.currentSegmentId && state.segmentStatus[state.currentSegmentId] === 'running') {
        events.push({ type: 'SegmentFinished', data: { segmentId: state.currentSegmentId, at: ctx.now } });
      }
      events.push({ type: 'StageFinished', data: { stageId, at: ctx.now } });
      return ok(...events);
    }
    case 'StartSegment': {
      const { segmentId } = command.data;
      const found = findSegment(def, segmentId);
      if (!found) return fail('NOT_FOUND', `no segment '${segmentId}'`);
      if (state.segmentStatus[segmentId] === 'running')
        return fail('INVALID_STATE', `segment '${segmentId}' is already running`);
      const stageId = found.stage.id;
      const events: ContestEvent[] = [];
      if (state.stageStatus[stageId] === 'finished') return fail('INVALID_STATE', `stage '${stageId}' has finished`);
      if (state.stageStatus[stageId] !== 'running') {
        if (state.currentStageId && state.stageStatus[state.currentStageId] === 'running') {
          return fail(
            'INVALID_STATE',
            `segment '${segmentId}' belongs to stage '${stageId}', but stage '${state.currentStageId}' is running`,
          );
        }
        events.push({ type: 'StageStarted', data: { stageId, at: ctx.now } });
      }
      if (state.currentSegmentId && state.segmentStatus[state.currentSegmentId] === 'running') {
        events.push({ type: 'SegmentFinished', data: { segmentId: state.currentSegmentId, at: ctx.now } });
      }
      events.push({ type: 'SegmentStarted', data: { stageId, segmentId, at: ctx.now } });
      return ok(...events);
    }
    case 'FinishSegment': {
      const { segmentId } = command.data;
      if (!findSegment(def, segmentId)) return fail('NOT_FOUND', `no segment '${segmentId}'`);
      if (state.segmentStatus[segmentId] !== 'running')
        return fail('INVALID_STATE', `segment '${segmentId}' is not running`);
      return ok({ type: 'SegmentFinished', data: { segmentId, at: ctx.now } });
    }
    case 'SetCurrentContestant': {
      const { contestantId } = command.data;
      if (contestantId !== null) {
        if (!def.contestants.some((c) => c.id === contestantId))
          return fail('NOT_FOUND', `no contestant '${contestantId}'`);
        if (state.currentStageId && !stageRoster(def, state.currentStageId).includes(contestantId)) {
          return fail(
            'INVALID_STATE',
            `contestant '${contestantId}' is not on the roster of stage '${state.currentStageId}'`,
          );
        }
      }
      if (state.currentContestantId === contestantId) return ok();
      return ok({ type: 'CurrentContestantSet', data: { contestantId } });
    }
    case 'ChooseScene':
      if (state.scene === command.data.scene) return ok();
      return ok({ type: 'SceneChosen', data: { scene: command.data.scene } });
    default:
      return assertNever(command);
  }
}
