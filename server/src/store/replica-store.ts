/**
 * The standby's side of the store (R14, docs/reliability.md): a SQLite file in the same format
 * as the primary's, written only from what the primary streams (server/src/cluster/standby.ts).
 *
 * Every batch is checked before it is written: positions follow on without a gap, each event's
 * version follows its stream's head and its hash recomputes from its content and that head's hash
 * (the same chain as hash-chain.ts). A batch that does not fit is refused whole, nothing written,
 * and the follower stops with an alarm. A batch that fits is committed in one transaction with
 * synchronous=FULL (fsynced) before `apply` returns: only then does the standby confirm it.
 *
 * The file also keeps the checkpoints (each stream's verified head) and the acknowledged mark
 * (ack-mark.ts), so a promoted standby opens it with the ordinary start-up check in milliseconds.
 */
import type Database from 'better-sqlite3';
import { ackMarkFile, AckMarkWriter, type AckPosition } from './ack-mark.ts';
import { ChainVerifier, GENESIS_HASH } from './hash-chain.ts';
import { openStoreDatabase, type CommittedBatch } from './sqlite-event-store.ts';
import { SqliteSeatRegistry } from '../seats/seat-registry.ts';
import { SqliteTakerSeats } from '../seats/taker-seats.ts';

/** Tables kept beside the log that a takeover needs (seat links, written-test links), copied whole. */
export const SIDE_TABLES = ['seats', 'taker_seats'] as const;
export type SideTableName = (typeof SIDE_TABLES)[number];
/** Rows of the side tables, as objects of column → value. */
export type SideTables = Partial<Record<SideTableName, Record<string, unknown>[]>>;

/** A batch that does not continue the standby's copy: refused, nothing written. */
export class ReplicaMismatchError extends Error {
  readonly code = 'REPLICA_MISMATCH' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ReplicaMismatchError';
  }
}

export class ReplicaStore {
  private readonly db: Database.Database;
  private readonly mark: AckMarkWriter;
  private readonly heads = new Map<string, { version: number; hash: string }>();
  private tailPosition: number;
  private tailHash: string;
  private readonly applyTx: (batch: CommittedBatch) => Map<string, { version: number; hash: string }>;
  private readonly sideTx: (tables: SideTables) => void;
  private closed = false;

  constructor(readonly file: string) {
    // The seat tables are created by their own classes (one definition of each).
    new SqliteSeatRegistry(file).close();
    new SqliteTakerSeats(file).close();
    this.db = openStoreDatabase(file);
    this.mark = new AckMarkWriter(ackMarkFile(file));
    const tail = this.db
      .prepare<[], AckPosition>('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1')
      .get();
    this.tailPosition = tail?.position ?? 0;
    this.tailHash = tail?.hash ?? GENESIS_HASH;
    const headStmt = this.db.prepare<[string], { version: number; hash: string }>(
      'SELECT version, hash FROM events WHERE stream_id = ? ORDER BY version DESC LIMIT 1',
    );
    const insertEvent = this.db.prepare(
      'INSERT INTO events (position, stream_id, version, type, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertCommand = this.db.prepare(
      'INSERT OR IGNORE INTO commands (command_id, stream_id, version, position, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    const checkpoint = this.db.prepare(
      `INSERT INTO checkpoints (stream_id, version, hash) VALUES (?, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, hash = excluded.hash`,
    );
    this.applyTx = this.db.transaction((batch: CommittedBatch) => {
      const verifier = new ChainVerifier();
      const touched = new Map<string, { version: number; hash: string }>();
      let expected = this.tailPosition + 1;
      for (const e of batch.events) {
        if (e.position !== expected) {
          throw new ReplicaMismatchError(`event at position ${e.position} where ${expected} was expected (a gap)`);
        }
        let head = touched.get(e.streamId) ?? this.heads.get(e.streamId);
        if (head === undefined) {
          head = headStmt.get(e.streamId) ?? { version: 0, hash: GENESIS_HASH };
          this.heads.set(e.streamId, head);
        }
        if (head.version > 0) verifier.startAfter(e.streamId, head.version, head.hash);
        if (!verifier.check(e)) {
          const broken = verifier.report().firstBroken;
          throw new ReplicaMismatchError(
            `the chain breaks at ${e.streamId} v${e.version} (position ${e.position}): ${broken?.reason ?? 'bad event'}`,
          );
        }
        insertEvent.run(e.position, e.streamId, e.version, e.type, e.data, e.metadata, e.hash);
        touched.set(e.streamId, { version: e.version, hash: e.hash });
        expected++;
      }
      for (const c of batch.commands) insertCommand.run(c.commandId, c.streamId, c.version, c.position, c.createdAt);
      for (const [streamId, head] of touched) checkpoint.run(streamId, head.version, head.hash);
      return touched;
    });
    this.sideTx = this.db.transaction((tables: SideTables) => {
      for (const name of SIDE_TABLES) {
        const rows = tables[name];
        if (!rows) continue;
        this.db.prepare(`DELETE FROM ${name}`).run();
        for (const row of rows) {
          const cols = Object.keys(row).filter((c) => /^[a-z_]+$/.test(c));
          if (cols.length === 0) continue;
          this.db
            .prepare(`INSERT INTO ${name} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
            .run(...cols.map((c) => row[c]));
        }
      }
    });
  }

  /** The last event held: its position (0 when empty) and hash. */
  tail(): AckPosition {
    return { position: this.tailPosition, hash: this.tailHash };
  }

  /**
   * Checks and writes a batch durably (one fsynced transaction); throws `ReplicaMismatchError`
   * (nothing written) when it does not continue the copy. Events already held are skipped.
   */
  apply(batch: CommittedBatch): AckPosition {
    if (this.closed) throw new Error('replica store is closed');
    const fresh = batch.events.filter((e) => e.position > this.tailPosition);
    const commands = batch.commands;
    if (fresh.length === 0 && commands.length === 0) return this.tail();
    const touched = this.applyTx({ events: fresh, commands });
    for (const [streamId, head] of touched) this.heads.set(streamId, head);
    const last = fresh[fresh.length - 1];
    if (last) {
      this.tailPosition = last.position;
      this.tailHash = last.hash;
      this.mark.write(this.tail());
    }
    return this.tail();
  }

  /** Replaces the side tables' rows with the primary's (seat links are few: copied whole). */
  applySideTables(tables: SideTables): void {
    if (this.closed) throw new Error('replica store is closed');
    this.sideTx(tables);
  }

  /** The hash at `position`, if held (the primary checks the standby's copy before streaming). */
  hashAt(position: number): string | undefined {
    return this.db.prepare<[number], string>('SELECT hash FROM events WHERE position = ?').pluck().get(position);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    this.mark.close();
  }
}
