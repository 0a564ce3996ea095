/**
 * B10 of quality.md: the written test on one process. N takers (default 20,000) register with
 * the join code (open registration), connect to the `/written` namespace and open their papers;
 * each changes an answer every ~10 s (N/10 saves a second) for the writing phase; then all of
 * them submit within the 10 s before the close; the host closes the test. Measured:
 * - save acknowledgement (durable: SQLite, synchronous=FULL, group commit), p50/p99, as the
 *   takers' processes see it (send → ack);
 * - submissions acknowledged;
 * - close → every paper submitted, graded, the ledger event recorded, ranked and item-analysed
 *   (on the server's clock);
 * - the server's RSS per taker (RSS with the takers in, minus RSS before).
 *
 *   npx tsx scripts/bench/run.ts written [--json] [--takers 20000] [--writing-seconds 40] [--questions 20]
 *     [--generators G] [--edges E]
 *
 * With `--edges E` (E ≥ 1) the server is a core on Redis (LEITAI_REDIS_URL or 127.0.0.1:6379, a
 * channel prefix of its own) with E edge processes (`leitai edge`) and a real HAProxy in front
 * (scripts/lib/haproxy-process.ts, the configuration of `leitai haproxy-config`): the takers'
 * sockets go through it with the taker page's `?pool=written&k=…` (one key per taker), so HAProxy
 * sends them to the edges as in a hall (registration goes to the core directly): the scaled mode
 * carrying the written test. RSS is then reported for the core and the edges apart. HAProxy holds
 * two descriptors per socket, so N is clamped to 8,500 then (its maxconn 9,000 under the limit).
 *
 * The takers are raw WebSocket clients speaking the Socket.IO wire protocol (as buzz.ts's crowd),
 * spread over G generator processes (default: one per 12,000 takers), so the client
 * side never meets the open-file limit: every process may hold at most that many descriptors
 * (`ulimit -Hn`, 20,000 here), one per socket. The server is the limit: it holds one descriptor
 * per taker plus its files and the generators' registration connections (at most
 * REGISTER_CONCURRENCY each), so N is clamped below the limit and the bench says so. Loopback
 * only; every process stops by itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION, THREE_STAGE_CONTEST, percentile, type ContestFile, type Question } from '@leitai/shared';
import { alignedTable, numArg } from '../lib/bench-table.ts';
import { spawnLeitai, type LeitaiProcess } from '../lib/leitai-process.ts';
import { startHaproxy, type HaproxyHandle } from '../lib/haproxy-process.ts';

const SEG = 'prelim-written';
/** Registrations in flight per generator (each an HTTP connection the server holds meanwhile). */
const REGISTER_CONCURRENCY = 50;
/** Descriptors the server keeps for itself: SQLite files and WAL, the listening socket, stdio, … */
const SERVER_RESERVE = 200;

/** The open-file limit of this process (each socket is one). */
function fdLimit(): number {
  try {
    const m = /Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m?.[1] ? Number(m[1]) : 1_000_000;
  } catch {
    return 1_000_000;
  }
}

/** Descriptors this process holds now (Linux), or -1 where /proc is not there. */
function openFiles(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
}

/** An open written test of `questions` single-choice questions, long enough for any run. */
function benchContest(questions: number): ContestFile {
  const c = JSON.parse(JSON.stringify(THREE_STAGE_CONTEST)) as ContestFile;
  const qs: Question[] = Array.from({ length: questions }, (_, i) => ({
    id: `b${i + 1}`,
    kind: 'single',
    text: `第 ${i + 1} 题`,
    options: ['A', 'B', 'C', 'D'].map((key) => ({ key, text: `选项 ${key}` })),
    answer: [['A', 'B', 'C', 'D'][i % 4]!],
  }));
  c.questions.push(...qs);
  const seg = c.stages[0]!.segments[0]!;
  if (seg.kind !== 'written') throw new Error('written expected');
  seg.questionIds = qs.map((q) => q.id);
  seg.fullMarks = questions;
  seg.settings = { durationSeconds: 3600, pointsPerQuestion: 1, entry: 'open' };
  return c;
}

/** Child mode: the server. Prints `BENCH-SERVE {port, joinCode, rss}`; on stdin `rss` / `close`. */
async function serve(dbFile: string, questions: number, cluster?: { redisUrl: string; prefix: string }): Promise<void> {
  const { startLeitaiServer } = await import('@leitai/server');
  const server = await startLeitaiServer({
    dbFile,
    port: 0,
    host: '127.0.0.1',
    ...(cluster ? { role: 'core' as const, redisUrl: cluster.redisUrl, channelPrefix: cluster.prefix } : {}),
  });
  const created = await server.service.create(benchContest(questions), { contestId: 'bench' });
  if (!created.ok) throw new Error(created.error.message);
  const runtime = server.service.get('bench')!;
  const host = { role: 'host' as const };
  const opened = await runtime.execute({ type: 'OpenWrittenTest', data: { segmentId: SEG } }, host);
  if (!opened.ok) throw new Error(opened.error.message);
  global.gc?.();
  const out = (tag: string, data: unknown) => process.stdout.write(`${tag} ${JSON.stringify(data)}\n`);
  out('BENCH-SERVE', { port: server.port, joinCode: created.contest.joinCode, rss: process.memoryUsage().rss });
  // The server's own share of a save's latency: receive → acknowledgement sent (taker-socket.ts),
  // and how late its event loop ran (a message waits that long before it is even read).
  const loop = monitorEventLoopDelay({ resolution: 10 });
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'write') {
      server.written.ackTimes(true);
      loop.reset();
      loop.enable();
    }
    if (line === 'stats') {
      loop.disable();
      const times = server.written.ackTimes();
      const save = times['paper:save'] ?? times['rpc:paper:save'];
      out('BENCH-STATS', {
        save: save ?? null,
        loopP50Ms: loop.percentile(50) / 1e6,
        loopP99Ms: loop.percentile(99) / 1e6,
        loopMaxMs: loop.max / 1e6,
        load: loadavg(),
      });
    }
    if (line === 'rss') {
      global.gc?.();
      out('BENCH-RSS', {
        rss: process.memoryUsage().rss,
        papers: server.written.service.papers('bench', SEG).length,
        fds: openFiles(),
      });
    }
    if (line === 'close') {
      void (async () => {
        const t0 = performance.now();
        const ack = await runtime.execute({ type: 'CloseWrittenTest', data: { segmentId: SEG } }, host);
        if (!ack.ok) throw new Error(ack.error.message);
        // Every paper submitted (the close submits the rest), graded, the scores in the ledger.
        while (runtime.state?.written[SEG]?.scoredAt == null) await new Promise((r) => setTimeout(r, 5));
        const graded = performance.now();
        const results = server.written.service.results('bench', SEG);
        const ranked = performance.now();
        const papers = server.written.service.papers('bench', SEG);
        const submitted = papers.filter((p) => p.submitted !== null).length;
        out('BENCH-CLOSED', {
          gradedMs: graded - t0,
          rankedMs: ranked - t0,
          papers: papers.length,
          submitted,
          ranked: results?.ranking.reduce((n, g) => n + g.rows.length, 0) ?? 0,
        });
      })();
    }
  });
  setTimeout(() => process.exit(0), 1_800_000).unref();
}

interface CrowdReport {
  connected: number;
  saves: number;
  acked: number;
  refused: number;
  latencies: number[];
  submits: number;
  submitsAcked: number;
  errors: string[];
  /** This generator's event-loop delay while writing (ms): its own share of the latencies. */
  loopP99Ms: number;
  loopMaxMs: number;
}

/**
 * Child mode: `count` takers. Register over HTTP, connect raw WebSockets to `/written`, open the
 * paper; on stdin `write <ms>`: each saves a random answer every ~10 s until told `submit <ms>`,
 * which spreads every taker's submit over that many ms. Prints its report on `report`.
 */
async function crowd(url: string, joinCode: string, count: number, wsBase = url): Promise<void> {
  const r: CrowdReport = {
    connected: 0,
    saves: 0,
    acked: 0,
    refused: 0,
    latencies: [],
    submits: 0,
    submitsAcked: 0,
    errors: [],
    loopP99Ms: 0,
    loopMaxMs: 0,
  };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  interface Taker {
    ws: WebSocket;
    questions: { id: string; keys: string[] }[];
    nextAck: number;
    pending: Map<number, { t: number; kind: 'open' | 'save' | 'submit' }>;
    onOpen?: (payload: string) => void;
  }
  const takers: Taker[] = [];
  let writing = false;
  const send = (t: Taker, kind: 'open' | 'save' | 'submit', event: string, payload: unknown) => {
    const id = t.nextAck++;
    t.pending.set(id, { t: performance.now(), kind });
    t.ws.send(`42/written,${id}${JSON.stringify([event, payload])}`);
  };
  const commandId = () => `c${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`.slice(0, 24);

  async function join(): Promise<void> {
    const res = await fetch(`${url}/api/written/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ joinCode, name: `考生${Math.random().toString(36).slice(2, 7)}`, unit: '基准单位' }),
    });
    const { token } = (await res.json()) as { token: string };
    // Through HAProxy (scaled mode) the taker page's query picks the edges' pool; a single server ignores it.
    const k = Math.random().toString(36).slice(2, 14);
    const query = `EIO=4&transport=websocket&pool=written&k=${k}`;
    const ws = new WebSocket(`${wsBase.replace(/^http/, 'ws')}/socket.io/?${query}`, {
      perMessageDeflate: false,
    });
    const t: Taker = { ws, questions: [], nextAck: 1, pending: new Map() };
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('connect timeout')), 60_000);
      ws.once('error', reject);
      ws.on('message', (data: Buffer) => {
        // A view (`42/written,["paper:state",…]`) needs nothing from a generator: not decoded.
        if (data[0] === 0x34 && data[1] === 0x32) return;
        const s = data.toString();
        if (s === '2') return ws.send('3');
        if (s.startsWith('0')) {
          const deviceId = `dev${Math.random().toString(36).slice(2, 12)}`;
          return ws.send(`40/written,${JSON.stringify({ protocolVersion: PROTOCOL_VERSION, token, deviceId })}`);
        }
        if (s.startsWith('40/written,')) return send(t, 'open', 'paper:open', {});
        if (s.startsWith('44/written,')) return reject(new Error(s.slice(0, 200)));
        if (s.startsWith('43/written,')) {
          const m = /^43\/written,(\d+)/.exec(s);
          const id = Number(m?.[1]);
          const p = t.pending.get(id);
          if (!p) return;
          t.pending.delete(id);
          const ok = s.includes('"ok":true');
          if (p.kind === 'open') {
            const body = JSON.parse(s.slice(m![0].length)) as [
              { paper: { questions: { id: string; options: { key: string }[] }[] } },
            ];
            t.questions = body[0].paper.questions.map((q) => ({ id: q.id, keys: q.options.map((o) => o.key) }));
            clearTimeout(timer);
            resolve();
          } else if (p.kind === 'save') {
            if (ok) {
              r.acked++;
              if (writing) r.latencies.push(performance.now() - p.t);
            } else {
              r.refused++;
              if (r.errors.length < 5) r.errors.push(s.slice(0, 200));
            }
          } else if (ok) r.submitsAcked++;
          else if (r.errors.length < 5) r.errors.push(s.slice(0, 200));
        }
      });
    });
    takers.push(t);
    r.connected++;
  }
  // Join in waves (registration is one HTTP request and one seat per taker).
  for (let i = 0; i < count; i += REGISTER_CONCURRENCY) {
    await Promise.all(
      Array.from({ length: Math.min(REGISTER_CONCURRENCY, count - i) }, () =>
        join().catch((e: Error) => void (r.errors.length < 5 && r.errors.push(e.message))),
      ),
    );
  }
  process.stdout.write('BENCH-CROWD-READY\n');
  const timers: NodeJS.Timeout[] = [];
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [cmd, arg] = line.split(' ');
    if (cmd === 'write') {
      writing = true;
      loop.enable();
      for (const t of takers) {
        // A random phase, then every ~10 s (±1 s): N/10 saves a second in all.
        const tick = () => {
          if (!writing) return;
          const q = t.questions[Math.floor(Math.random() * t.questions.length)];
          if (q) {
            r.saves++;
            send(t, 'save', 'paper:save', {
              commandId: commandId(),
              questionId: q.id,
              choice: [q.keys[Math.floor(Math.random() * q.keys.length)]],
            });
          }
          timers.push(setTimeout(tick, 9000 + Math.random() * 2000));
        };
        timers.push(setTimeout(tick, Math.random() * 10_000));
      }
    }
    if (cmd === 'submit') {
      writing = false;
      loop.disable();
      r.loopP99Ms = loop.percentile(99) / 1e6;
      r.loopMaxMs = loop.max / 1e6;
      for (const x of timers) clearTimeout(x);
      const spread = Number(arg);
      for (const t of takers)
        setTimeout(() => {
          r.submits++;
          send(t, 'submit', 'paper:submit', { commandId: commandId() });
        }, Math.random() * spread);
    }
    if (cmd === 'report') process.stdout.write(`BENCH-CROWD-REPORT ${JSON.stringify(r)}\n`);
  });
  setTimeout(() => process.exit(0), 1_800_000).unref();
}

function child(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--expose-gc', '--import', 'tsx', new URL(import.meta.url).pathname, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}
function waitLine(proc: ChildProcess, tag: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${tag} within ${timeoutMs} ms`)), timeoutMs);
    const rl = createInterface({ input: proc.stdout! });
    rl.on('line', (line) => {
      if (line === tag || line.startsWith(`${tag} `)) {
        clearTimeout(timer);
        rl.close();
        resolve(line.slice(tag.length + 1));
      }
    });
    proc.once('exit', (code) => reject(new Error(`child exited ${code} before ${tag}`)));
  });
}
const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface WrittenBenchResult {
  takers: number;
  requested: number;
  generators: number;
  /** Edge processes holding the takers' sockets (0: the one server holds them). */
  edges: number;
  edgesRssBeforeMb: number;
  edgesRssWithTakersMb: number;
  fdLimit: number;
  serverOpenFiles: number;
  writingSeconds: number;
  saves: number;
  savesAcked: number;
  savesRefused: number;
  saveAckP50Ms: number;
  saveAckP99Ms: number;
  /** The server's own time per save: message received → acknowledgement sent. */
  serverSaveP50Ms: number;
  serverSaveP99Ms: number;
  serverSaveMaxMs: number;
  /** The server's event-loop delay while writing (a message waits for it before it is read). */
  serverLoopP99Ms: number;
  serverLoopMaxMs: number;
  /** The generators' worst event-loop delay p99 / max while writing. */
  generatorLoopP99Ms: number;
  generatorLoopMaxMs: number;
  /** Load average (1, 5, 15 min) at the end of the writing phase. */
  loadAverage: number[];
  savesPerSecond: number;
  submits: number;
  submitsAcked: number;
  papers: number;
  papersSubmitted: number;
  closeToGradedMs: number;
  closeToRankedMs: number;
  rssBeforeMb: number;
  rssWithTakersMb: number;
  rssPerTakerKb: number;
  errors: string[];
}

export async function runWritten(
  opts: {
    takers?: number;
    writingSeconds?: number;
    questions?: number;
    generators?: number;
    edges?: number;
    log?: (l: string) => void;
  } = {},
): Promise<WrittenBenchResult> {
  const log = opts.log ?? (() => {});
  const requested = opts.takers ?? 20_000;
  const limit = fdLimit();
  const generators = Math.max(1, Math.round(opts.generators ?? Math.max(1, Math.ceil(requested / 12_000))));
  // The server holds one descriptor per socket, its files and the registrations in flight: stay
  // under the limit. Each generator holds its share of the sockets and its own connections.
  const most = limit - SERVER_RESERVE - generators * REGISTER_CONCURRENCY;
  // Scaled mode: HAProxy holds two descriptors per socket (maxconn 9,000 under the limit).
  const takers = Math.min(requested, most, (opts.edges ?? 0) > 0 ? 8500 : Infinity);
  if (takers < requested) log(`open-file limit ${limit}: running ${takers} takers instead of ${requested}`);
  if (Math.ceil(takers / generators) > limit - 2 * REGISTER_CONCURRENCY - 100)
    throw new Error(`${takers} takers need more than ${generators} generators under the open-file limit ${limit}`);
  const writingSeconds = opts.writingSeconds ?? 40;
  const dir = mkdtempSync(join(tmpdir(), 'leitai-bench-written-'));
  const edgeCount = Math.max(0, Math.round(opts.edges ?? 0));
  const redisUrl = process.env.LEITAI_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `bw${Date.now().toString(36)}`;
  const server = child([
    '--serve',
    join(dir, 'w.sqlite'),
    String(opts.questions ?? 20),
    ...(edgeCount > 0 ? [redisUrl, prefix] : []),
  ]);
  const crowds: ChildProcess[] = [];
  const edges: LeitaiProcess[] = [];
  let lb: HaproxyHandle | null = null;
  try {
    const info = JSON.parse(await waitLine(server, 'BENCH-SERVE', 60_000)) as {
      port: number;
      joinCode: string;
      rss: number;
    };
    const url = `http://127.0.0.1:${info.port}`;
    for (let i = 0; i < edgeCount; i++)
      edges.push(
        await spawnLeitai(
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
            `w${i + 1}`,
          ],
          {
            timeoutMs: 60_000,
            ...(process.env.BENCH_DEBUG
              ? { onOutput: (t: string) => process.stderr.write(`[edge w${i + 1}] ${t}`) }
              : {}),
          },
        ),
      );
    const edgeRss0 = edges.map((e) => rssOf(e.child.pid!));
    if (edgeCount > 0) {
      lb = await startHaproxy({
        core: `127.0.0.1:${info.port}`,
        edges: edges.map((e, i) => ({ name: `w${i + 1}`, address: `127.0.0.1:${e.port}` })),
        maxconn: Math.min(9000, takers + 500),
      });
      log(`core and ${edgeCount} edges on ${redisUrl}, HAProxy in front on ${lb.url}`);
    }
    const per = Math.ceil(takers / generators);
    for (let i = 0; i < generators && i * per < takers; i++) {
      const ws = lb ? lb.url : url;
      crowds.push(child(['--crowd', url, info.joinCode, String(Math.min(per, takers - i * per)), ws]));
    }
    const t0 = performance.now();
    await Promise.all(crowds.map((c) => waitLine(c, 'BENCH-CROWD-READY', 900_000)));
    log(
      `${takers} takers on ${crowds.length} generators registered, connected and opened their papers in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    server.stdin!.write('rss\n');
    const rss = JSON.parse(await waitLine(server, 'BENCH-RSS', 30_000)) as { rss: number; papers: number; fds: number };
    log(`server: ${rss.papers} papers open, ${rss.fds} open files of ${limit}`);
    const edgeRss = edges.map((e) => rssOf(e.child.pid!));
    server.stdin!.write('write\n');
    for (const c of crowds) c.stdin!.write('write\n');
    log(
      `writing for ${writingSeconds} s (load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')})`,
    );
    await sleepMs(writingSeconds * 1000);
    const statsLine = waitLine(server, 'BENCH-STATS', 30_000);
    server.stdin!.write('stats\n');
    const stats = JSON.parse(await statsLine) as {
      save: { count: number; p50Ms: number; p99Ms: number; maxMs: number } | null;
      loopP99Ms: number;
      loopMaxMs: number;
      load: number[];
    };
    // Everyone submits within the 10 s before the close.
    for (const c of crowds) c.stdin!.write('submit 10000\n');
    await sleepMs(10_000);
    server.stdin!.write('close\n');
    const closed = JSON.parse(await waitLine(server, 'BENCH-CLOSED', 120_000)) as {
      gradedMs: number;
      rankedMs: number;
      papers: number;
      submitted: number;
    };
    await sleepMs(2000);
    const reports = await Promise.all(
      crowds.map((c) => {
        const p = waitLine(c, 'BENCH-CROWD-REPORT', 30_000);
        c.stdin!.write('report\n');
        return p.then((l) => JSON.parse(l) as CrowdReport);
      }),
    );
    const latencies = reports.flatMap((x) => x.latencies).sort((a, b) => a - b);
    const sum = (f: (x: CrowdReport) => number) => reports.reduce((n, x) => n + f(x), 0);
    return {
      takers: sum((x) => x.connected),
      requested,
      generators: crowds.length,
      edges: edgeCount,
      edgesRssBeforeMb: round(edgeRss0.reduce((a, b) => a + b, 0) / 2 ** 20),
      edgesRssWithTakersMb: round(edgeRss.reduce((a, b) => a + b, 0) / 2 ** 20),
      fdLimit: limit,
      serverOpenFiles: rss.fds,
      writingSeconds,
      saves: sum((x) => x.saves),
      savesAcked: sum((x) => x.acked),
      savesRefused: sum((x) => x.refused),
      saveAckP50Ms: round(percentile(latencies, 50)),
      saveAckP99Ms: round(percentile(latencies, 99)),
      serverSaveP50Ms: round(stats.save?.p50Ms ?? NaN),
      serverSaveP99Ms: round(stats.save?.p99Ms ?? NaN),
      serverSaveMaxMs: round(stats.save?.maxMs ?? NaN),
      serverLoopP99Ms: round(stats.loopP99Ms),
      serverLoopMaxMs: round(stats.loopMaxMs),
      generatorLoopP99Ms: round(Math.max(...reports.map((x) => x.loopP99Ms))),
      generatorLoopMaxMs: round(Math.max(...reports.map((x) => x.loopMaxMs))),
      loadAverage: stats.load.map(round),
      savesPerSecond: round(latencies.length / writingSeconds),
      submits: sum((x) => x.submits),
      submitsAcked: sum((x) => x.submitsAcked),
      papers: closed.papers,
      papersSubmitted: closed.submitted,
      closeToGradedMs: round(closed.gradedMs),
      closeToRankedMs: round(closed.rankedMs),
      rssBeforeMb: round(info.rss / 2 ** 20),
      rssWithTakersMb: round(rss.rss / 2 ** 20),
      rssPerTakerKb: round((rss.rss - info.rss) / 1024 / Math.max(1, rss.papers)),
      errors: reports.flatMap((x) => x.errors).slice(0, 5),
    };
  } finally {
    for (const c of crowds) c.kill('SIGTERM');
    await lb?.close();
    await Promise.all(edges.map((e) => e.kill('SIGTERM')));
    server.kill('SIGTERM');
    await sleepMs(500);
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

/** A process's resident set (bytes) from /proc, 0 where it cannot be read. */
function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

function table(r: WrittenBenchResult): string {
  return [
    `B10 written test: ${r.takers} takers (of ${r.requested} asked) on ${r.edges > 0 ? `${r.edges} edges and a core` : 'one server process'} from ${r.generators} generator processes, ${r.writingSeconds} s writing, then all submitting in the 10 s before the close`,
    `server open files with the takers in: ${r.serverOpenFiles} of ${r.fdLimit} (ulimit -Hn)`,
    r.edges > 0
      ? `edges' RSS: ${r.edgesRssBeforeMb} → ${r.edgesRssWithTakersMb} MB (the RSS columns below are the core's)`
      : '',
    ...alignedTable(
      [
        'saves',
        'acked',
        'per s',
        'ack p50 ms',
        'ack p99 ms',
        'submits acked',
        'close→graded ms',
        'close→ranked ms',
        'RSS MB',
        'KB/taker',
      ],
      [
        [
          String(r.saves),
          String(r.savesAcked),
          String(r.savesPerSecond),
          String(r.saveAckP50Ms),
          String(r.saveAckP99Ms),
          `${r.submitsAcked}/${r.submits}`,
          String(r.closeToGradedMs),
          String(r.closeToRankedMs),
          `${r.rssBeforeMb}→${r.rssWithTakersMb}`,
          String(r.rssPerTakerKb),
        ],
      ],
    ),
    `${r.edges > 0 ? "core's side, per save call from an edge (received → answered)" : 'server side, per save (received → ack sent)'}: p50 ${r.serverSaveP50Ms} ms, p99 ${r.serverSaveP99Ms} ms, max ${r.serverSaveMaxMs} ms; server event-loop delay p99 ${r.serverLoopP99Ms} ms, max ${r.serverLoopMaxMs} ms`,
    `generators' event-loop delay while writing: worst p99 ${r.generatorLoopP99Ms} ms, max ${r.generatorLoopMaxMs} ms; load average ${r.loadAverage.join(' ')}`,
    r.errors.length ? `errors: ${r.errors.join(' | ')}` : '',
  ].join('\n');
}

export async function run(args: string[]): Promise<void> {
  const result = await runWritten({
    takers: numArg(args, '--takers', 20_000),
    writingSeconds: numArg(args, '--writing-seconds', 40),
    questions: numArg(args, '--questions', 20),
    ...(args.includes('--generators') ? { generators: numArg(args, '--generators', 2) } : {}),
    edges: numArg(args, '--edges', 0),
    log: (l) => process.stderr.write(`${l}\n`),
  });
  process.stdout.write(`${table(result)}\n`);
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const serveAt = process.argv.indexOf('--serve');
  const crowdAt = process.argv.indexOf('--crowd');
  if (serveAt >= 0) {
    const [file, questions, redisUrl, prefix] = process.argv.slice(serveAt + 1);
    await serve(
      file ?? join(tmpdir(), 'w.sqlite'),
      Number(questions ?? 20),
      redisUrl && prefix ? { redisUrl, prefix } : undefined,
    );
  } else if (crowdAt >= 0) {
    const [url, code, count, ws] = process.argv.slice(crowdAt + 1);
    await crowd(url ?? '', code ?? '', Number(count), ws ?? url);
  } else await run(process.argv.slice(2));
}
