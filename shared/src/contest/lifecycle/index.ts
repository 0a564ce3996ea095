/**
 * The lifecycle capability: the run of the contest (stages, segments, the contestant in focus,
 * scenes, seated devices). It takes the scenes of every capability, for `ChooseScene`.
 */
import type { Capability } from '../kernel/capability.ts';
import { decideLifecycle } from './decide-lifecycle.ts';
import { evolveLifecycle, initialLifecycle } from './evolve-lifecycle.ts';
import { lifecycleSchemas } from './schemas.ts';
import {
  LIFECYCLE_SCENES,
  type LifecycleCommand,
  type LifecycleEvent,
  type LifecycleSlice,
  type LifecycleState,
} from './types.ts';
import { LIFECYCLE_EVENT_VIEWS, LIFECYCLE_STATE_VIEWS } from './views-lifecycle.ts';

export type * from './types.ts';
export { LIFECYCLE_SCENES } from './types.ts';

/** The lifecycle capability for a contest whose capabilities offer `scenes`. */
export const lifecycleCapability = <Sc extends string>(scenes: readonly Sc[]) =>
  ({
    name: 'lifecycle',
    scenes: LIFECYCLE_SCENES,
    initial: initialLifecycle,
    stateVersion: 2,
    commandRoles: {
      SeatDevice: ['system'],
      ReleaseDevice: ['system'],
      StartStage: ['host'],
      FinishStage: ['host'],
      StartSegment: ['host'],
      FinishSegment: ['host'],
      SetCurrentContestant: ['host'],
      ChooseScene: ['host'],
      CorrectContestantName: ['host'],
      CorrectUnitName: ['host'],
      ChangeSegmentTimer: ['host'],
    },
    commandSchemas: lifecycleSchemas(scenes),
    decide: (state, command, ctx) => decideLifecycle(state, command, ctx, scenes),
    evolve: evolveLifecycle,
    deadlines: () => [],
    events: LIFECYCLE_EVENT_VIEWS,
    state: LIFECYCLE_STATE_VIEWS,
  }) satisfies Capability<LifecycleCommand, LifecycleEvent, LifecycleSlice, LifecycleState>;
