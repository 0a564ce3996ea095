import { deviceKey } from '../kernel/actor.ts';
import { fail, ok, type DecideContext, type Decision } from '../kernel/decision.ts';
import { findSegment, findStage, stageRoster } from '../kernel/lookup.ts';
import type { LifecycleCommand, LifecycleEvent, LifecycleState } from './types.ts';

/** Decide a lifecycle command against the state; `scenes` is every scene the contest's capabilities offer. */
export function decideLifecycle(
  state: LifecycleState,
  command: LifecycleCommand,
  ctx: DecideContext,
  scenes: readonly string[],
): Decision<LifecycleEvent> {
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
      if (state.currentStageId && state.stageStatus[state.currentStageId] === 'running') {
        return fail('INVALID_STATE', `finish stage '${state.currentStageId}' before starting another`);
      }
      return ok({ type: 'StageStarted', data: { stageId, at: ctx.now } });
    }
    case 'FinishStage': {
      const { stageId } = command.data;
      if (!findStage(def, stageId)) return fail('NOT_FOUND', `no stage '${stageId}'`);
      if (state.stageStatus[stageId] !== 'running') return fail('INVALID_STATE', `stage '${stageId}' is not running`);
      const events: LifecycleEvent[] = [];
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
      const events: LifecycleEvent[] = [];
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
        if (state.currentStageId && !stageRoster(state, state.currentStageId).includes(contestantId)) {
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
      if (!scenes.includes(command.data.scene)) return fail('NOT_FOUND', `no scene '${command.data.scene}'`);
      if (state.scene === command.data.scene) return ok();
      return ok({ type: 'SceneChosen', data: { scene: command.data.scene } });
  }
}
