import { randomBytes } from 'node:crypto';
import type { Static, TSchema } from '@sinclair/typebox';
import {
  AUDIENCE_CLIENT_EVENT_NAMES,
  CLIENT_EVENT_NAMES,
  ClockPingSchema,
  CommandSendSchema,
  HandshakeAuthSchema,
  MAX_PAYLOAD_BYTES,
  PROTOCOL_VERSION,
  ResyncRequestSchema,
  SEATED_ROLES,
  SYSTEM_ACTOR,
  domainError,
  projectEvent,
  viewFor,
  type Ack,
  type Actor,
  type ContestCommand,
  type DomainError,
  type ErrorCode,
  type PositionedEvent,
  type ResyncAck,
  type Role,
} from '@leitai/shared';
import type { ContestRuntime } from '../contests/contest-runtime.ts';
import type { ContestService } from '../contests/contest-service.ts';
import { compileValidator } from '../validation.ts';
import { FailureLimiter, rateLimitedError, TokenBucket } from './rate-limit.ts';
import { sendToAudience } from './audience-broadcast.ts';
import { viewRoom } from './rooms.ts';
import { LinkMonitor } from './knowledge-links.ts';

import type { LeitaiServer, LeitaiSocket, SocketData } from './socket-types.ts';
export type { LeitaiServer, LeitaiSocket, SocketData } from './socket-types.ts';

/** Roles whose view is the same for every holder: one room and one projection each. */
const SHARED_VIEW_ROLES: readonly Role[] = ['host', 'stage', 'overlay'];
/**
 * The audience room can hold many thousands of sockets: its contest events go out at most once
 * per tick, merged, always after the stage, host, judges and contestants, so a burst of events
 * never waits behind writes to every audience socket. An event after a quiet tick goes out at
 * once (on the next turn of the loop); the ones that follow within the tick wait for its end.
 */
const AUDIENCE_TICK_MS = 100;
/** Roles whose view depends on who they are (a judge sees only their own scores): a room per subject. */
const SUBJECT_VIEW_ROLES = ['judge', 'contestant'] as const;

/** The view room a socket joins (net/rooms.ts: the same names on every process of a cluster). */
export function joinViewRooms(socket: LeitaiSocket): void {
  const { contestId, role, subjectId } = socket.data;
  void socket.join(
    viewRoom(contestId, role, (SUBJECT_VIEW_ROLES as readonly Role[]).includes(role) ? subjectId : undefined),
  );
}

/** The seat a token opens for a screen, or null (unknown, revoked, the admin's, or its contest is gone). */
export function seatOfToken(
  service: ContestService,
  token: string,
): { contestId: string; role: Role; subjectId?: string } | null {
  const seat = service.seats.byToken(token);
  if (!seat || seat.revoked || seat.role === 'admin' || !service.get(seat.contestId)?.state) return null;
  return { contestId: seat.contestId, role: seat.role, ...(seat.subjectId ? { subjectId: seat.subjectId } : {}) };
}

/** The answer to `contest:resync`: the events after `fromVersion` when the gap is small, else the whole view. */
export function resyncAnswer(runtime: ContestRuntime | undefined, viewer: Actor, fromVersion: number): ResyncAck {
  const state = runtime?.state;
  if (!runtime || !state) return { ok: false, error: domainError('NOT_FOUND', 'contest not found') };
  const gap = state.version - fromVersion;
  if (fromVersion === 0 || gap < 0 || gap > RESYNC_TAIL_LIMIT) {
    return { ok: true, state: viewFor(state, viewer), events: [] };
  }
  return { ok: true, state: null, events: runtime.eventsAfter(fromVersion).map((e) => projectEvent(e, viewer)) };
}

/** The system's command when a seated device connects (`on`) or its last socket leaves. */
export function seatCommand(viewer: Actor, deviceId: string, on: boolean): ContestCommand {
  const { role, subjectId } = viewer;
  return on
    ? { type: 'SeatDevice', data: subjectId ? { deviceId, role, subjectId } : { deviceId, role } }
    : { type: 'ReleaseDevice', data: subjectId ? { deviceId, role, subjectId } : { deviceId, role } };
}

/**
 * Open sockets per (contest, device), so that a quick reconnect, whose new socket arrives before
 * the old one times out, does not release the seat.
 */
export class DeviceSockets {
  private readonly open = new Map<string, number>();

  /** A socket of this device connected. */
  add(key: string): void {
    this.open.set(key, (this.open.get(key) ?? 0) + 1);
  }

  /** A socket left; true when it was the device's last. */
  remove(key: string): boolean {
    const left = (this.open.get(key) ?? 1) - 1;
    if (left > 0) {
      this.open.set(key, left);
      return false;
    }
    this.open.delete(key);
    return true;
  }
}

/** A socket that passed the handshake: its view rooms, then `session:welcome` (single, core and edge). */
export function welcomeSocket(socket: LeitaiSocket, now: () => number): void {
  const { contestId, role, subjectId, deviceId } = socket.data;
  joinViewRooms(socket);
  socket.emit('session:welcome', {
    protocolVersion: PROTOCOL_VERSION,
    role,
    contestId,
    deviceId,
    serverTime: now(),
    ...(subjectId ? { subjectId } : {}),
  });
}

/** When the client's gap is at most this many events, resync sends the tail instead of the whole state. */
const RESYNC_TAIL_LIMIT = 500;

export const handshakeError = (code: ErrorCode, message: string): Error => {
  const err = new Error(message) as Error & { data: DomainError };
  err.data = { code, message };
  return err;
};

const validateHandshakeAuth = compileValidator(HandshakeAuthSchema);

/**
 * A handshake's `auth`, checked for shape and protocol version (single, core and edge): its
 * fields, or the typed error to refuse the connection with.
 */
export function handshakeAuth(
  auth: unknown,
): { ok: true; value: Static<typeof HandshakeAuthSchema> } | { ok: false; error: Error } {
  const checked = validateHandshakeAuth(auth);
  if (!checked.ok)
    return { ok: false, error: handshakeError('BAD_REQUEST', `handshake auth: ${checked.error.message}`) };
  const { protocolVersion } = checked.value;
  if (protocolVersion !== PROTOCOL_VERSION) {
    return {
      ok: false,
      error: handshakeError(
        'PROTOCOL_VERSION',
        `server speaks protocol ${PROTOCOL_VERSION}, client ${protocolVersion}`,
      ),
    };
  }
  return checked;
}

/** A declared inbound handler: validates the raw payload against its schema, then handles it. */
export type Handler = (socket: LeitaiSocket, raw: unknown) => Promise<Ack<object>> | Ack<object>;

export const handler = <S extends TSchema>(
  schema: S,
  handle: (socket: LeitaiSocket, payload: Static<S>) => Promise<Ack<object>> | Ack<object>,
): Handler => {
  const validate = compileValidator(schema);
  return (socket, raw) => {
    const checked = validate(raw);
    return checked.ok ? handle(socket, checked.value) : { ok: false, error: checked.error };
  };
};

export interface GatewayOptions {
  now: () => number;
  /** Commands and pings per second per socket, with a burst. */
  messagesPerSecond?: number;
  messageBurst?: number;
}

/**
 * The Socket.IO side of the server: handshake auth by seat token or join code, one declared
 * handler per inbound event (schema-checked, size-checked, rate-limited, acknowledged with a
 * typed result), per-role views, and positioned broadcasts of durable events.
 */
export function attachSocketGateway(io: LeitaiServer, service: ContestService, options: GatewayOptions): void {
  const now = options.now;
  const joinFailures = new FailureLimiter(10, 60_000, 60_000);
  const deviceSockets = new DeviceSockets();
  /** Knowledge: measured round trips of contestant phones, for the buzzer (docs/protocol-knowledge.md). */
  const links = new LinkMonitor(now, (contestId, frame) =>
    io.to(viewRoom(contestId, 'host')).emit('link:status', frame),
  );

  io.use((socket, next) => {
    const auth = handshakeAuth(socket.handshake.auth);
    if (!auth.ok) return next(auth.error);
    const { token, joinCode, deviceId } = auth.value;
    const data: Omit<SocketData, 'contestId' | 'role'> = {
      deviceId: deviceId ?? randomBytes(12).toString('base64url'),
      bucket: new TokenBucket(options.messagesPerSecond ?? 20, options.messageBurst ?? 40, now()),
    };
    if (token) {
      const seat = seatOfToken(service, token);
      if (!seat) return next(handshakeError('UNAUTHENTICATED', 'seat link is invalid or has been revoked'));
      socket.data = { ...data, ...seat };
      return next();
    }
    if (joinCode) {
      const address = socket.handshake.address;
      if (joinFailures.locked(address, now())) {
        return next(handshakeError('RATE_LIMITED', 'too many wrong join codes; try again in a minute'));
      }
      const contestId = service.contestIdForJoinCode(joinCode);
      if (!contestId) {
        joinFailures.fail(address, now());
        return next(handshakeError('UNAUTHENTICATED', 'unknown join code'));
      }
      socket.data = { ...data, contestId, role: 'audience', ...(auth.value.hall ? { hall: true } : {}) };
      return next();
    }
    return next(handshakeError('UNAUTHENTICATED', 'a seat token or a join code is required'));
  });

  const handlers: Record<(typeof CLIENT_EVENT_NAMES)[number], Handler> = {
    'command:send': handler(CommandSendSchema, async (socket, payload) => {
      const runtime = service.get(socket.data.contestId);
      if (!runtime) return { ok: false, error: domainError('NOT_FOUND', 'contest not found') };
      const { role, subjectId } = socket.data;
      const link = links.linkForCommand(socket.id, socket.data.contestId, payload.command.type);
      return runtime.execute(payload.command, subjectId ? { role, subjectId } : { role }, payload.commandId, link);
    }),
    'contest:resync': handler(ResyncRequestSchema, (socket, payload) => {
      const { contestId, role, subjectId } = socket.data;
      return resyncAnswer(service.get(contestId), subjectId ? { role, subjectId } : { role }, payload.fromVersion);
    }),
    'clock:ping': handler(ClockPingSchema, (_socket, payload) => ({
      ok: true,
      t0: payload.t0,
      serverTime: now(),
    })),
  };

  const listeners = clientEventListeners(handlers, now);
  io.on('connection', (socket: LeitaiSocket) => {
    const { contestId, role, subjectId, deviceId } = socket.data;
    const runtime = service.get(contestId);
    const state = runtime?.state;
    if (!runtime || !state) {
      socket.disconnect(true);
      return;
    }
    const viewer = subjectId ? { role, subjectId } : { role };
    welcomeSocket(socket, now);
    socket.emit('contest:snapshot', { state: viewFor(state, viewer) });
    if (role === 'contestant') links.track(socket);

    const seated = (SEATED_ROLES as readonly Role[]).includes(role);
    // Seat and device together: a device id claimed for another seat counts for this seat only.
    const deviceKey = `${contestId}/${role}/${subjectId ?? ''}/${deviceId}`;
    if (seated) {
      deviceSockets.add(deviceKey);
      void runtime.execute(seatCommand(viewer, deviceId, true), SYSTEM_ACTOR);
    }

    serveClientEvents(socket, listeners);

    if (seated) {
      socket.on('disconnect', () => {
        if (!deviceSockets.remove(deviceKey)) return;
        // Decided against the decided state, so a seat still in the commit window is released too.
        void service.get(contestId)?.execute(seatCommand(viewer, deviceId, false), SYSTEM_ACTOR);
      });
    }
  });

  const audienceBacklog = new Map<string, PositionedEvent[]>();
  /** When each contest's audience last got its events (performance.now()). */
  const audienceFlushedAt = new Map<string, number>();
  const flushAudience = (contestId: string) => {
    const events = audienceBacklog.get(contestId);
    audienceBacklog.delete(contestId);
    if (events?.length) {
      audienceFlushedAt.set(contestId, performance.now());
      sendToAudience(io, contestId, 'contest:events', { contestId, events });
    }
  };

  service.onEvents((contestId, events, state) => {
    const backlog = audienceBacklog.get(contestId);
    const forAudience = events.map((e) => projectEvent(e, { role: 'audience' }));
    if (backlog) backlog.push(...forAudience);
    else {
      audienceBacklog.set(contestId, forAudience);
      const since = performance.now() - (audienceFlushedAt.get(contestId) ?? Number.NEGATIVE_INFINITY);
      // After the seated roles below: their emits run first, in this same callback.
      if (since >= AUDIENCE_TICK_MS) setImmediate(() => flushAudience(contestId));
      else setTimeout(() => flushAudience(contestId), AUDIENCE_TICK_MS - since).unref();
    }
    for (const role of SHARED_VIEW_ROLES) {
      io.to(viewRoom(contestId, role)).emit('contest:events', {
        contestId,
        events: events.map((e) => projectEvent(e, { role })),
      });
    }
    const subjects = { judge: state.definition.judges, contestant: state.definition.contestants };
    for (const role of SUBJECT_VIEW_ROLES) {
      for (const { id } of subjects[role]) {
        const viewer = { role, subjectId: id };
        io.to(viewRoom(contestId, role, id)).emit('contest:events', {
          contestId,
          events: events.map((e) => projectEvent(e, viewer)),
        });
      }
    }
  });
}

// Audience events are handled by server/src/audience (attachAudience), on its own path.
const KNOWN_EVENTS = new Set<string>([...CLIENT_EVENT_NAMES, ...AUDIENCE_CLIENT_EVENT_NAMES]);

/** The listeners `serveClientEvents` attaches: built once per server, shared by every socket. */
export interface ClientEventListeners {
  onAny: (this: LeitaiSocket, event: string, ...args: unknown[]) => void;
  byName: [name: string, listener: (this: LeitaiSocket, payload: unknown, ack: unknown) => void][];
}

function refuseUnknown(this: LeitaiSocket, event: string, ...args: unknown[]): void {
  if (KNOWN_EVENTS.has(event)) return;
  const ack = args[args.length - 1];
  if (typeof ack === 'function') {
    (ack as (r: Ack<object>) => void)({
      ok: false,
      error: domainError('UNKNOWN_EVENT', `unknown event '${event.slice(0, 64)}'`),
    });
  }
}

/**
 * The listeners for the contest events, built once: an unknown event gets UNKNOWN_EVENT, a
 * message without an acknowledgement is dropped, then size, the socket's rate limit, and the
 * declared handler, whose result (or INTERNAL) is the acknowledgement. Each reads its socket
 * from `this` (Socket.IO calls listeners on the socket), so a connection costs no closures:
 * ~1 KB less per idle audience phone (B3).
 */
export function clientEventListeners(
  handlers: Record<(typeof CLIENT_EVENT_NAMES)[number], Handler>,
  now: () => number,
): ClientEventListeners {
  const byName = CLIENT_EVENT_NAMES.map((name): ClientEventListeners['byName'][number] => {
    const h = handlers[name];
    return [
      name,
      function (this: LeitaiSocket, payload: unknown, ack: unknown) {
        // An inbound message without an acknowledgement callback cannot be answered; drop it.
        if (typeof ack !== 'function') return;
        const reply = ack as (r: Ack<object>) => void;
        let size: number;
        try {
          size = JSON.stringify(payload ?? null).length;
        } catch {
          // Nested deeper than the stack (R5): refuse it instead of throwing out of the listener.
          return reply({ ok: false, error: domainError('BAD_REQUEST', 'payload is nested too deeply') });
        }
        if (size > MAX_PAYLOAD_BYTES) {
          return reply({
            ok: false,
            error: domainError('PAYLOAD_TOO_LARGE', `payload of ${size} bytes exceeds ${MAX_PAYLOAD_BYTES}`),
          });
        }
        if (!this.data.bucket.take(now())) {
          return reply({
            ok: false,
            error: rateLimitedError(this.data.bucket.waitMs()),
          });
        }
        Promise.resolve(h(this, payload)).then(reply, () =>
          reply({ ok: false, error: domainError('INTERNAL', 'internal error') }),
        );
      },
    ];
  });
  return { onAny: refuseUnknown, byName };
}

/** Serve the contest events of one socket (the single/core gateway and the edge). */
export function serveClientEvents(socket: LeitaiSocket, listeners: ClientEventListeners): void {
  socket.onAny(listeners.onAny);
  for (const [name, listener] of listeners.byName) socket.on(name as never, listener as never);
}
