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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnLeitai, type LeitaiProcess } from '../lib/leitai-process.ts';
import {
  DEMO_CONTEST,
  type ClientCommand,
  type CommandAck,
  type ContestFile,
  type EventsFrame,
  percentile,
  sleep,
} from '@leitai/shared';
import { argValue } from './lib/args.ts';
import { announceServe, connectClient as connect, spawnServe, type ClientSocket } from './lib/bench-server.ts';
import { startCrowd, type Crowd } from './lib/crowd.ts';

export { startCrowd, type Crowd } from './lib/crowd.ts';

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
  announceServe(info);
  process.on('SIGTERM', () => void Promise.all([server.close(), standby?.kill('SIGTERM')]).then(() => process.exit(0)));
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
    /** Frames of contest events (`contest:events`) one sample audience socket received while pressing. */
    eventFrames: number;
  };
  presses: number;
  pressToStageMs: { p50: number; p99: number };
  pressToHostMs: { p50: number; p99: number };
  decisionToStageMs: { p50: number; p99: number };
  decisionToHostMs: { p50: number; p99: number };
  pressToAudienceMs: { p50: number; p99: number };
  /** Sample audience deliveries of a press still missing after 5 s (not in pressToAudienceMs). */
  audienceLate: number;
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
  const server = spawnServe<ServeInfo>(
    new URL(import.meta.url).pathname,
    join(dir, 'b.sqlite'),
    30_000,
    opts.standby ? ['--standby'] : [],
  );
  const sockets: ClientSocket[] = [];
  let crowd: Crowd | undefined;
  try {
    const { info } = await server;
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
    // The contest events' frames to one phone: fewer, merged frames are fewer writes to every phone.
    let eventFrames = 0;
    audienceSample[0]!.on('contest:events', () => (eventFrames += 1));
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
    const eventFramesAtStart = eventFrames;

    const pressToStage: number[] = [];
    const pressToHost: number[] = [];
    const decisionToStage: number[] = [];
    const decisionToHost: number[] = [];
    const pressToAudience: number[] = [];
    let audienceLate = 0;
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
      // An audience socket that has not had the press after 5 s is counted as late (a saturated
      // machine under the ingest load), not a failed run: the stage and host figures still count.
      const [s, hst, ...aud] = await Promise.all([
        onStage(key),
        onHost(key),
        ...onAudience.map((w) => w(key).catch(() => null)),
      ]);
      pressToStage.push(s - sentAt);
      pressToHost.push(hst - sentAt);
      for (const a of aud) {
        if (a === null) audienceLate += 1;
        else pressToAudience.push(a - sentAt);
      }
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
        eventFrames: eventFrames - eventFramesAtStart,
      },
      presses: pressToStage.length,
      pressToStageMs: pp(pressToStage),
      pressToHostMs: pp(pressToHost),
      decisionToStageMs: pp(decisionToStage),
      decisionToHostMs: pp(decisionToHost),
      pressToAudienceMs: pp(pressToAudience),
      audienceLate,
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
      audienceLate === 0 &&
      (pressToAudience.length === 0 || result.pressToAudienceMs.p99 < 150);
    result.seconds = Math.round((performance.now() - started) / 100) / 10;
    return result;
  } finally {
    crowd?.stop();
    for (const s of sockets) s.disconnect();
    await server.then((srv) => srv.stop()).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

export function table(r: BuzzBenchResult): string {
  const row = (name: string, v: { p50: number; p99: number }, target: string) =>
    `${name.padEnd(26)} ${ms(v.p50).padStart(8)} ${ms(v.p99).padStart(8)}   ${target}`;
  const ms = (n: number) => (Math.round(n * 10) / 10).toFixed(1);
  return [
    `B2 buzz to screens — ${r.presses} presses, ${r.audienceSockets} audience sockets connected (loopback, server in a child process; crowd at nice ${r.crowdNice})`,
    `audience flow while pressing: ${r.flow.commentsSent} comments sent (${r.flow.commentsPerSec}/s asked), ${r.flow.commentsAccepted} accepted, ` +
      `${r.flow.likesSent} like bursts; ${r.flow.framesPerSocket} audience frames received per crowd socket, ${r.flow.eventFrames} of them contest events (one sample socket)`,
    `${'path'.padEnd(26)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}   target`,
    row('press → stage', r.pressToStageMs, 'p99 < 10'),
    row('press → host', r.pressToHostMs, 'p99 < 10'),
    row('decision → stage', r.decisionToStageMs, 'p99 < 10'),
    row('decision → host', r.decisionToHostMs, 'p99 < 10'),
    row('press → audience (100)', r.pressToAudienceMs, 'p99 < 150') +
      (r.audienceLate > 0 ? `   (${r.audienceLate} deliveries still missing after 5 s, not counted)` : ''),
    `grace window (by design, between the first press and the decision): p50 ${r.graceMs.p50} ms, max ${r.graceMs.max} ms`,
    ...(r.standby
      ? [
          `warm standby: ${r.standby.mode} acknowledgement, ${r.standby.state} at the end, ${r.standby.timeouts} batches timed out, lag ${r.standby.lagEvents} events`,
        ]
      : ['no standby']),
    `target: ${r.targetMet ? 'MET' : 'NOT MET'} — ${r.seconds} s`,
  ].join('\n');
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
  if (serveAt >= 0)
    await serve(
      process.argv[serveAt + 1] ?? join(tmpdir(), 'leitai-bench-buzz.sqlite'),
      process.argv.includes('--standby'),
    );
  else await run(process.argv.slice(2));
}
