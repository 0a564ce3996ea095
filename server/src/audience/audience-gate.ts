/**
 * The audience gate, socket-facing (runs in a single server, a core, or an edge): the signed
 * audience identity at the handshake (audience-identity.ts), connections per address, payload
 * size, per-socket and per-address rate limits, strikes, cut-offs and mutes by device and address
 * (audience-strikes.ts), role and schema checks, and for comments and nicknames the cleaning,
 * length check and word filter. Everything that passes goes to an `AudienceSink`.
 */
import {
  MAX_COMMENT_CHARS,
  MAX_NICKNAME_CHARS,
  MAX_PAYLOAD_BYTES,
  AUDIENCE_EVENT_SCHEMAS,
  retryLaterError,
  type Ack,
  type Role,
} from '@leitai/shared';
import type { LeitaiServer, LeitaiSocket } from '../net/socket-types.ts';
import { rateLimitedError, TokenBucket } from '../net/rate-limit.ts';
import { handshakeError } from '../net/pipeline/authenticate.ts';
import { useDirectFrames } from '../net/direct-frames.ts';
import { charLength, cleanText } from './text-filter.ts';
import { clientAddress, trustedProxies } from './address-guard.ts';
import { AddressLimiter } from './address-limits.ts';
import { IDENTITY_REFRESH_MS, identitySigner, newAudienceDeviceId } from './audience-identity.ts';
import { AudienceStrikes } from './audience-strikes.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1)$/u;
import {
  AUDIENCE_VALIDATORS,
  err,
  filtered,
  later,
  muted,
  type AudienceCtx,
  type AudienceOptions,
  type AudienceSink,
  type Name,
  type Reply,
  type SocketLimits,
} from './audience-types.ts';

/**
 * The socket-facing half: payload size, per-socket and per-address rate limits, strikes that
 * cut a device off, role and schema checks, and for comments and nicknames the cleaning, length
 * check and word filter. Everything that passes goes to `sink`.
 */
export function attachAudienceGate(io: LeitaiServer, sink: AudienceSink, options: AudienceOptions): void {
  const now = options.now;
  const commentPerSecond = 1000 / (options.commentIntervalMs ?? 3000);
  const commentBurst = options.commentBurst ?? 3;
  const limits = new WeakMap<LeitaiSocket, SocketLimits>();
  const trusted = trustedProxies(options.trustedProxies ?? process.env.LEITAI_TRUSTED_PROXIES);
  /** Each audience socket's client address (the proxy's forwarded one when trusted). */
  const addresses = new WeakMap<LeitaiSocket, string>();
  const addressOf = (socket: LeitaiSocket): string => addresses.get(socket) ?? clientAddress(socket.handshake, trusted);
  /** Each audience socket's identity: when the server first named its device, whether just now, and when it connected. */
  const identities = new WeakMap<LeitaiSocket, { since: number; fresh: boolean; connectedAt: number }>();
  const signer = options.identity ?? identitySigner();
  const limiter =
    options.limiter ??
    new AddressLimiter({
      ...options.addressLimits,
      ...(options.addressCommentsPerSecond ? { commentsPerSecond: options.addressCommentsPerSecond } : {}),
      ...(options.addressCommentBurst ? { commentBurst: options.addressCommentBurst } : {}),
    });
  const exemptLoopback = options.addressLimits?.exemptLoopback ?? true;
  const strikes = new AudienceStrikes({
    strikeLimit: options.strikeLimit ?? options.addressLimits?.strikeLimit ?? 10,
    cutOffMs: options.cutOffMs ?? options.addressLimits?.cutOffMs ?? 10 * 60_000,
    ...(options.addressLimits?.addressStrikeLimit
      ? { addressStrikeLimit: options.addressLimits.addressStrikeLimit }
      : {}),
    exempt: (address) => exemptLoopback && LOOPBACK.test(address),
  });

  const sweep = setInterval(() => strikes.sweep(now()), 1000);
  sweep.unref();
  // Identities are short-lived: re-issued to every connected phone well before they expire.
  const refresh = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) if (socket.data.role === 'audience') issueIdentity(socket);
  }, IDENTITY_REFRESH_MS);
  refresh.unref();

  function issueIdentity(socket: LeitaiSocket): void {
    const id = identities.get(socket);
    const { contestId, deviceId } = socket.data;
    const { token, expiresAt } = signer.issue(
      { deviceId, contestId, address: addressOf(socket), since: id?.since ?? now() },
      now(),
    );
    socket.emit('audience:identity', { token, deviceId, expiresAt });
  }

  /** A blocked or rate-limited message: too many within a minute cut the device off; an address's refusals escalate. */
  const strike = (socket: LeitaiSocket, counter: 'blocked' | 'rateLimited'): boolean => {
    const { contestId, deviceId } = socket.data;
    sink.count(contestId, counter);
    const { cutOff, mute } = strikes.strike(contestId, deviceId, addressOf(socket), counter, now());
    if (mute) {
      sink.record?.(contestId, mute);
      for (let i = 0; i < mute.deviceIds.length; i++) sink.count(contestId, 'cutOff');
    }
    if (!cutOff) return false;
    sink.count(contestId, 'cutOff');
    setImmediate(() => socket.disconnect(true));
    return true;
  };

  const isMuted = (socket: LeitaiSocket): boolean => {
    const { contestId, deviceId } = socket.data;
    const id = identities.get(socket);
    const t = now();
    return strikes.mutedFor(contestId, deviceId, addressOf(socket), id?.fresh ?? false, id?.connectedAt ?? t, t) > t;
  };

  /** Checks done here, before the sink: comments and nicknames leave cleaned. `release`: undo a reservation when the sink refuses. */
  type Passed = { pass: object; release?: () => void } | Ack<never>;
  const gates: Partial<Record<Name, (socket: LeitaiSocket, l: SocketLimits, p: never) => Passed | Promise<Passed>>> = {
    'audience:comment': (socket, l, p: { text: string; color?: string }) => {
      const { contestId } = socket.data;
      const policy = sink.policy(contestId);
      if (!policy) return later('UNAVAILABLE', 'the audience service is starting; ', 2000);
      if (policy.mode === 'closed') return err('INVALID_STATE', 'comments are closed');
      if (isMuted(socket)) return muted();
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
    // The server names the device: the one its signed identity says, else a new one (never the client's own choice).
    const t = now();
    const auth = socket.handshake.auth as { audienceToken?: string };
    const known = signer.verify(auth.audienceToken, socket.data.contestId, t);
    socket.data.deviceId = known?.deviceId ?? newAudienceDeviceId();
    identities.set(socket, { since: known?.since ?? t, fresh: !known, connectedAt: t });
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
      const since = identities.get(socket)?.since;
      const ctx: AudienceCtx = {
        ...(address === undefined ? { contestId, role, deviceId } : { contestId, role, deviceId, address }),
        ...(socket.data.hall ? { hall: true } : {}),
        ...(since !== undefined ? { since } : {}),
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
      issueIdentity(socket);
    }
    sink.welcome(socket);
    socket.onAny(onAudienceEvent);
  });
}
