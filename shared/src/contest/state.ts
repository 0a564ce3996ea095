import type { CoreState } from './kernel/core-state.ts';
import type { SliceOf } from './kernel/capability.ts';
import { CAPABILITIES, type ContestCapability, type Scene } from './capabilities.ts';

export type { RunStatus, SeatedDevice } from './lifecycle/types.ts';
export type { CoreState } from './kernel/core-state.ts';

/** The shape of the core fields (`CoreState`): bump it when they change. */
const CORE_STATE_VERSION = 2;

/**
 * The shape of a state made of `capabilities`: a fingerprint of the core's version and every
 * capability's name and `stateVersion` (FNV-1a over the list, 31 bits).
 */
export function stateSchemaOf(capabilities: readonly { name: string; stateVersion: number }[]): number {
  const text = [`core:${CORE_STATE_VERSION}`, ...capabilities.map((c) => `${c.name}:${c.stateVersion}`)].join('|');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h & 0x7fffffff;
}

/**
 * The shape of `ContestState`, from the capability list: adding a capability or bumping a
 * slice's `stateVersion` changes it without an edit here. A stored snapshot of another shape is
 * not used (the state is rebuilt from the log, which is the truth).
 */
export const CONTEST_STATE_SCHEMA: number = stateSchemaOf(CAPABILITIES);

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
