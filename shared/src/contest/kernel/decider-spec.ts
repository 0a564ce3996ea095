/**
 * The one given/when/then helper for deciders (emmett's `DeciderSpecification`): every
 * capability's unit tests use it, through `contestSpec` (contest/contest-spec.ts).
 *
 *   spec.given(...events).when(command, actor, now).then(...events)
 *   spec.given(...events).when(command, actor, now).thenFails('INVALID_STATE')
 *
 * A scenario keeps going: accepted events are folded in at once, so the next `when` is decided
 * against them, and `whenDeadline()` fires the earliest timer as the runtime would. Test
 * support only (it asserts with Vitest); not exported from `@leitai/shared`.
 */
import { expect } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from './actor.ts';
import type { Deadline } from './deadline.ts';
import type { DecideContext, Decision, LinkQuality } from './decision.ts';
import type { ErrorCode } from './errors.ts';

/** What a spec runs: `decide`, `evolve` with the event's stream version, the state before any event, and the timers. */
export interface SpecDecider<S, C, E> {
  decide(state: S, command: C, ctx: DecideContext): Decision<E>;
  evolve(state: S, event: E, version: number): S;
  readonly initialState: S;
  deadlines?(state: S): readonly Deadline<C>[];
}

/** A spec for one decider: `given(...events)` starts a scenario. */
export interface DeciderSpec<S, C, E> {
  given(...events: readonly E[]): Scenario<S, C, E>;
}

export function deciderSpec<S, C, E>(decider: SpecDecider<S, C, E>): DeciderSpec<S, C, E> {
  return { given: (...events) => new Scenario(decider, events) };
}

const describeCommand = (command: unknown): string =>
  typeof command === 'object' && command !== null && 'type' in command ? String(command.type) : 'command';

/** A running scenario: the state folded from the given events and every accepted one since, and the log. */
export class Scenario<S, C, E> {
  private current: S;
  /** Every event folded in, in order; an event's stream version is its index + 1. */
  readonly log: E[] = [];

  constructor(
    private readonly decider: SpecDecider<S, C, E>,
    given: readonly E[],
  ) {
    this.current = decider.initialState;
    this.and(...given);
  }

  /** The state now. Fails when the given events start no state (e.g. no stream was created). */
  get state(): NonNullable<S> {
    if (this.current === null || this.current === undefined) throw new Error('the given events start no state');
    return this.current;
  }

  /** Given more events, folded as they are. */
  and(...events: readonly E[]): this {
    for (const event of events) {
      this.log.push(event);
      this.current = this.decider.evolve(this.current, event, this.log.length);
    }
    return this;
  }

  /**
   * When `command` is sent by `actor` at server time `now` (over a measured `link`): decided
   * against the state now; accepted events are folded in at once, a refusal changes nothing.
   */
  when(command: C, actor: Actor, now = 0, link?: LinkQuality): Step<S, C, E> {
    const decision = this.decider.decide(this.current, command, link ? { now, actor, link } : { now, actor });
    if (decision.ok) this.and(...decision.events);
    return new Step(this, describeCommand(command), decision);
  }

  /** The timers pending now, earliest first. */
  get deadlines(): Deadline<C>[] {
    return [...(this.decider.deadlines?.(this.current) ?? [])].sort((a, b) => a.at - b.at);
  }

  /** When the earliest timer fires: its command, issued by the system at the timer's own time (as the runtime does). */
  whenDeadline(): Step<S, C, E> {
    const next = this.deadlines[0];
    if (!next) throw new Error('no deadline is pending');
    return this.when(next.command, SYSTEM_ACTOR, next.at);
  }
}

/** The outcome of one `when`: assert it with `then…`, or read its events or error. */
export class Step<S, C, E> {
  constructor(
    private readonly scenario: Scenario<S, C, E>,
    private readonly name: string,
    readonly decision: Decision<E>,
  ) {}

  /** The events decided (already folded in). Throws when the command was refused. */
  get events(): E[] {
    if (!this.decision.ok) {
      throw new Error(`${this.name}: ${this.decision.error.code} ${this.decision.error.message}`);
    }
    return this.decision.events;
  }

  /** The code the command was refused with. Throws when it was accepted. */
  get error(): ErrorCode {
    if (this.decision.ok) throw new Error(`${this.name} unexpectedly accepted`);
    return this.decision.error.code;
  }

  /** Then exactly these events were decided, in order. Returns the scenario, to go on. */
  then(...expected: readonly E[]): Scenario<S, C, E> {
    expect(this.decision, this.name).toEqual({ ok: true, events: expected });
    return this.scenario;
  }

  /** Then the command was accepted, whatever it decided: a step of the scenario's set-up. */
  thenAccepted(): Scenario<S, C, E> {
    expect(this.decision.ok ? 'accepted' : this.decision.error, this.name).toBe('accepted');
    return this.scenario;
  }

  /** Then the command was accepted and changed nothing. */
  thenNothing(): Scenario<S, C, E> {
    return this.then();
  }

  /** Then the command was refused with `code` (and a message matching `message`); nothing was folded. */
  thenFails(code: ErrorCode, message?: RegExp): Scenario<S, C, E> {
    expect(this.decision, this.name).toMatchObject({ ok: false, error: { code } });
    if (message && !this.decision.ok) expect(this.decision.error.message, this.name).toMatch(message);
    return this.scenario;
  }
}
