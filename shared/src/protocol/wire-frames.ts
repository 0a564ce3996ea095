/**
 * Every frame the server sends on a socket and every acknowledgement it answers with, named
 * once, straight from the protocol's own event maps (`ServerToClientEvents`,
 * `ClientToServerEvents`, the written namespace's maps). The names below are what
 * docs/protocol-schemas/<name>.schema.json publishes: scripts/write-protocol-schemas.ts
 * generates the JSON Schema of each from these TypeScript types (the types the server's emit
 * calls are checked against), so a payload cannot change without its schema changing too.
 *
 * A schema describes every role's view: a role's projected state and events are the same
 * types with fewer entries (protocol.md, "Per-role views").
 */
import type { ClientToServerEvents, ServerToClientEvents } from './protocol.ts';
import type { WrittenClientToServerEvents, WrittenServerToClientEvents } from '../contest/written/protocol-written.ts';

/** The payload a listener of an event map's entry receives. */
type PayloadOf<F> = F extends (payload: infer P, ...rest: never[]) => void ? P : never;
/** What the server answers to an inbound event (the ack callback's argument). */
type AckOf<F> = F extends (payload: never, ack: (result: infer R) => void) => void ? R : never;

type S = ServerToClientEvents;
type C = ClientToServerEvents;
type WS = WrittenServerToClientEvents;
type WC = WrittenClientToServerEvents;

// ── the contest (default namespace) ──────────────────────────────────────────────────────
/** `contest:snapshot`: the role's view of the whole contest state. */
export type ContestSnapshotFrame = PayloadOf<S['contest:snapshot']>;
/** `contest:events`: new events at their stream versions, each as the receiving role may see it. */
export type ContestEventsFrame = PayloadOf<S['contest:events']>;
/** Ack of `command:send`. */
export type CommandAck = AckOf<C['command:send']>;
/** Ack of `contest:resync`. */
export type ResyncAck = AckOf<C['contest:resync']>;
/** Ack of `clock:ping` (default and /written namespaces). */
export type ClockPingAck = AckOf<C['clock:ping']>;
/** `written:proctor` (to the host room). */
export type WrittenProctorFrame = PayloadOf<S['written:proctor']>;

// ── the audience (default namespace) ─────────────────────────────────────────────────────
/** `audience:frame`: the tick's merged comments, likes, cheers, play-along and pinned comment. */
export type AudienceFrameFrame = PayloadOf<S['audience:frame']>;
/** `audience:me`: this phone's own standing (nickname, mute, play-along score). */
export type AudienceMeFrame = PayloadOf<S['audience:me']>;
/** `audience:identity`: the server-issued audience identity (device id and signed token), on connect and renewed. */
export type AudienceIdentityFrame = PayloadOf<S['audience:identity']>;
/** `moderation:queue` (to the host room): the moderation queue's changes and counters. */
export type ModerationQueueFrame = PayloadOf<S['moderation:queue']>;
/** Ack of `audience:comment`. */
export type AudienceCommentAck = AckOf<C['audience:comment']>;
/** Ack of `audience:like`. */
export type AudienceLikeAck = AckOf<C['audience:like']>;
/** Ack of `audience:nickname`. */
export type AudienceNicknameAck = AckOf<C['audience:nickname']>;
/** Ack of `audience:cheer`, `playalong:answer` and every `moderation:*` but popularity. */
export type AudienceOkAck = AckOf<C['audience:cheer']>;
/** Ack of `playalong:open` (host). */
export type PlayAlongOpenAck = AckOf<C['playalong:open']>;
/** Ack of `playalong:close` (host). */
export type PlayAlongCloseAck = AckOf<C['playalong:close']>;
/** Ack of `moderation:popularity`. */
export type ModerationPopularityAck = AckOf<C['moderation:popularity']>;
/** Ack of `moderation:sender` (host): one sender's history, trust, ban and mute. */
export type ModerationSenderAck = AckOf<C['moderation:sender']>;
/** Ack of `audience:sync`. */
export type AudienceSyncAck = AckOf<C['audience:sync']>;

// ── the written test (/written namespace) ────────────────────────────────────────────────
/** `paper:welcome`: sent once after a taker's handshake. */
export type PaperWelcomeFrame = PayloadOf<WS['paper:welcome']>;
/** `paper:state`: the taker's whole paper view (also after a results release). */
export type PaperStateFrame = PayloadOf<WS['paper:state']>;
/** `paper:notice`: another device took this paper over. */
export type PaperNoticeFrame = PayloadOf<WS['paper:notice']>;
/** Ack of `paper:open`. */
export type PaperOpenAck = AckOf<WC['paper:open']>;
/** Ack of `paper:save`, `paper:focus` and `paper:submit`. */
export type PaperVersionAck = AckOf<WC['paper:save']>;
