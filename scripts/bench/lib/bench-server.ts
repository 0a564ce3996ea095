/**
 * A benchmark's server in a child process (so the clients do not share its event loop) and the
 * clients' sockets: shared by B2 (buzz.ts) and B6 on a loaded server (fairness-load.ts).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { io as ioClient, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@leitai/shared';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io-client socket over WebSocket, no reconnection; resolves once connected. */
export function connectClient(url: string, auth: Record<string, unknown>, timeoutMs = 20_000): Promise<ClientSocket> {
  const socket: ClientSocket = ioClient(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, ...auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timeout')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Child mode's first line: `BENCH-SERVE <json>` (what the clients need: port, seats). */
export function announceServe(info: unknown): void {
  process.stdout.write(`BENCH-SERVE ${JSON.stringify(info)}\n`);
}

export interface ServeChild<T> {
  info: T;
  child: ChildProcessByStdio<null, Readable, null>;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the child is gone. */
  stop(): Promise<void>;
}

/** Start `script --serve <dbFile>` in a child process and wait for its `BENCH-SERVE` line. */
export async function spawnServe<T>(
  script: string,
  dbFile: string,
  timeoutMs = 60_000,
  extraArgs: string[] = [],
): Promise<ServeChild<T>> {
  const cpuProf = process.env.LEITAI_BENCH_CPU_PROF;
  const heapProf = process.env.LEITAI_BENCH_HEAP_PROF;
  const child = spawn(
    process.execPath,
    [
      // LEITAI_BENCH_CPU_PROF=<dir>: the server's CPU profile (node --cpu-prof) written there at its exit.
      ...(cpuProf ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : []),
      // LEITAI_BENCH_HEAP_PROF=<dir>: its sampling heap profile (node --heap-prof: where it allocates).
      ...(heapProf ? ['--heap-prof', '--heap-prof-dir', heapProf] : []),
      '--import',
      'tsx',
      script,
      '--serve',
      dbFile,
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      // A profile is written at exit: give it time.
      const hard = setTimeout(() => child.kill('SIGKILL'), cpuProf || heapProf ? 30_000 : 5000);
      child.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      child.kill('SIGTERM');
    });
  try {
    const info = await new Promise<T>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('server did not start')), timeoutMs);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /BENCH-SERVE (.*)\n/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(JSON.parse(m[1]) as T);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited ${code}`));
      });
    });
    return { info, child, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
