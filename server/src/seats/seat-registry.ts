import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { SeatedRole } from '@leitai/shared';

/** A secret seat: who a token holder is. Tokens are never written to the event log. */
export interface Seat {
  token: string;
  contestId: string;
  role: SeatedRole | 'admin';
  subjectId?: string;
  revoked: boolean;
}

/** Persists seat tokens and join codes beside (never inside) the event log. */
export interface SeatRegistry {
  issue(contestId: string, role: Seat['role'], subjectId?: string): Seat;
  byToken(token: string): Seat | undefined;
  forContest(contestId: string): Seat[];
  revoke(token: string): void;
  /** Issue several seats at once (one transaction, one fsync: a contest's 20-100 seats at creation). */
  issueMany(contestId: string, seats: readonly { role: Seat['role']; subjectId?: string }[]): Seat[];
  /** Revoke every seat of a contest at once (a draft replaced by an import). */
  revokeContest(contestId: string): void;
  close(): void;
}

/** 256-bit random token, base64url (43 characters). */
export const newToken = (): string => randomBytes(32).toString('base64url');

// No 0/O, 1/I/L: a join code is read off a screen and typed on a phone.
const JOIN_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** A public join code: 6 characters, ~30 bits; guessing is rate-limited at the handshake. */
export function newJoinCode(): string {
  const bytes = randomBytes(6);
  return [...bytes].map((b) => JOIN_ALPHABET[b % JOIN_ALPHABET.length]).join('');
}

/**
 * The in-memory twin (tests, and a server without a data file). It hands out copies, as the
 * SQLite registry hands out rows: a seat read earlier does not change when it is revoked later.
 */
export class MemorySeatRegistry implements SeatRegistry {
  private readonly seats = new Map<string, Seat>();
  issue(contestId: string, role: Seat['role'], subjectId?: string): Seat {
    const seat: Seat = { token: newToken(), contestId, role, revoked: false, ...(subjectId ? { subjectId } : {}) };
    this.seats.set(seat.token, seat);
    return { ...seat };
  }
  byToken(token: string) {
    const seat = this.seats.get(token);
    return seat ? { ...seat } : undefined;
  }
  forContest(contestId: string) {
    return [...this.seats.values()].filter((s) => s.contestId === contestId).map((s) => ({ ...s }));
  }
  revoke(token: string) {
    const s = this.seats.get(token);
    if (s) this.seats.set(token, { ...s, revoked: true });
  }
  issueMany(contestId: string, seats: readonly { role: Seat['role']; subjectId?: string }[]) {
    return seats.map((s) => this.issue(contestId, s.role, s.subjectId));
  }
  revokeContest(contestId: string) {
    for (const s of this.seats.values()) if (s.contestId === contestId) s.revoked = true;
  }
  close() {}
}

interface SeatRow {
  token: string;
  contest_id: string;
  role: Seat['role'];
  subject_id: string | null;
  revoked: number;
}

/** Seats in their own table of the contest database, on a connection of their own. */
export class SqliteSeatRegistry implements SeatRegistry {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, string, string, string | null]>;
  private readonly getByToken: Database.Statement<[string], SeatRow>;
  private readonly getByContest: Database.Statement<[string], SeatRow>;
  private readonly revokeStmt: Database.Statement<[string]>;
  private readonly revokeContestStmt: Database.Statement<[string]>;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS seats (
      token TEXT PRIMARY KEY,
      contest_id TEXT NOT NULL,
      role TEXT NOT NULL,
      subject_id TEXT,
      revoked INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL DEFAULT (unixepoch())
    );
    CREATE INDEX IF NOT EXISTS seats_contest ON seats(contest_id, role, subject_id);`);
    this.insert = this.db.prepare('INSERT INTO seats (token, contest_id, role, subject_id) VALUES (?, ?, ?, ?)');
    this.getByToken = this.db.prepare('SELECT * FROM seats WHERE token = ?');
    this.getByContest = this.db.prepare('SELECT * FROM seats WHERE contest_id = ? ORDER BY rowid');
    this.revokeStmt = this.db.prepare('UPDATE seats SET revoked = 1 WHERE token = ?');
    this.revokeContestStmt = this.db.prepare('UPDATE seats SET revoked = 1 WHERE contest_id = ?');
  }

  private static toSeat(r: SeatRow): Seat {
    return {
      token: r.token,
      contestId: r.contest_id,
      role: r.role,
      revoked: r.revoked === 1,
      ...(r.subject_id ? { subjectId: r.subject_id } : {}),
    };
  }

  issue(contestId: string, role: Seat['role'], subjectId?: string): Seat {
    const token = newToken();
    this.insert.run(token, contestId, role, subjectId ?? null);
    return { token, contestId, role, revoked: false, ...(subjectId ? { subjectId } : {}) };
  }
  byToken(token: string) {
    const r = this.getByToken.get(token);
    return r ? SqliteSeatRegistry.toSeat(r) : undefined;
  }
  forContest(contestId: string) {
    return this.getByContest.all(contestId).map((r) => SqliteSeatRegistry.toSeat(r));
  }
  revoke(token: string) {
    this.revokeStmt.run(token);
  }
  issueMany(contestId: string, seats: readonly { role: Seat['role']; subjectId?: string }[]) {
    return this.db.transaction(() => seats.map((s) => this.issue(contestId, s.role, s.subjectId)))();
  }
  revokeContest(contestId: string) {
    this.revokeContestStmt.run(contestId);
  }
  close() {
    this.db.close();
  }
}
