/**
 * `npm run cluster [-- --port 3000 --edges 2 --redis redis://127.0.0.1:6379 --data data/cluster.sqlite]`
 *
 * The scaled-out topology on this machine, as docker-compose.yml runs it in containers: one core
 * (`leitai start --role core`, owns the contests and the SQLite store), N edges (`leitai edge`,
 * audience sockets), and HAProxy in front (Debian's `haproxy`; configuration from
 * server/src/cluster/haproxy-config.ts), all sharing Socket.IO rooms through Redis. Redis comes
 * from the environment (LEITAI_REDIS_URL) or 127.0.0.1:6379; when nothing answers there and
 * `redis-server` is installed, it is started.
 *
 * Ports: HAProxy on --port, the core on --port+1, edges on --port+2…; only HAProxy's URL is
 * printed in the links. With --port 0 every port is a free one.
 *
 * Supervision: a core or edge that dies is started again on its port, after 0.5 s, then 1 s, 2 s …
 * up to 10 s between tries (back to 0.5 s once it has run for 30 s). A core that refuses its store
 * (exit 3: damaged, behind its acknowledged position — see `leitai doctor`) is NOT restarted: that
 * needs a person. HAProxy is restarted the same way. Stops on Ctrl+C / SIGINT / SIGTERM (or after
 * --seconds, for scripts and tests): every child is sent SIGTERM, SIGKILL after 5 s, then it exits 0.
 */
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { startHaproxy, type HaproxyHandle } from './lib/haproxy-process.ts';
import { freePort, spawnLeitai, type LeitaiProcess } from './lib/leitai-process.ts';
import { sleep } from '@leitai/shared';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    host: { type: 'string', default: '127.0.0.1' },
    edges: { type: 'string', default: '2' },
    redis: { type: 'string', default: process.env.LEITAI_REDIS_URL ?? 'redis://127.0.0.1:6379' },
    data: { type: 'string', default: 'data/cluster.sqlite' },
    'channel-prefix': { type: 'string', default: 'leitai' },
    seconds: { type: 'string' },
  },
});
let port = Number(values.port);
const edgeCount = Number(values.edges);
if (!Number.isInteger(port) || port < 0 || port > 65_000 || !Number.isInteger(edgeCount) || edgeCount < 1) {
  console.error('cluster: --port must be a port number and --edges at least 1');
  process.exit(2);
}

const redisUrl = new URL(values.redis);
const redisHost = redisUrl.hostname || '127.0.0.1';
const redisPort = Number(redisUrl.port || 6379);
const answers = () =>
  new Promise<boolean>((done) => {
    const s = connect({ host: redisHost, port: redisPort });
    s.setTimeout(1000);
    s.once('connect', () => {
      s.end();
      done(true);
    });
    s.once('error', () => done(false));
    s.once('timeout', () => {
      s.destroy();
      done(false);
    });
  });

async function ensureRedis(): Promise<void> {
  if (await answers()) return;
  const local = redisHost === '127.0.0.1' || redisHost === 'localhost';
  const found = spawnSync('which', ['redis-server']).status === 0;
  if (!local || !found) {
    console.error(
      `cluster: no Redis at ${values.redis}. Start one (Debian: apt-get install redis-server) or set LEITAI_REDIS_URL.`,
    );
    process.exit(1);
  }
  console.log(`cluster: starting redis-server on ${redisHost}:${redisPort}`);
  spawnSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(redisPort), '--save', '']);
  for (let i = 0; i < 50 && !(await answers()); i++) await sleep(100);
  if (!(await answers())) {
    console.error('cluster: redis-server did not come up');
    process.exit(1);
  }
}

/** Exit code of `leitai start` when it refuses its store (server/src/cli/leitai.ts). */
const EXIT_REFUSED = 3;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 10_000];
const STABLE_MS = 30_000;

let stopping = false;
const supervised: Supervised[] = [];

/** One supervised process: started, and started again on the same port whenever it dies. */
class Supervised {
  current: LeitaiProcess | null = null;
  failures = 0;
  restarts = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly args: string[],
  ) {}

  async start(): Promise<void> {
    const startedAt = Date.now();
    let p: LeitaiProcess;
    try {
      p = await spawnLeitai(this.args, {
        built: true,
        onOutput: (text) => {
          for (const line of text.split('\n').filter(Boolean)) process.stdout.write(`[${this.name}] ${line}\n`);
        },
      });
    } catch (err) {
      const code = Number(/exited with (\d+)/.exec(err instanceof Error ? err.message : '')?.[1] ?? NaN);
      this.died(code, startedAt);
      return;
    }
    this.current = p;
    console.log(`cluster: ${this.name} running (pid ${p.child.pid}, port ${p.port})`);
    p.child.once('exit', (code, signal) => {
      this.current = null;
      if (stopping) return;
      console.log(`cluster: ${this.name} (pid ${p.child.pid}) exited (${signal ?? `code ${code}`})`);
      this.died(code ?? NaN, startedAt);
    });
  }

  private died(code: number, startedAt: number): void {
    if (stopping) return;
    if (code === EXIT_REFUSED) {
      console.error(
        `cluster: ${this.name} refused its store (exit ${EXIT_REFUSED}); not restarting it. ` +
          'Run `leitai doctor --data …` and `leitai verify`, then restore or repair, then start again.',
      );
      return;
    }
    if (Date.now() - startedAt >= STABLE_MS) this.failures = 0;
    const wait = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)]!;
    this.failures += 1;
    this.restarts += 1;
    console.log(`cluster: restarting ${this.name} in ${wait} ms (restart ${this.restarts})`);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.start();
    }, wait);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    const p = this.current;
    if (!p) return;
    const hard = setTimeout(() => p.child.kill('SIGKILL'), 5000);
    await p.kill('SIGTERM');
    clearTimeout(hard);
  }
}

async function main(): Promise<void> {
  await ensureRedis();
  const free = port === 0;
  if (free) port = await freePort();
  const lbUrl = `http://${values.host === '0.0.0.0' ? 'localhost' : values.host}:${port}`;
  const common = ['--host', values.host, '--redis', values.redis, '--channel-prefix', values['channel-prefix']];
  const corePort = free ? await freePort() : port + 1;
  const core = new Supervised('core', corePort, [
    'start',
    '--role',
    'core',
    '--port',
    String(corePort),
    '--data',
    values.data,
    '--public-url',
    lbUrl,
    ...common,
  ]);
  const edges: Supervised[] = [];
  for (let i = 0; i < edgeCount; i++) {
    const p = free ? await freePort() : port + 2 + i;
    edges.push(
      new Supervised(`edge-${i + 1}`, p, ['edge', '--port', String(p), '--edge-id', `edge-${i + 1}`, ...common]),
    );
  }
  const all = [core, ...edges];
  supervised.push(...all);
  let lb: HaproxyHandle | null = null;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('cluster: stopping');
    await Promise.all([...all.map((s) => s.stop()), lb?.close()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  if (values.seconds) setTimeout(() => void stop(), Number(values.seconds) * 1000);

  await core.start();
  if (!core.current) throw new Error('cluster: the core did not start');
  await Promise.all(edges.map((e) => e.start()));
  const local = (p: number) => `127.0.0.1:${p}`;
  const startLb = async (): Promise<void> => {
    if (stopping) return;
    lb = await startHaproxy({
      host: values.host,
      port,
      core: local(corePort),
      edges: edges.map((e) => ({ name: e.name, address: local(e.port) })),
      onOutput: (text) => {
        for (const line of text.split('\n').filter(Boolean)) process.stdout.write(`[haproxy] ${line}\n`);
      },
    });
    const child = lb.child;
    child.once('exit', (code, signal) => {
      if (stopping) return;
      console.log(`cluster: haproxy exited (${signal ?? `code ${code}`}); restarting in 1000 ms`);
      setTimeout(() => void startLb().catch((err: unknown) => console.error(String(err))), 1000);
    });
  };
  await startLb();
  console.log(
    `\nLeitai cluster is up: haproxy ${lbUrl} → core :${corePort}, edges ${edges.map((e) => `:${e.port}`).join(' ')}`,
  );
  console.log(`  Open the links above (they point at HAProxy). Cluster health: ${lbUrl}/api/cluster`);
  console.log(`  HAProxy runtime API: ${lb!.socketPath} (e.g. \`echo "show stat" | socat stdio ${lb!.socketPath}\`).`);
  console.log('  Dead processes are restarted. Stop with Ctrl+C.');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  stopping = true;
  for (const s of supervised) s.current?.child.kill('SIGKILL');
  process.exit(1);
});
