/**
 * The command line as a child process (`node --import tsx scripts/leitai.ts …`), resolved once it
 * prints "running on port N": used by `npm run cluster`, the cluster bench and the tests that
 * kill or restart a real server.
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
}

export function spawnLeitai(args: string[], options: SpawnOptions = {}): Promise<LeitaiProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/leitai.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
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
