/**
 * The audience's path through the server, beside (never through) the contest runtime, in two
 * parts so that the first can run on an edge process (docs/architecture.md, "Scaling out"):
 *
 * - the **gate** (`attachAudienceGate`), socket-facing: size, rate limits, strikes and cut-offs,
 *   role and schema checks, and for comments and nicknames the cleaning, length and word
 *   filter. What passes goes to an `AudienceSink`.
 * - the **core** (`createAudienceCore`), the only writer of the audience stream: the comment
 *   pipeline's decisions (ban, mode, auto or review queue), likes counted in memory and stored
 *   once a second, cheers, play-along, moderation, and the fan-out tick: one merged frame per
 *   room per tick, priority rooms (stage, overlay, host) first, phones after.
 *
 * In one process the gate hands to the core directly (`attachAudience`); an edge hands to a
 * sink that forwards to the core in batches (server/src/cluster/edge-server.ts).
 */
import { randomBytes } from 'node:crypto';
import {
  AUDIENCE_EVENT_SCHEMAS,
  MAX_COMMENT_CHARS,
  MAX_NICKNAME_CHARS,
  MAX_PAYLOAD_BYTES,
  SYSTEM_ACTOR,
  audienceMe,
  audienceReply,
  decideAudience,
  domainError,
  filteredError,
  mutedError,
  retryLater,
  retryLaterError,
  type Ack,
  type AudienceClientToServerEvents,
  type AudienceCommand,
  type AudienceFrame,
  type CommentAck,
  type CommentColor,
  type CommentMode,
  type CommentSource,
  type ContestState,
  type LikeAck,
  type PopularityAck,
  type SyncAck,
  type DomainError,
  type ModerationFrame,
  type Role,
} from '@leitai/shared';
import type { ContestService } from '../contests/contest-service.ts';
import type { LeitaiServer, LeitaiSocket } from '../net/socket-gateway.ts';
import { rateLimitedError, TokenBucket } from '../net/rate-limit.ts';
import { compileValidator } from '../validation.ts';
import { AudienceRoom } from './audience-room.ts';
import { commentId } from './comment-ids.ts';
import { audienceScheduler } from './audience-scheduler.ts';
import { charLength, cleanText, type FilterJudgement, type WordFilter } from './text-filter.ts';
import { sendToAudience } from '../net/audience-broadcast.ts';
import { createStreamDelays, hallRoom } from './stream-delay.ts';
import { viewRoom } from '../net/rooms.ts';
import { handshakeError } from '../net/pipeline/authenticate.ts';
import { AddressGuard, clientAddress, trustedProxies, type AddressLimits } from './address-guard.ts';
import { AddressLimiter } from './address-limits.ts';
import { useDirectFrames } from '../net/direct-frames.ts';

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
}

type Reply = (r: Ack<object>) => void;
type Name = keyof AudienceClientToServerEvents;

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
  /** An audience socket of this contest connected (+1) or left (-1). */
  sockets(contestId: string, delta: 1 | -1): void;
  /** First frames for a socket that just connected (the core has them at hand; an edge lets the client sync). */
  welcome(socket: LeitaiSocket): void;
}

interface SocketLimits {
  any: TokenBucket;
  comment: TokenBucket;
  like: TokenBucket;
}

/** The answer to an audience event whose batch could not be stored (a full disk): nothing of it was kept. */
const notStored = (name: Name): Ack<never> =>
  name === 'moderation:kill'
    ? err('UNAVAILABLE', 'the kill switch is in force but could not be stored yet; it holds until cleared')
    : later('UNAVAILABLE', 'could not be stored (the server cannot write); ', 2000);

const err = (code: DomainError['code'], message: string): Ack<never> => ({
  ok: false,
  error: domainError(code, message),
});

const muted = (): Ack<never> => ({ ok: false, error: mutedError() });
const filtered = (message: string): Ack<never> => ({ ok: false, error: filteredError(message) });
const later = (code: 'RATE_LIMITED' | 'UNAVAILABLE', message: string, retryAfterMs: number): Ack<never> => ({
  ok: false,
  error: retryLater(code, message, retryAfterMs),
});

/** Audience messages whose checked payload is the decider command's data, as it is. */
const AS_COMMAND = {
  'audience:cheer': 'CastCheer',
  'audience:nickname': 'SetNickname',
  'playalong:answer': 'AnswerPlayAlong',
  'moderation:decide': 'DecideComments',
  'moderation:ban': 'BanSender',
  'moderation:pin': 'PinComment',
  'moderation:kill': 'SetKillSwitch',
  'moderation:mode': 'SetCommentMode',
  'playalong:open': 'OpenPlayAlong',
} as const satisfies Partial<Record<Name, AudienceCommand['type']>>;

export interface AudienceHandle {
  room(contestId: string): AudienceRoom | undefined;
  /** Append what is pending and stop the ticks. */
  stop(): Promise<void>;
  /**
   * Submit a comment from a source other than a phone's socket (a platform's danmaku feed):
   * cleaned and length-checked like a phone's, then decided by the same rules (mode, bans, word
   * filter, review queue) and stored with the next batch. `senderId` names the sender within
   * its source (e.g. `platform:12345`); it stands where a phone's device id does. `source` is
   * the platform's badge on the shown comment; `nickname`, the sender's name there, is cleaned,
   * length-checked and filtered like a phone's.
   */
  submitComment(from: CommentOrigin, comment: { text: string; color?: CommentColor }): Promise<CommentAck>;
}

/**
 * An audience frame to every phone of a contest: the tick's call (and the B1 bench's), in
 * slices of socket writes, one per event-loop turn (server/src/net/audience-broadcast.ts).
 */
export function sendAudienceFrame(io: LeitaiServer, contestId: string, frame: AudienceFrame): void {
  sendToAudience(io, contestId, 'audience:frame', frame);
}

/** Attach the audience pipeline (gate and core) to a Socket.IO server. Call once, after the socket gateway. */
export function attachAudience(io: LeitaiServer, service: ContestService, options: AudienceOptions): AudienceCore {
  const shared = { ...options, guard: options.guard ?? new AddressGuard(options.addressLimits) };
  const core = createAudienceCore(io, service, shared);
  attachAudienceGate(io, core.sink, shared);
  return core;
}

export interface AudienceCore extends AudienceHandle {
  /** The core's side of the gate: decides in this process. */
  readonly sink: AudienceSink;
  /** Audience sockets held by an edge, per contest (the edge reports them; the moderator's count adds them). */
  setRemoteSockets(edgeId: string, counts: Record<string, number>): void;
  /** Tell `listener` each time a contest's comment mode or word list changes (scaled out: pushed to the edges). */
  onPolicyChange(listener: (room: AudienceRoom) => void): void;
}

/** Where a comment comes from when no phone socket sent it. */
export interface CommentOrigin {
  contestId: string;
  senderId: string;
  /** The platform (its badge on the shown comment). */
  source?: CommentSource;
  /** The sender's name on the platform (else the nickname the sender id has, or a made-up one). */
  nickname?: string;
}

/**
 * The core of the audience pipeline: the rooms (one per contest, the only writer of its
 * stream), the tick that stores and fans out, and the decisions behind every audience event.
 */
export function createAudienceCore(io: LeitaiServer, service: ContestService, options: AudienceOptions): AudienceCore {
  const now = options.now;
  const tickMs = options.tickMs ?? 200;
  const likeFlushMs = options.likeFlushMs ?? 1000;
  const phoneCap = options.phoneCommentsPerFrame ?? 20;
  const rooms = new Map<string, AudienceRoom>();
  const guard = options.guard ?? new AddressGuard(options.addressLimits);
  const trusted = trustedProxies(options.trustedProxies ?? process.env.LEITAI_TRUSTED_PROXIES);
  const localSockets = new Map<string, number>();
  const remoteSockets = new Map<string, Record<string, number>>();
  // Play-along stream delay (stream-delay.ts): holds the phones' question/answer frames back.
  const delays = createStreamDelays(io, service, now);
  const delayedFull = (room: AudienceRoom, socket: { data: { hall?: boolean } }): AudienceFrame => {
    const frame = room.fullFrame();
    return { ...frame, playAlong: delays.of(room.contestId).viewFor(frame.playAlong ?? null, !!socket.data.hall) };
  };

  const policyListeners: ((room: AudienceRoom) => void)[] = [];
  const contestOf = (contestId: string): ContestState | null | undefined => service.get(contestId)?.state;
  const roomFor = (contestId: string): AudienceRoom | undefined => {
    let room = rooms.get(contestId);
    if (room) return room;
    const state = service.get(contestId)?.state;
    if (!state) return undefined;
    room = new AudienceRoom(contestId, service.store, state.definition.audience?.commentMode ?? 'review', () =>
      contestOf(contestId),
    );
    room.onPolicyChange = (r) => {
      for (const listener of policyListeners) listener(r);
    };
    rooms.set(contestId, room);
    return room;
  };

  const countSockets = (room: AudienceRoom) => {
    let n = localSockets.get(room.contestId) ?? 0;
    for (const counts of remoteSockets.values()) n += counts[room.contestId] ?? 0;
    room.sockets = n;
  };

  const priorityRooms = (contestId: string) =>
    (['stage', 'overlay', 'host'] as const).map((r) => viewRoom(contestId, r));
  const emitFrames = (room: AudienceRoom) => (frame: AudienceFrame | null, moderation: ModerationFrame | null) => {
    const id = room.contestId;
    if (frame) io.to(priorityRooms(id)).emit('audience:frame', frame);
    if (moderation) io.to(viewRoom(id, 'host')).emit('moderation:queue', moderation);
    if (!frame) return;
    // Phones after the screens and the host, on a later turn of the loop, sampled when heavy.
    const phone = frame.comments.length > phoneCap ? { ...frame, comments: sample(frame.comments, phoneCap) } : frame;
    const held = delays.of(id).phoneFrame(phone);
    setImmediate(() => sendAudienceFrame(io, id, held));
  };

  let lastLikeFlush = now();
  const tick = () => {
    const t = now();
    const flushLikes = t - lastLikeFlush >= likeFlushMs;
    if (flushLikes) lastLikeFlush = t;
    for (const room of rooms.values()) {
      if (flushLikes) room.flushLikes(t);
      void room.flush(emitFrames(room));
    }
  };
  // On the audience's one clock, after the contest's events of the same tick (socket-gateway.ts).
  const scheduler = audienceScheduler(io);
  const stopTicks = scheduler.every(tickMs, tick);

  /**
   * The audience message as a command of the audience's decider (shared/src/audience/), with
   * what only the server knows filled in: the new comment's id, the word filter's verdict, an
   * address that carries a ban. Null: not a decider command (likes, sync and popularity are
   * handled here).
   */
  const commandOf = (ctx: AudienceCtx, room: AudienceRoom, name: Name, p: never): AudienceCommand | null => {
    switch (name) {
      case 'audience:comment': {
        const { text, color } = p as { text: string; color?: CommentColor };
        // The core's own list decides (an edge may hold an older one); a verdict taken off the
        // event loop (ingest's judge thread) stands while its filter is still the room's.
        const { outcome, hits } = ctx.judged?.filter === room.filter ? ctx.judged.verdict : room.filter.judge(text);
        const bannedAddress =
          !room.state.banned[ctx.deviceId] &&
          room.state.mode !== 'closed' &&
          guard.inheritsBan(room.contestId, ctx.deviceId);
        const id = commentId();
        return {
          type: 'PostComment',
          data: {
            id,
            text,
            color: color ?? 'white',
            verdict: { outcome, hits },
            bannedAddress,
            ...(ctx.source ? { source: ctx.source } : {}),
            ...(ctx.nickname !== undefined ? { nickname: ctx.nickname } : {}),
          },
        };
      }
      case 'moderation:words': {
        const { add, remove } = p as { add?: string[]; remove?: string[] };
        const clean = (ws: string[] | undefined) => (ws ?? []).map(cleanText);
        return { type: 'ChangeWords', data: { add: clean(add), remove: clean(remove) } };
      }
      case 'playalong:close':
        return { type: 'ClosePlayAlong', data: {} };
      case 'audience:like':
      case 'audience:sync':
      case 'moderation:popularity':
        return null;
      default:
        // The rest carry their checked payload as the command's data.
        return { type: AS_COMMAND[name], data: p };
    }
  };

  /** Decide a command against the room's state, apply its events, and answer. */
  const run = (ctx: AudienceCtx, room: AudienceRoom, command: AudienceCommand): Ack<object> => {
    const actor = ctx.role === 'audience' ? { role: ctx.role, subjectId: ctx.deviceId } : { role: ctx.role };
    const t = now();
    const decision = decideAudience(room.state, command, { now: t, actor, contest: contestOf(room.contestId) });
    if (!decision.ok) return { ok: false, error: decision.error };
    for (const event of decision.events) {
      room.apply(event, t);
      // A ban by the host also holds for new device ids at the sender's address.
      if (event.type === 'SenderBanned' && event.data.reason === 'host')
        guard.banned(room.contestId, event.data.deviceId, t);
    }
    // An emergency control: out at once, not at the next tick.
    if (command.type === 'SetKillSwitch') void room.flush(emitFrames(room), true);
    return audienceReply(command, decision.events, room.state);
  };

  /**
   * The host's close of a play-along question: with a stream delay, decided now (so a refusal is
   * answered at once) but applied when the stream reaches it, extending the phones' answer window.
   */
  const closePlayAlong = (ctx: AudienceCtx, room: AudienceRoom, command: AudienceCommand): Ack<object> => {
    const delay = delays.of(room.contestId);
    if (delay.closePending) return err('INVALID_STATE', 'the round closes after the stream delay');
    const dry = decideAudience(room.state, command, {
      now: now(),
      actor: { role: ctx.role },
      contest: contestOf(room.contestId),
    });
    if (!dry.ok) return { ok: false, error: dry.error };
    let closed: Ack<object> = { ok: true };
    const { closesAt } = delay.closeRound(() => {
      closed = run(ctx, room, command);
    });
    const deferred = { ok: true as const, closesAt };
    return closesAt > now() ? deferred : closed;
  };

  /** What is not a decision of the audience's own: likes counted in memory, a full sync, the popularity award. */
  const others = {
    'audience:like': (_ctx: AudienceCtx, room: AudienceRoom, p: { count: number }): LikeAck => {
      room.pendingLikes += p.count;
      return { ok: true, accepted: p.count };
    },
    'audience:sync': (ctx: AudienceCtx, room: AudienceRoom): SyncAck => ({
      ok: true,
      // A phone on the stream gets the play-along as the stream shows it (stream-delay.ts).
      frame: ctx.role === 'audience' ? delayedFull(room, { data: { hall: ctx.hall === true } }) : room.fullFrame(),
      me: ctx.role === 'audience' ? audienceMe(room.state, ctx.deviceId) : null,
      moderation: ctx.role === 'host' ? room.fullModeration() : null,
    }),
    'moderation:popularity': async (
      _ctx: AudienceCtx,
      room: AudienceRoom,
      p: { stageId: string },
    ): Promise<PopularityAck> => {
      // The counts come from the server's own audience state, never from the host: the host
      // only asks; the server records them in the contest log as the system (人气奖).
      const runtime = service.get(room.contestId);
      const award = runtime?.state?.definition.awards?.popularity;
      if (!runtime || !award) return err('INVALID_STATE', 'the contest file has no popularity award');
      const counts = award.by === 'cheers' ? { ...(room.state.cheers[p.stageId]?.counts ?? {}) } : {};
      const ack = await runtime.execute(
        { type: 'RecordPopularityCounts', data: { stageId: p.stageId, by: award.by, counts } },
        SYSTEM_ACTOR,
        `pop-${randomBytes(6).toString('base64url')}`,
      );
      return ack.ok ? { ok: true, counts, position: ack.position } : ack;
    },
  };

  const answer = (ctx: AudienceCtx, room: AudienceRoom, name: Name, payload: unknown) => {
    const command = commandOf(ctx, room, name, payload as never);
    if (command?.type === 'ClosePlayAlong') return closePlayAlong(ctx, room, command);
    if (command) return run(ctx, room, command);
    if (name === 'audience:like') return others[name](ctx, room, payload as { count: number });
    if (name === 'audience:sync') return others[name](ctx, room);
    return others['moderation:popularity'](ctx, room, payload as { stageId: string });
  };

  const sink: AudienceSink = {
    policy(contestId) {
      const room = roomFor(contestId);
      return room ? { mode: room.state.mode, filter: room.filter } : undefined;
    },
    handle(ctx, name, payload) {
      const room = roomFor(ctx.contestId);
      if (!room) return err('NOT_FOUND', 'contest not found');
      if (ctx.address !== undefined) guard.seen(ctx.contestId, ctx.deviceId, ctx.address, now());
      const mark = room.appliedCount;
      const reply = answer(ctx, room, name, payload);
      // An acknowledgement means stored: an "ok" waits for the batch holding what it applied.
      const likes = name === 'audience:like';
      if (room.appliedCount === mark && !likes) return reply;
      const stored = likes ? room.whenLikesStored() : room.storedThrough(room.appliedCount);
      // The host's moderation does not wait for the next tick: stored (and shown) at once.
      if (ctx.role === 'host') void room.flush(emitFrames(room), true);
      return Promise.resolve(reply).then((a) =>
        a.ok
          ? stored.then(
              () => a,
              () => notStored(name),
            )
          : a,
      );
    },
    count(contestId, counter) {
      const room = roomFor(contestId);
      if (!room) return;
      room.counters[counter] += 1;
      room.markStats();
    },
    sockets(contestId, delta) {
      localSockets.set(contestId, (localSockets.get(contestId) ?? 0) + delta);
      const room = roomFor(contestId);
      if (room) countSockets(room);
    },
    welcome(socket) {
      const { contestId, role, deviceId } = socket.data;
      const room = roomFor(contestId);
      if (!room) return;
      if (role === 'audience') guard.seen(contestId, deviceId, clientAddress(socket.handshake, trusted), now());
      if (role === 'audience') socket.emit('audience:me', audienceMe(room.state, deviceId));
      if (role === 'audience' && socket.data.hall) void socket.join(hallRoom(contestId));
      if (role === 'audience') socket.emit('audience:frame', delayedFull(room, socket));
      else if (role === 'stage' || role === 'overlay' || role === 'host') {
        socket.emit('audience:frame', room.fullFrame());
      }
      if (role === 'host') socket.emit('moderation:queue', room.fullModeration());
    },
  };

  return {
    sink,
    room: (contestId) => roomFor(contestId),
    onPolicyChange(listener) {
      policyListeners.push(listener);
    },
    async submitComment(from, comment) {
      const text = cleanText(comment.text);
      if (text.length === 0) return err('BAD_REQUEST', 'empty comment');
      if (charLength(text) > MAX_COMMENT_CHARS) return err('BAD_REQUEST', `at most ${MAX_COMMENT_CHARS} characters`);
      const ctx: AudienceCtx = {
        contestId: from.contestId,
        deviceId: from.senderId,
        role: 'audience',
        ...(from.source ? { source: from.source } : {}),
      };
      if (from.nickname !== undefined) {
        const nickname = cleanText(from.nickname);
        if (!nickname || charLength(nickname) > MAX_NICKNAME_CHARS) {
          return err('BAD_REQUEST', `a nickname of 1 to ${MAX_NICKNAME_CHARS} characters`);
        }
        const room = roomFor(from.contestId);
        if (room && !room.filter.check(nickname).ok) return filtered('nickname not allowed');
        ctx.nickname = nickname;
      }
      return (await sink.handle(ctx, 'audience:comment', { ...comment, text })) as CommentAck;
    },
    setRemoteSockets(edgeId, counts) {
      if (Object.keys(counts).length === 0) remoteSockets.delete(edgeId);
      else remoteSockets.set(edgeId, counts);
      for (const room of rooms.values()) countSockets(room);
      for (const contestId of Object.keys(counts)) {
        const room = roomFor(contestId);
        if (room) countSockets(room);
      }
    },
    async stop() {
      stopTicks();
      // The server is closing: the clock stops with its last user (the gateway's task too).
      scheduler.stop();
      delays.stop();
      const t = now();
      for (const room of rooms.values()) {
        room.flushLikes(t);
        await room.drain();
      }
    },
  };
}

/**
 * The socket-facing half: payload size, per-socket and per-address rate limits, strikes that
 * cut a device off, role and schema checks, and for comments and nicknames the cleaning, length
 * check and word filter. Everything that passes goes to `sink`.
 */
export function attachAudienceGate(io: LeitaiServer, sink: AudienceSink, options: AudienceOptions): void {
  const now = options.now;
  const commentPerSecond = 1000 / (options.commentIntervalMs ?? 3000);
  const commentBurst = options.commentBurst ?? 3;
  const strikeLimit = options.strikeLimit ?? 10;
  const cutOffMs = options.cutOffMs ?? 10 * 60_000;
  const limits = new WeakMap<LeitaiSocket, SocketLimits>();
  const trusted = trustedProxies(options.trustedProxies ?? process.env.LEITAI_TRUSTED_PROXIES);
  /** Each audience socket's client address (the proxy's forwarded one when trusted). */
  const addresses = new WeakMap<LeitaiSocket, string>();
  const addressOf = (socket: LeitaiSocket): string => addresses.get(socket) ?? clientAddress(socket.handshake, trusted);
  const limiter =
    options.limiter ??
    new AddressLimiter({
      ...options.addressLimits,
      ...(options.addressCommentsPerSecond ? { commentsPerSecond: options.addressCommentsPerSecond } : {}),
      ...(options.addressCommentBurst ? { commentBurst: options.addressCommentBurst } : {}),
    });
  const strikes = new Map<string, { count: number; since: number }>();
  const mutedUntil = new Map<string, number>();

  const sweep = setInterval(() => {
    const t = now();
    if (strikes.size > 5000) for (const [k, v] of strikes) if (t - v.since > 60_000) strikes.delete(k);
    for (const [k, until] of mutedUntil) if (until <= t) mutedUntil.delete(k);
  }, 1000);
  sweep.unref();

  /** A blocked or rate-limited message: too many within a minute cut the device off. */
  const strike = (socket: LeitaiSocket, counter: GateCounter): boolean => {
    const contestId = socket.data.contestId;
    sink.count(contestId, counter);
    const key = `${contestId}/${socket.data.deviceId}`;
    const t = now();
    const s = strikes.get(key);
    if (!s || t - s.since > 60_000) {
      strikes.set(key, { count: 1, since: t });
      return false;
    }
    s.count += 1;
    if (s.count < strikeLimit) return false;
    strikes.delete(key);
    mutedUntil.set(key, t + cutOffMs);
    sink.count(contestId, 'cutOff');
    setImmediate(() => socket.disconnect(true));
    return true;
  };

  /** Checks done here, before the sink: comments and nicknames leave cleaned. `release`: undo a reservation when the sink refuses. */
  type Passed = { pass: object; release?: () => void } | Ack<never>;
  const gates: Partial<Record<Name, (socket: LeitaiSocket, l: SocketLimits, p: never) => Passed | Promise<Passed>>> = {
    'audience:comment': (socket, l, p: { text: string; color?: string }) => {
      const { contestId, deviceId } = socket.data;
      const policy = sink.policy(contestId);
      if (!policy) return later('UNAVAILABLE', 'the audience service is starting; ', 2000);
      if (policy.mode === 'closed') return err('INVALID_STATE', 'comments are closed');
      if ((mutedUntil.get(`${contestId}/${deviceId}`) ?? 0) > now()) return muted();
      if (!l.comment.take(now())) {
        strike(socket, 'rateLimited');
        return later('RATE_LIMITED', '', Math.max(l.comment.waitMs(), 1000));
      }
      const text = cleanText(p.text);
      if (text.length === 0) return err('BAD_REQUEST', 'empty comment');
      if (charLength(text) > MAX_COMMENT_CHARS) return err('BAD_REQUEST', `at most ${MAX_COMMENT_CHARS} characters`);
      // Refused here; a comment the filter holds goes on, and the core queues it for review.
      if (policy.filter.judge(text).outcome === 'refuse') {
        strike(socket, 'blocked');
        return filtered('comment not allowed');
      }
      // The address's share, counted where every edge sees it (address-limits.ts).
      return limiter.comment(addressOf(socket)).then((wait): Passed => {
        if (wait === 0) return { pass: { ...p, text } };
        strike(socket, 'rateLimited');
        return later('RATE_LIMITED', '', Math.max(wait, 1000));
      });
    },
    'audience:cheer': (socket, _l, p: { contestantId: string }) => {
      // One address moves a contestant's count by at most the cap, however many device ids it invents.
      const { contestId } = socket.data;
      const address = addressOf(socket);
      return limiter
        .reserveCheer(contestId, address, p.contestantId)
        .then((ok): Passed =>
          ok
            ? { pass: p, release: () => void limiter.unreserveCheer(contestId, address, p.contestantId) }
            : err('RATE_LIMITED', 'too many cheers from this address for this contestant'),
        );
    },
    'audience:like': (socket, l, p: { count: number }) => {
      if (!l.like.take(now())) {
        strike(socket, 'rateLimited');
        return { ok: false, error: retryLaterError('RATE_LIMITED', 'too many likes at once', l.like.waitMs()) };
      }
      return { pass: p };
    },
    'audience:nickname': (socket, l, p: { nickname: string }) => {
      if (!l.comment.take(now())) return later('RATE_LIMITED', '', 3000);
      const nickname = cleanText(p.nickname);
      if (!nickname || charLength(nickname) > MAX_NICKNAME_CHARS) {
        return err('BAD_REQUEST', `1 to ${MAX_NICKNAME_CHARS} characters`);
      }
      const policy = sink.policy(socket.data.contestId);
      if (!policy) return later('UNAVAILABLE', 'the audience service is starting; ', 2000);
      if (!policy.filter.check(nickname).ok) {
        strike(socket, 'blocked');
        return filtered('nickname not allowed');
      }
      return { pass: { nickname } };
    },
  };

  // Audience connections per address: refused at the handshake beyond the cap. This runs after
  // the gateway's middleware, which has set the role.
  io.use((socket, next) => {
    if (socket.data.role !== 'audience') return next();
    const address = clientAddress(socket.handshake, trusted);
    limiter.connect(address).then(
      (ok) => {
        if (!ok) return next(handshakeError('RATE_LIMITED', 'too many audience connections from this address'));
        addresses.set(socket, address);
        next();
      },
      () => next(handshakeError('UNAVAILABLE', 'try again shortly')),
    );
  });

  // The listeners are made once and read their socket from `this` (Socket.IO calls listeners on
  // the socket): an idle phone costs no closures of its own (B3).
  function onAudienceGone(this: LeitaiSocket): void {
    sink.sockets(this.data.contestId, -1);
    const address = addresses.get(this);
    if (address !== undefined) void limiter.disconnect(address);
  }

  function onAudienceEvent(this: LeitaiSocket, event: string, ...args: unknown[]): void {
    const spec = (AUDIENCE_EVENT_SCHEMAS as Record<string, { role: Role | 'any' } | undefined>)[event];
    if (!spec) return;
    const ack = args[args.length - 1];
    if (typeof ack !== 'function' || args.length !== 2) return;
    const reply = ack as Reply;
    try {
      const { role } = this.data;
      const payload = args[0];
      const size = JSON.stringify(payload ?? null).length;
      if (size > MAX_PAYLOAD_BYTES) return reply(err('PAYLOAD_TOO_LARGE', `payload of ${size} bytes`));
      let l = limits.get(this);
      if (!l) {
        const t = now();
        l = {
          any: new TokenBucket(options.messagesPerSecond ?? 20, options.messageBurst ?? 40, t),
          comment: new TokenBucket(commentPerSecond, commentBurst, t),
          like: new TokenBucket(4, 8, t),
        };
        limits.set(this, l);
      }
      if (!l.any.take(now())) {
        strike(this, 'rateLimited');
        return reply({ ok: false, error: rateLimitedError(l.any.waitMs()) });
      }
      if (spec.role !== 'any' && spec.role !== role)
        return reply(err('FORBIDDEN', `only the ${spec.role} may send ${event}`));
      const name = event as Name;
      const checked = AUDIENCE_VALIDATORS[name](payload);
      if (!checked.ok) return reply({ ok: false, error: checked.error });
      const gate = gates[name];
      const passed = gate ? gate(this, l, checked.value as never) : { pass: checked.value as object };
      if (passed instanceof Promise) {
        passed.then(
          (p) => proceed(this, name, reply, p),
          () => reply(err('INTERNAL', 'internal error')),
        );
      } else proceed(this, name, reply, passed);
    } catch {
      reply(err('INTERNAL', 'internal error'));
    }
  }

  /** After the gate: to the sink, and the sink's answer to the client. */
  function proceed(socket: LeitaiSocket, name: Name, reply: Reply, passed: Passed): void {
    try {
      if (!('pass' in passed)) return reply(passed);
      const { contestId, role, deviceId } = socket.data;
      const address = addresses.get(socket);
      const ctx: AudienceCtx = {
        ...(address === undefined ? { contestId, role, deviceId } : { contestId, role, deviceId, address }),
        ...(socket.data.hall ? { hall: true } : {}),
      };
      const answer = sink.handle(ctx, name, passed.pass);
      const done = (r: Ack<object>) => {
        if (!r.ok) passed.release?.();
        reply(r);
      };
      const failed = () => done(err('INTERNAL', 'internal error'));
      if (answer instanceof Promise) answer.then(done, failed);
      else done(answer);
    } catch {
      reply(err('INTERNAL', 'internal error'));
    }
  }

  io.on('connection', (socket: LeitaiSocket) => {
    const { contestId, role } = socket.data;
    if (role === 'audience') {
      // Socket.IO's memory guide: an idle connection need not keep its HTTP upgrade request
      // (headers, parser, buffers) once the handshake is read; thousands of phones add up (B3).
      (socket.conn as unknown as { request: unknown }).request = null;
      // Broadcast frames go straight to the WebSocket when Engine.IO would write them at once (B1).
      useDirectFrames(socket);
      sink.sockets(contestId, 1);
      socket.on('disconnect', onAudienceGone);
    }
    sink.welcome(socket);
    socket.onAny(onAudienceEvent);
  });
}

/** An even sample of `n` items (the flow is heavier than a phone can show). */
function sample<T>(items: readonly T[], n: number): T[] {
  const out: T[] = [];
  const step = items.length / n;
  for (let i = 0; i < n; i++) {
    const item = items[Math.floor(i * step)];
    if (item !== undefined) out.push(item);
  }
  return out;
}
