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
}

export const domainError = (
  code: ErrorCode,
  message: string,
  details?: readonly { path: string; message: string }[],
): DomainError => (details ? { code, message, details } : { code, message });
