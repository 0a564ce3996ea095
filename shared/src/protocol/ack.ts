import type { DomainError } from '../contest/kernel/errors.ts';

/** The acknowledgement of a client's request: `{ ok: true, …T }`, or a typed error. */
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: DomainError };
