/**
 * B4 and B5 of quality.md: durable appends with group commit, command ack latency, the
 * one-row-per-transaction reference, replay of 1M events and cold start from a snapshot.
 *
 *   npx tsx scripts/bench/store.ts [--json] [--dir <path>]
 *
 * Files go to a fresh temp directory (on the disk under test: fsync cost is the point) and are
 * removed at the end. The whole run is bounded to well under a minute.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NewEvent } from '../../server/src/store/event-store.ts';
import { openStoreDatabase, SqliteEventStore } from '../../server/src/store/sqlite-event-store.ts';
import { percentile } from '@leitai/shared';

/** Knobs of the store benchmark; the defaults are the B4/B5 set-up. */
export interface StoreBenchOptions {
  /** Parent directory of the temp files (default: os.tmpdir()). */
  dir?: string;
  /** Seconds of each throughput run (default 2). */
  appendSeconds?: number;
  /** Concurrent 1-event commands in flight (default 1000). */
  inFlight?: number;
  /** Events per append in the batched run (default 100, with inFlight / 10 appenders). */
  eventsPerAppend?: number;
  /** Commands per second and seconds of the ack-latency run (default 1000 for 5 s). */
  ackRate?: number;
  ackSeconds?: number;
  /** Events in the replay file (default 1,000,000) and behind the snapshot (default 1000). */
  replayEvents?: number;
  tailEvents?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** What the store benchmark measured. */
export interface StoreBenchResult {
  bench: 'store';
  /** 1-event commands (with commandId) acknowledged per second, `inFlight` at a time. */
  appendsPerSec: number;
  /** Events per second when each append carries `eventsPerAppend` events. */
  batchedEventsPerSec: number;
  /** Mean commands per transaction in the 1-event run (how much group commit shared). */
  commandsPerCommit: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /** Reference: autocommit inserts, one fsync each, synchronous=FULL. */
  oneRowPerTxPerSec: number;
  /** Seconds to fold `replayEvents` events into a scoreboard through `store.replay` (type, data). */
  replay1MSec: number;
  /** CPU seconds of the same (wall time suffers first when the machine is shared). */
  replay1MCpuSec: number;
  /** The same replay with metadata parsed too. */
  replayWithMetadataSec: number;
  /** The same fold over `readAll` pages of full `StoredEvent`s (hashes and metadata). */
  replayReadAllSec: number;
  replayEvents: number;
  /** Open the file, load the snapshot, fold the tail: milliseconds. */
  coldStartMs: number;
}

const CONTESTANTS = 100;

/** A contest-like event: mostly scores, some buzzes and answers. */
function contestEvent(n: number): NewEvent {
  const contestantId = `c${n % CONTESTANTS}`;
  const metadata = { actor: { role: 'host' }, at: 1_700_000_000_000 + n, commandId: `cmd-${n}` };
  switch (n % 4) {
    case 0:
      return { type: 'BuzzPressed', data: { contestantId, pressedAt: 1_700_000_000_000 + n }, metadata };
    case 1:
      return { type: 'AnswerSubmitted', data: { contestantId, questionId: `q${n % 50}`, answer: 'B' }, metadata };
    default:
      return { type: 'ScoreAwarded', data: { contestantId, questionId: `q${n % 50}`, points: (n % 7) + 1 }, metadata };
  }
}

type Scoreboard = Record<string, number>;

/** The fold under test: a sum of points per contestant. */
function foldScore(board: Scoreboard, type: string, data: unknown): void {
  if (type !== 'ScoreAwarded') return;
  const { contestantId, points } = data as { contestantId: string; points: number };
  board[contestantId] = (board[contestantId] ?? 0) + points;
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** `concurrency` appenders, each on its own stream, appending until `seconds` are up. */
async function appendLoad(
  store: SqliteEventStore,
  concurrency: number,
  eventsPerAppend: number,
  seconds: number,
): Promise<{ events: number; appends: number; commits: number; elapsedSec: number }> {
  const before = store.stats();
  const events = Array.from({ length: eventsPerAppend }, (_, i) => contestEvent(i));
  let appended = 0;
  let appends = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      const streamId = `load:${eventsPerAppend}:${w}`;
      let version = 0;
      while (performance.now() < deadline) {
        const result = await store.append(streamId, events, {
          expectedVersion: version,
          commandId: `${streamId}#${version}`,
        });
        version = result.version;
        appended += eventsPerAppend;
        appends++;
      }
    }),
  );
  const elapsedSec = (performance.now() - start) / 1000;
  return { events: appended, appends, commits: store.stats().commits - before.commits, elapsedSec };
}

/** Issues commands at a steady rate and records each one's time to acknowledgement. */
async function ackLatency(store: SqliteEventStore, rate: number, seconds: number): Promise<number[]> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const versions = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let issued = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000));
      for (; issued < due; issued++) {
        // A handful of contest streams; appends to one stream pipeline on the expected version.
        const streamId = `ack:${issued % 8}`;
        const expectedVersion = versions.get(streamId) ?? 0;
        versions.set(streamId, expectedVersion + 1);
        const sent = performance.now();
        pending.push(
          store
            .append(streamId, [contestEvent(issued)], { expectedVersion, commandId: `ack-${issued}` })
            .then(() => void latencies.push(performance.now() - sent)),
        );
      }
      if (issued < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
  return latencies.sort((a, b) => a - b);
}

function oneRowPerTransaction(file: string, seconds: number): number {
  const db = openStoreDatabase(file);
  const insert = db.prepare(
    'INSERT INTO events (stream_id, version, type, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const { type, data, metadata } = contestEvent(2);
  const dataJson = JSON.stringify(data);
  const metadataJson = JSON.stringify(metadata);
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let rows = 0;
  // Autocommit: every insert is its own transaction with its own fsync.
  while (performance.now() < deadline) {
    rows++;
    insert.run('one-row', rows, type, dataJson, metadataJson, '0'.repeat(64));
  }
  const perSec = rows / ((performance.now() - start) / 1000);
  db.close();
  return perSec;
}

/** Setup, not measured: the replay file through the store's own append path, 10k events per append. */
async function buildReplayFile(
  file: string,
  events: number,
  tail: number,
): Promise<{ streamId: string; expected: Scoreboard }> {
  const store = new SqliteEventStore(file);
  const streamId = 'contest:replay';
  const expected: Scoreboard = {};
  const chunk = 10_000;
  let version = 0;
  for (let n = 0; n < events;) {
    const size = Math.min(chunk, events - n);
    // Stop exactly at the snapshot point once, so the snapshot covers events - tail.
    const cut = n < events - tail && n + size > events - tail ? events - tail - n : size;
    const batch = Array.from({ length: cut }, (_, i) => contestEvent(n + i));
    for (const e of batch) foldScore(expected, e.type, e.data);
    version = (await store.append(streamId, batch, { expectedVersion: version })).version;
    n += cut;
    if (n === events - tail) store.saveSnapshot({ streamId, version, state: structuredClone(expected) });
  }
  await store.close();
  return { streamId, expected };
}

function sameBoard(a: Scoreboard, b: Scoreboard): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Runs B4 and B5 and returns the figures. */
export async function runStoreBench(options: StoreBenchOptions = {}): Promise<StoreBenchResult> {
  const log = options.log ?? (() => undefined);
  const appendSeconds = options.appendSeconds ?? 2;
  const inFlight = options.inFlight ?? 1000;
  const eventsPerAppend = options.eventsPerAppend ?? 100;
  const replayEvents = options.replayEvents ?? 1_000_000;
  const tailEvents = Math.min(options.tailEvents ?? 1000, replayEvents);
  const dir = mkdtempSync(join(options.dir ?? tmpdir(), 'leitai-bench-store-'));
  try {
    log(`B4 durable appends: ${inFlight} one-event commands in flight for ${appendSeconds} s`);
    const store = new SqliteEventStore(join(dir, 'appends.sqlite'));
    const single = await appendLoad(store, inFlight, 1, appendSeconds);
    const appendsPerSec = single.events / single.elapsedSec;
    log(`B4 batched: ${Math.max(1, inFlight / 10)} appenders x ${eventsPerAppend} events`);
    const batched = await appendLoad(store, Math.max(1, inFlight / 10), eventsPerAppend, appendSeconds);
    await store.close();

    const ackRate = options.ackRate ?? 1000;
    const ackSeconds = options.ackSeconds ?? 5;
    log(`B4 ack latency: ${ackRate} commands/s for ${ackSeconds} s`);
    const ackStore = new SqliteEventStore(join(dir, 'acks.sqlite'));
    const latencies = await ackLatency(ackStore, ackRate, ackSeconds);
    await ackStore.close();

    log('B4 reference: one row per transaction');
    const oneRowPerTxPerSec = oneRowPerTransaction(join(dir, 'one-row.sqlite'), Math.min(appendSeconds, 1.5));

    log(`B5 setup: writing ${replayEvents} events (not measured)`);
    const replayFile = join(dir, 'replay.sqlite');
    const { streamId, expected } = await buildReplayFile(replayFile, replayEvents, tailEvents);

    log('B5 replay: store.replay + fold (type and data), then with metadata, then readAll pages');
    const replayStore = new SqliteEventStore(replayFile);
    const timed = (body: () => Scoreboard): { sec: number; cpuSec: number } => {
      const cpu = process.cpuUsage();
      const start = performance.now();
      const board = body();
      const sec = (performance.now() - start) / 1000;
      const used = process.cpuUsage(cpu);
      if (!sameBoard(board, expected)) throw new Error('replay folded a wrong scoreboard');
      return { sec, cpuSec: (used.user + used.system) / 1e6 };
    };
    const replayFold = (metadata: boolean) => (): Scoreboard => {
      const board: Scoreboard = {};
      const visited = replayStore.replay((e) => foldScore(board, e.type, e.data), { metadata });
      if (visited !== replayEvents) throw new Error(`replay visited ${visited} events`);
      return board;
    };
    const lean = timed(replayFold(false));
    const withMetadata = timed(replayFold(true));
    const viaReadAll = timed(() => {
      const board: Scoreboard = {};
      let after = 0;
      for (;;) {
        const page = replayStore.readAll(after, 10_000);
        if (page.length === 0) break;
        for (const e of page) foldScore(board, e.type, e.data);
        after = page[page.length - 1]?.position ?? after;
      }
      return board;
    });
    await replayStore.close();

    log('B5 cold start: open, load snapshot, fold tail');
    const coldStart = performance.now();
    const coldStore = new SqliteEventStore(replayFile);
    const snapshot = coldStore.loadSnapshot(streamId);
    const coldBoard = { ...(snapshot?.state as Scoreboard | undefined) };
    for (const e of coldStore.readStream(streamId, snapshot?.version ?? 0)) foldScore(coldBoard, e.type, e.data);
    const coldStartMs = performance.now() - coldStart;
    await coldStore.close();
    if (!sameBoard(coldBoard, expected)) throw new Error('cold start folded a wrong scoreboard');

    return {
      bench: 'store',
      appendsPerSec: Math.round(appendsPerSec),
      batchedEventsPerSec: Math.round(batched.events / batched.elapsedSec),
      commandsPerCommit: round(single.appends / Math.max(1, single.commits), 1),
      ackP50Ms: round(percentile(latencies, 50)),
      ackP99Ms: round(percentile(latencies, 99)),
      ackMaxMs: round(latencies.at(-1) ?? NaN),
      oneRowPerTxPerSec: Math.round(oneRowPerTxPerSec),
      replay1MSec: round(lean.sec, 3),
      replay1MCpuSec: round(lean.cpuSec, 3),
      replayWithMetadataSec: round(withMetadata.sec, 3),
      replayReadAllSec: round(viaReadAll.sec, 3),
      replayEvents,
      coldStartMs: round(coldStartMs, 1),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function table(r: StoreBenchResult): string {
  const rows: [string, string, string, boolean | undefined][] = [
    [
      'B4 durable appends (1-event commands)',
      `${r.appendsPerSec.toLocaleString('en')} events/s`,
      '>= 100k events/s',
      r.appendsPerSec >= 100_000,
    ],
    [
      'B4 batched appends',
      `${r.batchedEventsPerSec.toLocaleString('en')} events/s`,
      '>= 100k events/s',
      r.batchedEventsPerSec >= 100_000,
    ],
    ['B4 commands per commit (1-event run)', `${r.commandsPerCommit}`, '', undefined],
    ['B4 ack p50 at 1k commands/s', `${r.ackP50Ms} ms`, '', undefined],
    ['B4 ack p99 at 1k commands/s', `${r.ackP99Ms} ms (max ${r.ackMaxMs})`, '<= 5 ms', r.ackP99Ms <= 5],
    ['B4 reference: one row per transaction', `${r.oneRowPerTxPerSec.toLocaleString('en')} rows/s`, '~7k/s', undefined],
    [
      `B5 replay ${r.replayEvents.toLocaleString('en')} events (replay)`,
      `${r.replay1MSec} s (cpu ${r.replay1MCpuSec})`,
      '< 1.5 s',
      r.replay1MSec < 1.5,
    ],
    ['B5 replay with metadata', `${r.replayWithMetadataSec} s`, '', undefined],
    ['B5 replay through readAll pages', `${r.replayReadAllSec} s`, '', undefined],
    ['B5 cold start with snapshot', `${r.coldStartMs} ms`, '< 200 ms', r.coldStartMs < 200],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c as 0 | 1 | 2].length)));
  return rows
    .map(([name, value, target, ok]) => {
      const verdict = ok === undefined ? '' : ok ? 'ok' : 'MISSED';
      return `${name.padEnd(widths[0] ?? 0)}  ${value.padStart(widths[1] ?? 0)}  ${target.padEnd(widths[2] ?? 0)}  ${verdict}`;
    })
    .join('\n');
}

/** CLI entry used by scripts/bench/run.ts: `[--json] [--dir <path>]`. */
export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const dirIndex = args.indexOf('--dir');
  const dir = dirIndex >= 0 ? args[dirIndex + 1] : undefined;
  const result = await runStoreBench({ ...(dir ? { dir } : {}), log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${table(result)}\n`);
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run(process.argv.slice(2));
}
