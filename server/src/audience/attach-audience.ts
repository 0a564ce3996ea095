/**
 * The audience's path through the server, beside (never through) the contest runtime:
 * schema-checked and rate-limited inbound events, the comment pipeline (clean → length →
 * ban/mute → word filter → auto or review queue), likes counted in memory and stored once a
 * second, cheers, play-along, and the fan-out tick: one merged frame per room per tick,
 * priority rooms (stage, overlay, host) first, phones after.
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
  nicknameOf,
  stageRoster,
  type Ack,
  type AudienceClientToServerEvents,
  type AudienceFrame,
  type AudienceMe,
  type ContestState,
  type DomainError,
  type ModerationFrame,
  type Role,
} from '@leitai/shared';
import type { ContestService } from '../contests/contest-service.ts';
import type { LeitaiServer, LeitaiSocket } from '../net/socket-gateway.ts';
import { TokenBucket } from '../net/rate-limit.ts';
import { compileValidator } from '../validation.ts';
import { AudienceRoom } from './audience-room.ts';
import { charLength, cleanText } from './text-filter.ts';
import { broadcastToAudience } from '../net/audience-shards.ts';

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
}

type Reply = (r: Ack<object>) => void;
type Handler = (socket: LeitaiSocket, room: AudienceRoom, payload: never) => Ack<object> | Promise<Ack<object>>;
type Name = keyof AudienceClientToServerEvents;

interface SocketLimits {
  any: TokenBucket;
  comment: TokenBucket;
  like: TokenBucket;
}

const err = (code: DomainError['code'], message: string): Ack<never> => ({
  ok: false,
  error: domainError(code, message),
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

/** Attach the audience pipeline to a Socket.IO server. Call once, after the socket gateway. */
export function attachAudience(io: LeitaiServer, service: ContestService, options: AudienceOptions): AudienceHandle {
  const now = options.now;
  const tickMs = options.tickMs ?? 200;
  const likeFlushMs = options.likeFlushMs ?? 1000;
  const commentPerSecond = 1000 / (options.commentIntervalMs ?? 3000);
  const commentBurst = options.commentBurst ?? 3;
  const strikeLimit = options.strikeLimit ?? 10;
  const cutOffMs = options.cutOffMs ?? 10 * 60_000;
  const phoneCap = options.phoneCommentsPerFrame ?? 20;
  const rooms = new Map<string, AudienceRoom>();
  const limits = new WeakMap<LeitaiSocket, SocketLimits>();
  const addressBuckets = new Map<string, TokenBucket>();
  const strikes = new Map<string, { count: number; since: number }>();
  const mutedUntil = new Map<string, number>();
  const validators = Object.fromEntries(
    Object.entries(AUDIENCE_EVENT_SCHEMAS).map(([name, { schema }]) => [name, compileValidator(schema)]),
  ) as Record<Name, ReturnType<typeof compileValidator>>;

  const roomFor = (contestId: string): AudienceRoom | undefined => {
    let room = rooms.get(contestId);
    if (room) return room;
    const state = service.get(contestId)?.state;
    if (!state) return undefined;
    room = new AudienceRoom(contestId, service.store, state.definition.audience?.commentMode ?? 'review', () =>
      cheerStage(service.get(contestId)?.state),
    );
    rooms.set(contestId, room);
    return room;
  };

  const priorityRooms = (contestId: string) => [`${contestId}:stage`, `${contestId}:overlay`, `${contestId}:host`];
  const emitFrames = (room: AudienceRoom) => (frame: AudienceFrame | null, moderation: ModerationFrame | null) => {
    const id = room.contestId;
    if (frame) io.to(priorityRooms(id)).emit('audience:frame', frame);
    if (moderation) io.to(`${id}:host`).emit('moderation:queue', moderation);
    if (!frame) return;
    // Phones after the screens and the host, on a later turn of the loop, sampled when heavy.
    const phone = frame.comments.length > phoneCap ? { ...frame, comments: sample(frame.comments, phoneCap) } : frame;
    setImmediate(() => broadcastToAudience(id, (shardRoom) => io.to(shardRoom).emit('audience:frame', phone)));
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
    if (strikes.size > 5000) for (const [k, v] of strikes) if (t - v.since > 60_000) strikes.delete(k);
    if (addressBuckets.size > 5000) addressBuckets.clear();
    for (const [k, until] of mutedUntil) if (until <= t) mutedUntil.delete(k);
  };
  const timer = setInterval(tick, tickMs);
  timer.unref();

  /** A blocked or rate-limited message: too many within a minute cut the device off. */
  const strike = (socket: LeitaiSocket, room: AudienceRoom): boolean => {
    const key = `${room.contestId}/${socket.data.deviceId}`;
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
    room.counters.cutOff += 1;
    room.markStats();
    setImmediate(() => socket.disconnect(true));
    return true;
  };

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

  const handlers: Record<Name, Handler> = {
    'audience:comment': (socket, room, p: { text: string; color?: string }) => {
      const deviceId = socket.data.deviceId;
      const key = `${room.contestId}/${deviceId}`;
      const s = room.state;
      if (s.mode === 'closed') return err('INVALID_STATE', 'comments are closed');
      if (s.banned[deviceId] || (mutedUntil.get(key) ?? 0) > now()) return err('FORBIDDEN', 'you may not comment');
      const l = limits.get(socket);
      const address = socket.handshake.address;
      let ab = addressBuckets.get(address);
      if (!ab) {
        ab = new TokenBucket(options.addressCommentsPerSecond ?? 30, options.addressCommentBurst ?? 60, now());
        addressBuckets.set(address, ab);
      }
      if (!l?.comment.take(now()) || !ab.take(now())) {
        room.counters.rateLimited += 1;
        room.markStats();
        strike(socket, room);
        const wait = Math.max(l?.comment.waitMs() ?? 0, ab.waitMs(), 1000);
        return err('RATE_LIMITED', `retry in ${wait} ms`);
      }
      const text = cleanText(p.text);
      if (text.length === 0) return err('BAD_REQUEST', 'empty comment');
      if (charLength(text) > MAX_COMMENT_CHARS) return err('BAD_REQUEST', `at most ${MAX_COMMENT_CHARS} characters`);
      const verdict = room.filter.check(text);
      if (!verdict.ok) {
        room.counters.blocked += 1;
        room.markStats();
        strike(socket, room);
        return err('FORBIDDEN', 'comment not allowed');
      }
      const review = s.mode === 'review';
      if (review && s.queue.length >= MAX_QUEUE)
        return err('RATE_LIMITED', 'the review queue is full; retry in 5000 ms');
      const comment = {
        id: randomBytes(6).toString('base64url'),
        deviceId,
        nickname: nicknameOf(s, deviceId),
        text,
        color: (p.color ?? 'white') as 'white',
        at: now(),
      };
      room.apply({ type: 'CommentPosted', data: { comment, status: review ? 'queued' : 'approved' } }, now());
      return { ok: true, id: comment.id, status: review ? 'queued' : 'shown' };
    },
    'audience:like': (socket, room, p: { count: number }) => {
      if (!limits.get(socket)?.like.take(now())) {
        room.counters.rateLimited += 1;
        room.markStats();
        strike(socket, room);
        return err('RATE_LIMITED', 'too many likes at once');
      }
      room.pendingLikes += p.count;
      room.markLikes();
      return { ok: true, accepted: p.count };
    },
    'audience:cheer': (socket, room, p: { contestantId: string }) => {
      const state = service.get(room.contestId)?.state;
      const stageId = cheerStage(state);
      if (!state || !stageId) return err('INVALID_STATE', 'no stage');
      if (!stageRoster(state.definition, stageId).includes(p.contestantId)) {
        return err('NOT_FOUND', 'no such contestant on this stage');
      }
      if (room.state.cheers[stageId]?.byDevice[socket.data.deviceId]) {
        return err('CONFLICT', 'already cheered on this stage');
      }
      room.apply(
        { type: 'CheerCast', data: { deviceId: socket.data.deviceId, stageId, contestantId: p.contestantId } },
        now(),
      );
      return { ok: true };
    },
    'audience:nickname': (socket, room, p: { nickname: string }) => {
      if (!limits.get(socket)?.comment.take(now())) return err('RATE_LIMITED', 'retry in 3000 ms');
      const nickname = cleanText(p.nickname);
      if (!nickname || charLength(nickname) > MAX_NICKNAME_CHARS) {
        return err('BAD_REQUEST', `1 to ${MAX_NICKNAME_CHARS} characters`);
      }
      if (!room.filter.check(nickname).ok) {
        room.counters.blocked += 1;
        strike(socket, room);
        return err('FORBIDDEN', 'nickname not allowed');
      }
      room.apply({ type: 'NicknameSet', data: { deviceId: socket.data.deviceId, nickname } }, now());
      return { ok: true, nickname };
    },
    'playalong:answer': (socket, room, p: { roundId: string; answer: string[] }) => {
      const r = room.state.round;
      if (!r || r.roundId !== p.roundId || r.answer) return err('INVALID_STATE', 'this question is not open');
      if (r.answers[socket.data.deviceId]) return err('CONFLICT', 'already answered');
      const q = service.get(room.contestId)?.state?.definition.questions.find((x) => x.id === r.questionId);
      if (!q) return err('NOT_FOUND', 'question not found');
      const keys = q.kind === 'truefalse' ? ['true', 'false'] : (q.options ?? []).map((o) => o.key);
      const answer = [...new Set(p.answer)];
      if (answer.some((k) => !keys.includes(k)) || (q.kind !== 'multiple' && answer.length !== 1)) {
        return err('BAD_REQUEST', 'not an answer to this question');
      }
      room.apply(
        { type: 'PlayAlongAnswered', data: { roundId: r.roundId, deviceId: socket.data.deviceId, answer, at: now() } },
        now(),
      );
      return { ok: true };
    },
    'moderation:decide': (_socket, room, p: { ids: string[]; approve: boolean }) => {
      const queued = new Set(room.state.queue.map((c) => c.id));
      const ids = p.ids.filter((id) => queued.has(id));
      if (ids.length === 0) return err('NOT_FOUND', 'no such comment in the queue');
      room.apply({ type: 'CommentsDecided', data: { ids, approve: p.approve } }, now());
      return { ok: true };
    },
    'moderation:ban': (_socket, room, p: { commentId: string }) => {
      const c = [...room.state.queue, ...room.state.recent].find((x) => x.id === p.commentId);
      if (!c) return err('NOT_FOUND', 'no such comment');
      room.apply({ type: 'SenderBanned', data: { deviceId: c.deviceId, reason: 'host' } }, now());
      return { ok: true };
    },
    'moderation:pin': (_socket, room, p: { commentId: string | null }) => {
      if (p.commentId !== null && !room.state.recent.some((c) => c.id === p.commentId)) {
        return err('NOT_FOUND', 'only a shown comment can be pinned');
      }
      room.apply({ type: 'CommentPinned', data: { id: p.commentId } }, now());
      return { ok: true };
    },
    'moderation:kill': (_socket, room, p: { active: boolean }) => {
      room.apply({ type: 'KillSwitchSet', data: { active: p.active } }, now());
      // An emergency control: out at once, not at the next tick.
      void room.flush(emitFrames(room), true);
      return { ok: true };
    },
    'moderation:mode': (_socket, room, p: { mode: 'auto' | 'review' | 'closed' }) => {
      room.apply({ type: 'CommentModeSet', data: { mode: p.mode } }, now());
      return { ok: true };
    },
    'moderation:words': (_socket, room, p: { add?: string[]; remove?: string[] }) => {
      const tidy = (ws: string[] | undefined) => [...new Set((ws ?? []).map((w) => cleanText(w)).filter(Boolean))];
      const added = tidy(p.add);
      const removed = tidy(p.remove);
      if (added.length + removed.length === 0) return err('BAD_REQUEST', 'no words');
      room.apply({ type: 'WordsChanged', data: { added, removed } }, now());
      return { ok: true };
    },
    'moderation:popularity': async (_socket, room, p: { stageId: string }) => {
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
    'playalong:open': (_socket, room, p: { questionId: string }) => {
      if (room.state.round && !room.state.round.answer) return err('INVALID_STATE', 'close the open question first');
      const q = service.get(room.contestId)?.state?.definition.questions.find((x) => x.id === p.questionId);
      if (!q) return err('NOT_FOUND', 'question not found');
      if (q.kind === 'open' || q.answer.length === 0) return err('BAD_REQUEST', 'only choice and true/false questions');
      const roundId = `r${room.state.rounds + 1}`;
      room.apply({ type: 'PlayAlongOpened', data: { roundId, questionId: q.id, at: now() } }, now());
      return { ok: true, roundId };
    },
    'audience:sync': (socket, room) => {
      const role = socket.data.role;
      return {
        ok: true,
        frame: room.fullFrame(),
        me: role === 'audience' ? me(room, socket.data.deviceId) : null,
        moderation: role === 'host' ? room.fullModeration() : null,
      };
    },
    'playalong:close': (_socket, room) => {
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

  io.on('connection', (socket: LeitaiSocket) => {
    const { contestId, role } = socket.data;
    const room = roomFor(contestId);
    if (!room) return;
    if (role === 'audience') {
      // Socket.IO's memory guide: an idle connection need not keep its HTTP upgrade request
      // (headers, parser, buffers) once the handshake is read; thousands of phones add up (B3).
      (socket.conn as unknown as { request: unknown }).request = null;
      room.sockets += 1;
      socket.emit('audience:me', me(room, socket.data.deviceId));
    }
    if (role === 'audience' || role === 'stage' || role === 'overlay' || role === 'host') {
      socket.emit('audience:frame', room.fullFrame());
    }
    if (role === 'host') socket.emit('moderation:queue', room.fullModeration());

    socket.onAny((event: string, ...args: unknown[]) => {
      const spec = (AUDIENCE_EVENT_SCHEMAS as Record<string, { role: Role | 'any' } | undefined>)[event];
      if (!spec) return;
      const ack = args[args.length - 1];
      if (typeof ack !== 'function' || args.length !== 2) return;
      const reply = ack as Reply;
      try {
        const payload = args[0];
        const size = JSON.stringify(payload ?? null).length;
        if (size > MAX_PAYLOAD_BYTES) return reply(err('PAYLOAD_TOO_LARGE', `payload of ${size} bytes`));
        let l = limits.get(socket);
        if (!l) {
          const t = now();
          l = {
            any: new TokenBucket(options.messagesPerSecond ?? 20, options.messageBurst ?? 40, t),
            comment: new TokenBucket(commentPerSecond, commentBurst, t),
            like: new TokenBucket(4, 8, t),
          };
          limits.set(socket, l);
        }
        if (!l.any.take(now())) {
          room.counters.rateLimited += 1;
          room.markStats();
          strike(socket, room);
          return reply(err('RATE_LIMITED', `slow down: retry in ${l.any.waitMs()} ms`));
        }
        if (spec.role !== 'any' && spec.role !== role)
          return reply(err('FORBIDDEN', `only the ${spec.role} may send ${event}`));
        const checked = validators[event as Name](payload);
        if (!checked.ok) return reply({ ok: false, error: checked.error });
        const answer = handlers[event as Name](socket, room, checked.value as never);
        if (answer instanceof Promise) answer.then(reply, () => reply(err('INTERNAL', 'internal error')));
        else reply(answer);
      } catch {
        reply(err('INTERNAL', 'internal error'));
      }
    });
    if (role === 'audience') socket.on('disconnect', () => (room.sockets -= 1));
  });

  return {
    room: (contestId) => roomFor(contestId),
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
