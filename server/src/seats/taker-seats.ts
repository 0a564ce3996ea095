/**
 * Seat tokens of written-test takers: one per taker per written segment, in a table of their own
 * beside the `seats` table (never in the event log). Kept apart from the screens' seats because a
 * written test can have tens of thousands: the seat list, the CLI's links and every screen's
 * handshake stay as they were. An open registration issues its seat with group commit (one
 * transaction per event-loop turn), so a crowd registering at once shares fsyncs.
 */
import Database from 'better-sqlite3';
import { newToken } from './seat-registry.ts';

export interface TakerSeat {
  token: string;
  contestId: string;
  segmentId: string;
  takerId: string;
}

export interface TakerSeats {
  /** The taker's seat, issued now or the one issued before (a printed link stays valid). */
  issue(contestId: string, segmentId: string, takerId: string): Promise<TakerSeat>;
  byToken(token: string): TakerSeat | undefined;
  forSegment(contestId: string, segmentId: string): TakerSeat[];
  close(): void;
}

export class MemoryTakerSeats implements TakerSeats {
  private readonly byTok = new Map<string, TakerSeat>();
  private readonly byTaker = new Map<string, TakerSeat>();
  issue(contestId: string, segmentId: string, takerId: string): Promise<TakerSeat> {
    const key = `${contestId}/${segmentId}/${takerId}`;
    let seat = this.byTaker.get(key);
    if (!seat) {
      seat = { token: newToken(), contestId, segmentId, takerId };
      this.byTaker.set(key, seat);
      this.byTok.set(seat.token, seat);
    }
    return Promise.resolve(seat);
  }
  byToken(token: string) {
    return this.byTok.get(token);
  }
  forSegment(contestId: string, segmentId: string) {
    return [...this.byTaker.values()].filter((s) => s.contestId === contestId && s.segmentId === segmentId);
  }
  close() {}
}

interface Row {
  token: string;
  contest_id: string;
  segment_id: string;
  taker_id: string;
}
const toSeat = (r: Row): TakerSeat => ({
  token: r.token,
  contestId: r.contest_id,
  segmentId: r.segment_id,
  takerId: r.taker_id,
});

export class SqliteTakerSeats implements TakerSeats {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, string, string, string]>;
  private readonly getByToken: Database.Statement<[string], Row>;
  private readonly getByTaker: Database.Statement<[string, string, string], Row>;
  private readonly getBySegment: Database.Statement<[string, string], Row>;
  private queue: { seat: TakerSeat; resolve: (s: TakerSeat) => void; reject: (e: unknown) => void }[] = [];
  /** Seats queued but not yet committed, by taker key: a second request for one waits for the same. */
  private readonly pending = new Map<string, Promise<TakerSeat>>();

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS taker_seats (
      token TEXT PRIMARY KEY,
      contest_id TEXT NOT NULL,
      segment_id TEXT NOT NULL,
      taker_id TEXT NOT NULL,
      UNIQUE (contest_id, segment_id, taker_id)
    );`);
    this.insert = this.db.prepare(
      'INSERT INTO taker_seats (token, contest_id, segment_id, taker_id) VALUES (?, ?, ?, ?)',
    );
    this.getByToken = this.db.prepare('SELECT * FROM taker_seats WHERE token = ?');
    this.getByTaker = this.db.prepare(
      'SELECT * FROM taker_seats WHERE contest_id = ? AND segment_id = ? AND taker_id = ?',
    );
    this.getBySegment = this.db.prepare(
      'SELECT * FROM taker_seats WHERE contest_id = ? AND segment_id = ? ORDER BY rowid',
    );
  }

  issue(contestId: string, segmentId: string, takerId: string): Promise<TakerSeat> {
    const key = `${contestId}/${segmentId}/${takerId}`;
    const waiting = this.pending.get(key);
    if (waiting) return waiting;
    const existing = this.getByTaker.get(contestId, segmentId, takerId);
    if (existing) return Promise.resolve(toSeat(existing));
    const seat: TakerSeat = { token: newToken(), contestId, segmentId, takerId };
    const promise = new Promise<TakerSeat>((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ seat, resolve, reject });
    });
    this.pending.set(key, promise);
    void promise.finally(() => this.pending.delete(key)).catch(() => undefined);
    return promise;
  }

  /** One transaction for every seat queued in this turn; each is resolved only after COMMIT. */
  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    try {
      this.db.transaction(() => {
        for (const { seat } of batch) this.insert.run(seat.token, seat.contestId, seat.segmentId, seat.takerId);
      })();
      for (const b of batch) b.resolve(b.seat);
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  }

  byToken(token: string) {
    const r = this.getByToken.get(token);
    return r ? toSeat(r) : undefined;
  }
  forSegment(contestId: string, segmentId: string) {
    return this.getBySegment.all(contestId, segmentId).map(toSeat);
  }
  close() {
    if (this.queue.length) this.flush();
    this.db.close();
  }
}
