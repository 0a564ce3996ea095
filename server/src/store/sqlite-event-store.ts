/**
 * The event store on SQLite (better-sqlite3): the truth in production. One process owns the
 * file for writing (the head cache below assumes no other writer); other connections, e.g. the
 * read worker, may read concurrently thanks to WAL.
 */
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { applyBatch, GroupCommitQueue, settleBatch } from './append-batch.ts';
import type { BatchBackend, PendingAppend, StreamHead } from './append-batch.ts';
import { ackMarkFile, AckMarkWriter, readAckMark, type AckPosition } from './ack-mark.ts';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReplayedEvent,
  ReplayOptions,
  Snapshot,
  SnapshotProblem,
  StoredEvent,
  VerifyReport,
  WriteHealth,
} from './event-store.ts';
import {
  canonicalJson,
  ChainVerifier,
  GENESIS_HASH,
  snapshotProblem,
  snapshotStateHash,
  type ChainRow,
  type SnapshotRow,
} from './hash-chain.ts';

/** Schema version kept in `PRAGMA user_version`; bump it with a migration step below. */
export const SCHEMA_VERSION = 2;

/**
 * The store file holds fewer events than its acknowledged mark says were committed (a lost
 * `-wal`, an old copy of the file): opening it would silently serve an older state.
 */
export class StoreBehindError extends Error {
  readonly code = 'STORE_BEHIND' as const;
  constructor(
    readonly file: string,
    readonly acknowledged: AckPosition,
    readonly found: number,
    detail: string,
  ) {
    super(
      `the store ${file} is behind what it acknowledged: ${detail}. Its -wal file was probably lost or an older ` +
        `copy was put in its place. Put the missing -wal file back (or restore the latest backup with ` +
        `\`leitai restore\`); to go on with what the file holds, start once with --accept-loss`,
    );
    this.name = 'StoreBehindError';
  }
}

/**
 * One committed row of the `events` table, as a standby stores it (the same text, the same hash):
 * exactly the row the hash chain's verifier checks.
 */
export type ReplicatedEvent = ChainRow;

/** One recorded command id (idempotency), so a retry on the standby after a takeover is not applied twice. */
export interface ReplicatedCommand {
  commandId: string;
  streamId: string;
  version: number;
  position: number;
  createdAt: number;
}

/** What one group commit wrote: its events (by position) and command ids. */
export interface CommittedBatch {
  events: ReplicatedEvent[];
  commands: ReplicatedCommand[];
}

/**
 * Called after each group commit that wrote something, before anyone is acknowledged; the
 * acknowledgements wait for the promise (synchronous standby acknowledgement, cluster/replication.ts).
 * It must never reject: a standby that does not answer is the hook's own policy to handle.
 */
export type CommitHook = (batch: CommittedBatch) => Promise<void> | undefined;

/** Options of `SqliteEventStore`. */
export interface SqliteEventStoreOptions {
  /** Group-commit window: 0 (default) flushes on setImmediate, >0 waits that many ms. */
  groupCommitMs?: number;
  /** `snapshotDue` turns true once a stream is this many events past its snapshot (default 1000). */
  snapshotEvery?: number;
  /** How long a statement waits for a lock held by another connection (default 5000 ms). */
  busyTimeoutMs?: number;
  /**
   * The acknowledged mark (ack-mark.ts) when the file is behind it: `refuse` (default) throws
   * `StoreBehindError`; `report` opens for reading and sets `behind` (verify, doctor; nothing is
   * appended then); `accept` opens, warns, and moves the mark to what the file holds.
   */
  behindMark?: 'refuse' | 'report' | 'accept';
}

const SCHEMA_V1 = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    stream_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (stream_id, version)
  );
  CREATE TABLE IF NOT EXISTS commands (
    command_id TEXT PRIMARY KEY,
    stream_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS snapshots (
    stream_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    state TEXT NOT NULL
  );
`;

/**
 * v2: snapshots are bound to the chain (the hash of the event they fold up to, and a hash of
 * their state); `checkpoints` hold each stream's last verified head (start-up verifies the tail
 * after it); `health` is the row a readiness probe rewrites to learn whether writes succeed.
 */
const SCHEMA_V2 = `
  ALTER TABLE snapshots ADD COLUMN event_hash TEXT NOT NULL DEFAULT '';
  ALTER TABLE snapshots ADD COLUMN state_hash TEXT NOT NULL DEFAULT '';
  DELETE FROM snapshots;
  CREATE TABLE checkpoints (
    stream_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE TABLE health (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at INTEGER NOT NULL,
    pad BLOB
  );
`;

/** Upper bound of the memory map for reads (address space, not memory). */
const MMAP_BYTES = 1 << 30;

/** Column order of every event query; rows are read raw (arrays), which is faster than objects. */
const EVENT_COLUMNS = 'position, stream_id, version, type, data, metadata, hash';
type EventTuple = [number, string, number, string, string, string, string];

/** Rows per page of a replay: large enough to amortise the query, small enough to stay in cache. */
const REPLAY_PAGE = 10_000;

function toStoredEvent(row: EventTuple): StoredEvent {
  return {
    position: row[0],
    streamId: row[1],
    version: row[2],
    type: row[3],
    data: JSON.parse(row[4]) as unknown,
    metadata: JSON.parse(row[5]) as Record<string, unknown>,
    hash: row[6],
  };
}

/** Opens a connection with the durability settings every writer of the store must use. */
export function openStoreDatabase(file: string, busyTimeoutMs = 5000): Database.Database {
  const db = new Database(file);
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  db.pragma('journal_mode = WAL');
  // Explicitly FULL: better-sqlite3 (like SQLite) runs WAL at synchronous=NORMAL, where a
  // commit is not fsynced and an acknowledged command can be lost on power loss. FULL fsyncs
  // the WAL at every commit, which is what makes "acked = durable" true; group commit pays
  // for it by sharing one fsync between many commands.
  db.pragma('synchronous = FULL');
  // Reads through a memory map instead of read() into SQLite's page cache: a full replay
  // touches every page of the log and runs markedly faster. Writes still go through the WAL.
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
  migrate(db);
  return db;
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`event store schema ${current} is newer than this server understands (${SCHEMA_VERSION})`);
  }
  if (current === SCHEMA_VERSION) return;
  db.transaction(() => {
    // Each step brings the file one version up. v1 snapshots were not bound to the chain: they
    // are a cache and are dropped (the next ones are bound).
    if (current < 1) db.exec(SCHEMA_V1);
    if (current < 2) db.exec(SCHEMA_V2);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/** `EventStore` on a SQLite file with WAL, synchronous=FULL and group commit. */
export class SqliteEventStore implements EventStore {
  /** Events per stream between snapshots, see `snapshotDue`. */
  readonly snapshotEvery: number;
  private readonly db: Database.Database;
  private readonly queue: GroupCommitQueue;
  /** Last version and hash per stream, so appends never read the tail back. Loaded lazily. */
  private readonly heads = new Map<string, StreamHead>();
  private closed = false;
  private commits = 0;
  private committedAppends = 0;
  private pending = 0;

  private readonly insertEventStmt: Statement<[string, number, string, string, string, string]>;
  private readonly insertCommandStmt: Statement<[string, string, number, number, number]>;
  private readonly commandStmt: Statement<[string], { version: number; position: number }>;
  private readonly headStmt: Statement<[string], { version: number; hash: string }>;
  private readonly streamStmt: Statement<[string, number], EventTuple>;
  private readonly allStmt: Statement<[number, number], EventTuple>;
  private readonly firstStreamStmt: Statement<[string], string | null>;
  private readonly nextStreamStmt: Statement<[string], string | null>;
  private readonly saveSnapshotStmt: Statement<[string, number, string, string, string]>;
  private readonly loadSnapshotStmt: Statement<
    [string],
    { version: number; state: string; eventHash: string; stateHash: string }
  >;
  private readonly hashAtStmt: Statement<[string, number], string>;
  /** The acknowledged mark's writer (none for `:memory:`). */
  private readonly mark: AckMarkWriter | undefined;
  /** Position and hash of the last event inserted by the transaction in progress. */
  private lastInserted: AckPosition | undefined;
  private writeFailure: { reason: string; since: number; last: number } | undefined;
  private lastProbeAt = 0;
  /** Set when the file is behind its acknowledged mark and was opened with `behindMark: 'report'`. */
  readonly behind: StoreBehindError | undefined;
  private readonly replayStatements = new Map<string, Statement<unknown[], unknown[]>>();
  private readonly commitBatch: (batch: PendingAppend[]) => ReturnType<typeof applyBatch>;
  /** Set by `onCommit`: what the current transaction wrote, for the hook. */
  private commitHook: CommitHook | undefined;
  private captured: CommittedBatch | undefined;
  /** Set by `setWriteGate`: a reason to refuse every append (a fenced primary). */
  private writeGate: (() => Error | undefined) | undefined;

  constructor(
    readonly file: string,
    options: SqliteEventStoreOptions = {},
  ) {
    this.snapshotEvery = options.snapshotEvery ?? 1000;
    this.db = openStoreDatabase(file, options.busyTimeoutMs);
    const db = this.db;
    this.insertEventStmt = db.prepare(
      'INSERT INTO events (stream_id, version, type, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertCommandStmt = db.prepare(
      'INSERT INTO commands (command_id, stream_id, version, position, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.commandStmt = db.prepare('SELECT version, position FROM commands WHERE command_id = ?');
    this.headStmt = db.prepare('SELECT version, hash FROM events WHERE stream_id = ? ORDER BY version DESC LIMIT 1');
    this.streamStmt = db
      .prepare<[string, number], EventTuple>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND version > ? ORDER BY version`,
      )
      .raw();
    this.allStmt = db
      .prepare<[number, number], EventTuple>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
      )
      .raw();
    // Walks the (stream_id, version) index one stream at a time instead of scanning all events.
    this.firstStreamStmt = db
      .prepare<[string], string | null>('SELECT MIN(stream_id) FROM events WHERE stream_id >= ?')
      .pluck();
    this.nextStreamStmt = db
      .prepare<[string], string | null>('SELECT MIN(stream_id) FROM events WHERE stream_id > ?')
      .pluck();
    this.saveSnapshotStmt = db.prepare(
      `INSERT INTO snapshots (stream_id, version, state, event_hash, state_hash) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, state = excluded.state,
         event_hash = excluded.event_hash, state_hash = excluded.state_hash
       WHERE excluded.version >= snapshots.version`,
    );
    this.loadSnapshotStmt = db.prepare(
      'SELECT version, state, event_hash AS eventHash, state_hash AS stateHash FROM snapshots WHERE stream_id = ?',
    );
    this.hashAtStmt = db
      .prepare<[string, number], string>('SELECT hash FROM events WHERE stream_id = ? AND version = ?')
      .pluck();

    const backend: BatchBackend = {
      recordedCommand: (commandId) => this.commandStmt.get(commandId),
      head: (streamId) => this.head(streamId),
      insertEvent: (streamId, version, event, hash) => {
        const position = Number(
          this.insertEventStmt.run(streamId, version, event.type, event.dataJson, event.metadataJson, hash)
            .lastInsertRowid,
        );
        this.lastInserted = { position, hash };
        this.captured?.events.push({
          position,
          streamId,
          version,
          type: event.type,
          data: event.dataJson,
          metadata: event.metadataJson,
          hash,
        });
        return position;
      },
      setHead: (streamId, head) => this.heads.set(streamId, head),
      recordCommand: (commandId, streamId, result) => {
        const createdAt = Date.now();
        this.insertCommandStmt.run(commandId, streamId, result.version, result.position, createdAt);
        this.captured?.commands.push({
          commandId,
          streamId,
          version: result.version,
          position: result.position,
          createdAt,
        });
      },
    };
    const transaction = db.transaction((batch: PendingAppend[]) => applyBatch(batch, backend));
    // IMMEDIATE takes the write lock at BEGIN, so a batch never fails half-way on a lock upgrade.
    this.commitBatch = (batch) => transaction.immediate(batch);
    this.queue = new GroupCommitQueue(options.groupCommitMs ?? 0, (batch) => this.flush(batch));

    if (file === ':memory:') return;
    const markFile = ackMarkFile(file);
    this.mark = new AckMarkWriter(markFile);
    const behind = this.checkMark(markFile);
    const mode = options.behindMark ?? 'refuse';
    if (behind && mode === 'refuse') {
      db.close();
      throw behind;
    }
    if (behind && mode === 'accept') {
      process.stderr.write(
        `event store: ${behind.message}\nevent store: accepted; going on from what the file holds\n`,
      );
      this.mark.write(this.tail() ?? { position: 0, hash: GENESIS_HASH });
    }
    this.behind = mode === 'report' ? behind : undefined;
  }

  /** The last event of the whole log (position and hash), if any. */
  tail(): AckPosition | undefined {
    return this.db.prepare<[], AckPosition>('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1').get();
  }

  /** Compares the file with its acknowledged mark; the error to raise when it is behind. */
  private checkMark(markFile: string): StoreBehindError | undefined {
    const mark = readAckMark(markFile);
    if (mark === undefined || (mark !== null && mark.position === 0)) return undefined;
    const found = this.tail()?.position ?? 0;
    if (mark === null) {
      return new StoreBehindError(this.file, { position: -1, hash: '' }, found, `its mark ${markFile} is unreadable`);
    }
    const hash = this.db
      .prepare<[number], string>('SELECT hash FROM events WHERE position = ?')
      .pluck()
      .get(mark.position);
    if (hash === undefined) {
      return new StoreBehindError(
        this.file,
        mark,
        found,
        `position ${mark.position} was acknowledged, the file ends at position ${found}`,
      );
    }
    if (hash !== mark.hash) {
      return new StoreBehindError(
        this.file,
        mark,
        found,
        `the event at position ${mark.position} is not the one that was acknowledged`,
      );
    }
    return undefined;
  }

  /**
   * Runs `hook` after every group commit that wrote something; the batch's acknowledgements wait
   * for the promise it returns (undefined: at once). One hook; undefined removes it.
   */
  onCommit(hook: CommitHook | undefined): void {
    this.commitHook = hook;
  }

  /** Refuse every append while `gate` returns an error (a primary that lost its lease: fencing). */
  setWriteGate(gate: (() => Error | undefined) | undefined): void {
    this.writeGate = gate;
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    const fenced = this.writeGate?.();
    if (fenced) return Promise.reject(fenced);
    const result = this.queue.submit(streamId, events, options);
    this.pending++;
    const settled = () => void this.pending--;
    result.then(settled, settled);
    return result;
  }

  /** Appends submitted and not yet settled (queued for or inside a group commit); for /metrics. */
  get pendingAppends(): number {
    return this.pending;
  }

  commandResult(commandId: string): AppendResult | undefined {
    const row = this.commandStmt.get(commandId);
    return row && { version: row.version, position: row.position, duplicate: true };
  }

  readStream(streamId: string, afterVersion = 0): StoredEvent[] {
    return this.streamStmt.all(streamId, afterVersion).map(toStoredEvent);
  }

  readAll(afterPosition = 0, limit?: number): StoredEvent[] {
    // LIMIT -1 is SQLite for "no limit".
    return this.allStmt.all(afterPosition, limit ?? -1).map(toStoredEvent);
  }

  replay(visit: (event: ReplayedEvent) => void, options: ReplayOptions = {}): number {
    const { streamId } = options;
    const withMetadata = options.metadata ?? true;
    // Pages rather than one long iterate(): between pages the connection is free, so a visitor
    // may call the store, and only the needed columns are read (each string column costs).
    const columns = `position, version, type, data${withMetadata ? ', metadata' : ''}`;
    const stmt = this.replayStatement(
      streamId === undefined
        ? `SELECT ${columns}, stream_id FROM events WHERE position > ? ORDER BY position LIMIT ${REPLAY_PAGE}`
        : `SELECT ${columns} FROM events WHERE stream_id = ? AND version > ? ORDER BY version LIMIT ${REPLAY_PAGE}`,
    );
    let after = streamId === undefined ? (options.afterPosition ?? 0) : (options.afterVersion ?? 0);
    let visited = 0;
    for (;;) {
      const page = streamId === undefined ? stmt.all(after) : stmt.all(streamId, after);
      for (const row of page) {
        const event: ReplayedEvent = {
          position: row[0] as number,
          streamId: streamId ?? (row[withMetadata ? 5 : 4] as string),
          version: row[1] as number,
          type: row[2] as string,
          data: JSON.parse(row[3] as string) as unknown,
        };
        if (withMetadata) event.metadata = JSON.parse(row[4] as string) as Record<string, unknown>;
        visit(event);
      }
      visited += page.length;
      if (page.length < REPLAY_PAGE) return visited;
      const last = page[page.length - 1];
      after = (streamId === undefined ? last?.[0] : last?.[1]) as number;
    }
  }

  streamVersion(streamId: string): number {
    return this.head(streamId).version;
  }

  streamIds(prefix = ''): string[] {
    const ids: string[] = [];
    let cursor = this.firstStreamStmt.get(prefix);
    while (typeof cursor === 'string' && cursor.startsWith(prefix)) {
      ids.push(cursor);
      cursor = this.nextStreamStmt.get(cursor);
    }
    return ids;
  }

  saveSnapshot(snapshot: Snapshot): void {
    const state = canonicalJson(snapshot.state);
    const eventHash = this.hashAtStmt.get(snapshot.streamId, snapshot.version) ?? '';
    const stateHash = snapshotStateHash(eventHash, state);
    this.saveSnapshotStmt.run(snapshot.streamId, snapshot.version, state, eventHash, stateHash);
  }

  loadSnapshot(streamId: string): Snapshot | undefined {
    const row = this.loadSnapshotStmt.get(streamId);
    if (!row) return undefined;
    const problem = this.snapshotProblem({ streamId, ...row });
    if (problem) {
      process.stderr.write(
        `event store: the snapshot of ${streamId} at version ${row.version} is discarded (${problem}); ` +
          `the state is rebuilt from the log\n`,
      );
      this.discardedSnapshots.push({ streamId, version: row.version, reason: problem });
      return undefined;
    }
    let state: unknown;
    try {
      state = JSON.parse(row.state);
    } catch {
      return undefined;
    }
    return { streamId, version: row.version, state };
  }

  /** Snapshots `loadSnapshot` discarded since the store was opened (start-up reports them). */
  readonly discardedSnapshots: SnapshotProblem[] = [];

  private snapshotProblem(row: SnapshotRow): string | undefined {
    return snapshotProblem(row, this.hashAtStmt.get(row.streamId, row.version) ?? '');
  }

  /** Every stored snapshot that is not bound to the chain. */
  checkSnapshots(streamId?: string): SnapshotProblem[] {
    const rows = this.db
      .prepare<[], SnapshotRow>(
        'SELECT stream_id AS streamId, version, state, event_hash AS eventHash, state_hash AS stateHash FROM snapshots',
      )
      .all()
      .filter((r) => streamId === undefined || r.streamId === streamId);
    return rows.flatMap((row) => {
      const reason = this.snapshotProblem(row);
      return reason ? [{ streamId: row.streamId, version: row.version, reason }] : [];
    });
  }

  /** True when the stream has grown `snapshotEvery` events past its latest snapshot. */
  snapshotDue(streamId: string): boolean {
    const snapshotVersion = this.loadSnapshotStmt.get(streamId)?.version ?? 0;
    return this.streamVersion(streamId) - snapshotVersion >= this.snapshotEvery;
  }

  /** Transactions committed by group commit and the append requests they carried, since open. */
  stats(): { commits: number; appends: number } {
    return { commits: this.commits, appends: this.committedAppends };
  }

  /** The durability settings in force on the store's own connection (for health checks and tests). */
  settings(): { journalMode: string; synchronous: number; busyTimeoutMs: number; schemaVersion: number } {
    return {
      journalMode: this.db.pragma('journal_mode', { simple: true }) as string,
      // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
      synchronous: this.db.pragma('synchronous', { simple: true }) as number,
      busyTimeoutMs: this.db.pragma('busy_timeout', { simple: true }) as number,
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
    };
  }

  verify(streamId?: string): VerifyReport {
    const verifier = new ChainVerifier();
    const rows = streamId === undefined ? this.allStmt.iterate(0, -1) : this.streamStmt.iterate(streamId, 0);
    for (const [position, stream, version, type, data, metadata, hash] of rows) {
      if (!verifier.check({ position, streamId: stream, version, type, data, metadata, hash })) break;
    }
    const report: VerifyReport = verifier.report();
    const badSnapshots = this.checkSnapshots(streamId);
    return badSnapshots.length > 0 ? { ...report, ok: false, badSnapshots } : report;
  }

  /**
   * Whether writes succeed. After a failed commit it stays false until a commit succeeds; with
   * `probe`, once no commit has failed for two seconds (nobody else is trying), at most once a
   * second a one-page write to the `health` row tries the disk again, so readiness comes back
   * by itself once there is room.
   */
  writeHealth(probe = false): WriteHealth {
    const failure = this.writeFailure;
    if (!failure) return { writable: true };
    const now = Date.now();
    if (probe && !this.closed && now - failure.last >= 2000 && now - this.lastProbeAt >= 1000) {
      this.lastProbeAt = Date.now();
      try {
        this.db.prepare('INSERT OR REPLACE INTO health (id, at, pad) VALUES (1, ?, zeroblob(4096))').run(Date.now());
        this.writeFailure = undefined;
        return { writable: true };
      } catch (error) {
        failure.reason = error instanceof Error ? error.message : String(error);
      }
    }
    return { writable: false, reason: failure.reason, since: failure.since };
  }

  /** The raw connection, for the start-up integrity check and backups (store-integrity.ts). */
  get database(): Database.Database {
    return this.db;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.queue.flush();
    this.closed = true;
    this.db.close();
    this.mark?.close();
    return Promise.resolve();
  }

  private replayStatement(sql: string): Statement<unknown[], unknown[]> {
    let stmt = this.replayStatements.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare<unknown[], unknown[]>(sql).raw();
      this.replayStatements.set(sql, stmt);
    }
    return stmt;
  }

  private head(streamId: string): StreamHead {
    let head = this.heads.get(streamId);
    if (head === undefined) {
      head = this.headStmt.get(streamId);
      // Only existing streams are cached, so probing unknown ids does not grow the map.
      if (head === undefined) return { version: 0, hash: GENESIS_HASH };
      this.heads.set(streamId, head);
    }
    return head;
  }

  private flush(batch: PendingAppend[]): void {
    let outcomes;
    this.lastInserted = undefined;
    const hook = this.commitHook;
    this.captured = hook ? { events: [], commands: [] } : undefined;
    // Checked again at commit: a lease lost while the append waited in the queue still fences it.
    const fenced = this.writeGate?.();
    if (fenced) {
      for (const request of batch) request.reject(fenced);
      return;
    }
    try {
      outcomes = this.commitBatch(batch);
    } catch (error) {
      this.captured = undefined;
      // The transaction rolled back (e.g. disk full): every request of the batch fails, and the
      // head cache may hold versions that were never committed, so it is rebuilt lazily.
      this.heads.clear();
      const reason = error instanceof Error ? error.message : String(error);
      if (this.writeFailure) Object.assign(this.writeFailure, { reason, last: Date.now() });
      else this.writeFailure = { reason, since: Date.now(), last: Date.now() };
      for (const request of batch) request.reject(error);
      return;
    }
    this.writeFailure = undefined;
    // The mark moves before anyone is acknowledged (settleBatch below).
    if (this.lastInserted && this.mark) {
      try {
        this.mark.write(this.lastInserted);
      } catch (error) {
        // The events are committed; a mark that cannot be written only weakens the lost-WAL check.
        process.stderr.write(`event store: could not write ${this.mark.file}: ${String(error)}\n`);
      }
    }
    this.commits++;
    this.committedAppends += batch.length;
    const captured = this.captured;
    this.captured = undefined;
    const waiting =
      hook && captured && (captured.events.length > 0 || captured.commands.length > 0) ? hook(captured) : undefined;
    if (waiting) {
      const settle = () => settleBatch(batch, outcomes);
      void waiting.then(settle, settle);
    } else settleBatch(batch, outcomes);
  }
}
