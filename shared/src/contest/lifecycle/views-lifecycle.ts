import { deviceKey, deviceTag, type Actor } from '../kernel/actor.ts';
import { HOST_ONLY, type EventViews, type StateViews } from '../kernel/capability.ts';
import type { LifecycleEvent, LifecycleSlice, LifecycleState } from './types.ts';

/** Device ids stay on the server: the host sees a tag of each. */
const tagged = <E extends Extract<LifecycleEvent, { type: 'DeviceSeated' | 'DeviceLeft' }>>(
  event: E,
  viewer: Actor,
): E =>
  viewer.role === 'host' ? { ...event, data: { ...event.data, deviceId: deviceTag(event.data.deviceId) } } : event;

export const LIFECYCLE_EVENT_VIEWS: EventViews<LifecycleEvent> = {
  DeviceSeated: { to: HOST_ONLY, redact: tagged },
  DeviceLeft: { to: HOST_ONLY, redact: tagged },
  StageStarted: { to: 'all' },
  StageFinished: { to: 'all' },
  SegmentStarted: { to: 'all' },
  SegmentFinished: { to: 'all' },
  CurrentContestantSet: { to: 'all' },
  SceneChosen: { to: 'all' },
  // Corrections on the night are public: every screen shows the new name or timer at once.
  ContestantRenamed: { to: 'all' },
  UnitRenamed: { to: 'all' },
  SegmentTimerChanged: { to: 'all' },
};

export const LIFECYCLE_STATE_VIEWS: StateViews<LifecycleSlice, LifecycleState> = {
  stageStatus: 'all',
  segmentStatus: 'all',
  currentStageId: 'all',
  currentSegmentId: 'all',
  currentContestantId: 'all',
  scene: 'all',
  amendments: 'all',
  // The host's list, keyed and named by tags; every other role holds none.
  devices: (devices, viewer) => {
    if (viewer.role === 'system') return devices;
    if (viewer.role !== 'host') return {};
    return Object.fromEntries(
      Object.values(devices).map((d) => {
        const device = deviceTag(d.device);
        return [deviceKey(d.role, d.subjectId, device), { ...d, device }];
      }),
    );
  },
};
