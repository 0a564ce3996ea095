import { deviceKey } from './actor.ts';
import type { ContestEvent } from './events.ts';
import type { ContestState } from './state.ts';
import { JUDGING_EVENT_TYPES, evolveJudging, initialJudgingState, type JudgingEvent } from './judging/index.ts';
import {
  KNOWLEDGE_EVENT_TYPES,
  evolveKnowledge,
  initialKnowledgeState,
  type KnowledgeEvent,
} from './knowledge/index.ts';

const isKnowledgeEvent = (e: ContestEvent): e is KnowledgeEvent => KNOWLEDGE_EVENT_TYPES.has(e.type);
const isJudgingEvent = (e: ContestEvent): e is JudgingEvent => JUDGING_EVENT_TYPES.has(e.type);

/** Exhaustiveness guard: a new event type that is not handled fails to compile here. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
}

/**
 * Fold one event into the state. Pure; returns a new object and never mutates its input,
 * so the same function runs on the server, in every browser screen and in replay.
 * `version` is the event's stream version.
 */
export function evolve(state: ContestState | null, event: ContestEvent, version: number): ContestState | null {
  if (event.type === 'ContestCreated') {
    const { definition } = event.data;
    return {
      contestId: event.data.contestId,
      joinCode: event.data.joinCode,
      definition,
      createdAt: event.data.createdAt,
      version,
      stageStatus: Object.fromEntries(definition.stages.map((s) => [s.id, 'pending' as const])),
      segmentStatus: Object.fromEntries(
        definition.stages.flatMap((s) => s.segments.map((g) => [g.id, 'pending' as const])),
      ),
      currentStageId: null,
      currentSegmentId: null,
      currentContestantId: null,
      scene: 'title',
      devices: {},
      scores: {},
      knowledge: initialKnowledgeState(definition),
      judging: initialJudgingState(definition),
    };
  }
  if (!state) return state;
  const s: ContestState = { ...state, version };
  switch (event.type) {
    case 'DeviceSeated': {
      const { deviceId, role, subjectId, at } = event.data;
      const seated = subjectId
        ? { role, subjectId, device: deviceId, since: at }
        : { role, device: deviceId, since: at };
      s.devices = { ...s.devices, [deviceKey(role, subjectId, deviceId)]: seated };
      return s;
    }
    case 'DeviceLeft': {
      const { deviceId, role, subjectId } = event.data;
      const devices = { ...s.devices };
      if (role) delete devices[deviceKey(role, subjectId, deviceId)];
      else for (const [key, d] of Object.entries(devices)) if (d.device === deviceId) delete devices[key];
      s.devices = devices;
      return s;
    }
    case 'EventWithheld':
      return s;
    case 'StageStarted':
      s.stageStatus = { ...s.stageStatus, [event.data.stageId]: 'running' };
      s.currentStageId = event.data.stageId;
      s.currentSegmentId = null;
      s.currentContestantId = null;
      return s;
    case 'StageFinished':
      s.stageStatus = { ...s.stageStatus, [event.data.stageId]: 'finished' };
      if (s.currentStageId === event.data.stageId) s.currentSegmentId = null;
      return s;
    case 'SegmentStarted':
      s.segmentStatus = { ...s.segmentStatus, [event.data.segmentId]: 'running' };
      s.currentStageId = event.data.stageId;
      s.currentSegmentId = event.data.segmentId;
      return s;
    case 'SegmentFinished':
      s.segmentStatus = { ...s.segmentStatus, [event.data.segmentId]: 'finished' };
      if (s.currentSegmentId === event.data.segmentId) s.currentSegmentId = null;
      return s;
    case 'CurrentContestantSet':
      s.currentContestantId = event.data.contestantId;
      return s;
    case 'SceneChosen':
      s.scene = event.data.scene;
      return s;
    default:
      if (isKnowledgeEvent(event)) return evolveKnowledge(s, event);
      if (isJudgingEvent(event)) return evolveJudging(s, event);
      return assertNever(event);
  }
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
