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
  MAX_QUEUE,
  SYSTEM_ACTOR,
  answerIsRight,
  domainError,
  refusedError,
  retryLaterError,
  nicknameOf,
  stageRoster,
  tidyWordEntry,
  type Ack,
  type AudienceClientToServerEvents,
  type AudienceFrame,
  type AudienceMe,
  type CommentMode,
  type ContestState,
  type DomainError,
  type ModerationFrame,
  type Role,
} from '@leitai/shared';
import type { ContestService } from '../contests/contest-service.ts';
import type { LeitaiServer, LeitaiSocket } from '../net/socket-gateway.ts';
import { rateLimitedError, TokenBucket } from '../net/rate-limit.ts';
import { compileValidator } from '../validation.ts';
import { AudienceRoom } from './audience-room.ts';
import { charLength, cleanText, type WordFilter } from './text-filter.ts';
import { sendToAudience } from '../net/audience-broadcast.ts';
import { viewRoom } from '../net/rooms.ts';
import { handshakeError } from '../net/socket-gateway.ts';
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

/** Refusals that say why in a typed field (`refusal`), so a phone never reads the prose. */
const muted = (): Ack<never> => ({ ok: false, error: refusedError('muted', 'you may not comment') });
const filtered = (message: string): Ack<never> => ({ ok: false, error: refusedError('filtered', message) });

/** A refusal with when to try again as a typed field (`retryAfterMs`); the message says it for people. */
const later = (code: 'RATE_LIMITED' | 'UNAVAILABLE', message: string, retryAfterMs: number): Ack<never> => ({
  ok: false,
  error: retryLaterError(code, `${message}retry in ${Math.ceil(retryAfterMs)} ms`, retryAfterMs),
});

/** The stage cheers count for: the current one, else the first not finished, else the first. */
function cheerStage(state: ContestState | null | undefined): string | null {
  if (!state) return null;
  const stages = state.definition.stages;
  return (
    state.currentStageId ?? stages.find((s) => state.stageStatus[s.id] !== 'finished')?.id ?? stages[0]?.id ?? null
  );
}

export interface AudienceHandle {
  room(contestId: string): AudienceRoom | undefined;
  /** Append what is pending and stop the ticks. */
  stop(): Promise<void>;
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

  const roomFor = (contestId: string): AudienceRoom | undefined => {
    let room = rooms.get(contestId);
    if (room) return room;
    const state = service.get(contestId)?.state;
    if (!state) return undefined;
    room = new AudienceRoom(
      contestId,
      service.store,
      state.definition.audience?.commentMode ?? 'review',
      () => cheerStage(service.get(contestId)?.state),
      (questionId) => service.get(contestId)?.state?.definition.questions.find((q) => q.id === questionId),
    );
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
    setImmediate(() => sendAudienceFrame(io, id, phone));
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
  const timer = setInterval(tick, tickMs);
  timer.unref();

  const me = (room: AudienceRoom, deviceId: string): AudienceMe => {
    const s = room.state;
    const cheers: Record<string, string> = {};
    for (const [stageId, c] of Object.entries(s.cheers)) {
      const pick = c.byDevice[deviceId];
      if (pick) cheers[stageId] = pick;
    }
    const score = s.scores[deviceId];
    return {
      nickname: nicknameOf(s, deviceId),
      cheers,
      points: score?.points ?? 0,
      answered: score?.answered ?? 0,
      roundAnswer: s.round?.answers[deviceId]?.answer ?? null,
    };
  };

  type Op = (ctx: AudienceCtx, room: AudienceRoom, payload: never) => Ack<object> | Promise<Ack<object>>;
  const ops: Record<Name, Op> = {
    'audience:comment': (ctx, room, p: { text: string; color?: string }) => {
      const s = room.state;
      if (s.mode === 'closed') return err('INVALID_STATE', 'comments are closed');
      if (s.banned[ctx.deviceId]) return muted();
      if (guard.inheritsBan(room.contestId, ctx.deviceId)) {
        // A new device id at the address of a banned one: the same sender, banned as well.
        room.apply({ type: 'SenderBanned', data: { deviceId: ctx.deviceId, reason: 'auto' } }, now());
        return muted();
      }
      // The core's own list decides (an edge may hold an older one): refused, or held for a
      // moderator even in auto mode.
      const verdict = room.filter.judge(p.text);
      if (verdict.outcome === 'refuse') return filtered('comment not allowed');
      const held = verdict.outcome === 'review';
      const review = s.mode === 'review' || held;
      if (review && s.queue.length >= MAX_QUEUE) return later('RATE_LIMITED', 'the review queue is full; ', 5000);
      const comment = {
        id: randomBytes(6).toString('base64url'),
        deviceId: ctx.deviceId,
        nickname: nicknameOf(s, ctx.deviceId),
        text: p.text,
        color: (p.color ?? 'white') as 'white',
        at: now(),
        ...(held ? { held: verdict.hits } : {}),
      };
      room.apply({ type: 'CommentPosted', data: { comment, status: review ? 'queued' : 'approved' } }, now());
      return { ok: true, id: comment.id, status: review ? 'queued' : 'shown' };
    },
    'audience:like': (_ctx, room, p: { count: number }) => {
      room.pendingLikes += p.count;
      return { ok: true, accepted: p.count };
    },
    'audience:cheer': (ctx, room, p: { contestantId: string }) => {
      const state = service.get(room.contestId)?.state;
      const stageId = cheerStage(state);
      if (!state || !stageId) return err('INVALID_STATE', 'no stage');
      if (!stageRoster(state, stageId).includes(p.contestantId)) {
        return err('NOT_FOUND', 'no such contestant on this stage');
      }
      if (room.state.cheers[stageId]?.byDevice[ctx.deviceId]) {
        return err('CONFLICT', 'already cheered on this stage');
      }
      room.apply({ type: 'CheerCast', data: { deviceId: ctx.deviceId, stageId, contestantId: p.contestantId } }, now());
      return { ok: true };
    },
    'audience:nickname': (ctx, room, p: { nickname: string }) => {
      room.apply({ type: 'NicknameSet', data: { deviceId: ctx.deviceId, nickname: p.nickname } }, now());
      return { ok: true, nickname: p.nickname };
    },
    'playalong:answer': (ctx, room, p: { roundId: string; answer: string[] }) => {
      const r = room.state.round;
      if (!r || r.roundId !== p.roundId || r.answer) return err('INVALID_STATE', 'this question is not open');
      if (r.answers[ctx.deviceId]) return err('CONFLICT', 'already answered');
      const q = service.get(room.contestId)?.state?.definition.questions.find((x) => x.id === r.questionId);
      if (!q) return err('NOT_FOUND', 'question not found');
      const keys = q.kind === 'truefalse' ? ['true', 'false'] : (q.options ?? []).map((o) => o.key);
      const answer = [...new Set(p.answer)];
      if (answer.some((k) => !keys.includes(k)) || (q.kind !== 'multiple' && answer.length !== 1)) {
        return err('BAD_REQUEST', 'not an answer to this question');
      }
      room.apply(
        { type: 'PlayAlongAnswered', data: { roundId: r.roundId, deviceId: ctx.deviceId, answer, at: now() } },
        now(),
      );
      return { ok: true };
    },
    'moderation:decide': (_ctx, room, p: { ids: string[]; approve: boolean }) => {
      const queued = new Set(room.state.queue.map((c) => c.id));
      const ids = p.ids.filter((id) => queued.has(id));
      if (ids.length === 0) return err('NOT_FOUND', 'no such comment in the queue');
      room.apply({ type: 'CommentsDecided', data: { ids, approve: p.approve } }, now());
      return { ok: true };
    },
    'moderation:ban': (_ctx, room, p: { commentId: string }) => {
      const c = [...room.state.queue, ...room.state.recent].find((x) => x.id === p.commentId);
      if (!c) return err('NOT_FOUND', 'no such comment');
      room.apply({ type: 'SenderBanned', data: { deviceId: c.deviceId, reason: 'host' } }, now());
      guard.banned(room.contestId, c.deviceId, now());
      return { ok: true };
    },
    'moderation:pin': (_ctx, room, p: { commentId: string | null }) => {
      if (p.commentId !== null && !room.state.recent.some((c) => c.id === p.commentId)) {
        return err('NOT_FOUND', 'only a shown comment can be pinned');
      }
      room.apply({ type: 'CommentPinned', data: { id: p.commentId } }, now());
      return { ok: true };
    },
    'moderation:kill': (_ctx, room, p: { active: boolean }) => {
      room.apply({ type: 'KillSwitchSet', data: { active: p.active } }, now());
      // An emergency control: out at once, not at the next tick.
      void room.flush(emitFrames(room), true);
      return { ok: true };
    },
    'moderation:mode': (_ctx, room, p: { mode: 'auto' | 'review' | 'closed' }) => {
      room.apply({ type: 'CommentModeSet', data: { mode: p.mode } }, now());
      return { ok: true };
    },
    'moderation:words': (_ctx, room, p: { add?: string[]; remove?: string[] }) => {
      const tidy = (ws: string[] | undefined) => [
        ...new Set((ws ?? []).map((w) => tidyWordEntry(cleanText(w))).filter((w): w is string => w !== null)),
      ];
      const added = tidy(p.add);
      const removed = tidy(p.remove);
      if (added.length + removed.length === 0) return err('BAD_REQUEST', 'no words');
      room.apply({ type: 'WordsChanged', data: { added, removed } }, now());
      return { ok: true };
    },
    'moderation:popularity': async (_ctx, room, p: { stageId: string }) => {
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
    'playalong:open': (_ctx, room, p: { questionId: string }) => {
      if (room.state.round && !room.state.round.answer) return err('INVALID_STATE', 'close the open question first');
      const q = service.get(room.contestId)?.state?.definition.questions.find((x) => x.id === p.questionId);
      if (!q) return err('NOT_FOUND', 'question not found');
      if (q.kind === 'open' || q.answer.length === 0) return err('BAD_REQUEST', 'only choice and true/false questions');
      const roundId = `r${room.state.rounds + 1}`;
      room.apply({ type: 'PlayAlongOpened', data: { roundId, questionId: q.id, at: now() } }, now());
      return { ok: true, roundId };
    },
    'audience:sync': (ctx, room) => ({
      ok: true,
      frame: room.fullFrame(),
      me: ctx.role === 'audience' ? me(room, ctx.deviceId) : null,
      moderation: ctx.role === 'host' ? room.fullModeration() : null,
    }),
    'playalong:close': (_ctx, room) => {
      const r = room.state.round;
      if (!r || r.answer) return err('INVALID_STATE', 'no open question');
      const q = service.get(room.contestId)?.state?.definition.questions.find((x) => x.id === r.questionId);
      room.apply({ type: 'PlayAlongClosed', data: { roundId: r.roundId, answer: q?.answer ?? [], at: now() } }, now());
      return {
        ok: true,
        correct: Object.values(room.state.round?.answers ?? {}).filter((a) => answerIsRight(a.answer, q?.answer ?? []))
          .length,
      };
    },
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
      const answer = ops[name](ctx, room, payload as never);
      // An acknowledgement means stored: an "ok" waits for the batch holding what it applied.
      const likes = name === 'audience:like';
      if (room.appliedCount === mark && !likes) return answer;
      const stored = likes ? room.whenLikesStored() : room.storedThrough(room.appliedCount);
      // The host's moderation does not wait for the next tick: stored (and shown) at once.
      if (ctx.role === 'host') void room.flush(emitFrames(room), true);
      return Promise.resolve(answer).then((a) =>
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
      if (role === 'audience') socket.emit('audience:me', me(room, deviceId));
      if (role === 'audience' || role === 'stage' || role === 'overlay' || role === 'host') {
        socket.emit('audience:frame', room.fullFrame());
      }
      if (role === 'host') socket.emit('moderation:queue', room.fullModeration());
    },
  };

  return {
    sink,
    room: (contestId) => roomFor(contestId),
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
      clearInterval(timer);
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
      const ctx: AudienceCtx =
        address === undefined ? { contestId, role, deviceId } : { contestId, role, deviceId, address };
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
