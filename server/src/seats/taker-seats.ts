/**
 * Seat tokens of written-test takers: one per taker per written segment, in a table of their own
 * beside the `seats` table (never in the event log). Kept apart from the screens' seats because a
 * written test can have tens of thousands: the seat list, the CLI's links and every screen's
 * handshake stay as they were. An open registration issues its seat with group commit (one
 * transaction per event-loop turn), so a crowd registering at once shares fsyncs.
 */
import { randomInt } from 'node:crypto';
import Database from 'better-sqlite3';
import { TAKER_CODE_ALPHABET, TAKER_CODE_LENGTH } from '@leitai/shared';
import { newToken } from './seat-registry.ts';

/** A fresh random short code (protocol-written.ts: 8 of 32 unambiguous characters). */
export function newTakerCode(): string {
  let code = '';
  for (let i = 0; i < TAKER_CODE_LENGTH; i++) code += TAKER_CODE_ALPHABET[randomInt(TAKER_CODE_ALPHABET.length)];
  return code;
}

export interface TakerSeat {
  token: string;
  contestId: string;
  segmentId: string;
  takerId: string;
  /** The short typed code of the seat (unique over every seat here). */
  code: string;
}

export interface TakerSeats {
  /** The taker's seat, issued now or the one issued before (a printed link stays valid). */
  issue(contestId: string, segmentId: string, takerId: string): Promise<TakerSeat>;
  byToken(token: string): TakerSeat | undefined;
  /** The seat of a short code (normalised: normalizeTakerCode). */
  byCode(code: string): TakerSeat | undefined;
  forSegment(contestId: string, segmentId: string): TakerSeat[];
  close(): void;
}

export class MemoryTakerSeats implements TakerSeats {
  private readonly byTok = new Map<string, TakerSeat>();
  private readonly byTaker = new Map<string, TakerSeat>();
  private readonly byCod = new Map<string, TakerSeat>();
  issue(contestId: string, segmentId: string, takerId: string): Promise<TakerSeat> {
    const key = `${contestId}/${segmentId}/${takerId}`;
    let seat = this.byTaker.get(key);
    if (!seat) {
      let code = newTakerCode();
      while (this.byCod.has(code)) code = newTakerCode();
      seat = { token: newToken(), contestId, segmentId, takerId, code };
      this.byTaker.set(key, seat);
      this.byTok.set(seat.token, seat);
      this.byCod.set(code, seat);
    }
    return Promise.resolve(seat);
  }
  byToken(token: string) {
    return this.byTok.get(token);
  }
  byCode(code: string) {
    return this.byCod.get(code);
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
  code: string;
}
const toSeat = (r: Row): TakerSeat => ({
  token: r.token,
  contestId: r.contest_id,
  segmentId: r.segment_id,
  takerId: r.taker_id,
  code: r.code,
});

export class SqliteTakerSeats implements TakerSeats {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, string, string, string, string]>;
  private readonly getByToken: Database.Statement<[string], Row>;
  private readonly getByCode: Database.Statement<[string], Row>;
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
    // The short codes came later: a table from before gets the column, and its seats their codes.
    const columns = this.db.prepare('PRAGMA table_info(taker_seats)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'code')) this.db.exec('ALTER TABLE taker_seats ADD COLUMN code TEXT');
    this.db.exec('CREATE UNIQUE INDEX IF NOT EXISTS taker_seats_code ON taker_seats (code)');
    this.getByCode = this.db.prepare('SELECT * FROM taker_seats WHERE code = ?');
    const missing = this.db.prepare('SELECT token FROM taker_seats WHERE code IS NULL').all() as { token: string }[];
    if (missing.length > 0) {
      const setCode = this.db.prepare('UPDATE taker_seats SET code = ? WHERE token = ?');
      this.db.transaction(() => {
        for (const { token } of missing) this.withFreshCode((code) => setCode.run(code, token));
      })();
    }
    this.insert = this.db.prepare(
      'INSERT INTO taker_seats (token, contest_id, segment_id, taker_id, code) VALUES (?, ?, ?, ?, ?)',
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
    const seat: TakerSeat = { token: newToken(), contestId, segmentId, takerId, code: '' };
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
        for (const { seat } of batch)
          this.withFreshCode((code) => {
            this.insert.run(seat.token, seat.contestId, seat.segmentId, seat.takerId, code);
            seat.code = code;
          });
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
  byCode(code: string) {
    const r = this.getByCode.get(code);
    return r ? toSeat(r) : undefined;
  }
  /** Run `write` with a new code, drawing again if the code is taken (one in ~10^7 at 100,000 seats). */
  private withFreshCode(write: (code: string) => void): void {
    for (let attempt = 0; ; attempt++) {
      const code = newTakerCode();
      if (this.getByCode.get(code) && attempt < 20) continue;
      write(code);
      return;
    }
  }
  forSegment(contestId: string, segmentId: string) {
    return this.getBySegment.all(contestId, segmentId).map(toSeat);
  }
  close() {
    if (this.queue.length) this.flush();
    this.db.close();
  }
}
