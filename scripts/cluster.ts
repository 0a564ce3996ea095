/**
 * `npm run cluster [-- --port 3000 --edges 2 --redis redis://127.0.0.1:6379 --data data/cluster.sqlite]`
 *
 * The scaled-out topology on this machine, as docker-compose.yml runs it in containers: one core
 * (`leitai start --role core`, owns the contests and the SQLite store), N edges (`leitai edge`,
 * audience sockets), and the Node load balancer in front (server/src/cluster/balancer.ts), all
 * sharing Socket.IO rooms through Redis. Redis comes from the environment (LEITAI_REDIS_URL) or
 * 127.0.0.1:6379; when nothing answers there and `redis-server` is installed, it is started.
 *
 * Ports: the balancer on --port, the core on --port+1, edges on --port+2…; only the balancer's
 * URL is printed in the links. Stops on Ctrl+C (or after --seconds, for scripts and tests).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { startBalancer } from '@leitai/server';
import { freePort, spawnLeitai } from './lib/leitai-process.ts';
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

const children: ChildProcess[] = [];
async function run(name: string, args: string[]): Promise<number> {
  const p = await spawnLeitai(args, {
    built: true,
    onOutput: (text) => {
      for (const line of text.split('\n').filter(Boolean)) process.stdout.write(`[${name}] ${line}\n`);
    },
  });
  children.push(p.child);
  return p.port;
}

async function main(): Promise<void> {
  await ensureRedis();
  if (port === 0) port = await freePort();
  const lbUrl = `http://${values.host === '0.0.0.0' ? 'localhost' : values.host}:${port}`;
  const common = ['--host', values.host, '--redis', values.redis, '--channel-prefix', values['channel-prefix']];
  const corePort = await run('core', [
    'start',
    '--role',
    'core',
    '--port',
    String(values.port === '0' ? 0 : port + 1),
    '--data',
    values.data,
    '--public-url',
    lbUrl,
    ...common,
  ]);
  const edgePorts = await Promise.all(
    Array.from({ length: edgeCount }, (_, i) =>
      run(`edge-${i + 1}`, [
        'edge',
        '--port',
        String(values.port === '0' ? 0 : port + 2 + i),
        '--edge-id',
        `edge-${i + 1}`,
        ...common,
      ]),
    ),
  );
  const local = (p: number) => `http://127.0.0.1:${p}`;
  const lb = await startBalancer({
    host: values.host,
    port,
    core: local(corePort),
    edges: edgePorts.map(local),
  });
  console.log(
    `\nLeitai cluster is up: balancer ${lb.url} → core :${corePort}, edges ${edgePorts.map((p) => `:${p}`).join(' ')}`,
  );
  console.log(`  Open the links above (they point at the balancer). Cluster health: ${lb.url}/api/cluster`);
  console.log(`  Balancer status: ${lb.url}/lb/status. Stop with Ctrl+C.`);

  const stop = async () => {
    await lb.close();
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((done) => {
            if (c.exitCode !== null || c.signalCode !== null) return done();
            c.once('exit', () => done());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  if (values.seconds) setTimeout(() => void stop(), Number(values.seconds) * 1000);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  for (const c of children) c.kill('SIGKILL');
  process.exit(1);
});
