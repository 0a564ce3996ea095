import type { ContestFile } from '../model/contest-file-schema.ts';
import { deviceKey, deviceTag, type Actor, type Role } from './kernel/actor.ts';
import type { ContestEvent } from './events.ts';
import type { ContestState } from './state.ts';
import { JUDGING_EVENT_TYPES, projectJudgingEvent, viewJudging, type JudgingEvent } from './judging/index.ts';
import { KNOWLEDGE_EVENT_TYPES, projectKnowledgeEvent, viewKnowledge, type KnowledgeEvent } from './knowledge/index.ts';

/** Roles that may see answers before they are revealed. */
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
      segments: stage.segments.map((g) => ('questionIds' in g ? { ...g, questionIds: [] } : g)),
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

/**
 * The event as a given role may receive it. Redaction keeps the event (and, on the wire, its version and metadata),
 * so every role sees a gap-free stream and folds it with the same `evolve`.
 */
export function projectEvent<E extends ContestEvent>(event: E, viewer: Actor): E {
  const e: ContestEvent = event;
  if (e.type === 'ContestCreated' && !SEES_ANSWERS.includes(viewer.role)) {
    return { ...e, data: { ...e.data, definition: definitionFor(e.data.definition, viewer) } } as E;
  }
  if ((e.type === 'DeviceSeated' || e.type === 'DeviceLeft') && viewer.role !== 'system') {
    // Device ids stay on the server: the host gets a tag of each, every other role nothing.
    if (viewer.role !== 'host') return withheld(event);
    return { ...event, data: { ...e.data, deviceId: deviceTag(e.data.deviceId) } };
  }
  if (KNOWLEDGE_EVENT_TYPES.has(e.type))
    return { ...event, ...(projectKnowledgeEvent(e as KnowledgeEvent, viewer) as ContestEvent) };
  if (JUDGING_EVENT_TYPES.has(e.type))
    return { ...event, ...(projectJudgingEvent(e as JudgingEvent, viewer) as ContestEvent) };
  return event;
}

/** An event withheld from a viewer: its position and metadata stay, nothing of the event does. */
function withheld<E extends ContestEvent>(event: E): E {
  return { ...event, type: 'EventWithheld', data: {} } as unknown as E;
}

/** The seated devices as `viewer` may see them: the host with tags for ids, everyone else none. */
function devicesFor(devices: ContestState['devices'], viewer: Actor): ContestState['devices'] {
  if (viewer.role === 'system') return devices;
  if (viewer.role !== 'host') return {};
  return Object.fromEntries(
    Object.values(devices).map((d) => {
      const device = deviceTag(d.device);
      return [deviceKey(d.role, d.subjectId, device), { ...d, device }];
    }),
  );
}

/** The state as a given role may see it; equal to folding `projectEvent` of every event. */
export function viewFor(state: ContestState, viewer: Actor): ContestState {
  const base = SEES_ANSWERS.includes(viewer.role)
    ? state
    : { ...state, definition: definitionFor(state.definition, viewer) };
  return viewJudging(viewKnowledge({ ...base, devices: devicesFor(state.devices, viewer) }, viewer), viewer);
}
