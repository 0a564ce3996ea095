/**
 * The audience pipeline's shared shapes: its options, who sent an event (`AudienceCtx`), the sink
 * the gate hands to, the compiled payload checks and the typed refusals. Used by the gate
 * (audience-gate.ts), the core (attach-audience.ts), the edge and ingest.
 */
import {
  AUDIENCE_EVENT_SCHEMAS,
  domainError,
  filteredError,
  mutedError,
  retryLater,
  type Ack,
  type AudienceClientToServerEvents,
  type CommentMode,
  type CommentSource,
  type DomainError,
  type Role,
} from '@leitai/shared';
import type { LeitaiSocket } from '../net/socket-types.ts';
import { compileValidator } from '../validation.ts';
import type { FilterJudgement, WordFilter } from './text-filter.ts';
import type { AddressGuard, AddressLimits } from './address-guard.ts';
import type { AddressLimiter } from './address-limits.ts';
import type { TokenBucket } from '../net/rate-limit.ts';
import type { IdentitySigner } from './audience-identity.ts';
import type { AddressMute } from './audience-strikes.ts';

export interface AudienceOptions {
  now: () => number;
  /** Fan-out tick (default 200 ms): one merged frame per room when something changed. */
  tickMs?: number;
  /** How often counted likes become one stored event (default 1000 ms). */
  likeFlushMs?: number;
  /** Comments per device: one every `commentIntervalMs` (default 3000), burst `commentBurst` (3). */
  commentIntervalMs?: number;
  commentBurst?: number;
  /** Comments per address (a venue's Wi-Fi is one address for hundreds of phones). */
  addressCommentsPerSecond?: number;
  addressCommentBurst?: number;
  /** Any audience message per socket. */
  messagesPerSecond?: number;
  messageBurst?: number;
  /** Strikes (blocked or rate-limited messages) within a minute that cut a device off, and for how long. */
  strikeLimit?: number;
  cutOffMs?: number;
  /** Most comments one phone frame carries; the stage gets them all and samples itself. */
  phoneCommentsPerFrame?: number;
  /** Proxies whose X-Forwarded-For gives the client's address (address-guard.ts; default env LEITAI_TRUSTED_PROXIES, comma-separated). */
  trustedProxies?: readonly string[];
  /** Per-address caps on audience connections and cheers. */
  addressLimits?: AddressLimits;
  /** One guard for the gate and the core of a process (attachAudience shares one). */
  guard?: AddressGuard;
  /** The gate's per-address counts (connections, comments, cheers): in Redis on an edge, else in memory. */
  limiter?: AddressLimiter;
  /** Signs and checks the audience's identities (default: key from env LEITAI_AUDIENCE_SECRET, else random). */
  identity?: IdentitySigner;
}

export type Reply = (r: Ack<object>) => void;
export type Name = keyof AudienceClientToServerEvents;

/** One compiled schema check per audience event (the gate's, and the core's for forwarded ones). */
export const AUDIENCE_VALIDATORS = Object.fromEntries(
  Object.entries(AUDIENCE_EVENT_SCHEMAS).map(([name, { schema }]) => [name, compileValidator(schema)]),
) as Record<Name, ReturnType<typeof compileValidator>>;

/** Who sent an audience event: enough for the core to decide, whichever process held the socket. */
export interface AudienceCtx {
  contestId: string;
  deviceId: string;
  role: Role;
  /** The client's address, when the gate is in this process (bans by address). */
  address?: string;
  /** A platform comment (server/src/ingest): the platform and the sender's name there. */
  source?: CommentSource;
  nickname?: string;
  /** The word filter's verdict, taken off the event loop (server/src/ingest/judge-thread.ts): used while `filter` is still the room's. */
  judged?: { filter: WordFilter; verdict: FilterJudgement };
  /** A hall phone (`?hall=1`): play-along is not held back by the stream delay. */
  hall?: boolean;
  /** When the server first named this device (its signed identity, audience-identity.ts): its age weighs its cheer. */
  since?: number;
}

/** What the gate must know of a contest's audience to check a comment before forwarding it. */
export interface AudiencePolicy {
  mode: CommentMode;
  filter: WordFilter;
}

/** The pipeline counters the gate raises (shown to the moderator). */
export type GateCounter = 'blocked' | 'rateLimited' | 'cutOff';

/** Where the gate hands what passed it: the core in this process, or a forwarder to it (edge). */
export interface AudienceSink {
  /** The contest's comment mode and word filter; undefined while not known (the gate refuses). */
  policy(contestId: string): AudiencePolicy | undefined;
  /** Decide one checked event (comments and nicknames arrive cleaned). */
  handle(ctx: AudienceCtx, name: Name, payload: unknown): Ack<object> | Promise<Ack<object>>;
  count(contestId: string, counter: GateCounter): void;
  /** Record an address's escalation (audience-strikes.ts) in the audience log; an edge keeps it in its own memory. */
  record?(contestId: string, mute: AddressMute): void;
  /** An audience socket of this contest connected (+1) or left (-1). */
  sockets(contestId: string, delta: 1 | -1): void;
  /** First frames for a socket that just connected (the core has them at hand; an edge lets the client sync). */
  welcome(socket: LeitaiSocket): void;
}

export interface SocketLimits {
  any: TokenBucket;
  comment: TokenBucket;
  like: TokenBucket;
}

/** The answer to an audience event whose batch could not be stored (a full disk): nothing of it was kept. */
export const notStored = (name: Name): Ack<never> =>
  name === 'moderation:kill'
    ? err('UNAVAILABLE', 'the kill switch is in force but could not be stored yet; it holds until cleared')
    : later('UNAVAILABLE', 'could not be stored (the server cannot write); ', 2000);

export const err = (code: DomainError['code'], message: string): Ack<never> => ({
  ok: false,
  error: domainError(code, message),
});

export const muted = (): Ack<never> => ({ ok: false, error: mutedError() });
export const filtered = (message: string): Ack<never> => ({ ok: false, error: filteredError(message) });
export const later = (code: 'RATE_LIMITED' | 'UNAVAILABLE', message: string, retryAfterMs: number): Ack<never> => ({
  ok: false,
  error: retryLater(code, message, retryAfterMs),
});
