/**
 * The given/when/then spec of a contest (kernel/decider-spec.ts) bound to the contest's own
 * `decide`, `evolve` and `deadlines`: the path the server runs, roles checked and every
 * capability wired. Every capability's unit tests use it. Test support only; not exported from
 * `@leitai/shared`.
 */
import { DEMO_CONTEST } from '../demo/index.ts';
import type { ContestFile } from '../model/contest-file-schema.ts';
import type { Actor } from './kernel/actor.ts';
import { deciderSpec, type Scenario } from './kernel/decider-spec.ts';
import type { ContestCommand } from './commands.ts';
import { decide } from './decide.ts';
import { deadlines } from './deadlines.ts';
import type { ContestEvent } from './events.ts';
import { evolve } from './evolve.ts';
import type { ContestState } from './state.ts';
import { projectEvent } from './view.ts';

/** A running contest scenario (see `Scenario`). */
export type ContestScenario = Scenario<ContestState | null, ContestCommand, ContestEvent>;

/** `contestSpec.given(...opening(), ...events).when(command, actor, now).then(...events)`. */
export const contestSpec = deciderSpec<ContestState | null, ContestCommand, ContestEvent>({
  decide,
  evolve,
  initialState: null,
  deadlines: (state) => (state ? deadlines(state) : []),
});

/** The first event of a contest's stream: created from `definition` (the demo by default) at time 0. */
export function contestCreated(options: { definition?: ContestFile; contestId?: string } = {}): ContestEvent {
  const { definition = DEMO_CONTEST, contestId = 'demo' } = options;
  return { type: 'ContestCreated', data: { contestId, joinCode: 'ABCD', definition, createdAt: 0 } };
}

/**
 * The opening of a contest's stream: created (see `contestCreated`), its stage `stageId` started
 * at 1 and, when given, segment `segmentId` started at 2.
 */
export function opening(
  options: { definition?: ContestFile; contestId?: string; stageId?: string; segmentId?: string } = {},
): ContestEvent[] {
  const { stageId = 'final', segmentId } = options;
  const events: ContestEvent[] = [contestCreated(options), { type: 'StageStarted', data: { stageId, at: 1 } }];
  if (segmentId) events.push({ type: 'SegmentStarted', data: { stageId, segmentId, at: 2 } });
  return events;
}

/** The state `viewer`'s screen holds after folding `log` as it receives it (each event projected for it). */
export function foldAs(log: readonly ContestEvent[], viewer: Actor): ContestState | null {
  let state: ContestState | null = null;
  log.forEach((e, i) => (state = evolve(state, projectEvent(e, viewer), i + 1)));
  return state;
}
