import {
  PROTOCOL_VERSION,
  SEATED_ROLES,
  SYSTEM_ACTOR,
  CommandSendSchema,
  ResyncRequestSchema,
  domainError,
  projectEvent,
  viewFor,
  type Actor,
  type CLIENT_EVENT_NAMES,
  type CommandAck,
  type ContestCommand,
  type PositionedEvent,
  type ResyncAck,
  type Role,
} from '@leitai/shared';
import type { ContestRuntime } from '../contests/contest-runtime.ts';
import type { ContestService } from '../contests/contest-service.ts';
import { sendToAudience } from './audience-broadcast.ts';
import { AUDIENCE_TICK_MS, audienceScheduler } from '../audience/audience-scheduler.ts';
import { viewRoom } from './rooms.ts';
import { LinkMonitor } from './knowledge-links.ts';

import type { LeitaiServer, LeitaiSocket } from './socket-types.ts';
export type { LeitaiServer, LeitaiSocket, SocketData } from './socket-types.ts';
import { JoinCodeGuard, handshakeAuth, handshakeError, socketBasics } from './pipeline/authenticate.ts';
import { handler, type Handler } from './pipeline/validate.ts';
import { clientEventListeners, serveClientEvents } from './pipeline/client-events.ts';
import { clockPing } from './pipeline/clock.ts';
// The pipeline's steps, where other modules have always found them.
export { handshakeAuth, handshakeError } from './pipeline/authenticate.ts';
export { handler, type Handler } from './pipeline/validate.ts';
export { clientEventListeners, serveClientEvents, type ClientEventListeners } from './pipeline/client-events.ts';

/** Roles whose view is the same for every holder: one room and one projection each. */
const SHARED_VIEW_ROLES: readonly Role[] = ['host', 'stage', 'overlay'];
/**
 * The audience room can hold many thousands of sockets: its contest events go out at most once
 * per tick, merged, always after the stage, host, judges and contestants, so a burst of events
 * never waits behind writes to every audience socket. An event after a quiet tick goes out at
 * once (on the next turn of the loop); the ones that follow within the tick wait for its end.
 */
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
/**
 * A contest command with the buzzer's link rules (the same for a socket of this process and a
 * command an edge forwards): the link measured by this process (`socketId`: the sender's own
 * socket here, if any), and after a first valid press the held decision's absence proofs.
 */
export interface CommandGate {
  execute(
    contestId: string,
    command: ContestCommand,
    actor: Actor,
    commandId: string | undefined,
    socketId?: string,
  ): Promise<CommandAck>;
}

export function attachSocketGateway(io: LeitaiServer, service: ContestService, options: GatewayOptions): CommandGate {
  const now = options.now;
  const joinFailures = new JoinCodeGuard();
  const deviceSockets = new DeviceSockets();
  /** Knowledge: measured round trips of contestant phones, for the buzzer (docs/protocol-knowledge.md). */
  const links = new LinkMonitor(now, (contestId, frame) =>
    io.to(viewRoom(contestId, 'host')).emit('link:status', frame),
  );

  io.use((socket, next) => {
    const auth = handshakeAuth(socket.handshake.auth);
    if (!auth.ok) return next(auth.error);
    const { token, joinCode, deviceId } = auth.value;
    const data = socketBasics(deviceId, now(), options);
    if (token) {
      const seat = seatOfToken(service, token);
      if (!seat) return next(handshakeError('UNAUTHENTICATED', 'seat link is invalid or has been revoked'));
      socket.data = { ...data, ...seat };
      return next();
    }
    if (joinCode) {
      const address = socket.handshake.address;
      const locked = joinFailures.refusal(address, now());
      if (locked) return next(locked);
      const contestId = service.contestIdForJoinCode(joinCode);
      if (!contestId) {
        joinFailures.failed(address, now());
        return next(handshakeError('UNAUTHENTICATED', 'unknown join code'));
      }
      socket.data = { ...data, contestId, role: 'audience', ...(auth.value.hall ? { hall: true } : {}) };
      return next();
    }
    return next(handshakeError('UNAUTHENTICATED', 'a seat token or a join code is required'));
  });

  const handlers: Record<(typeof CLIENT_EVENT_NAMES)[number], Handler> = {
    'command:send': handler(CommandSendSchema, (socket, payload) => {
      const { contestId, role, subjectId } = socket.data;
      return gate.execute(
        contestId,
        payload.command,
        subjectId ? { role, subjectId } : { role },
        payload.commandId,
        socket.id,
      );
    }),
    'contest:resync': handler(ResyncRequestSchema, (socket, payload) => {
      const { contestId, role, subjectId } = socket.data;
      return resyncAnswer(service.get(contestId), subjectId ? { role, subjectId } : { role }, payload.fromVersion);
    }),
    'clock:ping': clockPing(now),
  };

  /**
   * The held buzz decision (B6): when this press is the buzz's first valid one and the decision
   * is held, probe every phone now and decide as soon as each is in or provably absent.
   */
  const proving = new Map<string, string>();
  const holdForProofs = (runtime: ContestRuntime, contestId: string, contestantId: string) => {
    const active = runtime.state?.knowledge.active;
    const buzz = active?.buzz;
    if (!active || !buzz || buzz.holdMs === undefined || buzz.decideAt === null || buzz.order !== null) return;
    const accepted = buzz.presses.filter((p) => p.decision === 'accepted');
    if (accepted.length !== 1 || accepted[0]!.contestantId !== contestantId) return;
    const key = `${active.run}/${buzz.attempt}`;
    if (proving.get(contestId) === key) return; // the same phone pressing again
    proving.set(contestId, key);
    links.proveAbsence(contestId, () => void runtime.fireEarly('DecideBuzz'));
  };

  const gate: CommandGate = {
    async execute(contestId, command, actor, commandId, socketId) {
      const runtime = service.get(contestId);
      if (!runtime) return { ok: false, error: domainError('NOT_FOUND', 'contest not found') };
      const link = links.linkForCommand(socketId, contestId, command.type);
      const ack = await runtime.execute(command, actor, commandId, link);
      if (command.type === 'Buzz' && ack.ok && actor.subjectId) holdForProofs(runtime, contestId, actor.subjectId);
      return ack;
    },
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

  audienceScheduler(io).every(AUDIENCE_TICK_MS, () => {
    for (const contestId of [...audienceBacklog.keys()]) flushAudience(contestId);
  });

  service.onEvents((contestId, events, state) => {
    const backlog = audienceBacklog.get(contestId);
    const forAudience = events.map((e) => projectEvent(e, { role: 'audience' }));
    if (backlog) backlog.push(...forAudience);
    else {
      audienceBacklog.set(contestId, forAudience);
      const since = performance.now() - (audienceFlushedAt.get(contestId) ?? Number.NEGATIVE_INFINITY);
      // After the seated roles below: their emits run first, in this same callback. Idle for a
      // tick: at once; else one tick after the last send (not at the scheduler's next tick, whose
      // phase is the danmaku frames': there the events met a frame going out to every phone,
      // B2's audience p99 rose 10-15 ms). The scheduler's tick below is the backstop.
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
    // A judge's seat replaced: the old pad's link is revoked (ContestService), and the pad is cut
    // off now, after it has been told; it cannot come back with that link.
    for (const e of events) {
      if (e.type === 'JudgeSeatReplaced') io.in(viewRoom(contestId, 'judge', e.data.judgeId)).disconnectSockets(true);
    }
  });
  return gate;
}
