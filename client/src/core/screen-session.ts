/**
 * One screen's session with the server: the socket, the store it feeds, the clock sampler and the
 * command sender. The only place that touches socket.io; screens read the store and call `send`.
 */
import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type Ack,
  type ClientCommand,
  type ClientToServerEvents,
  type ClockPong,
  type HandshakeAuth,
  type ResyncAck,
  type Role,
  type ServerToClientEvents,
} from '@leitai/shared';
import { CLOCK_SCHEDULE, ClockSampler, PHONE_CLOCK_SCHEDULE } from './clock-sampler.ts';
import { clockHealth } from './server-time.ts';
import { sendCommand, type CommandResult } from './command-sender.ts';
import { createContestStore, type ContestStore } from './contest-store.ts';
import { ContestSync } from './contest-sync.ts';
import { randomId } from './random-id.ts';
import {
  audienceToken,
  deviceId,
  keepAudienceToken,
  forgetSeatToken,
  isHallLink,
  readJoinCode,
  rememberSeatContest,
  takeSeatToken,
  type ScreenName,
} from './seat-link.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Which seat roles each page accepts (stage and overlay also open with the host's token, for rehearsal). */
export const SCREEN_ROLES: Record<ScreenName, readonly Role[]> = {
  host: ['host'],
  play: ['contestant'],
  judge: ['judge'],
  stage: ['stage', 'host'],
  overlay: ['overlay', 'stage', 'host'],
  live: ['audience'],
};

/** Handshake refusals that retrying cannot fix: show them and stop. */
const FATAL_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'PROTOCOL_VERSION', 'NOT_FOUND']);
const RESYNC_TIMEOUT_MS = 8000;
const PING_TIMEOUT_MS = 3000;
/** Back-off after a refusal that may pass (rate limit, server error), capped. */
const REFUSED_RETRY_MS = [1000, 2000, 5000, 10_000] as const;

/** What a screen holds: its store, a way to send host commands, and a way to hang up. */
export interface ScreenSession {
  screen: ScreenName;
  store: ContestStore;
  /** Send a command (host only; the server refuses it from any other seat). */
  send: (command: ClientCommand) => Promise<CommandResult>;
  /** The seat token, for the host's HTTP calls. Never log it. */
  token: string | null;
  /** The socket, for the audience layer's own events (frames, comments, likes); null without a link. */
  socket: ClientSocket | null;
  close: () => void;
}

/** Read a failed handshake's `{ code, message }` (socket.io puts the server's data on `err.data`). */
function refusal(err: Error): { code: string; message: string } | null {
  const data = (err as Error & { data?: unknown }).data;
  if (data && typeof data === 'object' && 'code' in data && typeof data.code === 'string') {
    const message = 'message' in data && typeof data.message === 'string' ? data.message : '';
    return { code: data.code, message };
  }
  return null;
}

/** Open this page's session: read its token or join code, connect, and keep the store in step. */
export function openScreenSession(screen: ScreenName): ScreenSession {
  const store = createContestStore();
  const token = screen === 'live' ? null : takeSeatToken(screen);
  const joinCode = screen === 'live' ? readJoinCode() : null;

  const noop = (): Promise<CommandResult> =>
    Promise.resolve({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'not connected' } });
  if (!token && !joinCode) {
    store.setState({
      connection: 'failed',
      failure: { code: screen === 'live' ? 'NO_JOIN_CODE' : 'NO_TOKEN', message: '' },
    });
    return { screen, store, send: noop, token: null, socket: null, close: () => {} };
  }

  const auth: HandshakeAuth = { protocolVersion: PROTOCOL_VERSION, deviceId: deviceId() };
  if (token) auth.token = token;
  if (joinCode) auth.joinCode = joinCode;
  if (joinCode && isHallLink()) auth.hall = true;
  // The audience's device id is the server's: its signed identity comes back at every reconnection.
  const identity = joinCode ? audienceToken(joinCode) : null;
  if (identity) auth.audienceToken = identity;
  // WebSocket first: no sticky sessions needed behind the load balancer; long-polling only
  // when a venue's proxy blocks WebSockets. The audience page asks the HAProxy front of a
  // scaled-out cluster for the edges' pool, with a key per page load that keeps a polling session
  // on one edge (server/src/cluster/haproxy-config.ts); a single server ignores both.
  const socket: ClientSocket = io({
    auth,
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    ...(joinCode ? { query: { pool: 'audience', k: randomId(12) } } : {}),
  });
  if (joinCode) {
    socket.on('audience:identity', ({ token }) => {
      auth.audienceToken = token;
      keepAudienceToken(joinCode, token);
    });
  }

  const sync = new ContestSync(
    store,
    (fromVersion) =>
      socket.timeout(RESYNC_TIMEOUT_MS).emitWithAck('contest:resync', { fromVersion }) as Promise<ResyncAck>,
  );
  const clock = new ClockSampler(
    async (t0) => {
      const ack = (await socket.timeout(PING_TIMEOUT_MS).emitWithAck('clock:ping', { t0 })) as Ack<ClockPong>;
      if (!ack.ok) throw new Error(ack.error.code);
      return ack;
    },
    (estimate) => store.setState({ clock: estimate }),
    Date.now,
    screen === 'play' ? PHONE_CLOCK_SCHEDULE : CLOCK_SCHEDULE,
  );

  let everConnected = false;
  let refusals = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  const fail = (code: string, message: string) => {
    store.setState({ connection: 'failed', failure: { code, message } });
    sync.stop();
    clock.stop();
    socket.disconnect();
  };

  socket.on('connect', () => {
    refusals = 0;
    store.setState({ connection: 'connected' });
    if (everConnected) sync.onReconnect();
    everConnected = true;
    clock.start();
  });
  socket.on('disconnect', (reason) => {
    clock.stop();
    if (store.getState().connection === 'failed') return;
    store.setState({ connection: 'reconnecting' });
    // The server hung up on purpose (e.g. a restart): socket.io will not come back by itself.
    if (reason === 'io server disconnect') retryTimer = setTimeout(() => socket.connect(), 1000);
  });
  socket.on('connect_error', (err) => {
    const refused = refusal(err);
    if (refused && FATAL_CODES.has(refused.code)) {
      if (refused.code === 'UNAUTHENTICATED') forgetSeatToken(screen);
      fail(refused.code, refused.message);
      return;
    }
    store.setState({ connection: everConnected ? 'reconnecting' : 'disconnected' });
    if (!socket.active) {
      // Refused for a passing reason: try again ourselves, slower each time.
      const delay = REFUSED_RETRY_MS[Math.min(refusals, REFUSED_RETRY_MS.length - 1)] ?? 10_000;
      refusals += 1;
      retryTimer = setTimeout(() => socket.connect(), delay);
    }
  });

  socket.on('session:welcome', (welcome) => {
    store.setState({ welcome });
    if (welcome.protocolVersion !== PROTOCOL_VERSION) {
      fail('PROTOCOL_VERSION', '');
      return;
    }
    if (!SCREEN_ROLES[screen].includes(welcome.role)) {
      fail('WRONG_SCREEN', welcome.role);
      return;
    }
    if (token) rememberSeatContest(screen, token, welcome.contestId);
  });
  socket.on('contest:snapshot', (frame) => sync.onSnapshot(frame));
  socket.on('contest:events', (frame) => sync.onEvents(frame));
  // Knowledge: the server times our round trip itself; answer at once with the clock's health.
  socket.on('clock:probe', (_probe, ack) => ack(clockHealth(store.getState().clock)));
  socket.on('link:status', (frame) => store.setState({ links: frame.links }));
  socket.on('cluster:status', (frame) => store.setState({ cluster: { frame, receivedAt: Date.now() } }));

  return {
    screen,
    store,
    token,
    socket,
    send: (command) =>
      sendCommand((payload, timeoutMs) => socket.timeout(timeoutMs).emitWithAck('command:send', payload), command),
    close: () => {
      if (retryTimer) clearTimeout(retryTimer);
      sync.stop();
      clock.stop();
      socket.disconnect();
    },
  };
}
