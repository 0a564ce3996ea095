import {
  CONTEST_STATE_SCHEMA,
  SYSTEM_ACTOR,
  deadlines,
  decide,
  domainError,
  evolve,
  type Actor,
  type CommandAck,
  type ContestCommand,
  type ContestEvent,
  type ContestState,
  type EventMetadata,
  type LinkQuality,
  type PositionedEvent,
} from '@leitai/shared';
import type { Clock } from '../clock.ts';
import { StreamConflictError, type EventStore, type SnapshotProblem, type StoredEvent } from '../store/event-store.ts';
import { canonicalJson } from '../store/hash-chain.ts';

/** Stream id of a contest's event stream. */
export const contestStream = (contestId: string): string => `contest-${contestId}`;

/** Convert a stored row back to a positioned domain event. */
export function toPositioned(e: StoredEvent): PositionedEvent {
  return { type: e.type, data: e.data, version: e.version, metadata: e.metadata } as unknown as PositionedEvent;
}

/**
 * A contest's snapshot checked against its log (leitai verify): the state folded from the log up
 * to the snapshot's version must equal the stored state. Catches a forger who edited a snapshot
 * and recomputed its hash, which the binding alone (store/hash-chain.ts) cannot.
 */
export function contestSnapshotProblem(contestId: string, store: EventStore): SnapshotProblem | undefined {
  const streamId = contestStream(contestId);
  const snap = store.loadSnapshot(streamId);
  const payload = snap?.state as { schema?: number; state?: ContestState } | undefined;
  if (!snap || payload?.schema !== CONTEST_STATE_SCHEMA || !payload.state) return undefined;
  let state: ContestState | null = null;
  for (const e of store.readStream(streamId)) {
    if (e.version > snap.version) break;
    state = evolve(state, toPositioned(e), e.version);
  }
  if (canonicalJson(state) === canonicalJson(payload.state)) return undefined;
  return { streamId, version: snap.version, reason: 'its state differs from the state folded from the log' };
}

export interface RuntimeOptions {
  /** Save a snapshot every this many events. */
  snapshotEvery?: number;
  /** Metrics hook (server/src/metrics): called when a command starts; the result when it is acknowledged. */
  observeCommand?: (commandType: string) => (ok: boolean) => void;
}

type Listener = (events: PositionedEvent[], state: ContestState) => void;

/**
 * The single writer of one contest. Commands are decided one at a time against the decided
 * state (which may run ahead of the disk by the events still in the group-commit window);
 * each is acknowledged, and its events folded into the durable state and broadcast, only
 * after the store reports them durable — in stream order.
 */
export class ContestRuntime {
  /** State including events decided but possibly not yet durable: what the next command is decided against. */
  private decided: ContestState | null;
  /** State folded only from durable events: what every screen is shown. */
  private durable: ContestState | null;
  private readonly inflight = new Map<string, Promise<CommandAck>>();
  private readonly listeners = new Set<Listener>();
  /** Commits resolve in FIFO order per stream; this chain keeps broadcasts in that order too. */
  private tail: Promise<unknown> = Promise.resolve();
  private lastSnapshotVersion: number;
  private failed: Error | null = null;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly contestId: string,
    private readonly store: EventStore,
    private readonly clock: Clock,
    initial: ContestState | null,
    private readonly options: RuntimeOptions = {},
  ) {
    this.decided = initial;
    this.durable = initial;
    this.lastSnapshotVersion = initial?.version ?? 0;
    this.armDeadlines();
  }

  /** Rebuild a contest from its latest snapshot and the events after it. */
  static load(contestId: string, store: EventStore, clock: Clock, options: RuntimeOptions = {}): ContestRuntime {
    const stream = contestStream(contestId);
    const stored = store.loadSnapshot(stream);
    // A snapshot of another state shape (an older build's) is not used: the log rebuilds it.
    const payload = stored?.state as { schema?: number; state?: ContestState } | undefined;
    const snap = stored && payload?.schema === CONTEST_STATE_SCHEMA && payload.state ? stored : undefined;
    let state = snap ? (payload?.state ?? null) : null;
    for (const e of store.readStream(stream, snap?.version ?? 0)) {
      state = evolve(state, toPositioned(e), e.version);
    }
    return new ContestRuntime(contestId, store, clock, state, options);
  }

  /** The durable state (every event in it is on disk). */
  get state(): ContestState | null {
    return this.durable;
  }

  get version(): number {
    return this.durable?.version ?? 0;
  }

  /** Subscribe to durable events in stream order. */
  onEvents(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Decide and persist a command. A `commandId` seen before (in flight or on disk) returns the
   * first acknowledgement and appends nothing.
   */
  execute(command: ContestCommand, actor: Actor, commandId?: string, link?: LinkQuality): Promise<CommandAck> {
    const observed = this.options.observeCommand?.(command.type);
    const ack = this.executeUnobserved(command, actor, commandId, link);
    if (observed) void ack.then((a) => observed(a.ok));
    return ack;
  }

  private executeUnobserved(
    command: ContestCommand,
    actor: Actor,
    commandId?: string,
    link?: LinkQuality,
  ): Promise<CommandAck> {
    if (this.failed) {
      return Promise.resolve({ ok: false, error: domainError('INTERNAL', 'contest store failed; restart required') });
    }
    // Command ids are the client's; scoped by contest in the store, so one contest's id can
    // never answer for another's.
    const key = commandId === undefined ? undefined : `${this.contestId}/${commandId}`;
    if (key) {
      const pending = this.inflight.get(key);
      if (pending) return pending;
      const previous = this.store.commandResult(key);
      if (previous) return Promise.resolve({ ok: true, position: previous.version });
    }
    const now = this.clock.now();
    const decision = decide(this.decided, command, link ? { now, actor, link } : { now, actor });
    if (!decision.ok) return Promise.resolve({ ok: false, error: decision.error });
    // A command that changes nothing is still recorded when it has an id (an append of no
    // events), so a retry after the state moved on gets this answer rather than a new decision.
    if (decision.events.length === 0 && !key)
      return Promise.resolve({ ok: true, position: this.decided?.version ?? 0 });

    const expectedVersion = this.decided?.version ?? 0;
    const metadata: EventMetadata = {
      actor: actor.subjectId ? { role: actor.role, subjectId: actor.subjectId } : { role: actor.role },
      at: now,
      ...(commandId ? { commandId } : {}),
    };
    const positioned = decision.events.map((e: ContestEvent, i): PositionedEvent => ({
      ...e,
      version: expectedVersion + i + 1,
      metadata,
    }));
    for (const e of positioned) this.decided = evolve(this.decided, e, e.version);

    const appended = this.store.append(
      contestStream(this.contestId),
      positioned.map((e) => ({ type: e.type, data: e.data, metadata: { ...metadata } })),
      key ? { expectedVersion, commandId: key } : { expectedVersion },
    );
    const ack = (this.tail = this.tail.then(
      () => appended,
      () => appended,
    )).then(
      (result): CommandAck => {
        if (result.duplicate) {
          // Another process recorded this command first; our decided state is stale.
          this.fail(new Error(`command ${commandId ?? '?'} was already recorded by another writer`));
          return { ok: true, position: result.version };
        }
        this.commit(positioned);
        return { ok: true, position: result.version };
      },
      (err: unknown): CommandAck => {
        this.fail(err instanceof Error ? err : new Error(String(err)));
        if (err instanceof StreamConflictError) {
          return { ok: false, error: domainError('CONFLICT', err.message) };
        }
        return { ok: false, error: domainError('INTERNAL', 'the event store failed to append') };
      },
    );
    if (key) {
      this.inflight.set(key, ack);
      void ack.finally(() => this.inflight.delete(key));
    }
    return ack;
  }

  private commit(events: PositionedEvent[]): void {
    if (events.length === 0) return;
    for (const e of events) this.durable = evolve(this.durable, e, e.version);
    const state = this.durable;
    if (!state) return;
    for (const l of this.listeners) l(events, state);
    this.armDeadlines();
    const every = this.options.snapshotEvery ?? 500;
    if (state.version - this.lastSnapshotVersion >= every) {
      this.store.saveSnapshot({
        streamId: contestStream(this.contestId),
        version: state.version,
        state: { schema: CONTEST_STATE_SCHEMA, state },
      });
      this.lastSnapshotVersion = state.version;
    }
  }

  /**
   * A failed append leaves the decided state ahead of the disk. Rather than guess, the runtime
   * refuses further commands; the service reloads it from the store (the truth).
   */
  private fail(err: Error): void {
    this.failed = err;
    this.decided = this.durable;
  }

  get failure(): Error | null {
    return this.failed;
  }

  /** Events after `afterVersion`, from the store (durable only). */
  eventsAfter(afterVersion: number): PositionedEvent[] {
    return this.store
      .readStream(contestStream(this.contestId), afterVersion)
      .filter((e) => e.version <= this.version)
      .map(toPositioned);
  }

  /**
   * Schedule the earliest pending deadline of the durable state. Its key is the command id,
   * so a deadline fires at most once even across a restart (a recorded id appends nothing).
   */
  private armDeadlines(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed || !this.durable) return;
    const next = deadlines(this.durable).sort((a, b) => a.at - b.at)[0];
    if (!next) return;
    // Node truncates a timer's delay to whole milliseconds and may run it up to ~1 ms before the
    // clock reads `at`: round up, and re-arm a timer that still came early, so a buzz is never
    // decided before its grace window has ended.
    const delay = Math.max(0, Math.ceil(next.at - this.clock.now()));
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (this.clock.now() < next.at) return this.armDeadlines();
        void this.execute(next.command, SYSTEM_ACTOR, `dl-${next.key}`).then((ack) => {
          // A deadline the state no longer wants (INVALID_STATE) is simply dropped; re-arm for the next.
          if (!ack.ok || ack.position === this.version) this.armDeadlines();
        });
      },
      Math.min(delay, 2 ** 31 - 1),
    );
    this.timer.unref();
  }

  /**
   * Fire the pending deadline whose command is of `type` now, because what it waited for has
   * happened sooner (the held buzz decision's absence proofs are all in). It runs under the
   * deadline's own command id, so the timer firing later appends nothing. Undefined when no
   * such deadline is pending.
   */
  fireEarly(type: ContestCommand['type']): Promise<CommandAck> | undefined {
    if (this.closed || !this.durable) return undefined;
    const due = deadlines(this.durable).find((d) => d.command.type === type);
    return due ? this.execute(due.command, SYSTEM_ACTOR, `dl-${due.key}`) : undefined;
  }

  /** Stop firing deadlines (the process is shutting down). */
  stop(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Resolves when every command accepted so far is durable (or failed). */
  async drain(): Promise<void> {
    await this.tail.catch(() => undefined);
  }
}
