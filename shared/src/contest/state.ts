import type { CoreState } from './kernel/core-state.ts';
import type { SliceOf } from './kernel/capability.ts';
import type { ContestCapability, Scene } from './capabilities.ts';

export type { RunStatus, SeatedDevice } from './lifecycle/types.ts';
export type { CoreState } from './kernel/core-state.ts';

/**
 * The shape of `ContestState`, bumped whenever it changes: a stored snapshot of another shape is
 * not used (the state is rebuilt from the log, which is the truth).
 */
export const CONTEST_STATE_SCHEMA = 3;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * The state of one contest, folded from its events by `evolve`: the core fields and every
 * capability's slice. Every screen holds a (role-projected) copy.
 */
export type ContestState = CoreState &
  UnionToIntersection<SliceOf<ContestCapability>> & {
    /** What the stage screen and the overlay show: a scene of some capability (the lifecycle holds it as a string). */
    scene: Scene;
  };
