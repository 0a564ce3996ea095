/**
 * The event store port. Two implementations honour it: `SqliteEventStore` (better-sqlite3,
 * the default and the truth in production) and `MemoryEventStore` (tests, benchmarks of the
 * layers above). One contract suite (`event-store.contract.ts`) runs against both.
 */

/** An event to append: type and JSON-serialisable data and metadata. */
export interface NewEvent {
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

/** An event as stored. */
export interface StoredEvent {
  /** Global position across all streams, strictly increasing, gap-free. */
  position: number;
  streamId: string;
  /** Version within the stream: 1 for the first event, then +1. */
  version: number;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  /** Hex SHA-256 chained to the previous event of the same stream (see hash-chain.ts). */
  hash: string;
}

/** What a successful append (or a replayed command) returns. */
export interface AppendResult {
  /** Stream version of the last appended event (or the current version when nothing was appended). */
  version: number;
  /** Global position of the last appended event (0 when nothing was appended). */
  position: number;
  /** True when `commandId` had been seen before and this is its first result, replayed. */
  duplicate: boolean;
}

export interface AppendOptions {
  /** The stream version the caller decided against; 0 = the stream must be new. Conflict otherwise. */
  expectedVersion: number;
  /** Idempotency key: a command id already recorded returns its first result and appends nothing. */
  commandId?: string;
}

export class StreamConflictError extends Error {
  readonly code = 'CONFLICT' as const;
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`stream '${streamId}' is at version ${actual}, expected ${expected}`);
    this.name = 'StreamConflictError';
  }
}

export interface Snapshot {
  streamId: string;
  /** Stream version the state was folded up to (inclusive). */
  version: number;
  state: unknown;
}

/** A snapshot that is not bound to the chain (edited, or naming an event the log no longer has). */
export interface SnapshotProblem {
  streamId: string;
  version: number;
  reason: string;
}

export interface VerifyReport {
  ok: boolean;
  streams: number;
  events: number;
  /** The first event whose hash does not match its content and predecessor, or whose version skips. */
  firstBroken?: { streamId: string; version: number; position: number; reason: string };
  /** Snapshots that would be discarded at load (present only when there are some; `ok` is then false). */
  badSnapshots?: SnapshotProblem[];
}

/** Whether the store can write now (readiness): a failed commit makes it false until one succeeds. */
export interface WriteHealth {
  writable: boolean;
  /** Why not, e.g. "database or disk is full", with when it started (ms since epoch). */
  reason?: string;
  since?: number;
}

/** An event as `replay` visits it: no hash, and metadata only when asked for. */
export interface ReplayedEvent {
  position: number;
  streamId: string;
  version: number;
  type: string;
  data: unknown;
  /** Absent when the replay was run with `metadata: false`. */
  metadata?: Record<string, unknown>;
}

export interface ReplayOptions {
  /** Only this stream, by version (default: every stream, by global position). */
  streamId?: string;
  /** Start after this global position (all streams). */
  afterPosition?: number;
  /** Start after this version (with `streamId`). */
  afterVersion?: number;
  /** Parse and pass metadata (default true); a fold that ignores it replays much faster. */
  metadata?: boolean;
}

export interface EventStore {
  /**
   * Append events to a stream atomically, after checking `expectedVersion`. Resolves only when
   * the events are durable (group commit may batch several appends into one transaction).
   * Rejects with `StreamConflictError` when the stream is not at `expectedVersion`.
   */
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** The recorded result of a command id, if it was appended before. */
  commandResult(commandId: string): AppendResult | undefined;
  /** Events of one stream with version > `afterVersion`, in order. */
  readStream(streamId: string, afterVersion?: number): StoredEvent[];
  /** Events of all streams with position > `afterPosition`, in order, at most `limit`. */
  readAll(afterPosition?: number, limit?: number): StoredEvent[];
  /**
   * Visits events in order without building `StoredEvent` arrays or reading hashes: the fast
   * path for full replays and projection rebuilds. Returns the number of events visited.
   */
  replay(visit: (event: ReplayedEvent) => void, options?: ReplayOptions): number;
  /** Current version of a stream (0 when it has no events). */
  streamVersion(streamId: string): number;
  /** All stream ids, optionally only those starting with `prefix`. */
  streamIds(prefix?: string): string[];
  /** Save a snapshot, bound to the hash of the event at its version (see `snapshotStateHash`). */
  saveSnapshot(snapshot: Snapshot): void;
  /**
   * The latest snapshot of a stream, if any and bound to the chain. One that is not (its state
   * edited, its event gone or changed) is discarded with a warning: the caller rebuilds from the log.
   */
  loadSnapshot(streamId: string): Snapshot | undefined;
  /** Recompute every hash chain (or one stream's), check the snapshots, and report the first problem. */
  verify(streamId?: string): VerifyReport;
  /** Whether writes succeed (readiness); `probe` tries a tiny write when the last one failed. */
  writeHealth(probe?: boolean): WriteHealth;
  /** Flush pending appends and release the file. */
  close(): Promise<void>;
}
