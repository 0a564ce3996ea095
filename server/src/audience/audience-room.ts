/**
 * One contest's audience: its folded state, the events waiting for the next batch append, and
 * what changed since the last fan-out tick. No I/O here besides the store append done by
 * `flush`; the socket side is in attach-audience.ts.
 */
import {
  audienceFrameOf,
  audienceStreamId,
  emptyAudienceDelta,
  evolveAudience,
  frameChanged,
  fullAudienceFrame,
  fullModerationFrame,
  initialAudienceState,
  markAudienceEvent,
  mergeLikeRows,
  moderationFrameOf,
  moderationStats,
  popularityView,
  type AudienceEvent,
  type AudienceFrame,
  type AudienceState,
  type CommentMode,
  type ContestState,
  type LikeTallyRow,
  type ModerationFrame,
} from '@leitai/shared';
import type { EventStore, NewEvent } from '../store/event-store.ts';
import { DEFAULT_WORDS } from './default-words.ts';
import { WordFilter } from './text-filter.ts';
import { ModerationIndex } from './moderation-index.ts';

/** Counters kept in memory only (not events): what the pipeline turned away. */
export interface PipelineCounters {
  blocked: number;
  rateLimited: number;
  cutOff: number;
}

/** The word list in force: the shipped defaults, plus what was added, minus what was removed. */
export function effectiveWords(state: AudienceState): string[] {
  const removed = new Set(state.words.removed);
  return [...new Set([...DEFAULT_WORDS.filter((w) => !removed.has(w)), ...state.words.added])];
}

/** A promise with its settle functions: the waiters of one batch append. */
interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A batch nobody waited for must not raise an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

export class AudienceRoom {
  readonly streamId: string;
  state: AudienceState;
  /** Stream version known to be durable. */
  private stored: number;
  private pending: NewEvent[] = [];
  /** Events applied since the room was made, and how many of them are stored (or dropped). */
  private applied = 0;
  private settled = 0;
  /** Acknowledgements waiting for the events up to `upTo` to be stored. */
  private waiters: { upTo: number; done: Deferred }[] = [];
  /** Settled when the taps counted so far are stored as a `LikesCounted` event. */
  private likesStored: Deferred | null = null;
  /**
   * The kill switch as the host last set it, held in memory whatever the store does: a failed
   * append rebuilds the state from the stream, and this is applied again on top (and retried).
   */
  private killHeld: boolean | undefined;
  private delta = emptyAudienceDelta();
  private seq = 0;
  private flushing: Promise<void> | null = null;
  filter: WordFilter;
  /** Sender histories and the counts per source and reason (moderation-index.ts). */
  index: ModerationIndex;
  /** Called when the comment mode or the word list changes (decided, or rebuilt after a failed append). */
  onPolicyChange: (room: AudienceRoom) => void = () => undefined;
  /** Taps counted since the last `LikesCounted`. */
  pendingLikes = 0;
  /** Platform likes for the contestant on stage since the last flush, by stage and contestant. */
  private pendingPlatformLikes = new Map<string, { stageId: string; contestantId: string; count: number }>();
  /** Page likes for the contestant on stage since the last flush, by stage and contestant, then address. */
  private pendingTally = new Map<string, { stageId: string; contestantId: string; rows: LikeTallyRow[] }>();
  readonly counters: PipelineCounters = { blocked: 0, rateLimited: 0, cutOff: 0 };
  sockets = 0;

  constructor(
    readonly contestId: string,
    private readonly store: EventStore,
    defaultMode: CommentMode,
    /** The contest's durable state now (the stage cheers count for, the question a round asks). */
    private readonly contest: () => ContestState | null | undefined,
  ) {
    this.streamId = audienceStreamId(contestId);
    const { state, index } = this.load(defaultMode);
    this.state = state;
    this.index = index;
    this.stored = state.version;
    this.filter = new WordFilter(effectiveWords(state));
  }

  /** The state and the moderator's indexes, folded from the stored stream. */
  private load(mode: CommentMode): { state: AudienceState; index: ModerationIndex } {
    let state = initialAudienceState(mode);
    const index = new ModerationIndex();
    for (const stored of this.store.readStream(this.streamId)) {
      const e = stored as unknown as AudienceEvent & { metadata?: { at?: number } };
      index.observe(e, state, e.metadata?.at ?? 0);
      state = evolveAudience(state, e);
    }
    return { state, index };
  }

  /** Fold an event now (the next decisions see it) and queue it for the next batch append. */
  apply(event: AudienceEvent, at: number): void {
    if (event.type === 'KillSwitchSet') this.killHeld = event.data.active;
    this.applied++;
    const before = this.state;
    this.index.observe(event, before, at);
    this.state = evolveAudience(before, event);
    this.pending.push({ type: event.type, data: event.data, metadata: { at } });
    // What it shows, and to whom: the audience's view table (shared/src/audience/views-audience.ts).
    markAudienceEvent(this.delta, event, before, this.state);
    if (event.type === 'WordsChanged') this.filter = new WordFilter(effectiveWords(this.state));
    if (event.type === 'WordsChanged' || event.type === 'CommentModeSet') this.onPolicyChange(this);
  }

  markStats(): void {
    this.delta.moderation.stats = true;
  }

  /** Platform likes decided for a contestant on stage (`PlatformLikesCounted`): stored with the next likes. */
  holdPlatformLikes(e: { data: { stageId: string; contestantId: string; count: number } }): void {
    const key = `${e.data.stageId}\u0000${e.data.contestantId}`;
    const held = this.pendingPlatformLikes.get(key);
    if (held) held.count += e.data.count;
    else this.pendingPlatformLikes.set(key, { ...e.data });
  }

  /**
   * Page likes decided for a contestant's turn (`LikesTallied`, one sender's): summed per address
   * with the rest of the flush, and stored with the next likes as one event per turn.
   */
  holdLikeTally(e: { data: { stageId: string; contestantId: string; byAddress: LikeTallyRow[] } }): void {
    const key = `${e.data.stageId}\u0000${e.data.contestantId}`;
    const held = this.pendingTally.get(key);
    if (held) held.rows.push(...e.data.byAddress);
    else
      this.pendingTally.set(key, {
        stageId: e.data.stageId,
        contestantId: e.data.contestantId,
        rows: [...e.data.byAddress],
      });
    // Merged as they come, so that a flush holds one row per address however many taps arrive.
    const now = this.pendingTally.get(key);
    if (now && now.rows.length > 256) now.rows = mergeLikeRows(now.rows);
  }

  /** Record the taps counted since the last flush as one event. */
  flushLikes(at: number): void {
    for (const data of this.pendingPlatformLikes.values()) this.apply({ type: 'PlatformLikesCounted', data }, at);
    this.pendingPlatformLikes.clear();
    for (const t of this.pendingTally.values()) {
      const byAddress = mergeLikeRows(t.rows);
      this.apply(
        { type: 'LikesTallied', data: { stageId: t.stageId, contestantId: t.contestantId, at, byAddress } },
        at,
      );
    }
    this.pendingTally.clear();
    if (this.pendingLikes === 0) return;
    const count = this.pendingLikes;
    this.pendingLikes = 0;
    this.apply({ type: 'LikesCounted', data: { count } }, at);
    const likes = this.likesStored;
    this.likesStored = null;
    if (likes) this.storedThrough(this.applied).then(likes.resolve, likes.reject);
  }

  /** A marker for `storedThrough`: how many events have been applied so far. */
  get appliedCount(): number {
    return this.applied;
  }

  /**
   * Resolves when the events applied up to marker `upTo` are stored; rejects when their batch
   * could not be (the room is then rebuilt from the stream without them). An acknowledgement
   * waits on this, so "ok" means durable on the audience's batched path too.
   */
  storedThrough(upTo: number): Promise<void> {
    if (upTo <= this.settled) return Promise.resolve();
    const done = deferred();
    this.waiters.push({ upTo, done });
    return done.promise;
  }

  private settle(upTo: number, error?: unknown): void {
    this.settled = Math.max(this.settled, upTo);
    const ready = this.waiters.filter((w) => w.upTo <= upTo);
    this.waiters = this.waiters.filter((w) => w.upTo > upTo);
    for (const w of ready) {
      if (error === undefined) w.done.resolve();
      else w.done.reject(error);
    }
  }

  /** Resolves when the taps counted so far are stored (at the next `flushLikes` and its batch). */
  whenLikesStored(): Promise<void> {
    if (this.pendingLikes === 0) return Promise.resolve();
    this.likesStored ??= deferred();
    return this.likesStored.promise;
  }

  /** Every field, for a screen that just connected. */
  fullFrame(): AudienceFrame {
    return fullAudienceFrame(this.state, this.contest(), this.seq);
  }

  moderationStats(): ModerationFrame['stats'] {
    const byReason = { ...this.index.byReason, ...this.counters };
    return {
      ...moderationStats(this.state, this.counters, this.sockets),
      bySource: { ...this.index.bySource },
      byReason,
    };
  }

  /** How the popularity award would count the cheer stage now, and how each count is formed. */
  popularity(): NonNullable<ModerationFrame['popularity']> {
    return popularityView(this.state, this.contest());
  }

  fullModeration(): ModerationFrame {
    return fullModerationFrame(this.state, this.moderationStats(), effectiveWords(this.state), this.popularity());
  }

  /**
   * Append what is pending as one batch; then hand the tick's frames to `emit`. Ticks do not
   * overlap: a tick that finds the previous one still appending is skipped (the next catches up),
   * unless `force` (the kill switch), which waits for it and goes at once.
   */
  async flush(
    emit: (frame: AudienceFrame | null, moderation: ModerationFrame | null) => void,
    force = false,
  ): Promise<void> {
    if (this.flushing) {
      if (!force) return;
      await this.flushing;
    }
    const run = this.flushNow(emit);
    this.flushing = run;
    try {
      await run;
    } finally {
      if (this.flushing === run) this.flushing = null;
    }
  }

  private async flushNow(emit: (frame: AudienceFrame | null, moderation: ModerationFrame | null) => void) {
    const batch = this.pending;
    const delta = this.delta;
    const upTo = this.applied;
    this.pending = [];
    this.delta = emptyAudienceDelta();
    if (batch.length > 0) {
      try {
        const result = await this.store.append(this.streamId, batch, { expectedVersion: this.stored });
        this.stored = result.version;
        this.settle(upTo);
      } catch (err) {
        this.recoverFrom(err, emit);
        return;
      }
    }
    let frame: AudienceFrame | null = null;
    if (frameChanged(delta.frame)) {
      this.seq += 1;
      frame = audienceFrameOf(delta.frame, this.state, this.contest(), this.seq);
    }
    const moderation = moderationFrameOf(
      delta.moderation,
      () => this.moderationStats(),
      () => effectiveWords(this.state),
      () => Object.keys(this.state.trusted),
      () => this.popularity(),
    );
    if (frame || moderation) emit(frame, moderation);
  }

  /**
   * A batch could not be stored (a full disk, an I/O error). The stream is the truth: the state
   * is rebuilt from it, and everything not stored — this batch and what was applied while it was
   * being appended — is dropped and its waiters get the error (none of it was acknowledged).
   * The kill switch is the exception: it is applied again at once, shown, and retried with the
   * next batch until it is stored or cleared.
   */
  private recoverFrom(
    err: unknown,
    emit: (frame: AudienceFrame | null, moderation: ModerationFrame | null) => void,
  ): void {
    process.stderr.write(`audience ${this.contestId}: append failed (${String(err)}); reloading\n`);
    this.pending = [];
    this.delta = emptyAudienceDelta();
    this.settle(this.applied, err);
    const { state, index } = this.load(this.state.mode);
    this.state = state;
    this.index = index;
    this.stored = state.version;
    this.filter = new WordFilter(effectiveWords(state));
    this.onPolicyChange(this);
    const held = this.killHeld;
    if (held !== undefined && state.killed !== held) {
      this.apply({ type: 'KillSwitchSet', data: { active: held } }, Date.now());
      this.seq += 1;
      emit({ seq: this.seq, comments: [], killed: this.state.killed, pinned: this.state.pinned }, null);
    }
  }

  /** Resolves when nothing is pending or being appended. */
  async drain(): Promise<void> {
    if (this.flushing) await this.flushing;
    if (this.pending.length > 0) await this.flush(() => undefined, true);
  }
}
