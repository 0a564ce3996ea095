/**
 * B2 of quality.md: buzz to screens. A contestant's press → the stage and the host, while 5k
 * audience sockets are connected to a real server on loopback (a child process, so the
 * clients do not share its event loop), get its frames, and comments and likes flow: 100 of
 * them send comments (20/s in all, under the venue-address limit of 30/s; every comment is
 * approved and shown) and a like burst each per second, so the audience tick broadcasts a
 * merged frame to all 5k several times a second.
 *
 *   npx tsx scripts/bench/run.ts buzz [--json] [--audience 5000] [--presses 100] [--comments 20] [--crowd-nice 10] [--standby]
 *
 * `--standby`: the server streams its log to a warm standby (R14: `leitai start --standby-of`, a
 * process of its own with its own store file) and acknowledges each command only once the standby
 * has it durably (synchronous acknowledgement), so every figure includes the standby's round trip
 * and fsync. The result reports the replication's state at the end (timeouts that degraded it).
 *
 * The crowd (4,900 of the audience sockets) stands in for phones, whose decoding of every frame
 * happens on their own CPUs, not the server's. Here it shares two cores with the server, so it
 * runs at nice 10 by default: the server and the timed screens get the CPU first when both
 * want it. The server's own work is the same either way. `--crowd-nice 0` runs it at the
 * server's priority (docs/BENCHMARKS.md gives both).
 *
 * Measured per press, on the bench's clock (same machine as the server's):
 * - press → stage / host: from the phone emitting `Buzz` to the BuzzPressed event arriving at
 *   the stage socket / the host socket (decide, durable append, projection, broadcast).
 * - decision → stage / host: from the server's decision instant (`decideAt`, first press +
 *   grace window) to BuzzDecided arriving. The grace window itself is by design and reported
 *   separately (press → decision = grace + this).
 * - press → audience: a sample of 100 audience sockets receiving the BuzzPressed event.
 * The run is bounded (connect timeouts, at most 100 presses or 60 s of pressing) and stops by
 * itself. Every command is durable before it is shown (SQLite, synchronous=FULL), so the
 * figures include the fsync of the machine's disk.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { setPriority } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { io as ioClient, type Socket } from 'socket.io-client';
import { spawnLeitai, type LeitaiProcess } from '../lib/leitai-process.ts';
import { WebSocket } from 'ws';
import {
  DEMO_CONTEST,
  PROTOCOL_VERSION,
  type ClientCommand,
  type ClientToServerEvents,
  type CommandAck,
  type ContestFile,
  type EventsFrame,
  type ServerToClientEvents,
  percentile,
  sleep,
} from '@leitai/shared';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface ServeInfo {
  port: number;
  joinCode: string;
  host: string;
  stage: string;
  contestants: Record<string, string>;
}

const STANDBY_SECRET = 'bench-standby-secret-0123456789';

/** Child mode: start the server, create the contest, print its seats as one JSON line. */
async function serve(dbFile: string, withStandby: boolean): Promise<void> {
  const { startLeitaiServer } = await import('@leitai/server');
  const server = await startLeitaiServer({
    dbFile,
    port: 0,
    host: '127.0.0.1',
    ...(withStandby ? { replication: { secret: STANDBY_SECRET } } : {}),
  });
  let standby: LeitaiProcess | undefined;
  if (withStandby) {
    standby = await spawnLeitai([
      'start',
      '--data',
      `${dbFile}.standby.sqlite`,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--standby-of',
      server.url,
      '--standby-secret',
      STANDBY_SECRET,
    ]);
    const end = Date.now() + 20_000;
    while (server.replication?.status().state !== 'sync') {
      if (Date.now() > end) throw new Error('the standby did not catch up');
      await sleep(50);
    }
  }
  const definition: ContestFile = {
    ...DEMO_CONTEST,
    stages: DEMO_CONTEST.stages.map((stage) => ({
      ...stage,
      segments: stage.segments.map((s) =>
        s.kind === 'buzzer' ? { ...s, settings: { ...s.settings, openDelayMs: 50 } } : s,
      ),
    })),
  };
  const created = await server.service.create(definition, { contestId: 'bench' });
  if (!created.ok) throw new Error(created.error.message);
  const seat = (role: string, subjectId?: string) =>
    created.contest.seats.find((s) => s.role === role && (subjectId === undefined || s.subjectId === subjectId))!.token;
  const info: ServeInfo = {
    port: server.port,
    joinCode: created.contest.joinCode,
    host: seat('host'),
    stage: seat('stage'),
    contestants: Object.fromEntries(DEMO_CONTEST.contestants.map((c) => [c.id, seat('contestant', c.id)])),
  };
  process.stdout.write(`BENCH-SERVE ${JSON.stringify(info)}\n`);
  process.on('SIGTERM', () => void Promise.all([server.close(), standby?.kill('SIGTERM')]).then(() => process.exit(0)));
}

function connect(url: string, auth: Record<string, unknown>): Promise<ClientSocket> {
  const socket: ClientSocket = ioClient(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, ...auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timeout')), 20_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export interface BuzzBenchResult {
  bench: 'buzz';
  audienceSockets: number;
  /** The crowd process's nice value (0: the same priority as the server). */
  crowdNice: number;
  /** The audience's flow during the presses (comments asked per second; sent, accepted, frames received per socket). */
  flow: {
    commentsPerSec: number;
    commentsSent: number;
    commentsAccepted: number;
    likesSent: number;
    framesPerSocket: number;
  };
  presses: number;
  pressToStageMs: { p50: number; p99: number };
  pressToHostMs: { p50: number; p99: number };
  decisionToStageMs: { p50: number; p99: number };
  decisionToHostMs: { p50: number; p99: number };
  pressToAudienceMs: { p50: number; p99: number };
  graceMs: { p50: number; max: number };
  targetMet: boolean;
  seconds: number;
  /** What an extra load (`extraLoad`, e.g. the ingest bench's platform comments) reported. */
  extra?: Record<string, unknown>;
  /** With `--standby`: the replication's state at the end (GET /api/replication). */
  standby?: { mode: string; state: string; timeouts: number; lagEvents: number };
}

export async function runBuzz(
  opts: {
    audience?: number;
    presses?: number;
    comments?: number;
    crowdNice?: number;
    budgetMs?: number;
    log?: (l: string) => void;
    /** A synchronous warm standby behind the server (R14). */
    standby?: boolean;
    /** More load on the same server while the presses run (started after the flow, stopped after the presses). */
    extraLoad?: (url: string, hostToken: string) => Promise<{ stop(): Promise<Record<string, unknown>> }>;
  } = {},
) {
  const audienceCount = opts.audience ?? 5000;
  const commentsPerSec = opts.comments ?? 20;
  const crowdNice = opts.crowdNice ?? 10;
  const pressCount = opts.presses ?? 100;
  /** Pressing stops after this long whatever the count, so the run stays bounded. */
  const pressBudgetMs = opts.budgetMs ?? 60_000;
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'leitai-bench-buzz-'));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL(import.meta.url).pathname,
      '--serve',
      join(dir, 'b.sqlite'),
      ...(opts.standby ? ['--standby'] : []),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const sockets: ClientSocket[] = [];
  let crowd: Crowd | undefined;
  try {
    const info = await new Promise<ServeInfo>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('server did not start')), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /BENCH-SERVE (.*)\n/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(JSON.parse(m[1]) as ServeInfo);
        }
      });
      child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const url = `http://127.0.0.1:${info.port}`;
    // The idle audience lives in a process of its own, as it would on thousands of phones:
    // held here, every merged audience frame would make this process decode thousands of
    // messages and delay the stage and host arrivals it is timing. A sample of 100 audience
    // sockets stays here to time delivery to the audience.
    const sampleCount = Math.min(100, audienceCount);
    crowd = await startCrowd(url, info.joinCode, audienceCount - sampleCount, crowdNice);
    const audienceSample: ClientSocket[] = await Promise.all(
      Array.from({ length: sampleCount }, () => connect(url, { joinCode: info.joinCode })),
    );
    sockets.push(...audienceSample);
    log(`${audienceCount} audience sockets connected`);
    // Three host sockets share the commands (each socket has its own rate limit).
    const hosts = await Promise.all([0, 1, 2].map(() => connect(url, { token: info.host })));
    const stage = await connect(url, { token: info.stage });
    const phones = await Promise.all(
      Object.entries(info.contestants).map(async ([id, token]) => ({ id, socket: await connect(url, { token }) })),
    );
    sockets.push(...hosts, stage, ...phones.map((p) => p.socket));
    // Phones answer the server's link probes at once (they claim no clock: arrival order).
    for (const p of phones) p.socket.on('clock:probe', (_probe, ack) => ack({ synced: false, errorMs: null }));
    let h = 0;
    const hostSend = async (command: ClientCommand): Promise<CommandAck> => {
      for (;;) {
        const socket = hosts[h++ % hosts.length]!;
        const ack = (await socket.timeout(5000).emitWithAck('command:send', {
          commandId: `bench-${Math.random().toString(36).slice(2)}-${Date.now()}`,
          command,
        })) as CommandAck;
        if (ack.ok || ack.error.code !== 'RATE_LIMITED') return ack;
        await sleep(30);
      }
    };

    // Arrival times of events, keyed by "type:run:attempt:contestant".
    type Waiter = { key: string; resolve: (t: number) => void };
    const watch = (socket: ClientSocket) => {
      const seen = new Map<string, number>();
      const waiters: Waiter[] = [];
      socket.on('contest:events', (frame: EventsFrame) => {
        const t = performance.now();
        for (const e of frame.events) {
          let key: string | null = null;
          if (e.type === 'BuzzPressed') key = `P:${e.data.run}:${e.data.attempt}:${e.data.press.contestantId}`;
          else if (e.type === 'BuzzDecided') key = `D:${e.data.run}:${e.data.attempt}`;
          else if (e.type === 'BuzzerArmed') key = `A:${e.data.run}:${e.data.attempt}`;
          if (!key) continue;
          seen.set(key, t);
          for (const w of waiters.filter((x) => x.key === key)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(t);
          }
        }
      });
      return (key: string, timeoutMs = 5000): Promise<number> => {
        const t = seen.get(key);
        if (t !== undefined) return Promise.resolve(t);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`timeout waiting for ${key}`)), timeoutMs);
          waiters.push({
            key,
            resolve: (v) => {
              clearTimeout(timer);
              resolve(v);
            },
          });
        });
      };
    };
    const onStage = watch(stage);
    const onHost = watch(hosts[0]!);
    const onAudience = audienceSample.map(watch);
    // Decided events carry decideAt; keep them from the stage's frames.
    const decided = new Map<string, { decideAt: number; grace: number }>();
    let graceNow = 0;
    stage.on('contest:events', (frame: EventsFrame) => {
      for (const e of frame.events) {
        if (e.type === 'BuzzerArmed') graceNow = e.data.graceMs;
        if (e.type === 'BuzzPressed' && e.data.decideAt !== null)
          decided.set(`${e.data.run}:${e.data.attempt}`, { decideAt: e.data.decideAt, grace: graceNow });
      }
    });

    const ack = await hostSend({ type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } });
    if (!ack.ok) throw new Error(ack.error.message);
    crowd.flow(commentsPerSec);
    const extra = opts.extraLoad ? await opts.extraLoad(url, info.host) : null;
    await sleep(2500); // let the link probes measure every phone (and the flow settle)
    const flowAtStart = crowd.latest();

    const pressToStage: number[] = [];
    const pressToHost: number[] = [];
    const decisionToStage: number[] = [];
    const decisionToHost: number[] = [];
    const pressToAudience: number[] = [];
    const graces: number[] = [];
    // performance.now() → the server's clock, for the decision instant. The server's clock is
    // Date.now() at its start plus monotonic time (server/src/clock.ts); anchor the same way here.
    // performance.timeOrigin differs from that by 1-2 ms, which went straight into decision → stage.
    const clockOrigin = Date.now() - performance.now();
    const wallAt = (perf: number) => clockOrigin + perf;
    let run = 0;
    let attempt = 0;
    let nextPhone = 0;
    const questions = DEMO_CONTEST.stages[0]!.segments.find((s) => s.id === 'knowledge-buzzer');
    const questionIds = questions && 'questionIds' in questions ? questions.questionIds : ['q21'];
    let q = 0;
    const pressingSince = performance.now();
    for (let i = 0; i < pressCount && performance.now() - pressingSince < pressBudgetMs; i++) {
      if (attempt === 0 || nextPhone >= phones.length) {
        const prepared = await hostSend({
          type: 'PrepareQuestion',
          data: { segmentId: 'knowledge-buzzer', questionId: questionIds[q++ % questionIds.length]! },
        });
        if (!prepared.ok) throw new Error(prepared.error.message);
        run += 1;
        attempt = 0;
        nextPhone = 0;
        const shown = await hostSend({ type: 'ShowQuestion', data: { run } });
        if (!shown.ok) throw new Error(shown.error.message);
      }
      const armed = await hostSend({ type: 'ArmBuzzer', data: { run } });
      if (!armed.ok) throw new Error(armed.error.message);
      attempt += 1;
      await onStage(`A:${run}:${attempt}`);
      await sleep(70); // past the open instant (openDelayMs 50)
      const phone = phones[nextPhone++]!;
      const key = `P:${run}:${attempt}:${phone.id}`;
      const sentAt = performance.now();
      const pressAck = phone.socket.timeout(5000).emitWithAck('command:send', {
        commandId: `bench-press-${run}-${attempt}-${phone.id}`,
        command: { type: 'Buzz', data: { run, attempt, pressedAt: null } },
      }) as Promise<CommandAck>;
      void pressAck.then((a) => {
        if (!a.ok) log(`press refused: ${a.error.code} ${a.error.message}`);
      });
      const [s, hst, ...aud] = await Promise.all([onStage(key), onHost(key), ...onAudience.map((w) => w(key))]);
      pressToStage.push(s - sentAt);
      pressToHost.push(hst - sentAt);
      for (const a of aud) pressToAudience.push(a - sentAt);
      const dKey = `D:${run}:${attempt}`;
      const [ds, dh] = await Promise.all([onStage(dKey), onHost(dKey)]);
      const d = decided.get(`${run}:${attempt}`);
      if (d) {
        decisionToStage.push(Math.max(0, wallAt(ds) - d.decideAt));
        decisionToHost.push(Math.max(0, wallAt(dh) - d.decideAt));
        graces.push(d.grace);
      }
      const marked = await hostSend({ type: 'MarkAnswer', data: { run, result: 'wrong' } });
      if (!marked.ok) throw new Error(marked.error.message);
    }
    const extraResult = extra ? await extra.stop() : undefined;
    const pp = (v: number[]) => ({ p50: percentile(v, 50), p99: percentile(v, 99) });
    await sleep(1100); // the crowd's next report
    const flowAtEnd = crowd.latest();
    const result: BuzzBenchResult = {
      bench: 'buzz',
      audienceSockets: audienceCount,
      crowdNice,
      flow: {
        commentsPerSec,
        commentsSent: flowAtEnd.sent - flowAtStart.sent,
        commentsAccepted: flowAtEnd.accepted - flowAtStart.accepted,
        likesSent: flowAtEnd.likes - flowAtStart.likes,
        framesPerSocket: Math.round((flowAtEnd.frames - flowAtStart.frames) / Math.max(1, flowAtEnd.sockets)),
      },
      presses: pressToStage.length,
      pressToStageMs: pp(pressToStage),
      pressToHostMs: pp(pressToHost),
      decisionToStageMs: pp(decisionToStage),
      decisionToHostMs: pp(decisionToHost),
      pressToAudienceMs: pp(pressToAudience),
      graceMs: { p50: percentile(graces, 50), max: Math.max(...graces) },
      targetMet: false,
      seconds: 0,
      ...(extraResult ? { extra: extraResult } : {}),
      ...(opts.standby
        ? { standby: (await (await fetch(`${url}/api/replication`)).json()) as NonNullable<BuzzBenchResult['standby']> }
        : {}),
    };
    result.targetMet =
      result.pressToStageMs.p99 < 10 &&
      result.pressToHostMs.p99 < 10 &&
      result.decisionToStageMs.p99 < 10 &&
      result.decisionToHostMs.p99 < 10 &&
      (pressToAudience.length === 0 || result.pressToAudienceMs.p99 < 150);
    result.seconds = Math.round((performance.now() - started) / 100) / 10;
    return result;
  } finally {
    crowd?.stop();
    for (const s of sockets) s.disconnect();
    child.kill('SIGTERM');
    await new Promise<void>((r) => {
      if (child.exitCode !== null) return r();
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        r();
      }, 5000);
      child.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
    rmSync(dir, { recursive: true, force: true });
  }
}

export function table(r: BuzzBenchResult): string {
  const row = (name: string, v: { p50: number; p99: number }, target: string) =>
    `${name.padEnd(26)} ${String(v.p50).padStart(8)} ${String(v.p99).padStart(8)}   ${target}`;
  return [
    `B2 buzz to screens — ${r.presses} presses, ${r.audienceSockets} audience sockets connected (loopback, server in a child process; crowd at nice ${r.crowdNice})`,
    `audience flow while pressing: ${r.flow.commentsSent} comments sent (${r.flow.commentsPerSec}/s asked), ${r.flow.commentsAccepted} accepted, ` +
      `${r.flow.likesSent} like bursts; ${r.flow.framesPerSocket} audience frames received per crowd socket`,
    `${'path'.padEnd(26)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}   target`,
    row('press → stage', r.pressToStageMs, 'p99 < 10'),
    row('press → host', r.pressToHostMs, 'p99 < 10'),
    row('decision → stage', r.decisionToStageMs, 'p99 < 10'),
    row('decision → host', r.decisionToHostMs, 'p99 < 10'),
    row('press → audience (100)', r.pressToAudienceMs, 'p99 < 150'),
    `grace window (by design, between the first press and the decision): p50 ${r.graceMs.p50} ms, max ${r.graceMs.max} ms`,
    ...(r.standby
      ? [
          `warm standby: ${r.standby.mode} acknowledgement, ${r.standby.state} at the end, ${r.standby.timeouts} batches timed out, lag ${r.standby.lagEvents} events`,
        ]
      : ['no standby']),
    `target: ${r.targetMet ? 'MET' : 'NOT MET'} — ${r.seconds} s`,
  ].join('\n');
}

/** What the crowd reports once a second: comments sent and accepted, like bursts, frames received. */
interface CrowdReport {
  sockets: number;
  sent: number;
  accepted: number;
  likes: number;
  frames: number;
}

export interface Crowd {
  /** Start the flow of comments (per second in all) and likes. */
  flow(commentsPerSec: number): void;
  latest(): CrowdReport;
  stop(): void;
}

/** Connect `count` audience sockets from a child process; resolves once all are in. */
export function startCrowd(url: string, joinCode: string, count: number, nice: number): Promise<Crowd> {
  let latest: CrowdReport = { sockets: 0, sent: 0, accepted: 0, likes: 0, frames: 0 };
  if (count <= 0) return Promise.resolve({ flow: () => {}, latest: () => latest, stop: () => {} });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL(import.meta.url).pathname, '--crowd', url, joinCode, String(count)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  if (nice !== 0 && child.pid !== undefined) setPriority(child.pid, nice);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('audience crowd did not connect in time')), 120_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('BENCH-CROWD-REPORT ')) latest = JSON.parse(line.slice(19)) as CrowdReport;
      if (line === 'BENCH-CROWD-READY') {
        clearTimeout(timer);
        resolve({
          flow: (perSec) => child.stdin.write(`flow ${perSec}\n`),
          latest: () => latest,
          stop: () => child.kill('SIGTERM'),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`audience crowd exited ${code}`));
    });
  });
}

/**
 * One audience socket on the Socket.IO wire protocol (Engine.IO 4 over a plain WebSocket): it
 * joins with the join code and answers pings, and counts the frames it receives without
 * decoding them (`onEvent`; `onAck` gets its acknowledgements' raw text). A phone's decoding costs the phone, not the server: with socket.io-client the
 * crowd decoded every audience frame 4,900 times and took 38-61% of a core while the server it
 * measures took 33-46%, on the same two cores (27-37% with these sockets; 2026-11-23).
 */
function rawAudienceSocket(
  url: string,
  joinCode: string,
  onEvent: () => void,
  onAck: (text: string) => void,
): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
    perMessageDeflate: false,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timeout')), 20_000);
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.on('message', (data: Buffer) => {
      const c = data[0];
      if (c === 0x34 && data[1] === 0x32)
        onEvent(); // "42": an event
      else if (c === 0x34 && data[1] === 0x33)
        onAck(data.toString()); // "43<id>[…]": an acknowledgement
      else if (c === 0x32)
        ws.send('3'); // "2" ping → "3" pong
      else if (c === 0x30)
        ws.send(`40${JSON.stringify({ protocolVersion: PROTOCOL_VERSION, joinCode })}`); // open → join
      else if (c === 0x34 && data[1] === 0x30) {
        clearTimeout(timer);
        resolve(ws); // "40": joined
      } else if (c === 0x34 && data[1] === 0x34) {
        clearTimeout(timer);
        reject(new Error(`refused: ${data.toString().slice(0, 200)}`));
      }
    });
  });
}

/** Comments of a danmaku flow: short, varied, and clean for the word filter. */
const FLOW_TEXTS = [
  '加油！',
  '讲得真好',
  '这题我会',
  '太快了吧',
  '666',
  '稳住',
  '好紧张啊',
  '冠军相',
  '精彩！',
  '支持三号',
];

/**
 * Child mode: hold `count` audience sockets (they receive every audience frame) until killed.
 * On `flow <n>` from stdin, 100 of them send n comments per second in all (round robin, each
 * under its own limit of one per 3 s at n ≤ 33) and a like burst each per second. A report line
 * goes out every second.
 */
async function crowd(url: string, joinCode: string, count: number): Promise<void> {
  const report: CrowdReport = { sockets: 0, sent: 0, accepted: 0, likes: 0, frames: 0 };
  const onEvent = () => (report.frames += 1);
  const onAck = (text: string) => {
    if (text.includes('"ok":true') && text.includes('"status"')) report.accepted += 1; // a comment's ack
  };
  const held: WebSocket[] = [];
  for (let i = 0; i < count; i += 250) {
    held.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(250, count - i) }, () => rawAudienceSocket(url, joinCode, onEvent, onAck)),
      )),
    );
  }
  report.sockets = held.length;
  const senders = held.slice(0, 100);
  let ackId = 0;
  const emit = (ws: WebSocket, event: string, payload: unknown) =>
    ws.send(`42${(ackId = (ackId + 1) % 1_000_000)}${JSON.stringify([event, payload])}`);
  createInterface({ input: process.stdin }).on('line', (line) => {
    const m = /^flow (\d+(?:\.\d+)?)$/.exec(line);
    const perSec = m ? Number(m[1]) : 0;
    if (!(perSec > 0) || senders.length === 0) return;
    let n = 0;
    setInterval(() => {
      const ws = senders[n % senders.length]!;
      emit(ws, 'audience:comment', { text: FLOW_TEXTS[n % FLOW_TEXTS.length], color: 'white' });
      n += 1;
      report.sent += 1;
    }, 1000 / perSec);
    let l = 0;
    setInterval(() => {
      // One like burst per sender per second, spread over the second.
      emit(senders[l % senders.length]!, 'audience:like', { count: 5 });
      l += 1;
      report.likes += 1;
    }, 1000 / senders.length);
  });
  setInterval(() => process.stdout.write(`BENCH-CROWD-REPORT ${JSON.stringify(report)}\n`), 1000);
  process.stdout.write('BENCH-CROWD-READY\n');
  // Bounded like every bench process: gone after ten minutes even if the parent vanished.
  setTimeout(() => process.exit(0), 600_000).unref();
  await new Promise(() => {});
}

function argValue(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) ? v : undefined;
}

export async function run(args: string[]): Promise<void> {
  const audience = argValue(args, '--audience');
  const presses = argValue(args, '--presses');
  const comments = argValue(args, '--comments');
  const crowdNice = argValue(args, '--crowd-nice');
  const result = await runBuzz({
    ...(crowdNice !== undefined ? { crowdNice } : {}),
    ...(audience !== undefined ? { audience } : {}),
    ...(presses !== undefined ? { presses } : {}),
    ...(comments !== undefined ? { comments } : {}),
    ...(args.includes('--standby') ? { standby: true } : {}),
    log: (l) => process.stderr.write(`${l}\n`),
  });
  process.stdout.write(`${table(result)}\n`);
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const serveAt = process.argv.indexOf('--serve');
  const crowdAt = process.argv.indexOf('--crowd');
  if (serveAt >= 0)
    await serve(
      process.argv[serveAt + 1] ?? join(tmpdir(), 'leitai-bench-buzz.sqlite'),
      process.argv.includes('--standby'),
    );
  else if (crowdAt >= 0) {
    const [url, code, count] = process.argv.slice(crowdAt + 1);
    await crowd(url ?? '', code ?? '', Number(count));
  } else await run(process.argv.slice(2));
}
