/**
 * THE list of a contest's capabilities. Adding a capability is one folder under
 * shared/src/contest/ exporting one `Capability` value, plus one line in `FEATURES` below:
 * its commands, events, state slice, views, deadlines and scenes then reach decide, evolve,
 * the role views, the protocol's command schema and the server without any other edit.
 */
import { advancementCapability } from './advancement/index.ts';
import { judgingCapability } from './judging/index.ts';
import type { EventOf, ScenesOf } from './kernel/capability.ts';
import { knowledgeCapability } from './knowledge/index.ts';
import { LIFECYCLE_SCENES, lifecycleCapability } from './lifecycle/index.ts';
import { writtenCapability } from './written/index.ts';

/** The capabilities built on the run of the contest, in the order their scenes are offered. */
const FEATURES = [knowledgeCapability, judgingCapability, advancementCapability, writtenCapability] as const;

/** What the stage screen and the overlay show: the scenes of every capability. */
export type Scene = (typeof LIFECYCLE_SCENES)[number] | ScenesOf<(typeof FEATURES)[number]>;
export const SCENES: readonly Scene[] = [...LIFECYCLE_SCENES, ...FEATURES.flatMap((f) => f.scenes)];

/** Every capability of a contest: the lifecycle first, then the features. */
export const CAPABILITIES = [lifecycleCapability(SCENES), ...FEATURES] as const;

/** Any one of them (a union of their precise types). */
export type ContestCapability = (typeof CAPABILITIES)[number];

/** The events a capability's `decide` may return (its own, and events of capabilities it builds on). */
type EmittedBy<C> = C extends { decide(...args: never[]): infer D }
  ? D extends { ok: true; events: readonly (infer E)[] }
    ? E
    : never
  : never;
// Compile-time guard: every event any capability may decide is one that some capability folds
// (and therefore names in its view table). An event emitted but owned by nobody fails here.
const _everyEmittedEventHasAnOwner: EventOf<ContestCapability> = null as unknown as EmittedBy<ContestCapability>;
void _everyEmittedEventHasAnOwner;
