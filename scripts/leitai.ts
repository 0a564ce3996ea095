/**
 * The Leitai command line (`npm run leitai -- <command>`; built to server/dist/leitai.mjs for
 * `npm start`). USAGE below lists the commands; `--help` prints it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';
import { DEMO_CONTEST, foldEvents, type ContestState } from '@leitai/shared';
import { ContestService } from '../server/src/contests/contest-service.ts';
import { contestStream, toPositioned } from '../server/src/contests/contest-runtime.ts';
import { SqliteSeatRegistry, type Seat } from '../server/src/seats/seat-registry.ts';
import { liveUrl, seatUrl } from '../server/src/http/routes.ts';
import { startLeitaiServer } from '../server/src/app.ts';
import { systemClock } from '../server/src/clock.ts';
import { SqliteEventStore } from '../server/src/store/sqlite-event-store.ts';

const USAGE = `The Leitai command line: \`npm run leitai -- <command>\`.
  start [--port 3000] [--host 0.0.0.0] [--data data/leitai.sqlite] [--public-url URL]
        [--role single|core] [--redis redis://127.0.0.1:6379] [--channel-prefix leitai]
  edge  [--port 3001] [--host 0.0.0.0] [--redis URL] [--edge-id NAME] [--channel-prefix leitai]
                                              an edge process of a scaled-out cluster (docs/guide-operations.md)
  lb    [--port 3000] [--host 0.0.0.0] --core URL --edge URL [--edge URL …]
                                              the cluster's load balancer (docker-compose.yml's \`lb\`)
  demo [--data FILE] [--public-url URL]      create the demo contest and print every screen's URL
  contest create FILE [--data FILE] [--id ID]
  replay [--data FILE] [--contest ID]         rebuild state from the log (no snapshots) and print it
  verify [--data FILE]                        check every hash chain; exit 1 at the first broken event
  export log [--data FILE] [--contest ID] [--out FILE]
`;

const DEFAULT_DATA = process.env.LEITAI_DATA ?? 'data/leitai.sqlite';
const DEFAULT_PORT = Number(process.env.PORT ?? 3000);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    data: { type: 'string', default: DEFAULT_DATA },
    port: { type: 'string', default: String(DEFAULT_PORT) },
    host: { type: 'string', default: process.env.HOST ?? '0.0.0.0' },
    'public-url': { type: 'string' },
    contest: { type: 'string' },
    id: { type: 'string' },
    out: { type: 'string' },
    'no-demo': { type: 'boolean', default: false },
    role: { type: 'string', default: process.env.LEITAI_ROLE ?? 'single' },
    redis: { type: 'string', default: process.env.LEITAI_REDIS_URL ?? 'redis://127.0.0.1:6379' },
    'edge-id': { type: 'string' },
    core: { type: 'string' },
    edge: { type: 'string', multiple: true },
    'channel-prefix': { type: 'string', default: process.env.LEITAI_CHANNEL_PREFIX ?? 'leitai' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const ROLE_LABEL: Record<Seat['role'], string> = {
  host: '主持 host',
  judge: '评委 judge',
  contestant: '选手 play',
  stage: '大屏 stage',
  overlay: '直播叠加 overlay',
  admin: 'admin',
};

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

function printLinks(service: ContestService, contestId: string, base: string): void {
  const state = service.get(contestId)?.state;
  if (!state) return;
  const names = new Map<string, string>([
    ...state.definition.judges.map((j) => [j.id, j.name] as const),
    ...state.definition.contestants.map((c) => [c.id, c.name] as const),
  ]);
  console.log(`\n  ${state.definition.title}  (contest ${contestId}, join code ${state.joinCode})`);
  for (const seat of service.seats.forContest(contestId).filter((s) => !s.revoked)) {
    const who = seat.subjectId ? ` ${names.get(seat.subjectId) ?? seat.subjectId}` : '';
    console.log(`  ${(ROLE_LABEL[seat.role] + who).padEnd(24)} ${seatUrl(base, seat)}`);
  }
  console.log(`  ${'观众 live'.padEnd(24)} ${liveUrl(base, state.joinCode)}`);
}

async function createDemo(service: ContestService): Promise<string> {
  let id = 'demo';
  for (let n = 2; service.get(id); n++) id = `demo-${n}`;
  const created = await service.create(DEMO_CONTEST, { contestId: id });
  if (!created.ok) throw new Error(`demo contest rejected: ${created.error.message}`);
  return id;
}

function pickContest(service: ContestService): string {
  const id = values.contest ?? service.list()[0]?.contestId;
  if (!id || !service.get(id)) {
    console.error(values.contest ? `no contest '${values.contest}'` : 'no contest in this file');
    process.exit(2);
  }
  return id;
}

async function main(): Promise<void> {
  const [command, sub, arg] = positionals;
  const file = values.data;
  switch (command) {
    case 'start': {
      if (values.role !== 'single' && values.role !== 'core') {
        console.error(`--role must be single or core (an edge is started with \`leitai edge\`), not '${values.role}'`);
        process.exit(2);
      }
      const server = await startLeitaiServer({
        role: values.role,
        redisUrl: values.redis,
        channelPrefix: values['channel-prefix'],
        dbFile: file,
        host: values.host,
        port: Number(values.port),
        ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
      });
      if (server.service.list().length === 0 && !values['no-demo']) await createDemo(server.service);
      const bases = values['public-url']
        ? [values['public-url']]
        : [`http://localhost:${server.port}`, ...lanAddresses().map((a) => `http://${a}:${server.port}`)];
      console.log(
        `Leitai 擂台 is running on port ${server.port} (data: ${file}${values.role === 'core' ? `, core on ${values.redis}` : ''})`,
      );
      for (const state of server.service.list()) printLinks(server.service, state.contestId, bases[0]!);
      if (bases.length > 1)
        console.log(`\n  On the hall network, replace localhost with: ${bases.slice(1).join(', ')}`);
      console.log(`\n  Admin token (POST /api/contests): ${server.adminToken}`);
      console.log('  Stop with Ctrl+C.');
      closeOnSignal(server);
      return;
    }
    case 'edge': {
      // Cluster roles load their modules (Redis, proxy) only when chosen.
      const { startEdgeServer } = await import('../server/src/cluster/edge-server.ts');
      const edge = await startEdgeServer({
        host: values.host,
        port: Number(values.port),
        redisUrl: values.redis,
        channelPrefix: values['channel-prefix'],
        ...(values['edge-id'] ? { edgeId: values['edge-id'] } : {}),
      });
      console.log(`Leitai edge ${edge.edgeId} is running on port ${edge.port} (redis ${values.redis})`);
      closeOnSignal(edge);
      return;
    }
    case 'lb': {
      if (!values.core || !values.edge?.length) {
        console.error('usage: lb --core URL --edge URL [--edge URL …]');
        process.exit(2);
      }
      const { startBalancer } = await import('../server/src/cluster/balancer.ts');
      const lb = await startBalancer({
        host: values.host,
        port: Number(values.port),
        core: values.core,
        edges: values.edge,
      });
      console.log(
        `Leitai balancer is running on port ${lb.port} (core ${values.core}, edges ${values.edge.join(' ')})`,
      );
      closeOnSignal(lb);
      return;
    }
    case 'demo': {
      const o = openOffline(file);
      await o.service.loadAll();
      const id = await createDemo(o.service);
      printLinks(o.service, id, values['public-url'] ?? `http://localhost:${values.port}`);
      await o.close();
      return;
    }
    case 'contest': {
      if (sub !== 'create' || !arg) throw new Error('usage: contest create FILE');
      const o = openOffline(file);
      await o.service.loadAll();
      const created = await o.service.create(
        JSON.parse(readFileSync(arg, 'utf8')),
        values.id ? { contestId: values.id } : {},
      );
      if (!created.ok) {
        console.error(`rejected: ${created.error.code}`);
        for (const p of created.error.details ?? [{ path: '', message: created.error.message }]) {
          console.error(`  ${p.path}: ${p.message}`);
        }
        await o.close();
        process.exit(1);
      }
      printLinks(o.service, created.contest.contestId, values['public-url'] ?? `http://localhost:${values.port}`);
      await o.close();
      return;
    }
    case 'replay': {
      const o = openOffline(file);
      const ids = values.contest ? [values.contest] : o.store.streamIds('contest-').map((s) => s.slice(8));
      for (const id of ids) {
        const events = o.store.readStream(contestStream(id)).map(toPositioned);
        const state = foldEvents(null, events);
        if (!state) {
          console.error(`no contest '${id}'`);
          continue;
        }
        console.log(JSON.stringify(summarise(state), null, 2));
      }
      await o.close();
      return;
    }
    case 'verify': {
      const o = openOffline(file);
      const report = o.store.verify();
      await o.close();
      console.log(JSON.stringify(report, null, 2));
      process.exit(report.ok ? 0 : 1);
      return;
    }
    case 'export': {
      if (sub !== 'log') throw new Error('usage: export log [--contest ID] [--out FILE]');
      const o = openOffline(file);
      await o.service.loadAll();
      const id = pickContest(o.service);
      const text =
        o.store
          .readStream(contestStream(id))
          .map((e) => JSON.stringify(e))
          .join('\n') + '\n';
      if (values.out) writeFileSync(values.out, text);
      else process.stdout.write(text);
      await o.close();
      return;
    }
    default:
      console.log(USAGE);
      process.exit(command && !values.help ? 2 : 0);
  }
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

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
