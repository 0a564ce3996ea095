import { describe, expect, test } from 'vitest';
import { THREE_STAGE_CONTEST } from '../../demo/index.ts';
import { SYSTEM_ACTOR, deviceTag, type Actor } from '../kernel/actor.ts';
import { contestCreated, contestSpec, opening } from '../contest-spec.ts';
import { projectEvent } from '../view.ts';

const HOST: Actor = { role: 'host' };
const three = { definition: THREE_STAGE_CONTEST };

describe('stages and segments', () => {
  test('starting a segment of a stage not yet running starts the stage first', () => {
    contestSpec
      .given(contestCreated())
      .when({ type: 'StartSegment', data: { segmentId: 'knowledge-required' } }, HOST, 5)
      .then(
        { type: 'StageStarted', data: { stageId: 'final', at: 5 } },
        { type: 'SegmentStarted', data: { stageId: 'final', segmentId: 'knowledge-required', at: 5 } },
      );
  });

  test('starting the next segment finishes the one running; finishing the stage finishes its segment', () => {
    contestSpec
      .given(...opening({ segmentId: 'knowledge-required' }))
      .when({ type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } }, HOST, 7)
      .then(
        { type: 'SegmentFinished', data: { segmentId: 'knowledge-required', at: 7 } },
        { type: 'SegmentStarted', data: { stageId: 'final', segmentId: 'knowledge-buzzer', at: 7 } },
      )
      .when({ type: 'FinishStage', data: { stageId: 'final' } }, HOST, 9)
      .then(
        { type: 'SegmentFinished', data: { segmentId: 'knowledge-buzzer', at: 9 } },
        { type: 'StageFinished', data: { stageId: 'final', at: 9 } },
      );
  });

  test('one stage runs at a time, and a finished stage stays finished', () => {
    const w = contestSpec.given(...opening({ ...three, stageId: 'preliminary' }));
    w.when({ type: 'StartStage', data: { stageId: 'semifinal' } }, HOST, 3).thenFails('INVALID_STATE', /preliminary/);
    w.when({ type: 'StartSegment', data: { segmentId: 'semi-written' } }, HOST, 3).thenFails('INVALID_STATE');
    w.when({ type: 'FinishStage', data: { stageId: 'preliminary' } }, HOST, 4).thenAccepted();
    w.when({ type: 'StartSegment', data: { segmentId: 'prelim-written' } }, HOST, 5).thenFails(
      'INVALID_STATE',
      /finished/,
    );
    w.when({ type: 'StartStage', data: { stageId: 'semifinal' } }, HOST, 6).then({
      type: 'StageStarted',
      data: { stageId: 'semifinal', at: 6 },
    });
    expect(w.state.stageStatus).toEqual({ preliminary: 'finished', semifinal: 'running', final: 'pending' });
  });

  test('unknown stages and segments are NOT_FOUND; a segment not running cannot be finished', () => {
    const w = contestSpec.given(...opening());
    w.when({ type: 'StartStage', data: { stageId: 'nope' } }, HOST, 2).thenFails('NOT_FOUND');
    w.when({ type: 'StartSegment', data: { segmentId: 'nope' } }, HOST, 2).thenFails('NOT_FOUND');
    w.when({ type: 'FinishSegment', data: { segmentId: 'reflection' } }, HOST, 2).thenFails('INVALID_STATE');
  });
});

describe('focus and scenes', () => {
  test('the contestant in focus: on the stage roster only; setting the same one again changes nothing', () => {
    contestSpec
      .given(...opening())
      .when({ type: 'SetCurrentContestant', data: { contestantId: 'c03' } }, HOST, 2)
      .then({ type: 'CurrentContestantSet', data: { contestantId: 'c03' } })
      .when({ type: 'SetCurrentContestant', data: { contestantId: 'c03' } }, HOST, 3)
      .thenNothing()
      .when({ type: 'SetCurrentContestant', data: { contestantId: 'zz' } }, HOST, 4)
      .thenFails('NOT_FOUND');
  });

  test('a scene of any capability can be chosen, once; a scene no capability offers is NOT_FOUND', () => {
    contestSpec
      .given(...opening())
      .when({ type: 'ChooseScene', data: { scene: 'judging' } }, HOST, 2)
      .then({ type: 'SceneChosen', data: { scene: 'judging' } })
      .when({ type: 'ChooseScene', data: { scene: 'judging' } }, HOST, 3)
      .thenNothing()
      .when({ type: 'ChooseScene', data: { scene: 'fireworks' } }, HOST, 4)
      .thenFails('NOT_FOUND');
  });

  test('only the host runs the show', () => {
    const w = contestSpec.given(...opening());
    for (const role of ['judge', 'contestant', 'stage', 'overlay', 'audience'] as const)
      w.when({ type: 'ChooseScene', data: { scene: 'roster' } }, { role }, 2).thenFails('FORBIDDEN');
  });
});

describe('seated devices', () => {
  test('only the server seats a device; a release names seat and device together', () => {
    const w = contestSpec.given(...opening());
    const seat = { deviceId: 'dev-0001', role: 'contestant', subjectId: 'c01' } as const;
    w.when({ type: 'SeatDevice', data: seat }, HOST, 2).thenFails('FORBIDDEN');
    w.when({ type: 'SeatDevice', data: seat }, SYSTEM_ACTOR, 3).then({
      type: 'DeviceSeated',
      data: { ...seat, at: 3 },
    });
    // The same device id claimed for another seat releases nothing of this one.
    w.when({ type: 'ReleaseDevice', data: { ...seat, subjectId: 'c02' } }, SYSTEM_ACTOR, 4).thenFails('NOT_FOUND');
    w.when({ type: 'ReleaseDevice', data: seat }, SYSTEM_ACTOR, 5).then({
      type: 'DeviceLeft',
      data: { ...seat, at: 5 },
    });
    expect(w.state.devices).toEqual({});
  });

  test('a device id reaches the host as a tag and no other role at all', () => {
    const w = contestSpec.given(...opening());
    const [seated] = w.when(
      { type: 'SeatDevice', data: { deviceId: 'dev-0001', role: 'judge', subjectId: 'j1' } },
      SYSTEM_ACTOR,
      2,
    ).events;
    expect(projectEvent(seated!, HOST)).toMatchObject({ data: { deviceId: deviceTag('dev-0001') } });
    for (const role of ['judge', 'contestant', 'stage', 'overlay', 'audience'] as const)
      expect(projectEvent(seated!, { role, subjectId: 'j1' })).toEqual({ type: 'EventWithheld', data: {} });
  });
});
