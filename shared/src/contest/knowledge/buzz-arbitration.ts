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
 * Grace. The first valid press is not final at once: a press made earlier on a slower link may
 * still be on its way. Within the model it arrives at most `W_i` after it was made, and it was
 * made before the leader's corrected time, which is at most the leader's arrival: so waiting
 * `max_i W_i` after the first arrival is enough. The wait is capped at `GRACE_CAP_MS` so the hall
 * never notices it; a press slower than that is ranked behind (`after`).
 */

/** Longest grace window after the first valid press, ms. */
export const GRACE_CAP_MS = 150;
/** Shortest grace window (covers scheduling noise on a quiet LAN), ms. */
export const MIN_GRACE_MS = 15;
/** Largest claim window a phone can be granted, whatever its link, ms. */
export const MAX_CLAIM_WINDOW_MS = 1000;
/** Smallest claim window (covers timer granularity), ms. */
export const MIN_CLAIM_WINDOW_MS = 2;
/** KnowledgeRound-trip samples a link keeps (about half a minute at one probe every 2 s). */
export const LINK_SAMPLES = 12;
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
}

export interface CorrectedPress {
  correctedAt: number;
  /** `synced`: the claim was inside the window; `clamped`: it was outside and was moved to the edge; `arrival`: fallback. */
  mode: 'synced' | 'clamped' | 'arrival';
  /** The window actually applied (after the caps), ms. */
  windowMs: number;
}

/** Clamp a window into [MIN_CLAIM_WINDOW_MS, MAX_CLAIM_WINDOW_MS]. */
export function boundedWindow(windowMs: number): number {
  if (!Number.isFinite(windowMs)) return MAX_CLAIM_WINDOW_MS;
  return Math.min(MAX_CLAIM_WINDOW_MS, Math.max(MIN_CLAIM_WINDOW_MS, Math.round(windowMs)));
}

/** The press time the server believes: the claim clamped into `[arrival − window, arrival]`, or the arrival. */
export function correctPress(claim: PressClaim): CorrectedPress {
  const windowMs = boundedWindow(claim.windowMs);
  if (!claim.synced || claim.claimedAt === null || !Number.isFinite(claim.claimedAt)) {
    return { correctedAt: claim.arrivedAt, mode: 'arrival', windowMs };
  }
  const earliest = claim.arrivedAt - windowMs;
  if (claim.claimedAt < earliest) return { correctedAt: earliest, mode: 'clamped', windowMs };
  if (claim.claimedAt > claim.arrivedAt) return { correctedAt: claim.arrivedAt, mode: 'clamped', windowMs };
  return { correctedAt: Math.round(claim.claimedAt), mode: 'synced', windowMs };
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
