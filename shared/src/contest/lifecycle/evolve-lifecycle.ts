import type { ContestFile } from '../../model/contest-file-schema.ts';
import { deviceKey } from '../kernel/actor.ts';
import { withContestantName, withSegment, withUnitName } from '../kernel/definition-edit.ts';
import type { LifecycleEvent, LifecycleSlice, LifecycleState } from './types.ts';

/** The run of a new contest: every stage and segment pending, the title on screen, nobody seated. */
export function initialLifecycle(definition: ContestFile): LifecycleSlice {
  return {
    stageStatus: Object.fromEntries(definition.stages.map((s) => [s.id, 'pending' as const])),
    segmentStatus: Object.fromEntries(
      definition.stages.flatMap((s) => s.segments.map((g) => [g.id, 'pending' as const])),
    ),
    currentStageId: null,
    currentSegmentId: null,
    currentContestantId: null,
    scene: 'title',
    devices: {},
    amendments: [],
  };
}

/** Fold one lifecycle event. Pure; never mutates its input. */
export function evolveLifecycle<S extends LifecycleState>(state: S, event: LifecycleEvent): S {
  const s: S = { ...state };
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
    case 'ContestantRenamed':
      s.definition = withContestantName(s.definition, event.data.contestantId, event.data.to);
      s.amendments = [...s.amendments, event];
      return s;
    case 'UnitRenamed':
      s.definition = withUnitName(s.definition, event.data.contestantIds, event.data.to);
      s.amendments = [...s.amendments, event];
      return s;
    case 'SegmentTimerChanged': {
      const { setting, to } = event.data;
      s.definition = withSegment(s.definition, event.data.segmentId, (g) =>
        g.kind === 'written' ? g : ({ ...g, settings: { ...g.settings, [setting]: to } } as typeof g),
      );
      s.amendments = [...s.amendments, event];
      return s;
    }
  }
}
