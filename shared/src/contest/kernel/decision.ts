import type { Actor } from './actor.ts';
import { domainError, type DomainError } from './errors.ts';

/** How well the sender's link is known: measured by the server, never claimed by the client. */
export interface LinkQuality {
  /** Recent highest round trip between server and the sender's socket, ms: the window a press-time claim is clamped to (a lowest would clamp honest presses under jitter). */
  rttMs: number;
  /** False when the device's clock could not be synced (the buzzer falls back to arrival order). */
  synced: boolean;
  /** The device's clock error bound from its clock sync, ms (a press moved by no more than this is not labelled clamped). */
  errorMs?: number;
  /** The device's timestamp uncertainty from its clock sync, ms (the press's bound for a photo finish). */
  uncertaintyMs?: number;
  /** Set for arming: the gateway probes every phone when the first press arrives, so the decision may be held for their answers. */
  absenceProofs?: boolean;
  /** The server's own recent event-loop lag, ms: arrivals were stamped up to this late. */
  lagMs?: number;
}

/** What `decide` needs from outside: the clock, the actor and (for presses) the link. Never read from globals. */
export interface DecideContext {
  now: number;
  actor: Actor;
  link?: LinkQuality;
}

/** The outcome of a decision: the events to append (possibly none), or a typed error. */
export type Decision<E> = { ok: true; events: E[] } | { ok: false; error: DomainError };

/** Accept: these events (none = a command that changes nothing). */
export const ok = <E>(...events: E[]): Decision<E> => ({ ok: true, events });

/** Refuse with a typed error; nothing is appended. */
export const fail = (code: DomainError['code'], message: string): { ok: false; error: DomainError } => ({
  ok: false,
  error: domainError(code, message),
});

/** Refuse with an error already built (e.g. one written in the operator's terms); nothing is appended. */
export const refuse = (error: DomainError): { ok: false; error: DomainError } => ({ ok: false, error });
