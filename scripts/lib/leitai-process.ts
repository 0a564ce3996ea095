/**
 * The command line as a child process, resolved once it prints "running on port N": used by
 * `npm run cluster`, the cluster bench and the tests that kill or restart a real server. From
 * the sources (`node --import tsx server/src/cli/leitai.ts …`) by default; with `built`, the production
 * build (`node server/dist/leitai.mjs …`, from `npm run build`) with glibc's arenas capped as
 * `npm start` caps them (see PRODUCTION_ENV).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface LeitaiProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Send `signal` (default SIGKILL) unless it has exited; resolves when it has. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** Each chunk it prints, as it comes (e.g. to prefix and echo it). */
  onOutput?: (text: string) => void;
  timeoutMs?: number;
  /** Run server/dist/leitai.mjs (the build) under plain Node instead of the sources under tsx. */
  built?: boolean;
}

/**
 * What `npm start` sets for the server (package.json): two malloc arenas instead of glibc's
 * default of eight per core. Node's helper threads otherwise each grow an arena of their own;
 * the cap takes ~30 MB off a process holding 20k sockets (B3 in docs/BENCHMARKS.md).
 */
export const PRODUCTION_ENV = { MALLOC_ARENA_MAX: '2' } as const;

export function spawnLeitai(args: string[], options: SpawnOptions = {}): Promise<LeitaiProcess> {
  const entry = options.built ? ['server/dist/leitai.mjs'] : ['--import', 'tsx', 'server/src/cli/leitai.ts'];
  const env = options.env ?? process.env;
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.built ? { ...PRODUCTION_ENV, ...env } : env,
  });
  let out = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((done, fail) => {
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`leitai ${args[0] ?? ''} did not start in time:\n${out}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (d: Buffer) => {
      const text = d.toString();
      out += text;
      options.onOutput?.(text);
      const m = started ? null : /running on port (\d+)/.exec(out);
      if (!m) return;
      started = true;
      clearTimeout(timer);
      const port = Number(m[1]);
      done({
        child,
        port,
        url: `http://127.0.0.1:${port}`,
        output: () => out,
        async kill(signal = 'SIGKILL') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!started) fail(new Error(`leitai ${args[0] ?? ''} exited with ${code}:\n${out}`));
    });
  });
}

/** A free loopback port (listen on 0, read it, close): for a process that must know its port before it starts. */
export const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => done(typeof a === 'object' && a ? a.port : 0));
    });
  });
