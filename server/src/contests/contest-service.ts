import { randomBytes } from 'node:crypto';
import {
  SYSTEM_ACTOR,
  domainError,
  validateContestFile,
  type CommandAck,
  type ContestFile,
  type ContestState,
  type DomainError,
  type PositionedEvent,
} from '@leitai/shared';
import type { Clock } from '../clock.ts';
import { newJoinCode, type Seat, type SeatRegistry } from '../seats/seat-registry.ts';
import type { EventStore } from '../store/event-store.ts';
import { ContestRuntime, type RuntimeOptions } from './contest-runtime.ts';

const CONTEST_PREFIX = 'contest-';

export type ContestListener = (contestId: string, events: PositionedEvent[], state: ContestState) => void;

export interface CreatedContest {
  contestId: string;
  joinCode: string;
  seats: Seat[];
}

/** Owns every contest runtime of this process, their seats, and contest creation. */
export class ContestService {
  private readonly runtimes = new Map<string, ContestRuntime>();
  private readonly byJoinCode = new Map<string, string>();
  private readonly listeners = new Set<ContestListener>();

  constructor(
    readonly store: EventStore,
    readonly seats: SeatRegistry,
    readonly clock: Clock,
    private readonly options: RuntimeOptions = {},
  ) {}

  /**
   * Load every contest from the store. Devices recorded as seated belong to connections of a
   * previous process, so they are released here: the state then says who is really connected.
   */
  async loadAll(): Promise<void> {
    for (const stream of this.store.streamIds(CONTEST_PREFIX)) {
      const contestId = stream.slice(CONTEST_PREFIX.length);
      const runtime = this.attach(ContestRuntime.load(contestId, this.store, this.clock, this.options));
      this.reconcileJudgeSeats(contestId, runtime.state);
      const stale = Object.values(runtime.state?.devices ?? {});
      for (const { device: deviceId, role, subjectId } of stale) {
        const data = subjectId ? { deviceId, role, subjectId } : { deviceId, role };
        await runtime.execute({ type: 'ReleaseDevice', data }, SYSTEM_ACTOR);
      }
    }
  }

  private attach(runtime: ContestRuntime): ContestRuntime {
    this.runtimes.set(runtime.contestId, runtime);
    const state = runtime.state;
    if (state) this.byJoinCode.set(state.joinCode, runtime.contestId);
    runtime.onEvents((events, s) => {
      this.replaceJudgeSeats(runtime.contestId, events);
      for (const l of this.listeners) l(runtime.contestId, events, s);
    });
    return runtime;
  }

  /** Subscribe to durable events of every contest. */
  onEvents(listener: ContestListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A contest's runtime, reloaded from the store if its last append failed. */
  get(contestId: string): ContestRuntime | undefined {
    const runtime = this.runtimes.get(contestId);
    if (runtime?.failure) {
      runtime.stop();
      return this.attach(ContestRuntime.load(contestId, this.store, this.clock, this.options));
    }
    return runtime;
  }

  contestIdForJoinCode(code: string): string | undefined {
    return this.byJoinCode.get(code.toUpperCase());
  }

  list(): ContestState[] {
    return [...this.runtimes.values()].flatMap((r) => (r.state ? [r.state] : []));
  }

  /**
   * Create a contest from a contest file: validate it (every problem with its path), record
   * `ContestCreated`, and issue seat tokens for the host, each judge, each contestant, the
   * stage and the overlay.
   */
  async create(
    input: unknown,
    opts: { contestId?: string } = {},
  ): Promise<{ ok: true; contest: CreatedContest } | { ok: false; error: DomainError }> {
    const checked = validateContestFile(input);
    if (!checked.ok) {
      return {
        ok: false,
        error: domainError(
          'INVALID_CONTEST',
          `contest file has ${checked.problems.length} problem(s): ${checked.problems
            .slice(0, 3)
            .map((p) => `${p.path}: ${p.message}`)
            .join('; ')}`,
          checked.problems,
        ),
      };
    }
    const contestId = opts.contestId ?? `c${randomBytes(5).toString('hex')}`;
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(contestId)) {
      return { ok: false, error: domainError('BAD_REQUEST', `invalid contest id '${contestId}'`) };
    }
    if (this.runtimes.has(contestId)) {
      return { ok: false, error: domainError('CONFLICT', `contest '${contestId}' already exists`) };
    }
    let joinCode = newJoinCode();
    while (this.byJoinCode.has(joinCode)) joinCode = newJoinCode();
    const runtime = new ContestRuntime(contestId, this.store, this.clock, null, this.options);
    this.runtimes.set(contestId, runtime);
    const ack: CommandAck = await runtime.execute(
      { type: 'CreateContest', data: { contestId, joinCode, definition: checked.contest } },
      SYSTEM_ACTOR,
    );
    if (!ack.ok) {
      this.runtimes.delete(contestId);
      return ack;
    }
    this.runtimes.delete(contestId);
    this.attach(runtime);
    const seats = this.issueSeats(contestId, checked.contest);
    return { ok: true, contest: { contestId, joinCode, seats } };
  }

  private issueSeats(contestId: string, def: ContestFile): Seat[] {
    return this.seats.issueMany(contestId, [
      { role: 'host' },
      ...def.judges.map((j) => ({ role: 'judge' as const, subjectId: j.id })),
      ...def.contestants.map((c) => ({ role: 'contestant' as const, subjectId: c.id })),
      { role: 'stage' },
      { role: 'overlay' },
    ]);
  }

  /**
   * A judge's seat replaced on the night (`JudgeSeatReplaced`): every link of that seat issued
   * so far is revoked and a new one issued, before any listener (the gateway disconnects the old
   * pad) or the host's acknowledgement hears of it. The host reads the new link with the seats.
   */
  private replaceJudgeSeats(contestId: string, events: readonly { type: string; data: object }[]): void {
    for (const e of events) {
      if (e.type !== 'JudgeSeatReplaced') continue;
      const { judgeId } = e.data as { judgeId: string };
      for (const seat of this.seats.forContest(contestId))
        if (seat.role === 'judge' && seat.subjectId === judgeId && !seat.revoked) this.seats.revoke(seat.token);
      this.seats.issue(contestId, 'judge', judgeId);
    }
  }

  /**
   * At start-up: a seat replaced in the log whose links were not replaced (the process stopped
   * between the append and the revocation) is replaced now, so an old pad's link never outlives
   * a restart. Each replacement leaves one more link issued for the seat than the one before.
   */
  private reconcileJudgeSeats(contestId: string, state: ContestState | null): void {
    if (!state) return;
    const replaced = new Map<string, number>();
    for (const c of state.judging.seatChanges) replaced.set(c.judgeId, (replaced.get(c.judgeId) ?? 0) + 1);
    if (replaced.size === 0) return;
    const seats = this.seats.forContest(contestId);
    for (const [judgeId, times] of replaced) {
      const issued = seats.filter((s) => s.role === 'judge' && s.subjectId === judgeId).length;
      if (issued < times + 1) {
        this.replaceJudgeSeats(contestId, [{ type: 'JudgeSeatReplaced', data: { judgeId } }]);
      }
    }
  }

  /** Resolves when every accepted command of every contest is durable. */
  async drain(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((r) => r.drain()));
  }

  /** Stop every runtime's timers, then wait for what is in flight. */
  async stop(): Promise<void> {
    for (const r of this.runtimes.values()) r.stop();
    await this.drain();
  }
}
