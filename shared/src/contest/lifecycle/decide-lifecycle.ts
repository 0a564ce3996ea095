import { resolveBuzzerSettings, resolveJudgedSettings, resolveRequiredSettings } from '../../model/segment-defaults.ts';
import { deviceKey } from '../kernel/actor.ts';
import { fail, ok, refuse, type DecideContext, type Decision } from '../kernel/decision.ts';
import { operatorError, reasonError } from '../kernel/definition-edit.ts';
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
    case 'CorrectContestantName':
    case 'CorrectUnitName':
    case 'ChangeSegmentTimer':
      return decideAmendment(state, command, ctx);
  }
}

/** A correction on the night: a contestant's or unit's name, or a segment's timer; always with a reason. */
function decideAmendment(
  state: LifecycleState,
  command: Extract<LifecycleCommand, { type: 'CorrectContestantName' | 'CorrectUnitName' | 'ChangeSegmentTimer' }>,
  ctx: DecideContext,
): Decision<LifecycleEvent> {
  const def = state.definition;
  const reason = command.data.reason.trim();
  const noReason = reasonError(reason);
  if (noReason) return refuse(noReason);
  switch (command.type) {
    case 'CorrectContestantName': {
      const { contestantId } = command.data;
      const name = command.data.name.trim();
      const contestant = def.contestants.find((c) => c.id === contestantId);
      if (!contestant)
        return refuse(operatorError('NOT_FOUND', `没有选手「${contestantId}」`, `no contestant '${contestantId}'`));
      if (!name) return refuse(operatorError('BAD_REQUEST', '新名字不能为空', 'the new name is empty'));
      if (name === contestant.name)
        return refuse(
          operatorError('BAD_REQUEST', `选手名字已是「${name}」`, `the contestant is already named '${name}'`),
        );
      return ok({
        type: 'ContestantRenamed',
        data: { contestantId, from: contestant.name, to: name, reason, at: ctx.now },
      });
    }
    case 'CorrectUnitName': {
      const from = command.data.from;
      const to = command.data.to.trim();
      const contestantIds = def.contestants.filter((c) => c.organisation === from).map((c) => c.id);
      if (contestantIds.length === 0)
        return refuse(operatorError('NOT_FOUND', `没有单位「${from}」的选手`, `no contestant of unit '${from}'`));
      if (!to) return refuse(operatorError('BAD_REQUEST', '新单位名称不能为空', 'the new unit name is empty'));
      if (to === from)
        return refuse(operatorError('BAD_REQUEST', `单位名称已是「${to}」`, `the unit is already named '${to}'`));
      return ok({ type: 'UnitRenamed', data: { from, to, contestantIds, reason, at: ctx.now } });
    }
    case 'ChangeSegmentTimer': {
      const { segmentId, seconds } = command.data;
      const found = findSegment(def, segmentId);
      if (!found) return refuse(operatorError('NOT_FOUND', `没有环节「${segmentId}」`, `no segment '${segmentId}'`));
      const { segment } = found;
      if (state.segmentStatus[segmentId] === 'finished')
        return refuse(
          operatorError(
            'INVALID_STATE',
            `「${segment.name}」已结束，计时不再改变`,
            `segment '${segment.name}' has finished; its timer no longer matters`,
          ),
        );
      let setting: 'answerSeconds' | 'performanceSeconds';
      let from: number | null;
      if (segment.kind === 'required') {
        setting = 'answerSeconds';
        from = resolveRequiredSettings(segment).answerSeconds;
      } else if (segment.kind === 'buzzer') {
        setting = 'answerSeconds';
        from = resolveBuzzerSettings(segment).answerSeconds;
      } else if (segment.kind === 'judged') {
        setting = 'performanceSeconds';
        from = resolveJudgedSettings(segment).performanceSeconds ?? null;
      } else {
        return refuse(
          operatorError(
            'BAD_REQUEST',
            `「${segment.name}」是笔试环节，答题时长在笔试设置中`,
            `'${segment.name}' is a written test; its time is set with the paper`,
          ),
        );
      }
      if (from === seconds)
        return refuse(
          operatorError(
            'BAD_REQUEST',
            `「${segment.name}」的计时已是 ${seconds} 秒`,
            `the timer is already ${seconds} s`,
          ),
        );
      return ok({ type: 'SegmentTimerChanged', data: { segmentId, setting, from, to: seconds, reason, at: ctx.now } });
    }
  }
}
