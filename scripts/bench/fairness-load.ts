/**
 * B6 on a real, loaded server: `npm run bench -- fairness --load 5000 [--trials N] [--seed S]`
 * (or `npm run bench -- fairness-load …`). The server runs in a child process (SQLite,
 * synchronous=FULL) with N audience sockets connected from another child process (the B2
 * crowd of scripts/bench/buzz.ts: every audience frame, 20 comments/s and like bursts). Ten
 * contestant phones run here on socket.io-client, each behind a simulated link of the jitter
 * model (uniform / exponential / Gilbert–Elliott, scripts/bench/lib/jitter.ts): every
 * message up and down waits its link's delay, and each direction delivers in order (a FIFO,
 * as one WebSocket does). A phone samples its clock over that link with the play page's own
 * sampler (client/src/core/clock-sampler.ts: `clock:ping`, the real estimator, 60 samples kept,
 * one every 2 s; its first burst here is the 60 a phone holds after two minutes in the hall),
 * answers the server's `clock:probe` over it (so the server measures the link and proves
 * absences through it), and claims press times on its synced, skewed clock. Each cell starts
 * with new phones and a warm-up (at least 8 s, until the host's link status shows every phone
 * measured and synced), as a hall's phones are connected before the question.
 *
 * Per trial the host prepares a question, shows it and arms the buzzer; two phones press,
 * `gap` ms apart (20, 30, 40 or 50, which first at random), at instants of this process's
 * clock; the server decides as it does in a show (held decision, clamp, photo finish rule
 * `earlier`). A trial is correct when the earlier true press wins. Reported per model and mean
 * jitter: correct %, photo-finish % (and what the two presses were: both kept claims, one ranked
 * by arrival, one clamped), presses labelled clamped (each listed) and ranked by arrival, the decision's wait after the
 * first valid arrival (server times) and the winner's announcement latency (first true press →
 * BuzzDecided at the host socket). Bounded: each trial times out after 5 s; the crowd and the
 * server stop with the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DEMO_CONTEST,
  percentile,
  sleep,
  type Ack,
  type ClientCommand,
  type ClockEstimate,
  type ClockPong,
  type CommandAck,
  type ContestFile,
  type EventsFrame,
  type LinkStatus,
  type PressRecord,
} from '@leitai/shared';
import { ClockSampler, PHONE_CLOCK_SCHEDULE, type ClockSchedule } from '../../client/src/core/clock-sampler.ts';
import { argValue } from './lib/args.ts';
import { announceServe, connectClient as connect, spawnServe, type ClientSocket } from './lib/bench-server.ts';
import { startCrowd, type Crowd } from './lib/crowd.ts';
import { LinkJitter, MODELS, type Jitter } from './lib/jitter.ts';
import { prng } from './lib/prng.ts';

const PHONES = 10;
const ASYMMETRY_MS = 20;
const LOAD_JITTERS = [20, 50] as const;
const LOAD_GAPS = [20, 30, 40, 50] as const;
const QUESTIONS = 600;
/** Least warm-up per cell: the server's probe burst (12 × 100 ms) and a few regular probes. */
const WARM_UP_MS = 8000;

interface ServeInfo {
  port: number;
  joinCode: string;
  host: string;
  contestants: Record<string, string>;
  questionIds: string[];
}

/** The demo contest with a long buzzer segment (many questions), a 50 ms open delay and 5 s buzzes. */
function benchContest(): ContestFile {
  const base = DEMO_CONTEST.questions.find((q) => q.id === 'q21')!;
  const extra = Array.from({ length: QUESTIONS }, (_, i) => ({ ...base, id: `fb${String(i + 1).padStart(4, '0')}` }));
  return {
    ...DEMO_CONTEST,
    questions: [...DEMO_CONTEST.questions, ...extra],
    stages: DEMO_CONTEST.stages.map((stage) => ({
      ...stage,
      segments: stage.segments.map((s) =>
        s.kind === 'buzzer'
          ? {
              ...s,
              questionIds: extra.map((q) => q.id),
              settings: { ...s.settings, openDelayMs: 50, buzzSeconds: 5, photoFinish: 'earlier' as const },
            }
          : s,
      ),
    })),
  };
}

/** Child mode: the server with the bench contest; prints its seats as one JSON line. */
async function serve(dbFile: string): Promise<void> {
  const { startLeitaiServer } = await import('@leitai/server');
  const server = await startLeitaiServer({ dbFile, port: 0, host: '127.0.0.1' });
  const definition = benchContest();
  const created = await server.service.create(definition, { contestId: 'fair' });
  if (!created.ok) throw new Error(created.error.message);
  const seat = (role: string, subjectId?: string) =>
    created.contest.seats.find((s) => s.role === role && (subjectId === undefined || s.subjectId === subjectId))!.token;
  const buzzer = definition.stages.flatMap((s) => s.segments).find((s) => s.kind === 'buzzer')!;
  const info: ServeInfo = {
    port: server.port,
    joinCode: created.contest.joinCode,
    host: seat('host'),
    contestants: Object.fromEntries(DEMO_CONTEST.contestants.map((c) => [c.id, seat('contestant', c.id)])),
    questionIds: buzzer.kind === 'buzzer' ? buzzer.questionIds : [],
  };
  announceServe(info);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
  setTimeout(() => process.exit(0), 1_800_000).unref(); // bounded even if the parent vanished
}

/**
 * One phone's simulated path: a delay per message from the jitter model (base one-way delay,
 * half the path asymmetry each way, the link's own jitter source), in order each way (a FIFO,
 * as one WebSocket delivers).
 */
class Link {
  private upFree = 0;
  private downFree = 0;
  private readonly jitter: LinkJitter;
  constructor(
    rand: () => number,
    kind: Jitter,
    mean: number,
    private readonly base: number,
    private readonly asym: number,
  ) {
    this.jitter = new LinkJitter(rand, kind, mean);
  }
  /** Run `fn` when a message sent now reaches the server (never before an earlier one). */
  up(fn: () => void): void {
    const at = Math.max(this.upFree, Date.now() + Math.max(1, this.base + this.asym / 2) + this.jitter.next());
    this.upFree = at;
    setTimeout(fn, Math.max(0, at - Date.now()));
  }
  /** Run `fn` when a message the server sends now reaches the phone. */
  down(fn: () => void): void {
    const at = Math.max(this.downFree, Date.now() + Math.max(1, this.base - this.asym / 2) + this.jitter.next());
    this.downFree = at;
    setTimeout(fn, Math.max(0, at - Date.now()));
  }
}

/**
 * The phone's clock schedule here: the play page's (PHONE_CLOCK_SCHEDULE: keep 60, one every
 * 2 s), with its first burst as long as what it keeps, so a phone that joined the cell a few
 * seconds ago holds the 60 samples a play page holds after two minutes in the hall.
 */
const BENCH_PHONE_SCHEDULE: ClockSchedule = {
  ...PHONE_CLOCK_SCHEDULE,
  burstCount: PHONE_CLOCK_SCHEDULE.keep,
  burstSpacingMs: 70,
};

/** A contestant phone behind its link: the play page's clock sampler, probe answers and presses. */
class Phone {
  clock: ClockEstimate | null = null;
  readonly sampler: ClockSampler;
  constructor(
    readonly id: string,
    readonly socket: ClientSocket,
    readonly link: Link,
    readonly skew: number,
  ) {
    socket.on('clock:probe', (_probe, ack) =>
      link.down(() => {
        const health = {
          synced: this.clock !== null,
          errorMs: this.clock ? Math.round(this.clock.error) : null,
          uncertaintyMs: this.clock ? Math.round(this.clock.uncertainty ?? this.clock.error) : null,
        };
        link.up(() => ack(health));
      }),
    );
    // The real sampler (client/src/core/clock-sampler.ts) over the link, on the phone's skewed clock.
    this.sampler = new ClockSampler(
      (t0) =>
        new Promise<ClockPong>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('ping timeout')), 5000);
          link.up(() =>
            socket.emit('clock:ping', { t0 }, (pong: Ack<ClockPong>) =>
              link.down(() => {
                clearTimeout(timer);
                if (pong.ok) resolve(pong);
                else reject(new Error(pong.error.code));
              }),
            ),
          );
        }),
      (estimate) => (this.clock = estimate),
      () => this.local(),
      BENCH_PHONE_SCHEDULE,
    );
    this.sampler.start();
  }
  local(): number {
    return Date.now() + this.skew;
  }
  press(run: number, attempt: number): void {
    const pressedAt = this.clock ? this.local() + this.clock.offset : null;
    const commandId = `fl-${this.id}-${run}-${attempt}-${Math.random().toString(36).slice(2, 8)}`;
    this.link.up(() =>
      this.socket.emit(
        'command:send',
        { commandId, command: { type: 'Buzz', data: { run, attempt, pressedAt } } },
        () => {},
      ),
    );
  }
  close(): void {
    this.sampler.stop();
    this.socket.close();
  }
}

/** What a photo finish involved: two kept claims (`synced`), a press ranked by arrival, or a clamped one. */
type PhotoKind = 'synced' | 'arrival' | 'clamped';

interface Cell {
  trials: number;
  correct: number;
  photo: number;
  /** Photo finishes by what their two presses were. */
  photoKinds: Record<PhotoKind, number>;
  clamped: number;
  /** Presses ranked by arrival (the phone's clock not reported synced yet). */
  arrival: number;
  presses: number;
  timeouts: number;
  waits: number[];
  announce: number[];
  /** Every press labelled clamped, as recorded (window, claim, arrival, error bound). */
  clampedPresses: PressRecord[];
}

export interface FairnessLoadResult {
  bench: 'fairness-load';
  audienceSockets: number;
  trialsPerCell: number;
  cells: Record<Jitter, Record<string, Cell>>;
  crowd: { frames: number; comments: number };
  seconds: number;
}

export async function runFairnessLoad(opts: {
  audience: number;
  trials: number;
  seed?: number;
  log?: (l: string) => void;
}): Promise<FairnessLoadResult> {
  const log = opts.log ?? (() => {});
  const rand = prng(opts.seed ?? 20261206);
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'leitai-bench-fairload-'));
  const server = spawnServe<ServeInfo>(new URL(import.meta.url).pathname, join(dir, 'f.sqlite'));
  const sockets: ClientSocket[] = [];
  let crowd: Crowd | undefined;
  try {
    const { info } = await server;
    const url = `http://127.0.0.1:${info.port}`;
    crowd = await startCrowd(url, info.joinCode, opts.audience, 10);
    crowd.flow(20);
    log(`${opts.audience} audience sockets connected, comments flowing`);
    const host = await connect(url, { token: info.host });
    sockets.push(host);
    const hostSend = async (command: ClientCommand): Promise<CommandAck> => {
      for (;;) {
        const ack = (await host.timeout(10_000).emitWithAck('command:send', {
          commandId: `fl-host-${Math.random().toString(36).slice(2)}-${Date.now()}`,
          command,
        })) as CommandAck;
        if (ack.ok || ack.error.code !== 'RATE_LIMITED') return ack;
        await sleep(60);
      }
    };
    // What the host socket sees: the armed buzz, each press, the decision (with receipt time).
    const armed = new Map<number, { openAt: number; attempt: number }>();
    let lastPrepared = 0;
    const pressed = new Map<number, PressRecord[]>();
    // The host panel's link status: which phones the server has measured and sees synced.
    let linkStatus: LinkStatus[] = [];
    host.on('link:status', (frame) => (linkStatus = frame.links));
    const decided = new Map<number, { winnerId: string; at: number; photo: boolean; seenAt: number }>();
    host.on('contest:events', (frame: EventsFrame) => {
      const seenAt = Date.now();
      for (const e of frame.events) {
        if (e.type === 'QuestionPrepared') lastPrepared = e.data.run;
        else if (e.type === 'BuzzerArmed') armed.set(e.data.run, { openAt: e.data.openAt, attempt: e.data.attempt });
        else if (e.type === 'BuzzPressed') {
          const list = pressed.get(e.data.run) ?? [];
          list.push(e.data.press);
          pressed.set(e.data.run, list);
        } else if (e.type === 'BuzzDecided') {
          decided.set(e.data.run, { winnerId: e.data.winnerId, at: e.data.at, photo: !!e.data.photoFinish, seenAt });
        }
      }
    });
    const until = async <T>(get: () => T | undefined, ms: number): Promise<T | undefined> => {
      const end = Date.now() + ms;
      for (;;) {
        const v = get();
        if (v !== undefined || Date.now() > end) return v;
        await sleep(5);
      }
    };
    await hostSend({ type: 'StartStage', data: { stageId: DEMO_CONTEST.stages[0]!.id } });
    const buzzerId = DEMO_CONTEST.stages[0]!.segments.find((s) => s.kind === 'buzzer')!.id;
    const go = await hostSend({ type: 'StartSegment', data: { segmentId: buzzerId } });
    if (!go.ok) throw new Error(`StartSegment: ${go.error.message}`);
    let q = 0;
    const cells = Object.fromEntries(MODELS.map((m) => [m, {}])) as Record<Jitter, Record<string, Cell>>;
    for (const kind of MODELS) {
      for (const mean of LOAD_JITTERS) {
        const cell: Cell = {
          trials: 0,
          correct: 0,
          photo: 0,
          photoKinds: { synced: 0, arrival: 0, clamped: 0 },
          clamped: 0,
          arrival: 0,
          presses: 0,
          timeouts: 0,
          waits: [],
          announce: [],
          clampedPresses: [],
        };
        cells[kind][mean] = cell;
        // New phones per cell: the server measures each link afresh.
        const phones = await Promise.all(
          Object.entries(info.contestants)
            .slice(0, PHONES)
            .map(async ([id, token]) => {
              const link = new Link(rand, kind, mean, 5 + rand() * 35, (rand() * 2 - 1) * ASYMMETRY_MS);
              const socket = await connect(url, { token });
              sockets.push(socket);
              return new Phone(id, socket, link, (rand() * 2 - 1) * 1000);
            }),
        );
        // Warm-up, as a hall's phones are connected before the question: the phones sample their
        // clocks (the play page's 60 samples) and the server probes them (its burst of 12, then
        // every 2 s) until the host's link status shows every phone measured and synced.
        const warmStart = Date.now();
        const ready = () =>
          phones.every((p) => linkStatus.some((l) => l.contestantId === p.id && l.synced && l.windowMs !== null));
        while (Date.now() - warmStart < WARM_UP_MS || (!ready() && Date.now() - warmStart < 60_000)) await sleep(200);
        if (!ready()) log(`${kind} ${mean} ms: not every phone reported synced after 60 s`);
        for (let i = 0; i < opts.trials; i++) {
          const questionId = info.questionIds[q++ % info.questionIds.length]!;
          const prep = await hostSend({ type: 'PrepareQuestion', data: { segmentId: buzzerId, questionId } });
          if (!prep.ok) throw new Error(`PrepareQuestion: ${prep.error.message}`);
          const run = (await until(() => (lastPrepared >= q ? lastPrepared : undefined), 5000)) ?? q;
          await hostSend({ type: 'ShowQuestion', data: { run } });
          await hostSend({ type: 'ArmBuzzer', data: { run } });
          const arm = await until(() => armed.get(run), 5000);
          if (!arm) {
            cell.timeouts++;
            continue;
          }
          const gap = LOAD_GAPS[Math.floor(rand() * LOAD_GAPS.length)]!;
          const a = Math.floor(rand() * phones.length);
          const b = (a + 1 + Math.floor(rand() * (phones.length - 1))) % phones.length;
          const [first, second] = [phones[a]!, phones[b]!];
          const firstAt = arm.openAt + 80 + rand() * 100;
          await sleep(Math.max(0, firstAt - Date.now()));
          first.press(run, arm.attempt);
          await sleep(gap);
          second.press(run, arm.attempt);
          const d = await until(() => decided.get(run), 5000);
          cell.trials++;
          if (!d) cell.timeouts++;
          else {
            if (d.winnerId === first.id) cell.correct++;
            if (d.photo) cell.photo++;
            const valid = (pressed.get(run) ?? []).filter((p) => p.decision === 'accepted');
            const firstArrival = Math.min(...valid.map((p) => p.arrivedAt));
            if (Number.isFinite(firstArrival)) cell.waits.push(d.at - firstArrival);
            cell.announce.push(d.seenAt - firstAt);
          }
          await sleep(300); // late presses land
          const presses = pressed.get(run) ?? [];
          for (const p of presses) {
            cell.presses++;
            if (p.mode === 'arrival') cell.arrival++;
            if (p.mode === 'clamped') {
              cell.clamped++;
              cell.clampedPresses.push(p);
            }
          }
          if (d?.photo) {
            const kinds = presses.filter((p) => p.decision === 'accepted').map((p) => p.mode);
            cell.photoKinds[kinds.includes('clamped') ? 'clamped' : kinds.includes('arrival') ? 'arrival' : 'synced']++;
          }
          await hostSend({ type: 'FinishQuestion', data: { run } });
        }
        for (const p of phones) p.close();
        log(`${kind} ${mean} ms: ${cell.correct}/${cell.trials} correct, ${cell.photo} photo finishes`);
      }
    }
    const report = crowd.latest();
    return {
      bench: 'fairness-load',
      audienceSockets: report.sockets,
      trialsPerCell: opts.trials,
      cells,
      crowd: { frames: report.frames, comments: report.accepted },
      seconds: Math.round((performance.now() - t0) / 100) / 10,
    };
  } finally {
    for (const s of sockets) s.close();
    crowd?.stop();
    await server.then((srv) => srv.stop()).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

function table(r: FairnessLoadResult): string {
  const lines = [
    `B6 on a loaded server — ${r.audienceSockets} audience sockets (crowd received ${r.crowd.frames} frames, ${r.crowd.comments} comments accepted), ${r.trialsPerCell} trials per cell, gaps 20-50 ms, ${r.seconds} s`,
    'model       | jitter | correct % | photo % (synced/arrival/clamped) | clamped presses | arrival presses | wait p50 / p95 ms | announce p50 / p95 ms | timeouts',
  ];
  for (const kind of MODELS) {
    for (const mean of LOAD_JITTERS) {
      const c = r.cells[kind][mean];
      if (!c) continue;
      const pct = (n: number, d: number) => (d ? ((n / d) * 100).toFixed(1) : '-');
      const p = (xs: number[], q: number) => (xs.length ? Math.round(percentile(xs, q)) : '-');
      lines.push(
        `${kind.padEnd(11)} | ${`${mean} ms`.padStart(6)} | ${pct(c.correct, c.trials).padStart(9)} | ${`${pct(c.photo, c.trials)} (${c.photoKinds.synced}/${c.photoKinds.arrival}/${c.photoKinds.clamped})`.padStart(32)} | ${`${c.clamped} of ${c.presses}`.padStart(15)} | ${`${c.arrival} of ${c.presses}`.padStart(15)} | ${`${p(c.waits, 50)} / ${p(c.waits, 95)}`.padStart(17)} | ${`${p(c.announce, 50)} / ${p(c.announce, 95)}`.padStart(21)} | ${c.timeouts}`,
      );
      for (const x of c.clampedPresses)
        lines.push(
          `  clamped: ${x.contestantId} claim ${x.claimedAt !== null ? Math.round(x.arrivedAt - x.claimedAt) : '-'} ms before arrival, window ${x.windowMs} ms, error bound ${x.errorMs ?? '-'} ms`,
        );
    }
  }
  return lines.join('\n');
}

export async function run(args: string[]): Promise<void> {
  const seed = argValue(args, '--seed');
  const result = await runFairnessLoad({
    audience: argValue(args, '--load') ?? argValue(args, '--audience') ?? 5000,
    trials: argValue(args, '--trials') ?? 100,
    ...(seed !== undefined ? { seed } : {}),
    log: (l) => process.stderr.write(`${l}\n`),
  });
  process.stdout.write(`${table(result)}\n`);
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const serveAt = process.argv.indexOf('--serve');
  if (serveAt >= 0) await serve(process.argv[serveAt + 1] ?? join(tmpdir(), 'leitai-bench-fairload.sqlite'));
  else await run(process.argv.slice(2));
}
