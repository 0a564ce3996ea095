/**
 * One test file's audience bench: the demo contest on a fresh server per test, audience phones on
 * its join code (each with a fresh device id, as a new phone would have) and frame recorders,
 * every one of them closed after each test.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach } from 'vitest';
import { PROTOCOL_VERSION } from '@leitai/shared';
import { startLeitaiServer, type LeitaiConfig } from '@leitai/server';
import { connectRaw, startWithDemo, type TestContest, type TestSocket } from './harness.ts';
import { newDeviceId, recordFrames, type FrameRecorder } from './audience-clients.ts';

export interface PhoneOptions {
  /** More handshake fields (an `audienceToken` kept from last time). */
  auth?: Record<string, unknown>;
  /** Request headers (`x-forwarded-for` through a proxy). */
  headers?: Record<string, string>;
}

export interface AudienceBench {
  /** The demo contest on a new server with `config`. */
  start: (config: LeitaiConfig) => Promise<TestContest>;
  /** Clean up the running contest now (before starting another in the same test). */
  stop: () => Promise<void>;
  /**
   * Restart `c`'s server on the same file (its sockets and recorders closed first); the contest
   * with the new server, cleaned up after the test as the first one would have been.
   */
  restart: (c: TestContest) => Promise<TestContest>;
  /** An audience socket on `c`'s join code with a fresh device id, still connecting. */
  join: (c: TestContest, options?: PhoneOptions) => TestSocket;
  /** The same, once connected (rejects with the handshake's error). */
  phone: (c: TestContest, options?: PhoneOptions) => Promise<TestSocket>;
  /** A frame recorder on `c` (a seat token, or the join code), once it has its first frame. */
  record: (c: TestContest, auth: { token?: string; joinCode?: string; deviceId?: string }) => Promise<FrameRecorder>;
  /** Close these after the test too (clients made some other way). */
  keep: (...clients: { close(): void }[]) => void;
  /** Close every phone and recorder now (before stopping the server within a test). */
  closeClients: () => void;
}

/** Resolves once `socket` is connected; rejects with its `connect_error`. */
export function connected(socket: TestSocket): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/** The bench of one test file: call at its top level (it registers the `afterEach` that closes everything). */
export function audienceBench(): AudienceBench {
  let contest: TestContest | null = null;
  const sockets: TestSocket[] = [];
  const recorders: { close(): void }[] = [];
  const closeClients = () => {
    for (const s of sockets.splice(0)) s.disconnect();
    for (const r of recorders.splice(0)) r.close();
  };
  const stop = async () => {
    const c = contest;
    contest = null;
    await c?.cleanup();
  };
  afterEach(async () => {
    closeClients();
    await stop();
  });
  const join = (c: TestContest, options: PhoneOptions = {}): TestSocket => {
    const socket = connectRaw(
      c.server.url,
      { protocolVersion: PROTOCOL_VERSION, joinCode: c.joinCode, deviceId: newDeviceId(), ...options.auth },
      options.headers ? { extraHeaders: options.headers } : {},
    );
    sockets.push(socket);
    return socket;
  };
  return {
    start: async (config) => {
      contest = await startWithDemo(config);
      return contest;
    },
    stop,
    restart: async (c) => {
      closeClients();
      await c.server.close();
      const server = await startLeitaiServer({ dbFile: c.dbFile, port: 0 });
      const dir = dirname(c.dbFile);
      contest = {
        ...c,
        server,
        cleanup: async () => {
          await server.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
      return contest;
    },
    join,
    phone: async (c, options) => {
      const socket = join(c, options);
      await connected(socket);
      return socket;
    },
    record: async (c, auth) => {
      const recorder = await recordFrames(c.server.url, auth);
      recorders.push(recorder);
      return recorder;
    },
    keep: (...clients) => void recorders.push(...clients),
    closeClients,
  };
}
