/**
 * Ingest throughput (issue #19): platform comments through the bilibili adapter, the cleaning,
 * the word filter and the audience pipeline (auto mode: every one that passes is stored and
 * shown), while B2 (scripts/bench/buzz.ts) measures the host's and the buzzer's latency on the
 * same server — once without the ingest load and once with it.
 *
 *   npm run bench -- ingest [--rate 2000] [--audience 500] [--presses 30] [--json]
 *   npm run bench -- ingest --direct [--rate 2000] [--seconds 10] [--json]   (the ingest path alone)
 *
 * The platform is a fake bilibili open-platform room (tests/support/fake-bilibili.ts) in a
 * process of its own on 127.0.0.1: every 50 ms it sends one brotli frame holding rate/20
 * comment packets, each from a new sender (the per-sender limit is not what is measured), one
 * in twenty of them an evasion the filter refuses or holds. The server (a child process of B2,
 * real SQLite) has one bilibili source, added and started over the host's HTTP API. Reported:
 * comments sent by the room, received by the adapter, shown / held / refused, per second; and
 * B2's press → stage / host and decision → stage / host without and with the load. Bounded: the
 * room stops after the presses, every process is ended by the bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { io as ioClient } from 'socket.io-client';
import { PROTOCOL_VERSION, sleep } from '@leitai/shared';
import { runBuzz, table, type BuzzBenchResult } from './buzz.ts';

const ORDINARY = [
  '选手加油！',
  '讲得真好',
  '这个答案我也想到了',
  '主持人辛苦了',
  '第三位选手的发言很精彩',
  '支持二号选手',
  '现场气氛太好了',
  '这道题有点难',
  '为基层书记点赞',
  '学到了很多',
  '期待下一轮',
  '好精彩的抢答',
  '太厉害了吧',
  '来自江城的观众报到',
  '题目出得很有水平',
  '回答得非常完整',
  '掌声送给所有选手',
  '这个案例很接地气',
  '比分咬得好紧',
];
const EVASIONS = ['傻B主持人', 'ｓｂ选手', '加我微信 abc12345', '这比赛有黑幕吧', '操你'];

/** Child mode: the fake room; `GO <rate>` on stdin starts the flow, `STOP` ends it and prints what was sent. */
async function room(): Promise<void> {
  const { startFakeBilibiliRoom } = await import('../../tests/support/fake-bilibili.ts');
  const r = await startFakeBilibiliRoom();
  process.stdout.write(`BENCH-ROOM ${r.baseUrl}\n`);
  let sent = 0;
  let timer: NodeJS.Timeout | null = null;
  let uid = 1_000_000;
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const [cmd, arg] = line.split(' ');
    if (cmd === 'GO') {
      const rate = Number(arg);
      // Frames built ahead (30 s of them, reused after), so sending costs the room next to nothing.
      const perFrame = Math.max(1, Math.round(rate / 20));
      const frames: Buffer[] = [];
      for (let f = 0; f < 600; f++) {
        const items = Array.from({ length: perFrame }, (_, i) => {
          const n = f * perFrame + i;
          const text = n % 20 === 19 ? EVASIONS[n % EVASIONS.length]! : ORDINARY[n % ORDINARY.length]!;
          return { text, uid: uid++, uname: `观众${n % 1000}` };
        });
        frames.push(r.buildComments(items, 3));
      }
      const t0 = performance.now();
      let next = 0;
      timer = setInterval(() => {
        const due = Math.floor((performance.now() - t0) / 50) + 1;
        while (next < due) {
          r.sendFrame(frames[next % frames.length]!);
          next += 1;
          sent += perFrame;
        }
      }, 50);
      setInterval(() => process.stdout.write(`BENCH-SENT ${sent}\n`), 500).unref();
    } else if (cmd === 'WARM') {
      r.comments([{ text: '预热一条', uid: 1, uname: '预热' }], 0);
    } else if (cmd === 'STOP') {
      if (timer) clearInterval(timer);
      process.stdout.write(`BENCH-DONE ${sent}\n`);
      void r.close().then(() => process.exit(0));
    }
  });
  setTimeout(() => process.exit(0), 600_000).unref();
}

/** The room's process; `sent()` is the latest count it reported (twice a second, and at STOP). */
function startRoom(): Promise<{ child: ChildProcess; baseUrl: string; sent: () => number; done: () => boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--room'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let sent = 0;
  let done = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the fake room did not start')), 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const room = /^BENCH-ROOM (.*)$/u.exec(line);
      if (room?.[1]) {
        clearTimeout(timer);
        resolve({ child, baseUrl: room[1], sent: () => sent, done: () => done });
      }
      const n = /^BENCH-(SENT|DONE) (\d+)$/u.exec(line);
      if (n?.[2]) sent = Math.max(sent, Number(n[2]));
      if (n?.[1] === 'DONE') done = true;
    });
  });
}

interface SourceCounters {
  comments: number;
  shown: number;
  queued: number;
  filtered: number;
  rateLimited: number;
  muted: number;
}

/** The ingest load for B2: a fake room, a bilibili source on the bench's server, comments at `rate`. */
const ingestLoad = (rate: number) => async (url: string, hostToken: string) => {
  const { child, baseUrl, sent: sentSoFar, done } = await startRoom();
  const api = async (path: string, body?: object) => {
    const res = await fetch(`${url}/api/contests/bench/ingest${path}`, {
      method: body || path ? 'POST' : 'GET',
      headers: { Authorization: `Bearer ${hostToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return (await res.json()) as {
      source?: { id: string };
      sources?: { counters: SourceCounters; health: { state: string } }[];
    };
  };
  // Auto mode: what passes the filter is stored and shown (review mode would fill the queue).
  const host = ioClient(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, token: hostToken },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    host.once('connect', () => resolve());
    host.once('connect_error', reject);
  });
  await host.timeout(5000).emitWithAck('moderation:mode', { mode: 'auto' });
  host.disconnect();
  const { FAKE_KEYS } = await import('../../tests/support/fake-bilibili.ts');
  const added = await api('', { kind: 'bilibili', name: 'bench room', baseUrl, ...FAKE_KEYS });
  const id = added.source!.id;
  await api(`/${id}/start`);
  const until = Date.now() + 10_000;
  while ((await api('')).sources?.[0]?.health.state !== 'connected') {
    if (Date.now() > until) throw new Error('the bilibili source did not connect');
    await sleep(100);
  }
  // Warm-up: a few comments through (the judge thread has built its filter) before the load.
  const warm = Date.now() + 60_000;
  child.stdin!.write('WARM\n');
  while (((await api('')).sources?.[0]?.counters.shown ?? 0) === 0) {
    if (Date.now() > warm) throw new Error('no warm-up comment came through');
    await sleep(200);
  }
  child.stdin!.write(`GO ${rate}\n`);
  const t0 = performance.now();
  return {
    async stop() {
      child.stdin!.write('STOP\n');
      const seconds = (performance.now() - t0) / 1000;
      await sleep(1500); // what is in flight arrives
      for (let i = 0; i < 100 && !done(); i++) await sleep(100); // the room's final count
      const sent = sentSoFar();
      const c = (await api('')).sources![0]!.counters;
      child.kill('SIGTERM');
      const perSec = (n: number) => Math.round(n / seconds);
      return {
        rateAsked: rate,
        seconds: Math.round(seconds * 10) / 10,
        sent,
        received: c.comments,
        shown: c.shown,
        held: c.queued,
        refused: c.filtered,
        rateLimited: c.rateLimited,
        sentPerSec: perSec(sent),
        receivedPerSec: perSec(c.comments),
        shownPerSec: perSec(c.shown),
      };
    },
  };
};

function argValue(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) ? v : undefined;
}

/**
 * `--direct`: the ingest path alone in this process (no sockets, no B2): comments pushed as a
 * webhook source would receive them, `rate` per second for `seconds`, through the judge thread
 * and the audience core into SQLite. Reports what got through, the event loop's utilisation
 * and the process's CPU time per comment (all threads).
 */
async function direct(rate: number, seconds: number) {
  const { startLeitaiServer } = await import('@leitai/server');
  const { DEMO_CONTEST } = await import('@leitai/shared');
  const dir = mkdtempSync(join(tmpdir(), 'leitai-bench-ingest-'));
  const server = await startLeitaiServer({ dbFile: join(dir, 'b.sqlite'), port: 0, host: '127.0.0.1' });
  try {
    const file = { ...DEMO_CONTEST, audience: { ...DEMO_CONTEST.audience, commentMode: 'auto' as const } };
    const created = await server.service.create(file, { contestId: 'bench' });
    if (!created.ok) throw new Error(created.error.message);
    const added = server.ingest.add('bench', {
      kind: 'webhook',
      platform: 'douyin',
      secret: 'bench-secret-0123456789',
    });
    if (!added.ok) throw new Error(added.error.message);
    const id = added.source.id;
    await server.ingest.start('bench', id);
    await server.ingest.push('bench', id, [
      { kind: 'comment', sender: { id: 'warm', name: '预热' }, text: '预热', ts: 0 },
    ]);
    const perTick = Math.max(1, Math.round(rate / 20));
    const ticks = seconds * 20;
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const pending: Promise<unknown>[] = [];
    let n = 0;
    for (let k = 0; k < ticks; k++) {
      const items = Array.from({ length: perTick }, () => {
        const i = n++;
        const text = i % 20 === 19 ? EVASIONS[i % EVASIONS.length]! : `${ORDINARY[i % ORDINARY.length]!}${i % 97}`;
        return { kind: 'comment' as const, sender: { id: `s${i}`, name: `观众${i % 1000}` }, text, ts: 0 };
      });
      pending.push(server.ingest.push('bench', id, items));
      const due = t0 + (k + 1) * 50;
      await sleep(Math.max(0, due - performance.now()));
    }
    const offeredMs = performance.now() - t0;
    await Promise.all(pending);
    const ms = performance.now() - t0;
    const elu = performance.eventLoopUtilization(elu0).utilization;
    const cpu = process.cpuUsage(cpu0);
    const c = server.ingest.get('bench', id)!.counters;
    return {
      rateAsked: rate,
      offered: n,
      offeredPerSec: Math.round(n / (offeredMs / 1000)),
      handled: c.comments - 1,
      handledPerSec: Math.round((c.comments - 1) / (ms / 1000)),
      shown: c.shown - 1,
      held: c.queued,
      refused: c.filtered,
      rateLimited: c.rateLimited,
      eventLoopUtilisation: Math.round(elu * 100) / 100,
      cpuMicrosPerComment: Math.round((cpu.user + cpu.system) / Math.max(1, c.comments - 1)),
      seconds: Math.round(ms / 100) / 10,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<void> {
  const rate = argValue(args, '--rate') ?? 2000;
  if (args.includes('--direct')) {
    const r = await direct(rate, argValue(args, '--seconds') ?? 10);
    process.stdout.write(
      `Ingest, direct (one process, no sockets): ${r.offered} comments offered at ${r.offeredPerSec}/s, ` +
        `${r.handled} handled at ${r.handledPerSec}/s in ${r.seconds} s (shown ${r.shown}, held ${r.held}, refused ${r.refused}, ` +
        `rate-limited ${r.rateLimited}); event loop ${Math.round(r.eventLoopUtilisation * 100)}% busy; ` +
        `${r.cpuMicrosPerComment} µs CPU per comment (all threads)\n`,
    );
    if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ bench: 'ingest-direct', ...r })}\n`);
    return;
  }
  const audience = argValue(args, '--audience') ?? 500;
  const presses = argValue(args, '--presses') ?? 30;
  const log = (l: string) => process.stderr.write(`${l}\n`);
  const base = { audience, presses, log };
  log(`B2 without ingest (${audience} audience sockets, ${presses} presses)…`);
  const quiet = await runBuzz(base);
  log(`B2 with ${rate} platform comments/s…`);
  const loaded = await runBuzz({ ...base, extraLoad: ingestLoad(rate) });
  const x = loaded.extra as Record<string, number>;
  const lat = (r: BuzzBenchResult) =>
    `press→stage p50/p99 ${r.pressToStageMs.p50}/${r.pressToStageMs.p99} ms · press→host ${r.pressToHostMs.p50}/${r.pressToHostMs.p99} ms · ` +
    `decision→stage ${r.decisionToStageMs.p50}/${r.decisionToStageMs.p99} ms · decision→host ${r.decisionToHostMs.p50}/${r.decisionToHostMs.p99} ms`;
  process.stdout.write(
    [
      `Ingest — ${rate} platform comments/s asked (fake bilibili room, a brotli frame of ${rate / 20} every 50 ms, 1 in 20 an evasion)`,
      `room sent ${x.sent} in ${x.seconds} s (${x.sentPerSec}/s); adapter received ${x.received} (${x.receivedPerSec}/s); ` +
        `shown ${x.shown} (${x.shownPerSec}/s), held ${x.held}, refused ${x.refused}, rate-limited ${x.rateLimited}`,
      `without ingest: ${lat(quiet)}`,
      `with ingest:    ${lat(loaded)}`,
      '',
      table(loaded),
    ].join('\n') + '\n',
  );
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ bench: 'ingest', quiet, loaded })}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--room')) await room();
}
