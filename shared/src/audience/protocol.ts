/**
 * The audience part of the Socket.IO protocol: payload schemas (TypeBox), acks and frames.
 * `shared/src/protocol/protocol.ts` merges these into `ClientToServerEvents` and
 * `ServerToClientEvents`. Every payload is schema-checked before the audience service sees it.
 */
import { Type, type Static } from '@sinclair/typebox';
import { IdSchema } from '../protocol/command-schema.ts';
import type { Ack } from '../protocol/ack.ts';
import type { CommentMode, Question } from '../model/contest-file-schema.ts';
import {
  COMMENT_COLORS,
  MAX_LIKES_PER_MESSAGE,
  type AudienceComment,
  type LeaderRow,
  type SenderHistory,
  type ShownComment,
} from './model.ts';
import type { PopularityBreakdown } from './popularity-weights.ts';

const strict = { additionalProperties: false } as const;
const CommentId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' });
const Word = Type.String({ minLength: 1, maxLength: 32 });
const AnswerKeys = Type.Array(Type.String({ pattern: '^([A-Z]|true|false)$' }), { minItems: 1, maxItems: 8 });

export const AudienceCommentSchema = Type.Object(
  {
    /** Raw text; cleaned and checked on the server (at most MAX_COMMENT_CHARS after cleaning). */
    text: Type.String({ minLength: 1, maxLength: 200 }),
    color: Type.Optional(Type.Union(COMMENT_COLORS.map((c) => Type.Literal(c)))),
  },
  strict,
);
export const AudienceLikeSchema = Type.Object(
  { count: Type.Integer({ minimum: 1, maximum: MAX_LIKES_PER_MESSAGE }) },
  strict,
);
export const AudienceCheerSchema = Type.Object({ contestantId: IdSchema }, strict);
export const AudienceNicknameSchema = Type.Object({ nickname: Type.String({ minLength: 1, maxLength: 40 }) }, strict);
export const PlayAlongAnswerSchema = Type.Object({ roundId: CommentId, answer: AnswerKeys }, strict);

export const ModerationDecideSchema = Type.Object(
  { ids: Type.Array(CommentId, { minItems: 1, maxItems: 200 }), approve: Type.Boolean() },
  strict,
);
export const ModerationBanSchema = Type.Object({ commentId: CommentId }, strict);
export const ModerationPinSchema = Type.Object({ commentId: Type.Union([CommentId, Type.Null()]) }, strict);
export const ModerationKillSchema = Type.Object({ active: Type.Boolean() }, strict);
export const ModerationModeSchema = Type.Object(
  { mode: Type.Union([Type.Literal('auto'), Type.Literal('review'), Type.Literal('closed')]) },
  strict,
);
export const ModerationWordsSchema = Type.Object(
  {
    add: Type.Optional(Type.Array(Word, { maxItems: 2000 })),
    remove: Type.Optional(Type.Array(Word, { maxItems: 2000 })),
  },
  strict,
);
/** A sender's device id as the host sees it in the queue (phones' and platforms' ids). */
const SenderId = Type.String({ minLength: 1, maxLength: 100 });
/** The host trusts a sender (their comments skip the review queue) or stops trusting them. */
export const ModerationTrustSchema = Type.Object({ deviceId: SenderId, trusted: Type.Boolean() }, strict);
/** The host asks for one sender's history. */
export const ModerationSenderSchema = Type.Object({ deviceId: SenderId }, strict);
/** The host asks the server to freeze a stage's cheer counts into the contest log (人气奖). */
export const ModerationPopularitySchema = Type.Object({ stageId: IdSchema }, strict);
export const PlayAlongOpenSchema = Type.Object({ questionId: IdSchema }, strict);
export const PlayAlongCloseSchema = Type.Object({}, strict);
export const AudienceSyncSchema = Type.Object({}, strict);

export type AudienceCommentPayload = Static<typeof AudienceCommentSchema>;
export type ModerationWordsPayload = Static<typeof ModerationWordsSchema>;

/** What became of a comment: shown at once (auto mode) or waiting for a moderator (review). */
export type CommentAck = Ack<{ id: string; status: 'shown' | 'queued' }>;
export type LikeAck = Ack<{ accepted: number }>;
export type NicknameAck = Ack<{ nickname: string }>;
export type OkAck = Ack<object>;
/** The round opened (`r1`, `r2`, …). */
export type PlayAlongOpenAck = Ack<{ roundId: string }>;
/** How many phones answered the closed round right; with a stream delay, when the round closes (server time). */
export type PlayAlongCloseAck = Ack<{ correct: number } | { closesAt: number }>;
/** The counts the server recorded (`PopularityRecorded`), how each was formed, and the log position. */
export type PopularityAck = Ack<{ counts: Record<string, number>; breakdown: PopularityBreakdown; position: number }>;
/** One sender as the moderator sees them. */
export type SenderAck = Ack<{
  deviceId: string;
  history: SenderHistory | null;
  trusted: boolean;
  banned: boolean;
  /** Muted by strikes until (ms), or null. */
  mutedUntil: number | null;
}>;
/** The whole audience view now (what a connection's first frames carry), for a screen that subscribes late. */
export type SyncAck = Ack<{ frame: AudienceFrame; me: AudienceMe | null; moderation: ModerationFrame | null }>;

/**
 * The question a play-along round asks, as phones and screens see it: never its answer (that
 * comes in `PlayAlongView.answer` once the round closes), reference or explanation.
 */
export interface PlayAlongQuestion {
  kind: 'single' | 'multiple' | 'truefalse';
  /** The prompt. */
  text: string;
  /** Choice options; empty for true/false questions (keys "true" and "false"). */
  options: { key: string; text: string }[];
}

/** What a play-along round shows of a question (null for open questions, which cannot be played along). */
export function playAlongQuestionOf(q: Question): PlayAlongQuestion | null {
  if (q.kind === 'open') return null;
  return {
    kind: q.kind,
    text: q.text,
    options: q.kind === 'truefalse' ? [] : (q.options ?? []).map((o) => ({ key: o.key, text: o.text })),
  };
}

/** The play-along question as screens see it (the answer only once closed). */
export interface PlayAlongView {
  roundId: string;
  questionId: string;
  /**
   * The question asked. Present in a connection's full frame and in the frame that opens the
   * round; later frames of the same round omit it (keep the one received for this `roundId`).
   */
  question?: PlayAlongQuestion;
  open: boolean;
  answers: number;
  /** Correct keys, after closing. */
  answer: string[] | null;
  /** How many answered each key (after closing). */
  tally: Record<string, number> | null;
}

/**
 * One tick of the audience fan-out: everything that changed since the previous tick. Fields
 * other than `seq` and `comments` appear only when they changed (all of them when `full`).
 */
export interface AudienceFrame {
  seq: number;
  /** Newly approved comments since the last tick (sampled for phones when the flow is heavy). */
  comments: ShownComment[];
  /** The first frame of a connection: every field present. */
  full?: true;
  likes?: number;
  /** Cheers of the current stage per contestant. */
  cheers?: { stageId: string | null; counts: Record<string, number> };
  pinned?: ShownComment | null;
  /** Kill switch: when true, screens clear every comment at once and show none. */
  killed?: boolean;
  mode?: CommentMode;
  playAlong?: PlayAlongView | null;
  leaderboard?: LeaderRow[];
}

/** A phone's own standing, sent on connect and after changes that concern it. */
export interface AudienceMe {
  nickname: string;
  /** The contestant this device cheered for, per stage. */
  cheers: Record<string, string>;
  points: number;
  answered: number;
  /** This device's answer in the current round, if any. */
  roundAnswer: string[] | null;
}

/** The moderator's view (host only): the queue, counters and the word list. */
export interface ModerationFrame {
  full?: true;
  added: AudienceComment[];
  removed: string[];
  /** Recently shown comments (for pin and ban); present when `full`. */
  recent?: AudienceComment[];
  stats: {
    queued: number;
    posted: number;
    approved: number;
    rejected: number;
    blocked: number;
    rateLimited: number;
    cutOff: number;
    banned: number;
    sockets: number;
    /** Comments posted per source ('leitai': the audience page; else the platform). */
    bySource?: Record<string, number>;
    /** Comments per outcome and reason: held by the filter or the mode, refused by the filter (`blocked`), rate-limited, … */
    byReason?: Record<string, number>;
  };
  /** Senders the host trusts (their comments skip the review queue); present when `full` or changed. */
  trusted?: string[];
  /** How the popularity award would count the current cheer stage now (present when cheers changed, or `full`). */
  popularity?: { stageId: string | null; breakdown: PopularityBreakdown };
  /** The effective word list, when it changed (or `full`). */
  words?: string[];
}

export interface AudienceClientToServerEvents {
  'audience:comment': (payload: AudienceCommentPayload, ack: (r: CommentAck) => void) => void;
  'audience:like': (payload: Static<typeof AudienceLikeSchema>, ack: (r: LikeAck) => void) => void;
  'audience:cheer': (payload: Static<typeof AudienceCheerSchema>, ack: (r: OkAck) => void) => void;
  'audience:nickname': (payload: Static<typeof AudienceNicknameSchema>, ack: (r: NicknameAck) => void) => void;
  'playalong:answer': (payload: Static<typeof PlayAlongAnswerSchema>, ack: (r: OkAck) => void) => void;
  'moderation:decide': (payload: Static<typeof ModerationDecideSchema>, ack: (r: OkAck) => void) => void;
  'moderation:ban': (payload: Static<typeof ModerationBanSchema>, ack: (r: OkAck) => void) => void;
  'moderation:pin': (payload: Static<typeof ModerationPinSchema>, ack: (r: OkAck) => void) => void;
  'moderation:kill': (payload: Static<typeof ModerationKillSchema>, ack: (r: OkAck) => void) => void;
  'moderation:mode': (payload: Static<typeof ModerationModeSchema>, ack: (r: OkAck) => void) => void;
  'moderation:words': (payload: ModerationWordsPayload, ack: (r: OkAck) => void) => void;
  'moderation:popularity': (
    payload: Static<typeof ModerationPopularitySchema>,
    ack: (r: PopularityAck) => void,
  ) => void;
  'moderation:trust': (payload: Static<typeof ModerationTrustSchema>, ack: (r: OkAck) => void) => void;
  'moderation:sender': (payload: Static<typeof ModerationSenderSchema>, ack: (r: SenderAck) => void) => void;
  'playalong:open': (payload: Static<typeof PlayAlongOpenSchema>, ack: (r: PlayAlongOpenAck) => void) => void;
  'playalong:close': (payload: Static<typeof PlayAlongCloseSchema>, ack: (r: PlayAlongCloseAck) => void) => void;
  'audience:sync': (payload: Static<typeof AudienceSyncSchema>, ack: (r: SyncAck) => void) => void;
}

/** The server's signed identity for an audience phone: send `token` back as `auth.audienceToken` when reconnecting. */
export interface AudienceIdentityFrame {
  token: string;
  deviceId: string;
  expiresAt: number;
}

export interface AudienceServerToClientEvents {
  'audience:frame': (frame: AudienceFrame) => void;
  'audience:identity': (identity: AudienceIdentityFrame) => void;
  'audience:me': (me: AudienceMe) => void;
  'moderation:queue': (frame: ModerationFrame) => void;
}

/** Inbound audience event names, with their payload schema and who may send them. */
export const AUDIENCE_EVENT_SCHEMAS = {
  'audience:comment': { schema: AudienceCommentSchema, role: 'audience' },
  'audience:like': { schema: AudienceLikeSchema, role: 'audience' },
  'audience:cheer': { schema: AudienceCheerSchema, role: 'audience' },
  'audience:nickname': { schema: AudienceNicknameSchema, role: 'audience' },
  'playalong:answer': { schema: PlayAlongAnswerSchema, role: 'audience' },
  'moderation:decide': { schema: ModerationDecideSchema, role: 'host' },
  'moderation:ban': { schema: ModerationBanSchema, role: 'host' },
  'moderation:pin': { schema: ModerationPinSchema, role: 'host' },
  'moderation:kill': { schema: ModerationKillSchema, role: 'host' },
  'moderation:mode': { schema: ModerationModeSchema, role: 'host' },
  'moderation:words': { schema: ModerationWordsSchema, role: 'host' },
  'moderation:popularity': { schema: ModerationPopularitySchema, role: 'host' },
  'moderation:trust': { schema: ModerationTrustSchema, role: 'host' },
  'moderation:sender': { schema: ModerationSenderSchema, role: 'host' },
  'playalong:open': { schema: PlayAlongOpenSchema, role: 'host' },
  'playalong:close': { schema: PlayAlongCloseSchema, role: 'host' },
  'audience:sync': { schema: AudienceSyncSchema, role: 'any' },
} as const satisfies Record<keyof AudienceClientToServerEvents, { schema: unknown; role: 'audience' | 'host' | 'any' }>;

export const AUDIENCE_CLIENT_EVENT_NAMES = Object.keys(
  AUDIENCE_EVENT_SCHEMAS,
) as (keyof AudienceClientToServerEvents)[];
