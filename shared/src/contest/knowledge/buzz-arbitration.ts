/**
 * The buzzer's arbitration, as pure functions (used by `decide`, the property tests and the
 * fairness benchmark alike).
 *
 * Model. A phone presses at true server time `p`. Its message arrives at `a = p + d`, where the
 * one-way delay `d` is at least 0 and, within the model, at most the phone's *claim window*
 * `W`: the server's own measurement of that phone's recent high-water round trip (a one-way
 * trip cannot take longer than a round trip measured over the same path at the same time).
 * So the true press lies in `[a − W, a]`. The phone claims `c` (its synced clock's reading);
 * the server accepts the claim only inside that interval:
 *
 *     corrected = clamp(c, a − W, a)
 *
 * Fairness bound. A forged early claim is clamped to `a − W`. A cheat who really pressed at `f`
 * can therefore place their press no earlier than `f + d − W ≥ f − W`: a forged time cannot beat a
 * genuine press made more than `W` ms (the cheat's own measured window, capped at
 * `MAX_CLAIM_WINDOW_MS`) before the cheat's real press. An honest phone whose clock error is
 * within ±e keeps its order against any honest phone more than 2e earlier or later.
 *
 * Server lag. The arrival is stamped when the server's event loop reads the message; a loaded
 * server reads it late. The server measures its own recent event-loop lag `L` (never claimed by
 * a phone) and widens the interval to `[a − W − L, a]`; `L` is capped at `MAX_SERVER_LAG_MS`, so
 * the forged-press bound above becomes `W + L` and is still bounded.
 *
 * Label and bound. Each claim carries its phone's measured clock error bound `e` (the half-width
 * of the clock sync's agreement, the worst case: it includes the base one-way delay, whose split
 * between uplink and downlink no round trip shows). A claim is labelled `clamped` only when it
 * was moved by more than `e`: an honest claim lies within `e` of the true press, which lies in
 * the interval, so an honest claim is moved by at most `e`. The press records `e` (`errorMs`).
 * Its bound (`boundMs`) is the timestamp uncertainty `u` of the phone's clock (the jitter left in
 * its fastest trips, `ClockEstimate.uncertainty`, never more than `e`) for a claim kept, the
 * window for a claim moved or for arrival order.
 *
 * Photo finish. Two presses whose corrected times differ by less than the sum of their bounds
 * cannot be told apart from the measurements: the host is shown both (`isPhotoFinish`) and the
 * contest's rule decides (the earlier estimate, the host, or a re-buzz). The bound leaves out a
 * fixed path asymmetry (half of uplink − downlink base delay per phone), which no measurement
 * sees and which shifts every press of that phone alike.
 *
 * Hold. The first valid press is not final at once: a press made earlier on a slower link may
 * still be on its way. A socket delivers one phone's messages in order, so when the server probes
 * every connected contestant phone the moment the first valid press arrives (at `a₁`, after the
 * leader really pressed), a phone's answer to that probe proves that any press it made before
 * reading the probe has already arrived: the phone is *in or provably absent*. The decision is
 * taken when every probed phone has answered (`provenAt`), and at the latest `HOLD_CAP_MS` after
 * the first arrival (a phone that never answers cannot hold the round); a press slower than that
 * is ranked behind (`after`). Without probes (a gateway that cannot send them), the decision
 * waits the grace window instead: the slowest phone's claim window, capped at `GRACE_CAP_MS`.
 */

/** Longest grace window after the first valid press, ms (the decision without absence proofs). */
export const GRACE_CAP_MS = 150;
/** Longest the decision waits for every phone's absence proof after the first valid press, ms. */
export const HOLD_CAP_MS = 600;
/** Shortest grace window (covers scheduling noise on a quiet LAN), ms. */
export const MIN_GRACE_MS = 15;
/** Largest claim window a phone can be granted, whatever its link, ms. */
export const MAX_CLAIM_WINDOW_MS = 1000;
/** Largest server event-loop lag added to a claim window, ms. */
export const MAX_SERVER_LAG_MS = 250;
/** Smallest claim window (covers timer granularity), ms. */
export const MIN_CLAIM_WINDOW_MS = 2;
/** KnowledgeRound-trip samples a link keeps (about half a minute at one probe every 2 s). */
export const LINK_SAMPLES = 12;
/**
 * Answered round trips the claim window remembers (about five minutes at one probe every 2 s): a
 * burst of delay seen once in that time widens the window, so an honest press delayed as much
 * later is not clamped (B6, Gilbert–Elliott jitter). With 60 (two minutes) a phone whose memory
 * held no burst yet was clamped on 0.2% of its presses in the fairness bench; with 150, 0.
 */
export const CLAIM_MEMORY = 150;
/** A link needs this many samples before its claims are trusted (else: arrival order). */
export const MIN_LINK_SAMPLES = 2;

export interface PressClaim {
  /** The phone's synced press time, or null when the phone had no clock sync. */
  claimedAt: number | null;
  /** Server time the press arrived. */
  arrivedAt: number;
  /** The phone's claim window (measured by the server), ms. */
  windowMs: number;
  /** False when the phone's clock or link could not be measured: arrival order. */
  synced: boolean;
  /** The phone's clock error bound (from its clock sync), ms; unknown: 0. */
  errorMs?: number;
  /** The phone's timestamp uncertainty (`ClockEstimate.uncertainty`), ms; unknown: `errorMs`. */
  uncertaintyMs?: number;
  /** The server's own recent event-loop lag (measured by the server), ms; unknown: 0. */
  lagMs?: number;
}

export interface CorrectedPress {
  correctedAt: number;
  /** `synced`: the claim was kept (moved by no more than its error bound); `clamped`: it was moved further, to the window's edge; `arrival`: fallback. */
  mode: 'synced' | 'clamped' | 'arrival';
  /** The window actually applied (after the caps, server lag included), ms. */
  windowMs: number;
  /** The timestamp uncertainty of the corrected time, ms: the clock's for a claim kept, the window otherwise (the photo-finish bound). */
  boundMs: number;
}

/**
 * The one rounding rule of the buzzer's times: whole milliseconds, half up. A phone's claim
 * (`pressedAt`, the client's synced clock) is rounded by it before it is sent, the server
 * rounds the claim it records (`claimedAt`: a client may send a fraction) and the corrected time
 * by it, so one press has one number everywhere: a claim kept is its corrected time exactly.
 */
export const pressTime = (ms: number): number => Math.round(ms);

/** Clamp a window into [MIN_CLAIM_WINDOW_MS, MAX_CLAIM_WINDOW_MS]. */
export function boundedWindow(windowMs: number): number {
  if (!Number.isFinite(windowMs)) return MAX_CLAIM_WINDOW_MS;
  return Math.min(MAX_CLAIM_WINDOW_MS, Math.max(MIN_CLAIM_WINDOW_MS, Math.round(windowMs)));
}

/** The press time the server believes: the claim clamped into `[arrival − window, arrival]`, or the arrival. */
export function correctPress(claim: PressClaim): CorrectedPress {
  const lag = Number.isFinite(claim.lagMs) ? Math.min(MAX_SERVER_LAG_MS, Math.max(0, Math.round(claim.lagMs ?? 0))) : 0;
  const windowMs = boundedWindow(claim.windowMs) + lag;
  const errorMs = Number.isFinite(claim.errorMs) ? Math.max(0, Math.ceil(claim.errorMs ?? 0)) : 0;
  const arrivedAt = pressTime(claim.arrivedAt);
  if (!claim.synced || claim.claimedAt === null || !Number.isFinite(claim.claimedAt)) {
    return { correctedAt: arrivedAt, mode: 'arrival', windowMs, boundMs: windowMs };
  }
  const uncertaintyMs = Number.isFinite(claim.uncertaintyMs)
    ? Math.min(errorMs, Math.max(0, Math.ceil(claim.uncertaintyMs ?? 0)))
    : errorMs;
  // The claim as recorded (pressTime), clamped between whole milliseconds: a whole millisecond.
  const claimedAt = pressTime(claim.claimedAt);
  const correctedAt = Math.min(arrivedAt, Math.max(arrivedAt - windowMs, claimedAt));
  // Honest claims are off by at most their clock's bound: only a larger move earns the label
  // (both times whole milliseconds by the same rule, so the move is exact).
  if (Math.abs(claimedAt - correctedAt) > errorMs) {
    return { correctedAt, mode: 'clamped', windowMs, boundMs: windowMs };
  }
  return { correctedAt, mode: 'synced', windowMs, boundMs: uncertaintyMs };
}

/**
 * When a held decision may be taken: once every probed phone's answer (`proofs`, arrival times;
 * null for one not in) has arrived, but never later than `HOLD_CAP_MS` after the first arrival.
 */
export function provenAt(firstArrival: number, proofs: readonly (number | null)[]): number {
  const cap = firstArrival + HOLD_CAP_MS;
  let last = firstArrival;
  for (const p of proofs) {
    if (p === null || !Number.isFinite(p)) return cap;
    last = Math.max(last, p);
  }
  return Math.min(cap, last);
}

/** Two presses the measurements cannot order: their corrected times differ by less than their bounds together. */
export function isPhotoFinish(
  a: { correctedAt: number; boundMs: number },
  b: { correctedAt: number; boundMs: number },
): boolean {
  return Math.abs(a.correctedAt - b.correctedAt) < a.boundMs + b.boundMs;
}

/** The grace window for a round whose slowest connected phone has claim window `slowestWindowMs` (unknown: the cap). */
export function graceWindow(slowestWindowMs: number | undefined): number {
  if (slowestWindowMs === undefined || !Number.isFinite(slowestWindowMs)) return GRACE_CAP_MS;
  return Math.min(GRACE_CAP_MS, Math.max(MIN_GRACE_MS, Math.round(slowestWindowMs)));
}

/**
 * A phone's claim window from the server's recent round-trip samples: the high-water mark,
 * ignoring the single worst sample once there are five or more (one stall should not widen the
 * window for half a minute). Null while too few samples exist.
 */
export function linkWindow(rttSamples: readonly number[]): number | null {
  const valid = rttSamples.filter((r) => Number.isFinite(r) && r >= 0);
  if (valid.length < MIN_LINK_SAMPLES) return null;
  const sorted = [...valid].sort((a, b) => a - b);
  const top = sorted.length >= 5 ? sorted[sorted.length - 2] : sorted[sorted.length - 1];
  return boundedWindow(top ?? MAX_CLAIM_WINDOW_MS);
}

/**
 * A phone's claim window: the longest of its last `CLAIM_MEMORY` answered round trips (a lost
 * probe is not a delay and is left out), bounded. Null while too few samples exist.
 */
export function claimWindow(answeredRtts: readonly number[]): number | null {
  const valid = answeredRtts.slice(-CLAIM_MEMORY).filter((r) => Number.isFinite(r) && r >= 0);
  if (valid.length < MIN_LINK_SAMPLES) return null;
  return boundedWindow(Math.max(...valid));
}

/**
 * The held decision's deadline at the first valid press (arrived `arrivedAt`, corrected
 * `correctedAt`): no press made before the leader's corrected time can still arrive inside its
 * phone's claim window after `correctedAt + slowestWindowMs` (and one arriving later would be
 * clamped behind the leader), and the hold never outlasts `HOLD_CAP_MS`. Absence proofs end it
 * sooner.
 */
export function holdDeadline(arrivedAt: number, correctedAt: number, slowestWindowMs: number | undefined): number {
  const cap = arrivedAt + HOLD_CAP_MS;
  if (slowestWindowMs === undefined || !Number.isFinite(slowestWindowMs)) return cap;
  return Math.max(arrivedAt, Math.min(cap, correctedAt + boundedWindow(slowestWindowMs)));
}

export interface RankInput {
  contestantId: string;
  correctedAt: number;
  arrivedAt: number;
  mode: CorrectedPress['mode'];
}

/** Valid presses in order: earliest corrected time first; ties by arrival, then by id (deterministic). */
export function rankPresses(presses: readonly RankInput[]): {
  contestantId: string;
  correctedAt: number;
  gapMs: number;
  mode: CorrectedPress['mode'];
}[] {
  const sorted = [...presses].sort(
    (a, b) =>
      a.correctedAt - b.correctedAt ||
      a.arrivedAt - b.arrivedAt ||
      (a.contestantId < b.contestantId ? -1 : a.contestantId > b.contestantId ? 1 : 0),
  );
  const first = sorted[0]?.correctedAt ?? 0;
  return sorted.map((p) => ({
    contestantId: p.contestantId,
    correctedAt: p.correctedAt,
    gapMs: p.correctedAt - first,
    mode: p.mode,
  }));
}

/** A false start: a press whose corrected time is before the open instant. */
export const isFalseStart = (correctedAt: number, openAt: number): boolean => correctedAt < openAt;
