import type { Deadline as DeadlineOf } from './kernel/deadline.ts';
import { CAPABILITIES } from './capabilities.ts';
import type { ContestCommand } from './commands.ts';
import type { ContestState } from './state.ts';

/** A timer the server must fire (see kernel/deadline.ts). */
export type Deadline = DeadlineOf<ContestCommand>;

/** Every pending deadline of the contest, from every capability. */
export function deadlines(state: ContestState): Deadline[] {
  return CAPABILITIES.flatMap((c) => c.deadlines(state) as readonly Deadline[]);
}
