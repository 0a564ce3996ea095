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
import {
  MAX_COMMENT_CHARS,
  MAX_NICKNAME_CHARS,
  SYSTEM_ACTOR,
  audienceMe,
  audienceReply,
  decideAudience,
  type Ack,
  type AudienceCommand,
  type AudienceFrame,
  type CommentAck,
  type CommentColor,
  type CommentSource,
  type ContestState,
  type LikeAck,
  type SenderAck,
  COMMENT_SOURCES,
  type SyncAck,
  type ModerationFrame,
} from '@leitai/shared';
import type { ContestService } from '../contests/contest-service.ts';
import type { LeitaiServer } from '../net/socket-gateway.ts';
import { AudienceRoom } from './audience-room.ts';
import { commentId } from './comment-ids.ts';
import { audienceScheduler } from './audience-scheduler.ts';
import { charLength, cleanText } from './text-filter.ts';
import { sendToAudience } from '../net/audience-broadcast.ts';
import { createStreamDelays, hallRoom } from './stream-delay.ts';
import { viewRoom } from '../net/rooms.ts';
import { AddressGuard, clientAddress, trustedProxies } from './address-guard.ts';
import { recordPopularity } from './popularity-award.ts';
import { addressTag } from './audience-strikes.ts';

/** A platform sender's id (ingest names them `<platform>:<id>`). */
const isPlatformSender = (deviceId: string): boolean => COMMENT_SOURCES.some((s) => deviceId.startsWith(`${s}:`));

export * from './audience-types.ts';
export { attachAudienceGate } from './audience-gate.ts';
import { attachAudienceGate } from './audience-gate.ts';
import {
  err,
  filtered,
  notStored,
  type AudienceCtx,
  type AudienceOptions,
  type AudienceSink,
  type Name,
} from './audience-types.ts';

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
  'moderation:trust': 'TrustSender',
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
        // Its address and identity age: a fresh device at a muted address is held (SendersMuted).
        const weighed = ctx.address !== undefined && !guard.exempt(ctx.address);
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
            ...(weighed ? { addressTag: addressTag(room.contestId, ctx.address ?? '') } : {}),
            ...(weighed && ctx.since !== undefined ? { since: ctx.since } : {}),
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
      case 'audience:cheer': {
        // The cheer carries its address (a tag) and its device's age, which weigh it for the
        // popularity award (popularity-weights.ts); an exempt address (loopback) counts fully.
        const { contestantId } = p as { contestantId: string };
        const weighed = ctx.address !== undefined && !guard.exempt(ctx.address);
        return {
          type: 'CastCheer',
          data: {
            contestantId,
            ...(weighed
              ? { addressTag: addressTag(room.contestId, ctx.address ?? ''), since: ctx.since ?? now() }
              : {}),
          },
        };
      }
      case 'audience:like':
      case 'audience:sync':
      case 'moderation:popularity':
      case 'moderation:sender':
        return null;
      default:
        // The rest carry their checked payload as the command's data.
        return { type: AS_COMMAND[name], data: p };
    }
  };

  /** Decide a command against the room's state, apply its events, and answer. */
  const run = (ctx: AudienceCtx, room: AudienceRoom, command: AudienceCommand): Ack<object> => {
    const actor = ctx.role === 'audience' ? { role: ctx.role, subjectId: ctx.deviceId } : { role: ctx.role };
    if (ctx.role === 'system') Object.assign(actor, SYSTEM_ACTOR);
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
    'audience:like': (ctx: AudienceCtx, room: AudienceRoom, p: { count: number }): LikeAck => {
      room.pendingLikes += p.count;
      // A platform's likes (ingest, when its source counts likes) also count for the contestant on stage.
      if (isPlatformSender(ctx.deviceId)) {
        const d = decideAudience(
          room.state,
          { type: 'CountPlatformLikes', data: { count: p.count } },
          {
            now: now(),
            actor: SYSTEM_ACTOR,
            contest: contestOf(room.contestId),
          },
        );
        for (const e of d.ok ? d.events : []) if (e.type === 'PlatformLikesCounted') room.holdPlatformLikes(e);
      } else {
        // A page's likes count for the contestant whose turn it is, weighed by address and device
        // age for an award by likes (popularity-weights.ts); an exempt address stands per device, full-aged.
        const weighed = ctx.address !== undefined && !guard.exempt(ctx.address);
        const d = decideAudience(
          room.state,
          {
            type: 'TallyLikes',
            data: weighed
              ? { count: p.count, addressTag: addressTag(room.contestId, ctx.address ?? ''), since: ctx.since ?? now() }
              : { count: p.count, addressTag: `device:${ctx.deviceId}` },
          },
          { now: now(), actor: SYSTEM_ACTOR, contest: contestOf(room.contestId) },
        );
        for (const e of d.ok ? d.events : []) if (e.type === 'LikesTallied') room.holdLikeTally(e);
      }
      return { ok: true, accepted: p.count };
    },
    'audience:sync': (ctx: AudienceCtx, room: AudienceRoom): SyncAck => ({
      ok: true,
      // A phone on the stream gets the play-along as the stream shows it (stream-delay.ts).
      frame: ctx.role === 'audience' ? delayedFull(room, { data: { hall: ctx.hall === true } }) : room.fullFrame(),
      me: ctx.role === 'audience' ? audienceMe(room.state, ctx.deviceId) : null,
      moderation: ctx.role === 'host' ? room.fullModeration() : null,
    }),
    'moderation:popularity': (_ctx: AudienceCtx, room: AudienceRoom, p: { stageId: string }) =>
      recordPopularity(service, room, p.stageId),
    'moderation:sender': (_ctx: AudienceCtx, room: AudienceRoom, p: { deviceId: string }): SenderAck => ({
      ok: true,
      deviceId: p.deviceId,
      history: room.index.history(p.deviceId),
      trusted: room.state.trusted[p.deviceId] === true,
      banned: room.state.banned[p.deviceId] !== undefined,
      mutedUntil: (room.state.muted[p.deviceId] ?? 0) > now() ? (room.state.muted[p.deviceId] ?? null) : null,
    }),
  };

  const answer = (ctx: AudienceCtx, room: AudienceRoom, name: Name, payload: unknown) => {
    const command = commandOf(ctx, room, name, payload as never);
    if (command?.type === 'ClosePlayAlong') return closePlayAlong(ctx, room, command);
    if (command) return run(ctx, room, command);
    if (name === 'audience:like') return others[name](ctx, room, payload as { count: number });
    if (name === 'audience:sync') return others[name](ctx, room);
    if (name === 'moderation:sender') return others[name](ctx, room, payload as { deviceId: string });
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
    record(contestId, mute) {
      const room = roomFor(contestId);
      if (room) run({ contestId, role: 'system', deviceId: '' }, room, { type: 'MuteSenders', data: mute });
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
