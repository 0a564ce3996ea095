/**
 * B6 of quality.md: the fair buzzer. Share of correctly ordered presses for gaps of 5-50 ms
 * under mean jitter 20 / 50 / 200 ms with ±20 ms path asymmetry, side by side with arrival
 * order, in one run, using the real arbitration functions of the knowledge module
 * (estimateClock for the phone's clock sync, linkWindow for the server's link measurement,
 * correctPress, graceWindow and rankPresses for the decision).
 *
 *   npx tsx scripts/bench/run.ts fairness [--json] [--explain] [--trials N] [--seed S] [--grace]
 *
 * Model of one trial: ten phones are connected; each has a base one-way latency (uniform
 * 5-40 ms), a fixed path asymmetry a = uplink − downlink (uniform ±20 ms) and a
 * random clock skew (±1 s). Every message adds jitter J: `uniform` draws J from [0, 2×mean]
 * (netem-style); `exponential` draws it with the same mean and a heavy tail; `bursty` is
 * Gilbert–Elliott: each link is a two-state chain whose bad state holds BURST_SHARE of the
 * packets in bursts of BURST_LENGTH and adds BURST_EXTRA_MS on top of the uniform jitter. Each
 * press carries its clock's error bound: the bench counts presses labelled clamped (moved by
 * more than that bound) and photo finishes (two presses closer than their bounds together). Each phone syncs its clock with its 60 latest pings
 * (estimateClock intersects their bounds; its `uncertainty` is the press's photo-finish bound);
 * the server probes each phone 60 times and keeps the longest answered round trip as the claim
 * window (claimWindow). Two of the phones press, `gap` ms apart (which one first is random).
 * Presses travel up with jitter; the server corrects each claim and holds the decision: at the
 * first valid arrival it probes every phone, and one link delivers in order (a press made before
 * the probe was read arrives before the answer); it decides when every answer is in
 * (provenAt), at the latest at holdDeadline (the leader's corrected time + the slowest window,
 * capped at 600 ms after the first arrival). `--grace` runs the previous decision instead (first
 * arrival + the slowest 12-probe window, capped at 150 ms). It ranks by corrected time; a press
 * arriving after the decision ranks behind. A trial is correct when the earlier true press wins.
 * Arrival order is judged on the same presses. The wait and the winner's announcement latency
 * (decision − the winner's true press) are reported per cell.
 */
import { pathToFileURL } from 'node:url';
import { estimateClock, type ClockSample } from '../../shared/src/clock/clock-sync.ts';
import { argValue } from './lib/args.ts';
import { LinkJitter, MODELS, MODEL_LABEL, type Jitter } from './lib/jitter.ts';
import { prng } from './lib/prng.ts';
import {
  CLAIM_MEMORY,
  GRACE_CAP_MS,
  HOLD_CAP_MS,
  LINK_SAMPLES,
  claimWindow,
  correctPress,
  holdDeadline,
  graceWindow,
  isPhotoFinish,
  linkWindow,
  provenAt,
  rankPresses,
} from '../../shared/src/contest/knowledge/buzz-arbitration.ts';

/** How the decision waits: `proof` (every phone in or provably absent, capped) or `grace` (the slowest window, capped at 150 ms). */
export type Hold = 'proof' | 'grace';
export { BURST_EXTRA_MS, BURST_LENGTH, BURST_SHARE, MODELS, type Jitter } from './lib/jitter.ts';
export const GAPS = [5, 10, 20, 30, 40, 50] as const;
export const JITTERS = [20, 50, 200] as const;
const ASYMMETRY_MS = 20;
const PHONES = 10;
const CLOCK_SAMPLES = 60;

interface Phone {
  base: number;
  asym: number;
  skew: number;
  offsetEstimate: number;
  /** The clock estimate's error bound (estimateClock's half-width), ms. */
  errorBound: number;
  /** The clock estimate's timestamp uncertainty (estimateClock's `uncertainty`), ms. */
  uncertainty: number;
  window: number;
  /** This phone's link's jitter (its own Gilbert–Elliott state). */
  link: LinkJitter;
}

/**
 * Why a trial was misordered (`--explain`), checked in this order: `late` (the earlier press
 * arrived after the decision instant), `clamped` (a claim was moved to its window's edge and the
 * raw claims were in the right order), `tie` (equal corrected times), `asymmetry` (the clocks'
 * offset errors from path asymmetry alone, a/2 per phone, outweigh the gap), `residual` (the rest
 * of the offset errors: jitter left over after the estimator).
 */
export const CAUSES = ['late', 'clamped', 'tie', 'asymmetry', 'residual'] as const;
export type Cause = (typeof CAUSES)[number];

export interface FairnessResult {
  bench: 'fairness';
  trials: number;
  /** Misordered trials by cause, by jitter model, mean jitter and gap. */
  causes: Record<Jitter, Record<string, Record<string, Record<Cause, number>>>>;
  /** Offset-estimate residual beyond a/2 (|error − asym/2|), by model and mean jitter: mean and p99, ms. */
  residualMs: Record<Jitter, Record<string, { mean: number; p99: number }>>;
  /** Correctly ordered %, by jitter model, mean jitter and gap: corrected-time arbitration. */
  correctPct: Record<Jitter, Record<string, Record<string, number>>>;
  /** The same presses judged by arrival order. */
  arrivalPct: Record<Jitter, Record<string, Record<string, number>>>;
  /** How the decision waited. */
  hold: Hold;
  /** The decision's wait after the first valid press arrived, mean and p95, by model and jitter, ms. */
  waitMs: Record<Jitter, Record<string, { mean: number; p95: number }>>;
  /** The winner's announcement latency (decision − the winner's true press), mean and p95, ms. */
  announceMs: Record<Jitter, Record<string, { mean: number; p95: number }>>;
  /** Share of decisions taken at the hold cap with a proof still missing, %. */
  cappedPct: Record<Jitter, Record<string, number>>;
  /** Share of trials with gaps ≥ 20 ms the host is asked about (photo finish), %, by model and jitter. */
  photoFinishPct: Record<Jitter, Record<string, number>>;
  /** Share of presses labelled clamped (moved by more than their bound), %, by model and jitter. */
  clampedPct: Record<Jitter, Record<string, number>>;
  /** Per model: ≥ 99% for gaps ≥ 20 ms at ≤ 50 ms mean jitter, photo finish ≤ 2% there. */
  targetByModel: Record<Jitter, boolean>;
  /** B6 target: every model's target met (grace ≤ 150 ms when waiting by grace). */
  targetMet: boolean;
  seconds: number;
}

function simulate(
  rand: () => number,
  jitterKind: Jitter,
  meanJitter: number,
  gap: number,
  hold: Hold,
): {
  corrected: boolean;
  arrival: boolean;
  wait: number;
  announce: number;
  capped: boolean;
  cause?: Cause;
  residuals: number[];
  photoFinish: boolean;
  clamped: number;
} {
  const jitter = (p: Phone) => p.link.next();
  // Asymmetry a = uplink − downlink base delay, within ±ASYMMETRY_MS.
  const up = (p: Phone) => Math.max(1, p.base + p.asym / 2) + jitter(p);
  const down = (p: Phone) => Math.max(1, p.base - p.asym / 2) + jitter(p);
  const phones: Phone[] = [];
  const residuals: number[] = [];
  let t = 1_000_000;
  for (let i = 0; i < PHONES; i++) {
    const p: Phone = {
      base: 5 + rand() * 35,
      asym: (rand() * 2 - 1) * ASYMMETRY_MS,
      skew: (rand() * 2 - 1) * 1000,
      offsetEstimate: 0,
      errorBound: 0,
      uncertainty: 0,
      window: 0,
      link: new LinkJitter(rand, jitterKind, meanJitter),
    };
    // The phone's clock sync over its link: the play page keeps its 60 latest pings
    // (PHONE_CLOCK_SCHEDULE: a burst of 12 after connecting, then one every 2 s).
    const samples: ClockSample[] = [];
    for (let k = 0; k < CLOCK_SAMPLES; k++) {
      const sent = t + k * 100;
      const serverTime = sent + up(p);
      const received = serverTime + down(p);
      samples.push({ t0: sent + p.skew, serverTime, t1: received + p.skew });
    }
    const estimate = estimateClock(samples);
    p.offsetEstimate = estimate?.offset ?? 0;
    p.errorBound = estimate?.error ?? 0;
    p.uncertainty = estimate?.uncertainty ?? p.errorBound;
    // True offset is −skew; the estimate's error splits into a/2 (no round-trip method sees it) and the rest.
    residuals.push(Math.abs(p.offsetEstimate + p.skew - p.asym / 2));
    // The server's probes: 12 round trips, high-water window.
    // The server's probes: the claim window remembers CLAIM_MEMORY answered round trips.
    const rtts = Array.from({ length: hold === 'proof' ? CLAIM_MEMORY : LINK_SAMPLES }, () => down(p) + up(p));
    p.window = (hold === 'proof' ? claimWindow(rtts) : linkWindow(rtts)) ?? 1000;
    phones.push(p);
  }
  t += 30_000;
  const grace = graceWindow(Math.max(...phones.map((p) => p.window)));
  const first = rand() < 0.5 ? 0 : 1;
  const raw = [0, 1].map((i) => {
    const phone = phones[i]!;
    const pressAt = t + (i === first ? 0 : gap);
    return { i, phone, pressAt, arrivedAt: pressAt + up(phone) };
  });
  const firstArrival = Math.min(...raw.map((p) => p.arrivedAt));
  let decideAt = firstArrival + grace;
  let capped = false;
  if (hold === 'proof') {
    // The server probes every other phone as the first valid press arrives. One socket delivers a
    // phone's messages in order: a press made before the probe was read arrives before the answer,
    // and one made after it arrives after the answer.
    const proofs = phones.map((phone, j) => {
      const read = firstArrival + down(phone);
      let answered = read + up(phone);
      const mine = raw.find((r) => r.i === j);
      if (mine && mine.arrivedAt === firstArrival) return firstArrival;
      if (mine && mine.pressAt < read) answered = Math.max(answered, mine.arrivedAt);
      else if (mine) mine.arrivedAt = Math.max(mine.arrivedAt, answered);
      return answered;
    });
    const leader = raw.find((r) => r.arrivedAt === firstArrival)!;
    const leaderAt = correctPress({
      claimedAt: leader.pressAt + leader.phone.skew + leader.phone.offsetEstimate,
      arrivedAt: firstArrival,
      windowMs: leader.phone.window,
      synced: true,
    }).correctedAt;
    const deadline = holdDeadline(firstArrival, leaderAt, Math.max(...phones.map((p) => p.window)));
    decideAt = Math.min(deadline, provenAt(firstArrival, proofs));
    capped = decideAt === firstArrival + HOLD_CAP_MS && proofs.some((p) => p > decideAt);
  }
  const presses = raw.map(({ i, phone, pressAt, arrivedAt }) => {
    const claimedAt = pressAt + phone.skew + phone.offsetEstimate; // the phone's synced reading
    const c = correctPress({
      claimedAt,
      arrivedAt,
      windowMs: phone.window,
      synced: true,
      errorMs: phone.errorBound,
      uncertaintyMs: phone.uncertainty,
    });
    return {
      id: `p${i}`,
      arrivedAt,
      claimedAt,
      pressAt,
      correctedAt: c.correctedAt,
      mode: c.mode,
      boundMs: c.boundMs,
    };
  });
  const inTime = presses.filter((p) => p.arrivedAt <= decideAt);
  const late = presses.filter((p) => p.arrivedAt > decideAt);
  const order = [
    ...rankPresses(
      inTime.map((p) => ({ contestantId: p.id, correctedAt: p.correctedAt, arrivedAt: p.arrivedAt, mode: p.mode })),
    ),
    ...rankPresses(
      late.map((p) => ({ contestantId: p.id, correctedAt: p.correctedAt, arrivedAt: p.arrivedAt, mode: p.mode })),
    ),
  ];
  const truth = `p${first}`;
  const byArrival = [...presses].sort((a, b) => a.arrivedAt - b.arrivedAt)[0]!.id;
  const corrected = order[0]?.contestantId === truth;
  let cause: Cause | undefined;
  if (!corrected) {
    const early = presses[first]!;
    const later = presses[1 - first]!;
    const [pe, pl] = [phones[first]!, phones[1 - first]!];
    if (early.arrivedAt > decideAt) cause = 'late';
    else if ((early.mode === 'clamped' || later.mode === 'clamped') && early.claimedAt < later.claimedAt)
      cause = 'clamped';
    else if (early.correctedAt === later.correctedAt) cause = 'tie';
    else if (later.pressAt + pl.asym / 2 <= early.pressAt + pe.asym / 2) cause = 'asymmetry';
    else cause = 'residual';
  }
  const [a, b] = presses as [(typeof presses)[0], (typeof presses)[0]];
  const photoFinish = inTime.length === 2 && isPhotoFinish(a, b);
  const clamped = presses.filter((p) => p.mode === 'clamped').length;
  return {
    corrected,
    arrival: byArrival === truth,
    wait: decideAt - firstArrival,
    announce: decideAt - Math.min(...presses.map((p) => p.pressAt)),
    capped,
    ...(cause ? { cause } : {}),
    residuals,
    photoFinish,
    clamped,
  };
}

/** Mean and p95 of a list of ms, rounded. */
function spread(xs: number[]): { mean: number; p95: number } {
  const sorted = [...xs].sort((x, y) => x - y);
  const mean = sorted.reduce((x, y) => x + y, 0) / Math.max(1, sorted.length);
  return { mean: Math.round(mean), p95: Math.round(sorted[Math.floor(sorted.length * 0.95)] ?? 0) };
}

export function runFairness(opts: { trials?: number; seed?: number; hold?: Hold } = {}): FairnessResult {
  const trials = opts.trials ?? 2000;
  const hold = opts.hold ?? 'proof';
  const started = performance.now();
  const rand = prng(opts.seed ?? 20260522);
  const perModel = <T>(): Record<Jitter, T> => ({ uniform: {}, exponential: {}, bursty: {} }) as Record<Jitter, T>;
  const correctPct = perModel<Record<string, Record<string, number>>>();
  const arrivalPct = perModel<Record<string, Record<string, number>>>();
  const waitMs = perModel<Record<string, { mean: number; p95: number }>>();
  const announceMs = perModel<Record<string, { mean: number; p95: number }>>();
  const cappedPct = perModel<Record<string, number>>();
  const causes = perModel<Record<string, Record<string, Record<Cause, number>>>>();
  const residualMs = perModel<Record<string, { mean: number; p99: number }>>();
  const photoFinishPct = perModel<Record<string, number>>();
  const clampedPct = perModel<Record<string, number>>();
  for (const kind of MODELS) {
    for (const jitter of JITTERS) {
      const c: Record<string, number> = {};
      const a: Record<string, number> = {};
      const waits: number[] = [];
      const announces: number[] = [];
      let cappedCount = 0;
      let photo = 0;
      let wide = 0;
      let clamped = 0;
      const residuals: number[] = [];
      for (const gap of GAPS) {
        let okC = 0;
        let okA = 0;
        const why = Object.fromEntries(CAUSES.map((k) => [k, 0])) as Record<Cause, number>;
        for (let i = 0; i < trials; i++) {
          const r = simulate(rand, kind, jitter, gap, hold);
          if (r.corrected) okC++;
          if (r.arrival) okA++;
          if (r.cause) why[r.cause]++;
          waits.push(r.wait);
          announces.push(r.announce);
          if (r.capped) cappedCount++;
          clamped += r.clamped;
          if (gap >= 20) {
            wide++;
            if (r.photoFinish) photo++;
          }
          if (residuals.length < 20_000) residuals.push(...r.residuals);
        }
        (causes[kind][jitter] ??= {})[gap] = why;
        c[gap] = Math.round((okC / trials) * 10000) / 100;
        a[gap] = Math.round((okA / trials) * 10000) / 100;
      }
      correctPct[kind][jitter] = c;
      arrivalPct[kind][jitter] = a;
      waitMs[kind][jitter] = spread(waits);
      announceMs[kind][jitter] = spread(announces);
      cappedPct[kind][jitter] = Math.round((cappedCount / (trials * GAPS.length)) * 10000) / 100;
      photoFinishPct[kind][jitter] = Math.round((photo / Math.max(1, wide)) * 10000) / 100;
      clampedPct[kind][jitter] = Math.round((clamped / (2 * trials * GAPS.length)) * 10000) / 100;
      residuals.sort((x, y) => x - y);
      const mean = residuals.reduce((x, y) => x + y, 0) / Math.max(1, residuals.length);
      const p99 = residuals[Math.floor(residuals.length * 0.99)] ?? 0;
      residualMs[kind][jitter] = { mean: Math.round(mean * 10) / 10, p99: Math.round(p99 * 10) / 10 };
    }
  }
  const targetByModel = Object.fromEntries(
    MODELS.map((kind) => [
      kind,
      JITTERS.filter((j) => j <= 50).every(
        (j) =>
          GAPS.filter((g) => g >= 20).every((g) => (correctPct[kind][j]?.[g] ?? 0) >= 99) &&
          (photoFinishPct[kind][j] ?? 100) <= 2,
      ),
    ]),
  ) as Record<Jitter, boolean>;
  const targetMet = MODELS.every((kind) => targetByModel[kind]);
  return {
    bench: 'fairness',
    trials,
    causes,
    residualMs,
    correctPct,
    arrivalPct,
    hold,
    waitMs,
    announceMs,
    cappedPct,
    photoFinishPct,
    clampedPct,
    targetByModel,
    targetMet: targetMet && (hold === 'proof' || GRACE_CAP_MS <= 150),
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}

function table(r: FairnessResult): string {
  const lines: string[] = [];
  lines.push(
    `B6 fair buzzer — ${r.trials} trials per cell, 10 phones connected, asymmetry ±${ASYMMETRY_MS} ms, decision held by ${r.hold === 'proof' ? `absence proofs (cap ${HOLD_CAP_MS} ms)` : `grace (cap ${GRACE_CAP_MS} ms)`}`,
  );
  for (const kind of MODELS) {
    lines.push('');
    lines.push(`jitter model: ${MODEL_LABEL[kind]} — target ${r.targetByModel[kind] ? 'MET' : 'NOT MET'}`);
    lines.push(
      `mean jitter | wait mean/p95 | announce mean/p95 | cap % | photo | clamp | ${GAPS.map((g) => `gap ${g} ms`.padStart(17)).join(' | ')}`,
    );
    lines.push(
      `            |            ms |                ms |       |     % |     % | ${GAPS.map(() => '  fair / arrival'.padStart(17)).join(' | ')}`,
    );
    for (const j of JITTERS) {
      const cells = GAPS.map((g) =>
        `${(r.correctPct[kind][j]?.[g] ?? 0).toFixed(2)} / ${(r.arrivalPct[kind][j]?.[g] ?? 0).toFixed(2)}`.padStart(
          17,
        ),
      );
      lines.push(
        `${`${j} ms`.padStart(11)} | ${`${r.waitMs[kind][j]?.mean} / ${r.waitMs[kind][j]?.p95}`.padStart(13)} | ${`${r.announceMs[kind][j]?.mean} / ${r.announceMs[kind][j]?.p95}`.padStart(17)} | ${(r.cappedPct[kind][j] ?? 0).toFixed(2).padStart(5)} | ${(r.photoFinishPct[kind][j] ?? 0).toFixed(2).padStart(5)} | ${(r.clampedPct[kind][j] ?? 0).toFixed(2).padStart(5)} | ${cells.join(' | ')}`,
      );
    }
  }
  lines.push('');
  lines.push(
    `target (each model: ≥ 99% for gaps ≥ 20 ms at ≤ 50 ms mean jitter, photo finish ≤ 2% there): ${r.targetMet ? 'MET' : 'NOT MET'} — ${r.seconds} s`,
  );
  return lines.join('\n');
}

/** `--explain`: misordered trials by cause and the clock estimator's residual beyond a/2. */
function explain(r: FairnessResult): string {
  const lines = ['', `misordered trials by cause, of ${r.trials} per cell: ${CAUSES.join(' / ')}`];
  for (const kind of MODELS) {
    lines.push('', `jitter model: ${kind}`);
    lines.push(`mean jitter | offset residual mean / p99 | ${GAPS.map((g) => `gap ${g} ms`.padStart(18)).join(' | ')}`);
    for (const j of JITTERS) {
      const res = r.residualMs[kind][j];
      const cells = GAPS.map((g) => {
        const c = r.causes[kind][j]?.[g];
        return (c ? CAUSES.map((k) => c[k]).join('/') : '-').padStart(18);
      });
      lines.push(
        `${`${j} ms`.padStart(11)} | ${`${res?.mean ?? 0} / ${res?.p99 ?? 0} ms`.padStart(25)} | ${cells.join(' | ')}`,
      );
    }
  }
  return lines.join('\n');
}

export async function run(args: string[]): Promise<void> {
  // `--load N`: the same question on a real server loaded by N audience sockets.
  if (args.includes('--load')) return (await import('./fairness-load.ts')).run(args);
  const trials = argValue(args, '--trials');
  const seed = argValue(args, '--seed');
  const hold: Hold = args.includes('--grace') ? 'grace' : 'proof';
  const result = runFairness({ ...(trials ? { trials } : {}), ...(seed !== undefined ? { seed } : {}), hold });
  process.stdout.write(`${table(result)}\n`);
  if (args.includes('--explain')) process.stdout.write(`${explain(result)}\n`);
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
  return Promise.resolve();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run(process.argv.slice(2));
}
