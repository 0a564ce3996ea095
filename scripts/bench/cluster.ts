/**
 * B8 of quality.md: the scaled-out mode. Added latency of the Redis adapter, and deliveries per
 * second with the audience on one edge and on two, side by side in one run.
 *
 *   npm run bench -- cluster [--lat-sockets 20] [--rate 50] [--lat-seconds 8] [--rounds 5]
 *                            [--sockets 2000] [--sat-rate 150] [--seconds 5] [--json]
 *
 * Redis: LEITAI_REDIS_URL or 127.0.0.1:6379 (a channel prefix of its own, so a running cluster
 * is not disturbed). The broadcasting server is this process: a Leitai server with the demo
 * contest, whose audience gets 200-byte frames carrying their send time, sent with the audience
 * tick's own call (`sendAudienceFrame`: written in slices of 1 ms per event-loop turn; scaled out,
 * one `leitai:audience` message on Redis per frame, which each edge writes to its own sockets
 * the same way). Edges are child processes (`leitai edge`); the audience
 * sockets run in another child process (scripts/bench/fanout.ts's raw Engine.IO clients).
 *
 * Setups, each with the same number of audience sockets:
 *   single   — one process, no Redis: the sockets on the broadcasting server (baseline)
 *   1 edge   — core + one edge: all sockets on the edge, frames through Redis
 *   2 edges  — core + two edges: half the sockets on each
 * Latency (`--lat-sockets` × `--rate` frames/s for `--lat-seconds`, a light load: the adapter's
 * delay, not a queue; every socket reads every frame's send time): after a 2 s warm-up of each,
 * the three setups take turns, `--rounds` times, so drift in the machine's load hits them alike; the added p99 is judged on
 * the median over rounds. Throughput (`--sockets` × `--sat-rate` for `--seconds`; the default,
 * 300k deliveries/s asked, is more than one edge or the single process can write here):
 * deliveries/s, CPU of the core and of each edge.
 * On a 2-core machine the edges, the clients and the core share two cores, so throughput
 * across edges is bounded by the machine; the per-edge CPU per delivery is the figure that
 * sizes a real deployment (docs/BENCHMARKS.md).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_CONTEST, type AudienceFrame, sleep } from '@leitai/shared';
import { startLeitaiServer, type LeitaiServerHandle } from '../../server/src/app.ts';
import { spawnLeitai, type LeitaiProcess } from '../lib/leitai-process.ts';
import { sendAudienceFrame } from '../../server/src/audience/attach-audience.ts';
import { frame, spawnClients } from './fanout.ts';
import { alignedTable, median, numArg } from '../lib/bench-table.ts';

const TICKS = 100; // /proc CPU times are in 1/100 s on Linux

interface PhaseResult {
  setup: string;
  phase: 'latency' | 'throughput';
  /** Latency round (1…), 0 for throughput (−1, the warm-up, is not recorded). */
  round: number;
  sockets: number;
  rate: number;
  deliveriesPerSec: number;
  expectedPerSec: number;
  p50Ms: number;
  p99Ms: number;
  coreCpuPercent: number;
  edgeCpuPercent: number[];
}

const procCpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
};

const startEdge = (redisUrl: string, prefix: string, id: string) =>
  spawnLeitai(
    ['edge', '--port', '0', '--host', '127.0.0.1', '--redis', redisUrl, '--channel-prefix', prefix, '--edge-id', id],
    {
      built: true,
      ...(process.env.BENCH_DEBUG ? { onOutput: (t: string) => process.stderr.write(`[${id}] ${t}`) } : {}),
    },
  );

const stamped = (seq: number): AudienceFrame & { at: number } => ({
  ...frame(seq),
  at: performance.timeOrigin + performance.now(),
});

async function measure(
  setup: string,
  phase: PhaseResult['phase'],
  round: number,
  server: LeitaiServerHandle,
  contestId: string,
  rate: number,
  seconds: number,
  groups: { ask: (cmd: string) => Promise<string>; sockets: number }[],
  edgePids: number[],
): Promise<PhaseResult> {
  await sleep(1500);
  for (const g of groups) await g.ask('reset');
  const cpu0 = process.cpuUsage();
  const edge0 = edgePids.map(procCpuSeconds);
  const t0 = performance.now();
  const total = Math.round(rate * seconds);
  let seq = 0;
  await new Promise<void>((done) => {
    const every = 1000 / rate;
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - t0) / every) + 1);
      while (seq < due) sendAudienceFrame(server.io, contestId, stamped(++seq));
      if (seq >= total) return done();
      setTimeout(tick, Math.max(0, every - ((performance.now() - t0) % every)));
    };
    tick();
  });
  await sleep(600);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const edgeCpu = edgePids.map((pid, i) => procCpuSeconds(pid) - (edge0[i] ?? 0));
  let delivered = 0;
  const p50s: number[] = [];
  const p99s: number[] = [];
  for (const g of groups) {
    const [, count, samples, p50, p99] = (await g.ask('report')).split(' ');
    delivered += Number(count);
    if (Number(samples) > 0) {
      p50s.push(Number(p50));
      p99s.push(Number(p99));
    }
  }
  const sockets = groups.reduce((n, g) => n + g.sockets, 0);
  const pct = (s: number) => Math.round((s / wall) * 1000) / 10;
  return {
    setup,
    phase,
    round,
    sockets,
    rate,
    deliveriesPerSec: Math.round(delivered / wall),
    expectedPerSec: Math.round((total * sockets) / wall),
    p50Ms: Math.max(...p50s),
    p99Ms: Math.max(...p99s),
    coreCpuPercent: pct((cpu.user + cpu.system) / 1e6),
    edgeCpuPercent: edgeCpu.map(pct),
  };
}

export interface ClusterBenchOptions {
  /** Audience sockets in the latency phase (light load: the adapter's delay, not a queue). */
  latSockets: number;
  latSeconds: number;
  rounds: number;
  sockets: number;
  rate: number;
  satRate: number;
  seconds: number;
  redisUrl: string;
}

export async function runClusterBench(o: ClusterBenchOptions, log: (l: string) => void): Promise<PhaseResult[]> {
  const results: PhaseResult[] = [];
  const prefix = `bench-${Date.now().toString(36)}`;
  const fanoutClients = resolve(import.meta.dirname, 'fanout.ts');
  const wsUrl = (port: number) => `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`;

  interface Setup {
    name: string;
    server: LeitaiServerHandle;
    ports: number[];
    edgePids: number[];
  }
  const phase = async (
    setup: Setup,
    kind: PhaseResult['phase'],
    round: number,
    sockets: number,
    rate: number,
    seconds: number,
  ) => {
    const state = setup.server.service.list()[0]!;
    const per = Math.floor(sockets / setup.ports.length);
    log(
      `${setup.name} ${kind}${round > 0 ? ` round ${round}` : round < 0 ? ' warm-up' : ''}: connecting ${per * setup.ports.length} audience sockets`,
    );
    // Light load: every socket samples every frame; at throughput, every 100th socket.
    const sampleEvery = kind === 'latency' ? 1 : 100;
    const groups = await Promise.all(
      setup.ports.map(async (port) => ({
        ...(await spawnClients('sio', wsUrl(port), per, state.joinCode, fanoutClients, sampleEvery)),
        sockets: per,
      })),
    );
    const result = await measure(
      setup.name,
      kind,
      round,
      setup.server,
      state.contestId,
      rate,
      seconds,
      groups,
      setup.edgePids,
    );
    if (round >= 0) results.push(result);
    for (const g of groups) {
      g.child.stdin.write('quit\n');
      await new Promise((r) => g.child.once('exit', r));
    }
  };

  // Baseline (one process, no Redis) and core + edges on Redis, all up at once so the latency
  // rounds can alternate between them.
  const single = await startLeitaiServer({ port: 0, clientDist: '/nonexistent' });
  const core = await startLeitaiServer({
    port: 0,
    clientDist: '/nonexistent',
    role: 'core',
    redisUrl: o.redisUrl,
    channelPrefix: prefix,
  });
  const edges: LeitaiProcess[] = [];
  try {
    await single.service.create(DEMO_CONTEST, { contestId: 'bench' });
    await core.service.create(DEMO_CONTEST, { contestId: 'bench' });
    log('starting two edges');
    edges.push(...(await Promise.all([startEdge(o.redisUrl, prefix, 'e1'), startEdge(o.redisUrl, prefix, 'e2')])));
    const pids = edges.map((e) => e.child.pid!);
    const setups: Setup[] = [
      { name: 'single', server: single, ports: [single.port], edgePids: [] },
      { name: '1 edge', server: core, ports: [edges[0]!.port], edgePids: [pids[0]!] },
      { name: '2 edges', server: core, ports: edges.map((e) => e.port), edgePids: pids },
    ];
    // Warm-up, not recorded: freshly started edges compile their hot paths in the first seconds.
    for (const setup of setups) await phase(setup, 'latency', -1, o.latSockets, o.rate, 2);
    for (let round = 1; round <= o.rounds; round++) {
      for (const setup of setups) await phase(setup, 'latency', round, o.latSockets, o.rate, o.latSeconds);
    }
    for (const setup of setups) await phase(setup, 'throughput', 0, o.sockets, o.satRate, o.seconds);
  } finally {
    for (const e of edges) e.child.kill('SIGTERM');
    await core.close();
    await single.close();
  }
  return results;
}

function table(rs: PhaseResult[]): string {
  const head = [
    'setup',
    'phase',
    'sockets',
    'frames/s',
    'deliveries/s',
    'of expected',
    'p50',
    'p99',
    'core CPU',
    'edge CPU',
  ];
  const rows = rs.map((r) => [
    r.setup,
    r.round ? `${r.phase} ${r.round}` : r.phase,
    String(r.sockets),
    String(r.rate),
    r.deliveriesPerSec.toLocaleString('en'),
    `${Math.round((r.deliveriesPerSec / r.expectedPerSec) * 100)}%`,
    `${r.p50Ms.toFixed(2)} ms`,
    `${r.p99Ms.toFixed(2)} ms`,
    `${r.coreCpuPercent}%`,
    r.edgeCpuPercent.length ? r.edgeCpuPercent.map((c) => `${c}%`).join(' + ') : '-',
  ]);
  const lines = alignedTable(head, rows);
  const lat = (setup: string, round: number) =>
    rs.find((r) => r.setup === setup && r.phase === 'latency' && r.round === round);
  const rounds = [...new Set(rs.filter((r) => r.phase === 'latency').map((r) => r.round))];
  for (const setup of ['1 edge', '2 edges']) {
    const p99s: number[] = [];
    const p50s: number[] = [];
    for (const round of rounds) {
      const base = lat('single', round);
      const r = lat(setup, round);
      if (!base || !r) continue;
      p99s.push(r.p99Ms - base.p99Ms);
      p50s.push(r.p50Ms - base.p50Ms);
    }
    if (!p99s.length) continue;
    const added = median(p99s);
    lines.push(
      `B8 ${setup}: added p99 latency of the adapter, median of ${p99s.length} rounds ${added.toFixed(2)} ms ` +
        `(rounds: ${p99s.map((x) => x.toFixed(2)).join(', ')}; p50 ${median(p50s).toFixed(2)} ms; target <= 2 ms p99) ${added <= 2 ? 'ok' : 'MISSED'}`,
    );
  }
  const thr = (setup: string) => rs.find((r) => r.setup === setup && r.phase === 'throughput');
  const one = thr('1 edge');
  const two = thr('2 edges');
  if (one && two) {
    const perCpu = (r: PhaseResult) =>
      Math.round(r.deliveriesPerSec / Math.max(0.01, r.edgeCpuPercent.reduce((a, b) => a + b, 0) / 100));
    const busiest = (r: PhaseResult) => Math.max(...r.edgeCpuPercent);
    const all = (r: PhaseResult) => r.deliveriesPerSec >= 0.99 * r.expectedPerSec;
    lines.push(
      `B8 throughput: 1 edge ${one.deliveriesPerSec.toLocaleString('en')}/s, 2 edges ${two.deliveriesPerSec.toLocaleString('en')}/s (${((two.deliveriesPerSec / one.deliveriesPerSec) * 100 - 100).toFixed(0)}% more)` +
        (all(one) && all(two)
          ? `; both delivered all that was asked, the busiest edge at ${busiest(one).toFixed(0)}% of a core with 1 edge, ${busiest(two).toFixed(0)}% with 2`
          : ''),
      `B8 deliveries per edge CPU-second: 1 edge ${perCpu(one).toLocaleString('en')}, 2 edges ${perCpu(two).toLocaleString('en')}`,
    );
  }
  return lines.join('\n');
}

const num = numArg;

/** CLI entry used by scripts/bench/run.ts. */
export async function run(args: string[]): Promise<void> {
  const options: ClusterBenchOptions = {
    latSockets: num(args, '--lat-sockets', 20),
    latSeconds: num(args, '--lat-seconds', 8),
    rounds: num(args, '--rounds', 5),
    sockets: num(args, '--sockets', 2000),
    rate: num(args, '--rate', 50),
    satRate: num(args, '--sat-rate', 150),
    seconds: num(args, '--seconds', 5),
    redisUrl: process.env.LEITAI_REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
  const results = await runClusterBench(options, (l) => process.stderr.write(`${l}\n`));
  process.stdout.write(`${table(results)}\n`);
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ bench: 'cluster', options, results })}\n`);
  process.exit(0);
}
