/** Tiny helpers for integration tests: a real server on port 0, real socket.io-client sockets. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { io as ioClient, type Socket } from 'socket.io-client';
import {
  DEMO_CONTEST,
  PROTOCOL_VERSION,
  evolve,
  type ClientCommand,
  type ClientToServerEvents,
  type CommandAck,
  type ContestState,
  type PositionedEvent,
  type ServerToClientEvents,
  type Welcome,
  sleep,
} from '@leitai/shared';
import { startLeitaiServer, type LeitaiConfig, type LeitaiServerHandle, type Seat } from '@leitai/server';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestContest {
  server: LeitaiServerHandle;
  contestId: string;
  joinCode: string;
  seats: Seat[];
  token(role: Seat['role'], subjectId?: string): string;
  dir: string;
  dbFile: string;
  cleanup(): Promise<void>;
}

/** A temporary directory removed by `cleanup`. */
export function tempDir(prefix = 'leitai-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** What `waitFor` polls: true once the awaited thing holds. */
export type Condition = () => boolean | Promise<boolean>;

/** Polls `check` every `everyMs` until it holds; throws `timed out: <what>` after `timeoutMs`. */
export async function waitFor(what: string, check: Condition, timeoutMs = 10_000, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(everyMs);
  }
  throw new Error(`timed out: ${what}`);
}

/** Start a server on port 0 over a fresh SQLite file and create the demo contest. */
export async function startWithDemo(config: LeitaiConfig = {}): Promise<TestContest> {
  const dir = tempDir();
  const dbFile = join(dir, 'leitai.sqlite');
  const server = await startLeitaiServer({ dbFile, port: 0, ...config });
  const created = await server.service.create(DEMO_CONTEST, { contestId: 'demo' });
  if (!created.ok) throw new Error(created.error.message);
  const { contestId, joinCode, seats } = created.contest;
  return {
    server,
    contestId,
    joinCode,
    seats,
    dir,
    dbFile,
    token(role, subjectId) {
      const seat = seats.find((s) => s.role === role && (subjectId === undefined || s.subjectId === subjectId));
      if (!seat) throw new Error(`no seat ${role} ${subjectId ?? ''}`);
      return seat.token;
    },
    async cleanup() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A connected client that folds what it receives exactly as a screen does. */
export interface Screen {
  socket: TestSocket;
  welcome: Welcome;
  state(): ContestState;
  /** Every event received, in order. */
  events: PositionedEvent[];
  /** Resolves when the screen's state reaches `version`. */
  waitForVersion(version: number, timeoutMs?: number): Promise<ContestState>;
  send(command: ClientCommand, commandId?: string): Promise<CommandAck>;
  close(): void;
}

export const newCommandId = (): string => randomBytes(12).toString('base64url');

export function connectRaw(
  url: string,
  auth: Record<string, unknown>,
  opts: { transports?: ('websocket' | 'polling')[]; extraHeaders?: Record<string, string> } = {},
): TestSocket {
  return ioClient(url, {
    auth,
    transports: opts.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(opts.extraHeaders ? { extraHeaders: opts.extraHeaders } : {}),
  });
}

/** Connect with a seat token (or a join code) and wait for the welcome and the first snapshot. */
export async function connectScreen(
  url: string,
  auth: { token?: string; joinCode?: string; deviceId?: string },
): Promise<Screen> {
  const socket = connectRaw(url, { protocolVersion: PROTOCOL_VERSION, ...auth });
  let state: ContestState | null = null;
  const events: PositionedEvent[] = [];
  const waiters: { version: number; resolve: (s: ContestState) => void }[] = [];
  const notify = () => {
    for (const w of [...waiters]) {
      if (state && state.version >= w.version) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(state);
      }
    }
  };
  socket.on('contest:snapshot', ({ state: s }) => {
    state = s;
    notify();
  });
  socket.on('contest:events', ({ events: batch }) => {
    for (const e of batch) {
      events.push(e);
      if (state && e.version === state.version + 1) state = evolve(state, e, e.version);
    }
    notify();
  });
  const welcome = await new Promise<Welcome>((resolve, reject) => {
    socket.once('session:welcome', resolve);
    socket.once('connect_error', reject);
  });
  const screen: Screen = {
    socket,
    welcome,
    events,
    state() {
      if (!state) throw new Error('no state yet');
      return state;
    },
    waitForVersion(version, timeoutMs = 5000) {
      if (state && state.version >= version) return Promise.resolve(state);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for version ${version}, at ${state?.version}`)),
          timeoutMs,
        );
        waiters.push({
          version,
          resolve: (s) => {
            clearTimeout(timer);
            resolve(s);
          },
        });
      });
    },
    send(command, commandId = newCommandId()) {
      return socket.timeout(5000).emitWithAck('command:send', { commandId, command }) as Promise<CommandAck>;
    },
    close() {
      socket.disconnect();
    },
  };
  await screen.waitForVersion(0);
  return screen;
}

/** Expect a handshake to fail and return the server's error data. */
export function expectConnectError(
  socket: TestSocket,
): Promise<{ message: string; data?: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('unexpectedly connected')));
    socket.once('connect_error', (err: Error & { data?: { code: string; message: string } }) =>
      resolve({ message: err.message, ...(err.data ? { data: err.data } : {}) }),
    );
  });
}
