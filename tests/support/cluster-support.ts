/**
 * A real scaled-out cluster for tests: a private redis-server (so a test may stop and restart
 * it without touching the machine's own), a core and edges as child processes of the real CLI,
 * and a real HAProxy in front (scripts/lib/haproxy-process.ts); and a warm standby in the test's
 * own process. Every piece listens on loopback at a free port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, spawnLeitai, type LeitaiProcess } from '../../scripts/lib/leitai-process.ts';

export { freePort };
import { connect } from 'node:net';
import { join } from 'node:path';
import { startHaproxy, type HaproxyHandle } from '../../scripts/lib/haproxy-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { tempDir } from './harness.ts';
import { sleep } from '@leitai/shared';
import { startLeitaiServer, type LeitaiServerHandle } from '../../server/src/app.ts';
import { startStandby, type StandbyHandle } from '../../server/src/cluster/standby.ts';

const answers = (port: number) =>
  new Promise<boolean>((done) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.end();
      done(true);
    });
    s.once('error', () => done(false));
  });

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** A redis-server of our own on a free loopback port, nothing on disk. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const redis: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      );
      for (let i = 0; i < 100; i++) {
        if (await answers(port)) return;
        await sleep(50);
      }
      throw new Error(`redis-server did not start on ${port}`);
    },
    async stop() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill('SIGKILL');
      await exited;
    },
  };
  await redis.start();
  return redis;
}

export type EdgeProcess = LeitaiProcess & { edgeId: string };

export async function startEdgeProcess(
  redisUrl: string,
  prefix: string,
  edgeId: string,
  env: NodeJS.ProcessEnv = {},
): Promise<EdgeProcess> {
  const edge = await spawnLeitai(
    [
      'edge',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--redis',
      redisUrl,
      '--channel-prefix',
      prefix,
      '--edge-id',
      edgeId,
    ],
    { env: { ...process.env, NODE_ENV: 'test', ...env }, timeoutMs: 30_000 },
  );
  return { ...edge, edgeId };
}

export interface TestCluster {
  redis: TestRedis;
  core: ServerProcess;
  edges: EdgeProcess[];
  lb: HaproxyHandle;
  dbFile: string;
  joinCode: string;
  /** Seat tokens of the demo contest, by role (contestants and judges by subject id). */
  token(role: 'host' | 'stage' | 'overlay'): string;
  stop(): Promise<void>;
}

/** Redis, a core with the demo contest, `edges` edges and HAProxy in front (checks every 300 ms, down at the first failure). */
export async function startCluster(edges = 2): Promise<TestCluster> {
  const redis = await startRedis();
  const prefix = `t${Date.now().toString(36)}`;
  const dir = tempDir('leitai-cluster-');
  const dbFile = join(dir, 'core.sqlite');
  const core = await startServerProcess(dbFile, ['--role', 'core', '--redis', redis.url, '--channel-prefix', prefix]);
  const started = await Promise.all(
    Array.from({ length: edges }, (_, i) => startEdgeProcess(redis.url, prefix, `edge-${i + 1}`)),
  );
  const lb = await startHaproxy({
    core: `127.0.0.1:${core.port}`,
    edges: started.map((e) => ({ name: e.edgeId, address: `127.0.0.1:${e.port}` })),
    checkMs: 300,
    fall: 1,
    rise: 1,
  });
  const out = core.output();
  const joinCode = /live\.html\?code=([A-Z0-9]+)/.exec(out)?.[1];
  if (!joinCode) throw new Error(`no join code in:\n${out}`);
  return {
    redis,
    core,
    edges: started,
    lb,
    dbFile,
    joinCode,
    token(role) {
      const m = new RegExp(`${role}\\.html#token=([A-Za-z0-9_-]+)`).exec(out);
      if (!m?.[1]) throw new Error(`no ${role} token`);
      return m[1];
    },
    async stop() {
      await lb.close();
      // SIGTERM closes them cleanly; SIGKILL whatever is still up after 5 s.
      const hard = setTimeout(() => {
        for (const c of [...started.map((e) => e.child), core.child]) if (c.exitCode === null) c.kill('SIGKILL');
      }, 5000);
      await Promise.all([...started.map((e) => e.kill('SIGTERM')), core.kill('SIGTERM')]);
      clearTimeout(hard);
      await redis.stop();
    },
  };
}

/** A core and edges without a balancer: the tests that talk to each process directly. */
export interface DirectCluster {
  redis: TestRedis;
  core: ServerProcess;
  edges: EdgeProcess[];
  joinCode: string;
  /** The host's seat token of the demo contest. */
  hostToken: string;
  stop(): Promise<void>;
}

/**
 * Redis, a core with the demo contest and `edges` edges, every process with `env` (trusted
 * proxies, limits, the audience secret), once the core has printed its links.
 */
export async function startCoreWithEdges(name: string, env: NodeJS.ProcessEnv, edges = 2): Promise<DirectCluster> {
  const redis = await startRedis();
  const prefix = `${name}${Date.now().toString(36)}`;
  const core = await startServerProcess(
    join(tempDir(`leitai-${name}-`), 'core.sqlite'),
    ['--role', 'core', '--redis', redis.url, '--channel-prefix', prefix],
    env,
  );
  const started = await Promise.all(
    Array.from({ length: edges }, (_, i) => startEdgeProcess(redis.url, prefix, `edge-${i + 1}`, env)),
  );
  const stop = async () => {
    await Promise.all([...started.map((e) => e.kill('SIGTERM')), core.kill('SIGTERM')]);
    await redis.stop();
  };
  // The core prints the links after it listens.
  let joinCode = '';
  for (let i = 0; i < 100 && !joinCode; i++) {
    joinCode = /live\.html\?code=([A-Z0-9]+)/.exec(core.output())?.[1] ?? '';
    if (!joinCode) await sleep(100);
  }
  const hostToken = /host\.html#token=([A-Za-z0-9_-]+)/.exec(core.output())?.[1] ?? '';
  if (!joinCode || !hostToken) {
    await stop();
    throw new Error(`no join code or host token in:\n${core.output()}`);
  }
  return { redis, core, edges: started, joinCode, hostToken, stop };
}

/**
 * A warm standby in this process (startStandby, no Redis: promoted by hand only) following
 * `primaryUrl` on a loopback port, its copy in `dbFile`. Promoted, it serves that file on its own
 * port and hands the server to `onPromoted` (the test closes it).
 */
export function startTestStandby(
  primaryUrl: string,
  secret: string,
  dbFile: string,
  onPromoted: (server: LeitaiServerHandle) => void,
): Promise<StandbyHandle> {
  return startStandby({
    primaryUrl,
    secret,
    dbFile,
    host: '127.0.0.1',
    port: 0,
    channelPrefix: 'unused',
    log: () => undefined,
    async serve(port) {
      const promoted = await startLeitaiServer({ dbFile, host: '127.0.0.1', port });
      onPromoted(promoted);
      return promoted.port;
    },
  });
}
