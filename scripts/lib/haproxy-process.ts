/**
 * A real HAProxy (Debian's `haproxy`, /usr/sbin/haproxy) in front of a cluster on this machine:
 * `npm run cluster` and the cluster tests. The configuration comes from haproxyConfig
 * (server/src/cluster/haproxy-config.ts), written to a temporary directory with the runtime API's
 * unix socket next to it. HAProxy cannot listen on port 0: the port is a free one found by binding
 * a probe socket first (tried again on another port if HAProxy then cannot bind it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haproxyConfig, type HaproxyEdge } from '@leitai/server';
import { freePort } from './leitai-process.ts';

export interface HaproxyStartOptions {
  host?: string;
  /** 0 (default): a free port. */
  port?: number;
  /** host:port of the core. */
  core: string;
  /** host:port of a warm standby (a backup server of the core backend). */
  standby?: string;
  edges: HaproxyEdge[];
  checkMs?: number;
  fall?: number;
  rise?: number;
  /** Sockets it holds (default 8000: HAProxy needs about two descriptors each, within this machine's limit). */
  maxconn?: number;
  onOutput?: (text: string) => void;
}

export interface ServerState {
  backend: string;
  server: string;
  /** HAProxy's status: UP, DOWN, DRAIN, MAINT, `UP 1/2`, `no check`… */
  status: string;
  /** Sessions now on this server. */
  current: number;
}

export interface HaproxyHandle {
  child: ChildProcess;
  port: number;
  url: string;
  configFile: string;
  socketPath: string;
  output(): string;
  /** A runtime API command (`set server audience/edge-1 state drain`); its answer. */
  command(line: string): Promise<string>;
  /** `show stat`, one row per server. */
  servers(): Promise<ServerState[]>;
  close(): Promise<void>;
}

export function haproxyBinary(): string {
  for (const p of ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy']) if (spawnSync(p, ['-v']).status === 0) return p;
  throw new Error('haproxy is not installed (Debian: apt-get install haproxy)');
}

export function runtimeCommand(socketPath: string, line: string): Promise<string> {
  return new Promise((done, fail) => {
    const s = connect(socketPath);
    let out = '';
    s.setTimeout(3000, () => s.destroy(new Error(`haproxy runtime API timed out: ${line}`)));
    s.on('connect', () => s.end(`${line}\n`));
    s.on('data', (d: Buffer) => (out += d.toString()));
    s.on('end', () => done(out));
    s.on('error', fail);
  });
}

const answers = (port: number, host: string) =>
  new Promise<boolean>((done) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.end();
      done(true);
    });
    s.once('error', () => done(false));
  });

export async function startHaproxy(o: HaproxyStartOptions): Promise<HaproxyHandle> {
  const bin = haproxyBinary();
  const host = o.host ?? '127.0.0.1';
  const dir = mkdtempSync(join(tmpdir(), 'leitai-haproxy-'));
  const socketPath = join(dir, 'admin.sock');
  const configFile = join(dir, 'haproxy.cfg');
  let lastError = '';
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = o.port && o.port > 0 ? o.port : await freePort();
    writeFileSync(
      configFile,
      haproxyConfig({
        bind: `${host}:${port}`,
        core: o.core,
        ...(o.standby ? { standby: o.standby } : {}),
        edges: o.edges,
        statsSocket: socketPath,
        checkMs: o.checkMs ?? 1000,
        fall: o.fall ?? 2,
        rise: o.rise ?? 2,
        maxconn: o.maxconn ?? 8000,
      }),
    );
    const child = spawn(bin, ['-db', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      o.onOutput?.(d.toString());
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const probeHost = host === '0.0.0.0' ? '127.0.0.1' : host;
    let up = false;
    for (let i = 0; i < 100 && child.exitCode === null; i++) {
      if (await answers(port, probeHost)) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!up) {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      lastError = out;
      if (o.port && o.port > 0) break;
      continue;
    }
    const handle: HaproxyHandle = {
      child,
      port,
      url: `http://${probeHost}:${port}`,
      configFile,
      socketPath,
      output: () => out,
      command: (line) => runtimeCommand(socketPath, line),
      async servers() {
        const csv = await runtimeCommand(socketPath, 'show stat');
        const [head, ...rows] = csv.replace(/^# /, '').trim().split('\n');
        const cols = (head ?? '').split(',');
        const at = (name: string) => cols.indexOf(name);
        return rows
          .map((r) => r.split(','))
          .filter((r) => r[at('svname')] !== 'FRONTEND' && r[at('svname')] !== 'BACKEND')
          .map((r) => ({
            backend: r[at('pxname')] ?? '',
            server: r[at('svname')] ?? '',
            status: r[at('status')] ?? '',
            current: Number(r[at('scur')] ?? 0),
          }));
      },
      async close() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const hard = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(hard);
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return handle;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`haproxy did not start:\n${lastError}`);
}

/** Wait until HAProxy reports `backend/server` with a status starting with `status`. */
export async function waitForServer(
  lb: HaproxyHandle,
  backend: string,
  server: string,
  status: string,
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  let seen = '';
  while (Date.now() < end) {
    const s = (await lb.servers()).find((x) => x.backend === backend && x.server === server);
    seen = s?.status ?? 'missing';
    if (seen.startsWith(status)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`haproxy: ${backend}/${server} is ${seen}, not ${status}`);
}
