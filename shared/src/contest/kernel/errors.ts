/** Every error a client can receive, as a stable machine-readable code. */
export const ERROR_CODES = [
  'BAD_REQUEST', // payload failed its schema
  'UNKNOWN_EVENT', // socket event name not in the protocol
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED', // no or invalid token / join code
  'FORBIDDEN', // role may not do this
  'NOT_FOUND',
  'CONFLICT', // expected stream version did not match
  'INVALID_STATE', // command not allowed in the current contest state
  'INVALID_CONTEST', // contest file failed validation
  'RATE_LIMITED',
  'UNAVAILABLE', // a service behind this one (the core, Redis) cannot be reached now; retry
  'PROTOCOL_VERSION',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A typed error as sent on the wire and returned by `decide`. */
export interface DomainError {
  code: ErrorCode;
  /** What went wrong. For errors an operator meets (scores), in zh-CN and in their terms and units. */
  message: string;
  /** The same in English, where `message` is written for the operator (absent: `message` is English). */
  messageEn?: string;
  /** Optional structured detail, e.g. the list of validation problems with their paths. */
  details?: readonly { path: string; message: string }[];
  /**
   * For `RATE_LIMITED` and `UNAVAILABLE`: how long to wait before trying again, ms (a client
   * reads this field, never the prose of `message`).
   */
  retryAfterMs?: number;
  /** For an audience `FORBIDDEN`: why, as a stable word (the message is prose for people). */
  refusal?: Refusal;
}

/** Why the audience may not post: muted or cut off by a moderator or the server, or stopped by the word filter. */
export type Refusal = 'muted' | 'filtered';

/** An audience refusal that says why in a typed field. */
export const refusedError = (refusal: Refusal, message: string): DomainError => ({
  code: 'FORBIDDEN',
  message,
  refusal,
});

export const domainError = (
  code: ErrorCode,
  message: string,
  details?: readonly { path: string; message: string }[],
): DomainError => (details ? { code, message, details } : { code, message });

/** A refusal that says when to try again: `retryAfterMs` is whole milliseconds, at least 0. */
export const retryLaterError = (
  code: Extract<ErrorCode, 'RATE_LIMITED' | 'UNAVAILABLE'>,
  message: string,
  retryAfterMs: number,
): DomainError => ({ code, message, retryAfterMs: Math.max(0, Math.ceil(retryAfterMs)) });
