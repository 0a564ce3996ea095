/**
 * B1 of quality.md: fan-out from one server process to N audience sockets, 200-byte frames,
 * side by side with raw `ws` sending a pre-built frame, in the same run.
 *
 *   npm run bench -- fanout [--sockets 5000] [--rate 10] [--seconds 5] [--sat-sockets 1000] [--sat-rate 100] [--rounds 3] [--json]
 *
 * The server is this process: the real Leitai server (in-memory store, the demo contest), its
 * audience sockets joined by join code, and frames broadcast with the call the audience tick
 * makes (`sendAudienceFrame`: one shard room per event-loop turn, each an
 * `io.to(shardRoom).emit('audience:frame', frame)`, through the direct-frame path the audience
 * gate installs on every phone; `LEITAI_DIRECT_FRAMES=0` turns that path off). Beside it, a bare
 * `ws` server broadcasts the same bytes to the same number of clients. The clients run in a
 * child process (raw WebSockets speaking the Engine.IO protocol for Socket.IO), so the CPU
 * measured here is the server's. Two phases each: the B1 load (N sockets × rate frames/s) and
 * a saturation run (fewer sockets, many frames) for deliveries per CPU-second. The pairs run
 * `--rounds` times in turns, so drift in the machine's load hits both systems alike; the
 * verdicts are on the medians over rounds. Loopback only.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import { DEMO_CONTEST, type AudienceFrame, sleep } from '@leitai/shared';
import { startLeitaiServer } from '../../server/src/app.ts';
import { sendAudienceFrame } from '../../server/src/audience/attach-audience.ts';
import { directFrameCounts } from '../../server/src/net/direct-frames.ts';
import { alignedTable, median, numArg } from '../lib/bench-table.ts';

const SELF = fileURLToPath(import.meta.url);

/** A 200-byte audience frame (JSON as sent). */
export function frame(seq: number): AudienceFrame {
  return {
    seq,
    comments: [
      {
        id: `c${String(seq).padStart(7, '0')}`,
        nickname: '红星观众0427',
        text: '为选手们点赞，讲得真好！加油加油讲得精彩继续努',
        color: 'gold',
      },
    ],
    likes: 123456 + seq,
  };
}

interface PhaseResult {
  system: 'socket.io' | 'ws';
  round: number;
  sockets: number;
  rate: number;
  seconds: number;
  deliveries: number;
  deliveriesPerSec: number;
  /** Broadcast plus drain; longer than `seconds` when the loop fell behind. */
  wallSeconds: number;
  /** Server CPU (user + system) as a share of one core. */
  cpuPercent: number;
  deliveriesPerCpuSec: number;
  loopDelayP99Ms: number;
  frameBytes: number;
}

/* ---------- client process ---------- */

async function clients(kind: 'sio' | 'ws', url: string, n: number, joinCode: string, sampleEvery = 100): Promise<void> {
  let count = 0;
  let open = 0;
  /** Every `sampleEvery`-th socket reads the frame's send time (`at`, when present) for latency (B8). */
  let latencies: number[] = [];
  const sample = (data: Buffer) => {
    const at = /"at":(\d+(?:\.\d+)?)/.exec(data.toString())?.[1];
    if (at) latencies.push(performance.timeOrigin + performance.now() - Number(at));
  };
  const sockets: WebSocket[] = [];
  const batch = 200;
  for (let i = 0; i < n; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, n - i) }, () => {
        const ws = new WebSocket(url, { perMessageDeflate: false });
        sockets.push(ws);
        return new Promise<void>((resolve, reject) => {
          ws.once('error', reject);
          if (kind === 'ws') {
            ws.once('open', () => {
              open += 1;
              resolve();
            });
            ws.on('message', () => (count += 1));
            return;
          }
          const sampled = (sockets.length - 1) % sampleEvery === 0;
          ws.on('message', (data: Buffer) => {
            const c = data[0];
            if (c === 0x34 && data[1] === 0x32) {
              count += 1; // "42": an event
              if (sampled) sample(data);
            } else if (c === 0x30)
              ws.send(`40${JSON.stringify({ protocolVersion: 1, joinCode })}`); // open → connect
            else if (c === 0x32)
              ws.send('3'); // ping → pong
            else if (c === 0x34 && data[1] === 0x30) {
              open += 1;
              resolve();
            } else if (c === 0x34 && data[1] === 0x34) reject(new Error(`refused: ${data.toString().slice(0, 200)}`));
          });
        });
      }),
    );
  }
  process.stdout.write(`ready ${open}\n`);
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'reset') {
      count = 0;
      latencies = [];
      process.stdout.write('ok\n');
    }
    if (line === 'report') {
      const sorted = [...latencies].sort((a, b) => a - b);
      const q = (p: number) =>
        sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : -1;
      process.stdout.write(`count ${count} ${sorted.length} ${q(0.5).toFixed(2)} ${q(0.99).toFixed(2)}\n`);
    }
    if (line === 'quit') {
      for (const s of sockets) s.terminate();
      process.exit(0);
    }
  });
}

/* ---------- server side ---------- */

export function spawnClients(
  kind: 'sio' | 'ws',
  url: string,
  n: number,
  joinCode = '',
  self = SELF,
  sampleEvery = 100,
) {
  const args = ['--clients', kind, url, String(n), joinCode, String(sampleEvery)];
  const child = spawn(process.execPath, ['--import', 'tsx', self, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((l: string) => void)[] = [];
  lines.on('line', (l) => {
    if (process.env.FANOUT_DEBUG) process.stderr.write(`child: ${l}\n`);
    waiting.shift()?.(l);
  });
  const next = () => new Promise<string>((r) => waiting.push(r));
  const ask = (cmd: string) => {
    const p = next();
    child.stdin.write(`${cmd}\n`);
    return p;
  };
  return next().then((l) => {
    if (!l.startsWith('ready')) throw new Error(`clients: ${l}`);
    return { child, ask };
  });
}

async function phase(
  system: PhaseResult['system'],
  round: number,
  sockets: number,
  rate: number,
  seconds: number,
  broadcast: (seq: number) => void,
  frameBytes: number,
  ask: (cmd: string) => Promise<string>,
): Promise<PhaseResult> {
  // Settle: the previous phase's sockets close and this phase's handshakes finish first.
  await sleep(2000);
  (globalThis as { gc?: () => void }).gc?.();
  await ask('reset');
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let seq = 0;
  const total = Math.round(rate * seconds);
  await new Promise<void>((resolve) => {
    const every = 1000 / rate;
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - t0) / every) + 1);
      while (seq < due) broadcast(++seq);
      if (seq >= total) return resolve();
      setTimeout(tick, Math.max(0, every - ((performance.now() - t0) % every)));
    };
    tick();
  });
  // Let the last frames drain: until every socket has every frame (a broadcast still going
  // out shard by shard when the loop fell behind counts too), at most 5 s, at least 400 ms.
  const expected = sockets * total;
  const drainUntil = performance.now() + 5000;
  await sleep(400);
  let delivered = Number((await ask('report')).split(' ')[1]);
  while (delivered < expected && performance.now() < drainUntil) {
    await sleep(100);
    delivered = Number((await ask('report')).split(' ')[1]);
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  loop.disable();
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  return {
    system,
    round,
    sockets,
    rate,
    seconds,
    deliveries: delivered,
    deliveriesPerSec: Math.round(delivered / wall),
    wallSeconds: Math.round(wall * 10) / 10,
    cpuPercent: Math.round((cpuSec / wall) * 1000) / 10,
    deliveriesPerCpuSec: Math.round(delivered / Math.max(cpuSec, 1e-6)),
    loopDelayP99Ms: Math.round(loop.percentile(99) / 1e4) / 100,
    frameBytes,
  };
}

export interface FanoutOptions {
  sockets: number;
  rate: number;
  seconds: number;
  satSockets: number;
  satRate: number;
  rounds: number;
}

export async function runFanout(o: FanoutOptions, log: (l: string) => void): Promise<PhaseResult[]> {
  const results: PhaseResult[] = [];
  // Socket.IO: the real server.
  const server = await startLeitaiServer({ port: 0, clientDist: '/nonexistent' });
  const created = await server.service.create(DEMO_CONTEST, { contestId: 'bench' });
  if (!created.ok) throw new Error(created.error.message);
  const joinCode = created.contest.joinCode;
  const sioUrl = `ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`;
  const sioBytes = Buffer.byteLength(`42${JSON.stringify(['audience:frame', frame(1)])}`);
  // Raw ws beside it, same process.
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const wsPort = (http.address() as { port: number }).port;
  const prebuilt = Buffer.from(`42${JSON.stringify(['audience:frame', frame(1)])}`);
  // The WebSocket frame itself built once (header + payload), written to each client's socket:
  // the cheapest broadcast raw `ws` can do, and what Socket.IO's adapter does for a broadcast.
  const wsInternals = WebSocket as unknown as {
    Sender: {
      frame(
        data: Buffer,
        o: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean },
      ): Buffer[];
    };
  };
  const framed = wsInternals.Sender.frame(prebuilt, { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: true });
  type RawClient = { _sender: { sendFrame(list: Buffer[]): void } };

  try {
    const pairs = [
      [o.sockets, o.rate, 'load'],
      [o.satSockets, o.satRate, 'saturation'],
    ] as const;
    for (let round = 1; round <= o.rounds; round++)
      for (const [sockets, rate, label0] of pairs) {
        const label = `${label0} round ${round}`;
        log(`socket.io ${label}: connecting ${sockets} sockets`);
        const sio = await spawnClients('sio', sioUrl, sockets, joinCode);
        const counts0 = { ...directFrameCounts };
        results.push(
          await phase(
            'socket.io',
            round,
            sockets,
            rate,
            o.seconds,
            (seq) => sendAudienceFrame(server.io, 'bench', frame(seq)),
            sioBytes,
            sio.ask,
          ),
        );
        log(
          `socket.io ${label}: ${directFrameCounts.direct - counts0.direct} deliveries written directly, ` +
            `${directFrameCounts.engine - counts0.engine} through Engine.IO's buffer; ` +
            `${server.io.of('/').adapter.rooms.get('bench:audience')?.size ?? 0} sockets still connected`,
        );
        sio.child.stdin.write('quit\n');
        await new Promise((r) => sio.child.once('exit', r));
        log(`ws ${label}: connecting ${sockets} sockets`);
        const raw = await spawnClients('ws', `ws://127.0.0.1:${wsPort}`, sockets);
        results.push(
          await phase(
            'ws',
            round,
            sockets,
            rate,
            o.seconds,
            () => {
              for (const c of wss.clients) (c as unknown as RawClient)._sender.sendFrame(framed);
            },
            prebuilt.length,
            raw.ask,
          ),
        );
        raw.child.stdin.write('quit\n');
        await new Promise((r) => raw.child.once('exit', r));
      }
  } finally {
    wss.close();
    http.close();
    await server.close();
  }
  return results;
}

function table(rs: PhaseResult[]): string {
  const head = [
    'system',
    'round',
    'sockets',
    'frames/s',
    'wall s',
    'deliveries/s',
    'server CPU',
    'deliveries/CPU-s',
    'loop p99',
    'bytes',
  ];
  const rows = rs.map((r) => [
    r.system,
    String(r.round),
    String(r.sockets),
    String(r.rate),
    String(r.wallSeconds),
    r.deliveriesPerSec.toLocaleString('en'),
    `${r.cpuPercent}%`,
    r.deliveriesPerCpuSec.toLocaleString('en'),
    `${r.loopDelayP99Ms} ms`,
    String(r.frameBytes),
  ]);
  const lines = alignedTable(head, rows);
  const of = (system: PhaseResult['system'], sockets: number, rate: number) =>
    rs.filter((r) => r.system === system && r.sockets === sockets && r.rate === rate);
  /** socket.io over raw ws deliveries per CPU-second, per round. */
  const ratios = (sockets: number, rate: number) =>
    of('socket.io', sockets, rate).flatMap((s) => {
      const x = of('ws', sockets, rate).find((w) => w.round === s.round);
      return x ? [s.deliveriesPerCpuSec / x.deliveriesPerCpuSec] : [];
    });
  /** A core's share the asked load needs at the measured cost per delivery (robust when the loop or the machine fell behind). */
  const perLoad = (r: PhaseResult) => (100 * r.sockets * r.rate) / r.deliveriesPerCpuSec;
  const pct = (v: number[]) => v.map((x) => `${x.toFixed(0)}%`).join(', ');
  const load = rs[0];
  if (load) {
    const sio = of('socket.io', load.sockets, load.rate);
    const cpu = median(sio.map((r) => r.cpuPercent));
    const loadRatios = ratios(load.sockets, load.rate).map((x) => x * 100);
    lines.push(
      '',
      `B1 ${load.sockets} sockets × ${load.rate} frames/s: socket.io server CPU, median of ${sio.length} rounds ${cpu.toFixed(1)}% of a core (rounds: ${sio.map((r) => `${r.cpuPercent}%`).join(', ')}; target < 60% at 5k × 10) ${cpu < 60 ? 'ok' : 'MISSED'}`,
      `B1 the same load at the measured cost per delivery (${(load.sockets * load.rate).toLocaleString('en')}/s ÷ deliveries per CPU-second): socket.io ${pct(sio.map(perLoad))} of a core, raw ws ${pct(of('ws', load.sockets, load.rate).map(perLoad))}`,
      `B1 socket.io / raw ws deliveries per CPU-second at the load: median ${median(loadRatios).toFixed(0)}% (rounds: ${pct(loadRatios)})`,
    );
  }
  const sat = rs.find((r) => r.sockets !== load?.sockets || r.rate !== load.rate);
  if (sat) {
    const satRatios = ratios(sat.sockets, sat.rate).map((x) => x * 100);
    const m = median(satRatios);
    lines.push(
      `B1 socket.io / raw ws deliveries per CPU-second at saturation: median ${m.toFixed(0)}% (rounds: ${pct(satRatios)}; target >= 80%) ${m >= 80 ? 'ok' : 'MISSED'}`,
    );
  }
  return lines.join('\n');
}

const num = numArg;

/** CLI entry used by scripts/bench/run.ts. */
export async function run(args: string[]): Promise<void> {
  const options: FanoutOptions = {
    sockets: num(args, '--sockets', 5000),
    rate: num(args, '--rate', 10),
    seconds: num(args, '--seconds', 5),
    satSockets: num(args, '--sat-sockets', 1000),
    satRate: num(args, '--sat-rate', 100),
    rounds: num(args, '--rounds', 3),
  };
  const results = await runFanout(options, (l) => process.stderr.write(`${l}\n`));
  process.stdout.write(`${table(results)}\n`);
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ bench: 'fanout', options, results })}\n`);
  process.exit(0);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--clients') {
    await clients(argv[1] as 'sio' | 'ws', argv[2] ?? '', Number(argv[3]), argv[4] ?? '', Number(argv[5] ?? 100));
  } else await run(argv);
}
