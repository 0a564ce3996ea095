/**
 * The JSON answers of the HTTP API that docs/protocol.md documents, as TypeScript types the
 * routes are checked against (`satisfies`). scripts/write-protocol-schemas.ts publishes each as
 * docs/protocol-schemas/<name>.schema.json (generated from these types).
 */
import type { DomainError, PositionedEvent } from '@leitai/shared';
import type { ResultsSheet } from '../results/results-tables.ts';
import type { Seat } from '../seats/seat-registry.ts';
import type { VerifyReport } from '../store/event-store.ts';

/** Every HTTP error: `{ error: { code, message, … } }` with the status of its code. */
export interface HttpErrorAnswer {
  error: DomainError;
}

/** `GET /api/health`. */
export interface HealthAnswer {
  ok: true;
  protocolVersion: number;
  contests: number;
  uptimeMs: number;
}

/** `GET /api/ready`: 200 `ready: true` (`warning`: replication without a standby), or 503 with the reason. */
export type ReadyAnswer = { ready: true; contests: number; warning?: string } | { ready: false; reason: string };

/** `GET /api/contests` (no join codes). */
export interface ContestListAnswer {
  contests: { contestId: string; title: string; createdAt: number; version: number }[];
}

/** `POST /api/contests` (201): the new contest's join code and every seat link. */
export interface ContestCreatedAnswer {
  contestId: string;
  joinCode: string;
  live: string;
  seats: { role: Seat['role']; subjectId?: string; url: string }[];
}

/** One printable seat of `GET /api/contests/:id/seats` (`live`: the audience's link). */
export interface SeatCard {
  role: Seat['role'] | 'live';
  subjectId?: string;
  name: string;
  /** A contestant's seat number. */
  seat?: number;
  /** A contestant's unit. */
  organisation?: string;
  /** A judge's title. */
  title?: string;
  url: string;
  qrSvg: string;
}

/** `GET /api/contests/:id/seats`. */
export interface SeatsAnswer {
  contestId: string;
  title: string;
  joinCode: string;
  seats: SeatCard[];
}

/** `GET /api/join/:code`. */
export interface JoinAnswer {
  contestId: string;
  title: string;
}

/** `GET /api/contests/:id/verify`: the hash chain recomputed. */
export type VerifyAnswer = VerifyReport;

/** `GET /api/contests/:id/results/:stageId`: the results sheet. */
export type ResultsSheetAnswer = ResultsSheet;

/**
 * One line of `GET /api/contests/:id/log` (NDJSON, one stored event per line; the encoding and
 * the hash chain byte for byte: docs/log-format.md). The log holds every event as decided, never
 * a role's projection (no `EventWithheld`).
 */
export type LogLine = Exclude<PositionedEvent, { type: 'EventWithheld' }> & {
  /** Global position in the store file. */
  position: number;
  /** `contest-<contestId>`. */
  streamId: string;
  /** 64 lowercase hex digits. */
  hash: string;
};
