/**
 * The Leitai command line (`npm run leitai -- <command>`; built to server/dist/leitai.mjs for
 * `npm start`). Each command declares its options and usage: `leitai <command> --help` prints
 * that usage and exits 0 without starting anything; an unknown command, option or extra
 * argument is an error (exit 2) that names it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEMO_CONTEST, foldEvents, type ContestState } from '@leitai/shared';
import { ContestService } from '../contests/contest-service.ts';
import { contestStream, toPositioned } from '../contests/contest-runtime.ts';
import { SqliteSeatRegistry, type Seat } from '../seats/seat-registry.ts';
import { systemClock } from '../clock.ts';
import { SqliteEventStore } from '../store/sqlite-event-store.ts';
import { StoreRefusedError } from '../store/store-integrity.ts';
import { logLineOf } from '../store/log-file.ts';
import { backupStore, restoreStore, verifyLogFile, verifyStoreFile } from './store-commands.ts';
import { runDoctor } from './doctor.ts';
import { padColumns } from './terminal-columns.ts';
import type { Lease } from '../cluster/lease.ts';
import { exportLogAfterStages, parseDuration, startBackupSchedule } from './scheduled-copies.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | string[] | undefined>;

/** The server's modules (Fastify, Socket.IO, …) load only for the commands that need them: `--help` stays quick. */
const loadApp = () => import('../app.ts');
const loadLinks = () => import('../http/routes.ts');
type Links = Awaited<ReturnType<typeof loadLinks>>;

/** An error in how the command line was used: printed with a pointer to --help, exit 2. */
class UsageError extends Error {}

const DEFAULT_DATA = process.env.LEITAI_DATA ?? 'data/leitai.sqlite';
const DEFAULT_PORT = process.env.PORT ?? '3000';
const DEFAULT_HOST = process.env.HOST ?? '0.0.0.0';
const DEFAULT_REDIS = process.env.LEITAI_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DEFAULT_PREFIX = process.env.LEITAI_CHANNEL_PREFIX ?? 'leitai';

const DATA = { data: { type: 'string', default: DEFAULT_DATA } } satisfies Options;
const LISTEN = {
  port: { type: 'string', default: DEFAULT_PORT },
  host: { type: 'string', default: DEFAULT_HOST },
} satisfies Options;

interface Command {
  /** Words after `leitai` that name it (`contest create`). */
  words: string[];
  /** Positional arguments after the words, e.g. ['FILE'] (all required). */
  args?: string[];
  usage: string;
  summary: string;
  options: Options;
  run(values: Values, args: string[]): Promise<void> | void;
}

const COMMANDS: Command[] = [
  {
    words: ['start'],
    usage:
      'start [--port 3000] [--host 0.0.0.0] [--data FILE] [--public-url URL] [--no-demo]\n' +
      '      [--verify-full] [--accept-loss] [--role single|core] [--redis URL] [--channel-prefix leitai]\n' +
      '      [--backup-every 10m --backup-dir DIR [--backup-keep 24]] [--export-dir DIR]\n' +
      '      [--standby-secret SECRET [--standby-ack sync|async] [--standby-timeout 500ms]]\n' +
      '      [--standby-of PRIMARY_URL --standby-secret SECRET]',
    summary:
      'start the server (checks the store first; creates the demo contest in an empty file); with ' +
      '--standby-secret, a primary that streams its log to a warm standby (acknowledging after it, sync) and ' +
      'holds the primary lease in Redis (--role core); with --standby-of, that standby: it follows the primary ' +
      'into --data and takes over when the lease lapses or on `leitai promote`',
    options: {
      ...DATA,
      ...LISTEN,
      'public-url': { type: 'string' },
      'no-demo': { type: 'boolean', default: false },
      'verify-full': { type: 'boolean', default: false },
      'accept-loss': { type: 'boolean', default: false },
      role: { type: 'string', default: process.env.LEITAI_ROLE ?? 'single' },
      redis: { type: 'string', default: DEFAULT_REDIS },
      'channel-prefix': { type: 'string', default: DEFAULT_PREFIX },
      'backup-every': { type: 'string' },
      'backup-dir': { type: 'string' },
      'backup-keep': { type: 'string', default: '24' },
      'export-dir': { type: 'string' },
      'standby-secret': {
        type: 'string',
        ...(process.env.LEITAI_STANDBY_SECRET ? { default: process.env.LEITAI_STANDBY_SECRET } : {}),
      },
      'standby-ack': { type: 'string', default: 'sync' },
      'standby-timeout': { type: 'string', default: '500ms' },
      'standby-of': { type: 'string' },
    },
    run: start,
  },
  {
    words: ['edge'],
    usage: 'edge [--port 3001] [--host 0.0.0.0] [--redis URL] [--edge-id NAME] [--channel-prefix leitai]',
    summary: 'an edge process of a scaled-out cluster: audience sockets, nothing stored',
    options: {
      ...LISTEN,
      redis: { type: 'string', default: DEFAULT_REDIS },
      'edge-id': { type: 'string' },
      'channel-prefix': { type: 'string', default: DEFAULT_PREFIX },
    },
    async run(values) {
      // Cluster roles load their modules (Redis, proxy) only when chosen.
      const { startEdgeServer } = await import('../cluster/edge-server.ts');
      const redisUrl = str(values.redis);
      const edge = await startEdgeServer({
        host: str(values.host),
        port: port(values.port),
        redisUrl,
        channelPrefix: str(values['channel-prefix']),
        ...(values['edge-id'] ? { edgeId: str(values['edge-id']) } : {}),
      });
      console.log(`Leitai edge ${edge.edgeId} is running on port ${edge.port} (redis ${redisUrl})`);
      closeOnSignal(edge);
    },
  },
  {
    words: ['haproxy-config'],
    usage:
      'haproxy-config --core HOST:PORT [--standby HOST:PORT] --edge [NAME=]HOST:PORT [--edge …] [--bind :3000] [--stats-socket PATH] [--stats-bind ADDR] [--tls-pem FILE --tls-bind :443] [--docker-dns]',
    summary: 'print the HAProxy configuration that fronts a cluster (deploy/haproxy.cfg is its output)',
    options: {
      core: { type: 'string' },
      standby: { type: 'string' },
      edge: { type: 'string', multiple: true },
      bind: { type: 'string', default: ':3000' },
      'stats-socket': { type: 'string' },
      'stats-bind': { type: 'string' },
      'tls-pem': { type: 'string' },
      'tls-bind': { type: 'string', default: ':443' },
      'docker-dns': { type: 'boolean' },
    },
    async run(values) {
      const core = values.core as string | undefined;
      const edges = (values.edge as string[] | undefined) ?? [];
      if (!core || edges.length === 0)
        throw new UsageError('haproxy-config needs --core HOST:PORT and at least one --edge HOST:PORT');
      const { haproxyConfig, parseEdgeArg } = await import('../cluster/haproxy-config.ts');
      process.stdout.write(
        haproxyConfig({
          bind: str(values.bind),
          core,
          ...(values.standby ? { standby: str(values.standby) } : {}),
          edges: edges.map(parseEdgeArg),
          ...(values['stats-socket'] ? { statsSocket: str(values['stats-socket']) } : {}),
          ...(values['stats-bind'] ? { statsBind: str(values['stats-bind']) } : {}),
          ...(values['tls-pem'] ? { tls: { pem: str(values['tls-pem']), bind: str(values['tls-bind']) } } : {}),
          ...(values['docker-dns'] ? { dockerDns: true } : {}),
        }),
      );
    },
  },
  {
    words: ['follow'],
    usage: 'follow --primary URL --contest ID --token TOKEN --out FILE [--every 1s] [--once]',
    summary: "follow a running primary's contest log into FILE, verifying its chain (standby, first step)",
    options: {
      primary: { type: 'string' },
      contest: { type: 'string' },
      token: { type: 'string' },
      out: { type: 'string' },
      every: { type: 'string', default: '1s' },
      once: { type: 'boolean', default: false },
    },
    async run(values) {
      for (const name of ['primary', 'contest', 'token', 'out'] as const)
        if (!values[name]) throw new UsageError(`follow needs --${name}`);
      const everyMs = parseDuration(str(values.every));
      if (!everyMs) throw new UsageError(`--every takes a duration like 1s or 500ms, not '${str(values.every)}'`);
      const { LogFollower } = await import('./log-follower.ts');
      const follower = new LogFollower({
        primary: str(values.primary),
        contestId: str(values.contest),
        token: str(values.token),
        out: str(values.out),
      });
      for (;;) {
        const r = await follower.poll();
        if (r.ok && r.added > 0) console.log(`follow: ${r.events} events verified (+${r.added}), head ${r.head}`);
        if (!r.ok) {
          console.error(`follow: ${r.problem}: ${r.message}`);
          // The chain broke or the history changed: stop, loudly. An unreachable primary is retried.
          if (r.problem === 'broken' || r.problem === 'diverged') process.exit(1);
        }
        if (values.once) process.exit(r.ok ? 0 : 1);
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
    },
  },
  {
    words: ['promote'],
    usage: 'promote --standby URL --standby-secret SECRET',
    summary:
      'make a warm standby take over now (the primary is gone and its lease cannot lapse by itself, or there is no Redis); ' +
      'with Redis it takes the lease even if held, so the old primary stops writing at its next renewal',
    options: {
      standby: { type: 'string' },
      'standby-secret': {
        type: 'string',
        ...(process.env.LEITAI_STANDBY_SECRET ? { default: process.env.LEITAI_STANDBY_SECRET } : {}),
      },
    },
    async run(values) {
      if (!values.standby || !values['standby-secret'])
        throw new UsageError('promote needs --standby URL and --standby-secret SECRET');
      const url = `${str(values.standby).replace(/\/$/, '')}/api/standby/promote`;
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${str(values['standby-secret'])}` },
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json()) as { position?: number; error?: { message: string } };
      if (!res.ok) {
        console.error(`promote: refused (${res.status}): ${body.error?.message ?? 'unknown'}`);
        process.exit(1);
      }
      // The standby closes its own answer's server and serves as the core on the same port.
      const started = Date.now();
      while (Date.now() - started < 30_000) {
        const health = await fetch(`${str(values.standby).replace(/\/$/, '')}/api/health`).catch(() => undefined);
        if (health?.status === 200) {
          console.log(
            `promote: the standby serves as the core (position ${body.position ?? '?'}, ${Date.now() - started} ms)`,
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      console.error('promote: the standby did not start serving within 30 s; see its output');
      process.exit(1);
    },
  },
  {
    words: ['demo'],
    usage: 'demo [--data FILE] [--public-url URL] [--port 3000]',
    summary: "create the demo contest and print every screen's link",
    options: { ...DATA, 'public-url': { type: 'string' }, port: { type: 'string', default: DEFAULT_PORT } },
    async run(values) {
      const o = openOffline(str(values.data));
      await o.service.loadAll();
      const id = await createDemo(o.service);
      printLinks(o.service, id, linkBase(values), await loadLinks());
      await o.close();
    },
  },
  {
    words: ['contest', 'create'],
    args: ['FILE'],
    usage: 'contest create FILE [--data FILE] [--id ID] [--public-url URL]',
    summary: 'add a contest from a contest file; every problem is reported with its path',
    options: {
      ...DATA,
      id: { type: 'string' },
      'public-url': { type: 'string' },
      port: { type: 'string', default: DEFAULT_PORT },
    },
    async run(values, [file]) {
      const o = openOffline(str(values.data));
      await o.service.loadAll();
      const created = await o.service.create(
        JSON.parse(readFileSync(file!, 'utf8')),
        values.id ? { contestId: str(values.id) } : {},
      );
      if (!created.ok) {
        console.error(`rejected: ${created.error.code}`);
        for (const p of created.error.details ?? [{ path: '', message: created.error.message }]) {
          console.error(`  ${p.path}: ${p.message}`);
        }
        await o.close();
        process.exit(1);
      }
      printLinks(o.service, created.contest.contestId, linkBase(values), await loadLinks());
      await o.close();
    },
  },
  {
    words: ['replay'],
    usage: 'replay [--data FILE] [--contest ID]',
    summary: "rebuild each contest's state from its full log (no snapshots) and print it",
    options: { ...DATA, contest: { type: 'string' } },
    async run(values) {
      const store = new SqliteEventStore(str(values.data), { behindMark: 'report' });
      const ids = values.contest ? [str(values.contest)] : store.streamIds('contest-').map((s) => s.slice(8));
      for (const id of ids) {
        const state = foldEvents(null, store.readStream(contestStream(id)).map(toPositioned));
        if (!state) {
          console.error(`no contest '${id}'`);
          continue;
        }
        console.log(JSON.stringify(summarise(state), null, 2));
      }
      await store.close();
    },
  },
  {
    words: ['verify'],
    usage: 'verify [--data FILE] | verify --log FILE [--head HASH]',
    summary:
      'check the file (SQLite quick_check), every hash chain, every snapshot (bound to the chain and ' +
      're-folded) and the acknowledged mark; or, with --log, an exported log (docs/log-format.md), ' +
      'reaching the published head hash given by --head; exit 1 and name the first problem',
    options: { ...DATA, log: { type: 'string' }, head: { type: 'string' } },
    run(values) {
      if (values.head !== undefined && values.log === undefined) throw new UsageError('--head needs --log FILE');
      if (values.log !== undefined) {
        const head = values.head === undefined ? undefined : str(values.head).toLowerCase();
        if (head !== undefined && !/^[0-9a-f]{64}$/.test(head)) {
          throw new UsageError('--head takes a hash of 64 hex digits');
        }
        const report = verifyLogFile(str(values.log), head === undefined ? {} : { expectHead: head });
        console.log(JSON.stringify(report, null, 2));
        process.exit(report.ok ? 0 : 1);
      }
      const report = verifyStoreFile(str(values.data));
      console.log(JSON.stringify(report, null, 2));
      process.exit(report.ok ? 0 : 1);
    },
  },
  {
    words: ['export', 'log'],
    usage: 'export log [--data FILE] [--contest ID] [--out FILE]',
    summary: "write a contest's event log as NDJSON",
    options: { ...DATA, contest: { type: 'string' }, out: { type: 'string' } },
    async run(values) {
      const o = openOffline(str(values.data));
      await o.service.loadAll();
      const id = (values.contest as string | undefined) ?? o.service.list()[0]?.contestId;
      if (!id || !o.service.get(id)) {
        await o.close();
        throw new UsageError(values.contest ? `no contest '${str(values.contest)}'` : 'no contest in this file');
      }
      // The same lines as the HTTP export (docs/log-format.md), from the one function that writes them.
      const text = o.store.readStream(contestStream(id)).map(logLineOf).join('');
      if (values.out) writeFileSync(str(values.out), text);
      else process.stdout.write(text);
      await o.close();
    },
  },
  {
    words: ['backup'],
    usage: 'backup --out FILE [--data FILE]',
    summary: "copy the store while it runs (SQLite's online backup), then check the copy",
    options: { ...DATA, out: { type: 'string' } },
    async run(values) {
      if (!values.out) throw new UsageError('backup needs --out FILE');
      const report = await backupStore(str(values.data), str(values.out));
      console.log(JSON.stringify(report, null, 2));
      process.exit(report.ok ? 0 : 1);
    },
  },
  {
    words: ['restore'],
    args: ['BACKUP'],
    usage: 'restore BACKUP [--data FILE] [--force]',
    summary: 'check a backup and put it in place of the store (server stopped; --force to replace a file)',
    options: { ...DATA, force: { type: 'boolean', default: false } },
    async run(values, [backup]) {
      const report = await restoreStore(backup!, str(values.data), { force: values.force === true });
      console.log(report.message);
      process.exit(report.ok ? 0 : 1);
    },
  },
  {
    words: ['doctor'],
    usage:
      'doctor [--data FILE] [--port 3000] [--host 0.0.0.0] [--redis URL] [--min-free-mb 1024] [--standby URL] [--max-lag 100]',
    summary: 'the pre-show checklist: disk space, clock, store integrity, port, file limit, Redis, standby lag',
    options: {
      ...DATA,
      ...LISTEN,
      redis: { type: 'string', ...(process.env.LEITAI_REDIS_URL ? { default: process.env.LEITAI_REDIS_URL } : {}) },
      'min-free-mb': { type: 'string', default: '1024' },
      standby: { type: 'string' },
      'max-lag': { type: 'string', default: '100' },
    },
    async run(values) {
      const ok = await runDoctor({
        ...(values.standby ? { standbyUrl: str(values.standby), maxLagEvents: Number(values['max-lag']) } : {}),
        data: str(values.data),
        host: str(values.host),
        port: port(values.port),
        ...(values.redis ? { redisUrl: str(values.redis) } : {}),
        minFreeMb: Number(values['min-free-mb']),
      });
      process.exit(ok ? 0 : 1);
    },
  },
];

const USAGE =
  'The Leitai command line: `npm run leitai -- <command>` (`leitai <command> --help` for one command).\n\n' +
  COMMANDS.map((c) => `  ${c.usage.split('\n').join('\n  ')}\n      ${c.summary}`).join('\n') +
  '\n';

/** Terminal columns of the label before each printed link (Chinese characters count two). */
const LABEL_COLUMNS = 24;

const ROLE_LABEL: Record<Seat['role'], string> = {
  host: '主持 host',
  judge: '评委 judge',
  contestant: '选手 play',
  stage: '大屏 stage',
  overlay: '直播叠加 overlay',
  admin: 'admin',
};

const str = (v: Values[string]): string => (typeof v === 'string' ? v : '');

function port(v: Values[string]): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be 0-65535, not '${str(v)}'`);
  return n;
}

const linkBase = (values: Values): string =>
  values['public-url'] ? str(values['public-url']) : `http://localhost:${str(values.port)}`;

/** LAN addresses, so phones in the hall can open the links. */
function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
}

function openOffline(file: string) {
  const store = new SqliteEventStore(file);
  const seats = new SqliteSeatRegistry(file);
  const service = new ContestService(store, seats, systemClock);
  return {
    store,
    seats,
    service,
    async close() {
      await service.drain();
      await store.close();
      seats.close();
    },
  };
}

function printLinks(service: ContestService, contestId: string, base: string, { seatUrl, liveUrl }: Links): void {
  const state = service.get(contestId)?.state;
  if (!state) return;
  const names = new Map<string, string>([
    ...state.definition.judges.map((j) => [j.id, j.name] as const),
    ...state.definition.contestants.map((c) => [c.id, c.name] as const),
  ]);
  console.log(`\n  ${state.definition.title}  (contest ${contestId}, join code ${state.joinCode})`);
  for (const seat of service.seats.forContest(contestId).filter((s) => !s.revoked)) {
    const who = seat.subjectId ? ` ${names.get(seat.subjectId) ?? seat.subjectId}` : '';
    console.log(`  ${padColumns(ROLE_LABEL[seat.role] + who, LABEL_COLUMNS)} ${seatUrl(base, seat)}`);
  }
  console.log(`  ${padColumns('观众 live', LABEL_COLUMNS)} ${liveUrl(base, state.joinCode)}`);
}

async function createDemo(service: ContestService): Promise<string> {
  let id = 'demo';
  for (let n = 2; service.get(id); n++) id = `demo-${n}`;
  const created = await service.create(DEMO_CONTEST, { contestId: id });
  if (!created.ok) throw new Error(`demo contest rejected: ${created.error.message}`);
  return id;
}

async function start(values: Values): Promise<void> {
  const role = str(values.role);
  if (role !== 'single' && role !== 'core') {
    throw new UsageError(`--role must be single or core (an edge is started with \`leitai edge\`), not '${role}'`);
  }
  const file = str(values.data);
  const publicUrl = values['public-url'] ? str(values['public-url']) : undefined;
  const backupEvery = values['backup-every'] ? parseDuration(str(values['backup-every'])) : null;
  if (values['backup-every'] && !backupEvery)
    throw new UsageError(`--backup-every takes a duration like 10m, 90s or 1h, not '${str(values['backup-every'])}'`);
  if (backupEvery && !values['backup-dir']) throw new UsageError('--backup-every needs --backup-dir DIR');
  const backupKeep = Number(values['backup-keep']);
  if (!Number.isInteger(backupKeep) || backupKeep < 1) throw new UsageError('--backup-keep must be a whole number ≥ 1');
  const secret = values['standby-secret'] ? str(values['standby-secret']) : undefined;
  const ack = str(values['standby-ack']);
  if (ack !== 'sync' && ack !== 'async') throw new UsageError(`--standby-ack must be sync or async, not '${ack}'`);
  const timeoutMs = parseDuration(str(values['standby-timeout']));
  if (!timeoutMs)
    throw new UsageError(`--standby-timeout takes a duration like 500ms, not '${str(values['standby-timeout'])}'`);
  if (values['standby-of'] && !secret)
    throw new UsageError("--standby-of needs --standby-secret SECRET (the primary's)");
  if (secret && secret.length < 16) throw new UsageError('--standby-secret must be at least 16 characters');
  const { startLeitaiServer } = await loadApp();
  const links = await loadLinks();
  const serve = async (listenPort: number, held?: Lease) => {
    const server = await startLeitaiServer({
      role,
      redisUrl: str(values.redis),
      channelPrefix: str(values['channel-prefix']),
      dbFile: file,
      host: str(values.host),
      port: listenPort,
      verifyFull: values['verify-full'] === true,
      acceptLoss: values['accept-loss'] === true,
      ...(publicUrl ? { publicUrl } : {}),
      ...(secret ? { replication: { secret, mode: ack, timeoutMs } } : {}),
      ...(secret && role === 'core'
        ? {
            lease: {
              ...(held ? { held } : {}),
              onLost: () => {
                // Fencing: another core holds the lease; this one never writes again.
                console.error('leitai: another core holds the primary lease; this core stops (exit 3)');
                process.exit(3);
              },
            },
          }
        : {}),
    });
    return server;
  };
  if (values['standby-of']) {
    const { startStandby } = await import('../cluster/standby.ts');
    const standby = await startStandby({
      primaryUrl: str(values['standby-of']),
      secret: secret!,
      dbFile: file,
      host: str(values.host),
      port: port(values.port),
      channelPrefix: str(values['channel-prefix']),
      ...(role === 'core' ? { redisUrl: str(values.redis) } : {}),
      serve: async (listenPort, held) => {
        const server = await serve(listenPort, held);
        announce(server, values, file, role, links);
        closeOnSignal(server);
        return server.port;
      },
    });
    console.log(
      `Leitai standby is running on port ${standby.port} (following ${str(values['standby-of'])} into ${file}; ` +
        `${role === 'core' ? 'takes over when the primary lease lapses' : 'take over with `leitai promote`'})`,
    );
    const stop = () => void standby.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  const server = await serve(port(values.port));
  if (server.service.list().length === 0 && !values['no-demo']) await createDemo(server.service);
  announce(server, values, file, role, links);
  if (backupEvery) {
    const dir = str(values['backup-dir']);
    startBackupSchedule({ file, dir, everyMs: backupEvery, keep: backupKeep });
    console.log(`  Backups every ${str(values['backup-every'])} into ${dir} (the newest ${backupKeep} kept).`);
  }
  if (values['export-dir']) {
    exportLogAfterStages({ service: server.service, file, dir: str(values['export-dir']) });
    console.log(`  Each contest's log is exported into ${str(values['export-dir'])} after every stage.`);
  }
  console.log('  Stop with Ctrl+C.');
  closeOnSignal(server);
}

type Server = Awaited<ReturnType<Awaited<ReturnType<typeof loadApp>>['startLeitaiServer']>>;

/** Prints where the server runs, every seat's link and the admin token. */
function announce(server: Server, values: Values, file: string, role: string, links: Links): void {
  const publicUrl = values['public-url'] ? str(values['public-url']) : undefined;
  const bases = publicUrl
    ? [publicUrl]
    : [`http://localhost:${server.port}`, ...lanAddresses().map((a) => `http://${a}:${server.port}`)];
  const check = server.storeCheck;
  if (check) {
    console.log(
      `Store checked: ${check.eventsChecked} events (${check.scope === 'full' ? 'full chain' : 'since the last check'})`,
    );
  }
  console.log(
    `Leitai 擂台 is running on port ${server.port} (data: ${file}${role === 'core' ? `, core on ${str(values.redis)}` : ''})`,
  );
  for (const state of server.service.list()) printLinks(server.service, state.contestId, bases[0]!, links);
  if (bases.length > 1) console.log(`\n  On the hall network, replace localhost with: ${bases.slice(1).join(', ')}`);
  console.log(`\n  Admin token (POST /api/contests): ${server.adminToken}`);
  // The organiser's editor: a new contest, or the bank and roster import (docs/guide-authoring.md).
  console.log(
    `  ${padColumns('组织者编辑 editor', LABEL_COLUMNS)} ${bases[0]!}/authoring.html#token=${server.adminToken}&contest=new`,
  );
  const r = server.replication?.status();
  if (r) console.log(`  Standby: ${r.mode} acknowledgement; ${r.state}${r.warning ? ` (${r.warning})` : ''}.`);
}

/** Ctrl+C or SIGTERM closes the process's server (sockets, store) and exits. */
function closeOnSignal(running: { close(): Promise<void> }): void {
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function summarise(s: ContestState) {
  const def = s.definition;
  return {
    contestId: s.contestId,
    title: def.title,
    version: s.version,
    joinCode: s.joinCode,
    currentStage: s.currentStageId,
    currentSegment: s.currentSegmentId,
    currentContestant: s.currentContestantId,
    scene: s.scene,
    stages: def.stages.map((st) => ({
      id: st.id,
      status: s.stageStatus[st.id],
      segments: st.segments.map((g) => ({ id: g.id, name: g.name, status: s.segmentStatus[g.id] })),
    })),
    seatedDevices: Object.keys(s.devices).length,
  };
}

/** Finds the command named by the first words of `argv` (options may not come before it). */
function findCommand(argv: string[]): Command | undefined {
  return COMMANDS.find((c) => c.words.every((w, i) => argv[i] === w));
}

async function main(argv: string[]): Promise<void> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const command = findCommand(argv);
  if (!command) {
    const word = argv[0]!;
    const near = COMMANDS.filter((c) => c.words[0] === word);
    if (near.length > 0 && (argv[1] === '--help' || argv[1] === '-h')) {
      process.stdout.write(near.map((c) => `usage: leitai ${c.usage}\n\n  ${c.summary}\n`).join('\n'));
      return;
    }
    if (near.length > 0) {
      throw new UsageError(
        `'${argv.slice(0, 2).join(' ')}' is not a command; did you mean ${near.map((c) => `'${c.words.join(' ')}'`).join(' or ')}?`,
      );
    }
    throw new UsageError(
      word.startsWith('-') ? `give the command before its options ('${word}')` : `unknown command '${word}'`,
    );
  }
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv.slice(command.words.length),
      options: { ...command.options, help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${command.words.join(' ')}: ${(error as Error).message}`);
  }
  if (parsed.values.help) {
    process.stdout.write(`usage: leitai ${command.usage}\n\n  ${command.summary}\n`);
    return;
  }
  const wanted = command.args ?? [];
  if (parsed.positionals.length > wanted.length) {
    throw new UsageError(`${command.words.join(' ')}: unexpected argument '${parsed.positionals[wanted.length]!}'`);
  }
  if (parsed.positionals.length < wanted.length) {
    throw new UsageError(`${command.words.join(' ')}: missing ${wanted.slice(parsed.positionals.length).join(' ')}`);
  }
  await command.run(parsed.values, parsed.positionals);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(
      `leitai: ${err.message}\nRun \`leitai --help\` for the commands, \`leitai <command> --help\` for one.`,
    );
    process.exit(2);
  }
  if (err instanceof Error && (err as { code?: string }).code === 'LEASE_HELD') {
    console.error(`leitai: refusing to start [LEASE_HELD]: ${err.message}`);
    process.exit(3);
  }
  if (err instanceof StoreRefusedError) {
    console.error(`leitai: refusing to start [${err.code}]: ${err.message}`);
    process.exit(3);
  }
  console.error(`leitai: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
