/**
 * The event store in memory, for tests and for benchmarking the layers above the store. Same
 * semantics as `SqliteEventStore`: group commit on setImmediate (an append is not visible
 * before its promise could resolve), idempotent command ids, hash chain and verify. Events are
 * kept as canonical JSON text and parsed on read, so callers never share objects with the store.
 */
import { applyBatch, GroupCommitQueue, settleBatch } from './append-batch.ts';
import type { BatchBackend, EventRow, StreamHead } from './append-batch.ts';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReplayedEvent,
  ReplayOptions,
  Snapshot,
  StoredEvent,
  VerifyReport,
  WriteHealth,
} from './event-store.ts';
import { canonicalJson, ChainVerifier, GENESIS_HASH, snapshotProblem, snapshotStateHash } from './hash-chain.ts';

interface StoredRow extends EventRow {
  position: number;
}

function toStoredEvent(row: StoredRow): StoredEvent {
  return {
    position: row.position,
    streamId: row.streamId,
    version: row.version,
    type: row.type,
    data: JSON.parse(row.dataJson) as unknown,
    metadata: JSON.parse(row.metadataJson) as Record<string, unknown>,
    hash: row.hash,
  };
}

/** Options of `MemoryEventStore`. */
export interface MemoryEventStoreOptions {
  /** Group-commit window: 0 (default) flushes on setImmediate, >0 waits that many ms. */
  groupCommitMs?: number;
  /** `snapshotDue` turns true once a stream is this many events past its snapshot (default 1000). */
  snapshotEvery?: number;
}

/** `EventStore` in memory with the same semantics as the SQLite one. */
export class MemoryEventStore implements EventStore {
  /** Events per stream between snapshots, see `snapshotDue`. */
  readonly snapshotEvery: number;
  /** All events; index = position - 1. */
  private readonly log: StoredRow[] = [];
  private readonly streams = new Map<string, StoredRow[]>();
  private readonly commands = new Map<string, { version: number; position: number }>();
  private readonly snapshots = new Map<
    string,
    { version: number; stateJson: string; eventHash: string; stateHash: string }
  >();
  private readonly queue: GroupCommitQueue;
  private closed = false;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.snapshotEvery = options.snapshotEvery ?? 1000;
    const backend: BatchBackend = {
      recordedCommand: (commandId) => this.commands.get(commandId),
      head: (streamId) => this.head(streamId),
      insertEvent: (streamId, version, event, hash) => {
        const stored: StoredRow = { ...event, streamId, version, hash, position: this.log.length + 1 };
        this.log.push(stored);
        const stream = this.streams.get(streamId);
        if (stream) stream.push(stored);
        else this.streams.set(streamId, [stored]);
        return stored.position;
      },
      // The head is the stream's last row, nothing to cache.
      setHead: () => undefined,
      recordCommand: (commandId, _streamId, result) =>
        this.commands.set(commandId, { version: result.version, position: result.position }),
    };
    this.queue = new GroupCommitQueue(options.groupCommitMs ?? 0, (batch) =>
      settleBatch(batch, applyBatch(batch, backend)),
    );
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return this.queue.submit(streamId, events, options);
  }

  commandResult(commandId: string): AppendResult | undefined {
    const recorded = this.commands.get(commandId);
    return recorded && { ...recorded, duplicate: true };
  }

  readStream(streamId: string, afterVersion = 0): StoredEvent[] {
    // Versions start at 1 without gaps, so version v sits at index v - 1.
    return (this.streams.get(streamId) ?? []).slice(Math.max(0, afterVersion)).map(toStoredEvent);
  }

  readAll(afterPosition = 0, limit?: number): StoredEvent[] {
    const start = Math.max(0, afterPosition);
    const end = limit === undefined || limit < 0 ? this.log.length : start + limit;
    return this.log.slice(start, end).map(toStoredEvent);
  }

  replay(visit: (event: ReplayedEvent) => void, options: ReplayOptions = {}): number {
    const { streamId } = options;
    const rows =
      streamId === undefined
        ? this.log.slice(Math.max(0, options.afterPosition ?? 0))
        : (this.streams.get(streamId) ?? []).slice(Math.max(0, options.afterVersion ?? 0));
    for (const row of rows) {
      const event: ReplayedEvent = {
        position: row.position,
        streamId: row.streamId,
        version: row.version,
        type: row.type,
        data: JSON.parse(row.dataJson) as unknown,
      };
      if (options.metadata ?? true) event.metadata = JSON.parse(row.metadataJson) as Record<string, unknown>;
      visit(event);
    }
    return rows.length;
  }

  streamVersion(streamId: string): number {
    return this.head(streamId).version;
  }

  streamIds(prefix = ''): string[] {
    // Same order as SQLite's BINARY collation for the ids this system uses (UTF-16 order
    // differs from UTF-8 byte order only for characters outside the BMP).
    return [...this.streams.keys()].filter((id) => id.startsWith(prefix)).sort();
  }

  saveSnapshot(snapshot: Snapshot): void {
    const current = this.snapshots.get(snapshot.streamId);
    if (current && current.version > snapshot.version) return;
    const stateJson = canonicalJson(snapshot.state);
    const eventHash = this.hashAt(snapshot.streamId, snapshot.version);
    this.snapshots.set(snapshot.streamId, {
      version: snapshot.version,
      stateJson,
      eventHash,
      stateHash: snapshotStateHash(eventHash, stateJson),
    });
  }

  loadSnapshot(streamId: string): Snapshot | undefined {
    const saved = this.snapshots.get(streamId);
    if (!saved || this.snapshotProblemOf(streamId)) return undefined;
    return { streamId, version: saved.version, state: JSON.parse(saved.stateJson) as unknown };
  }

  private hashAt(streamId: string, version: number): string {
    return version >= 1 ? (this.streams.get(streamId)?.[version - 1]?.hash ?? '') : '';
  }

  private snapshotProblemOf(streamId: string): string | undefined {
    const saved = this.snapshots.get(streamId);
    if (!saved) return undefined;
    return snapshotProblem(
      {
        streamId,
        version: saved.version,
        state: saved.stateJson,
        eventHash: saved.eventHash,
        stateHash: saved.stateHash,
      },
      this.hashAt(streamId, saved.version),
    );
  }

  /** Nothing to fail in memory. */
  writeHealth(): WriteHealth {
    return { writable: true };
  }

  /** True when the stream has grown `snapshotEvery` events past its latest snapshot. */
  snapshotDue(streamId: string): boolean {
    const snapshotVersion = this.snapshots.get(streamId)?.version ?? 0;
    return this.streamVersion(streamId) - snapshotVersion >= this.snapshotEvery;
  }

  verify(streamId?: string): VerifyReport {
    const verifier = new ChainVerifier();
    const rows = streamId === undefined ? this.log : (this.streams.get(streamId) ?? []);
    for (const row of rows) {
      const ok = verifier.check({
        position: row.position,
        streamId: row.streamId,
        version: row.version,
        type: row.type,
        data: row.dataJson,
        metadata: row.metadataJson,
        hash: row.hash,
      });
      if (!ok) break;
    }
    const report: VerifyReport = verifier.report();
    const badSnapshots = [...this.snapshots.keys()]
      .filter((id) => streamId === undefined || id === streamId)
      .flatMap((id) => {
        const reason = this.snapshotProblemOf(id);
        return reason ? [{ streamId: id, version: this.snapshots.get(id)!.version, reason }] : [];
      });
    return badSnapshots.length > 0 ? { ...report, ok: false, badSnapshots } : report;
  }

  close(): Promise<void> {
    if (!this.closed) this.queue.flush();
    this.closed = true;
    return Promise.resolve();
  }

  private head(streamId: string): StreamHead {
    const last = this.streams.get(streamId)?.at(-1);
    return last ? { version: last.version, hash: last.hash } : { version: 0, hash: GENESIS_HASH };
  }
}
