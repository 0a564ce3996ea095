/**
 * A socket's session once it passed the handshake (single, core and edge): its view room,
 * `session:welcome`, its snapshot from the port, its device seated (seated roles) and released
 * with its last socket, and the contest events served (client-events.ts).
 */
import { PROTOCOL_VERSION, SEATED_ROLES, type Role } from '@leitai/shared';
import { viewRoom } from '../rooms.ts';
import type { LeitaiServer, LeitaiSocket } from '../socket-types.ts';
import { serveClientEvents, type ClientEventListeners } from './client-events.ts';
import { viewerOf, type ContestPort } from './contest-port.ts';

/** Roles whose view depends on who they are (a judge sees only their own scores): a room per subject. */
export const SUBJECT_VIEW_ROLES = ['judge', 'contestant'] as const;

/** The view room a socket joins (net/rooms.ts: the same names on every process of a cluster). */
export function joinViewRooms(socket: LeitaiSocket): void {
  const { contestId, role, subjectId } = socket.data;
  void socket.join(
    viewRoom(contestId, role, (SUBJECT_VIEW_ROLES as readonly Role[]).includes(role) ? subjectId : undefined),
  );
}

/** A socket that passed the handshake: its view rooms, then `session:welcome`. */
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

/**
 * Open sockets per (contest, seat, device), so that a quick reconnect, whose new socket arrives
 * before the old one times out, does not release the seat.
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

/**
 * Every connected socket's session. The snapshot goes out in the same turn when the port has it
 * at hand (the single server, an edge's audience mirror), else when the port answers; a contest
 * gone by then closes the socket. The device is seated only after its snapshot went out, so the
 * seat's own event follows the snapshot.
 */
export function openSessions(
  io: LeitaiServer,
  port: ContestPort,
  listeners: ClientEventListeners,
  now: () => number,
): void {
  const deviceSockets = new DeviceSockets();
  io.on('connection', (socket: LeitaiSocket) => {
    const { contestId, role, subjectId, deviceId } = socket.data;
    const viewer = viewerOf(socket.data);
    const view = port.view(contestId, viewer);
    if (!(view instanceof Promise) && !view.ok) {
      socket.disconnect(true);
      return;
    }
    welcomeSocket(socket, now);
    const sent = (answer: Awaited<typeof view>): void => {
      if (answer.ok) {
        if (socket.connected) socket.emit('contest:snapshot', { state: answer.state });
        port.connected?.(socket);
      } else if (answer.error.code === 'NOT_FOUND') socket.disconnect(true);
    };
    const snapshotSent = view instanceof Promise ? view.then(sent, () => undefined) : null;
    if (!(view instanceof Promise)) sent(view);

    serveClientEvents(socket, listeners);

    if (!(SEATED_ROLES as readonly Role[]).includes(role)) return;
    // Seat and device together: a device id claimed for another seat counts for this seat only.
    const deviceKey = `${contestId}/${role}/${subjectId ?? ''}/${deviceId}`;
    const afterSnapshot = (f: () => void) => (snapshotSent ? void snapshotSent.then(f) : f());
    deviceSockets.add(deviceKey);
    afterSnapshot(() => void port.seat(contestId, viewer, deviceId, true));
    socket.on('disconnect', () => {
      if (!deviceSockets.remove(deviceKey)) return;
      // Decided against the decided state, so a seat still in the commit window is released too.
      afterSnapshot(() => void port.seat(contestId, viewer, deviceId, false));
    });
  });
}
