/**
 * NTP-style clock sync over the socket. The client sends `t0` (its clock), the server answers
 * with its time, the client notes `t1` on receipt.
 *
 * Each sample bounds the offset θ (server time − client time) from both sides, because neither
 * one-way trip takes negative time: the ping went up after `t0`, so `serverTime − t0 ≥ θ`, and
 * the pong came down before `t1`, so `serverTime − t1 ≤ θ`. Every sample must hold at once, so
 * θ lies in the intersection of all the samples' intervals:
 *
 *     lo = max(serverTime − t1) ≤ θ ≤ hi = min(serverTime − t0)
 *
 * The estimate is its midpoint and the error bound its half-width. Each side is set by the
 * sample with the fastest trip *in that direction*, so uplink and downlink jitter are filtered
 * separately. In B6's model (60 samples, jitter uniform on [0, 100 ms]) each minimum is ~1.6 ms
 * and the midpoint is off by 0.8 ms on average, 3.7 ms at p99; the median of the three lowest
 * round trips (whose two halves need not be equal) was off by 4 ms and 14 ms. The half-width is
 * never wider than half the best round trip (the classic bound).
 * What no round-trip method can see is a fixed path asymmetry: it shifts the midpoint by half
 * of (uplink − downlink) base delay, exactly as it does for the single best sample.
 *
 * The intersection assumes the client's clock kept its rate over the samples. A clock that
 * stepped (or drifted more than the bounds' width) leaves no θ that fits every sample, so the
 * estimate uses the newest run of samples that still agree (the samples come oldest first):
 * right after a step that is one or two samples and a wide bound, narrowing as new ones come.
 */
export interface ClockSample {
  t0: number;
  serverTime: number;
  t1: number;
}

export interface ClockEstimate {
  /** Add to the local clock to get server time. */
  offset: number;
  /** Round trip of the best sample used, ms. */
  rtt: number;
  /** Upper bound on |true offset - offset|, ms: half the width of the used samples' agreement. */
  error: number;
  /** Samples used (the newest that agree). */
  samples: number;
  /**
   * The timestamp uncertainty, ms: how far the jitter left in the two fastest one-way trips may
   * move the midpoint, read from how tightly the best samples crowd each edge of the agreement
   * (the mean spacing of the best `EDGE_SAMPLES` bounds on each side, halved and summed, plus the
   * server's millisecond rounding). Unlike `error` it leaves out the base one-way delay's split
   * between uplink and downlink, which no round-trip method measures: it is the bound two
   * presses are compared with for a photo finish. It is a measured spread, not a proof: in B6's
   * model it covers the offset's jitter residual in most samplings. Never more than `error`; absent
   * with fewer than two samples (then take `error`).
   */
  uncertainty?: number;
}

/**
 * How many of the best bounds on each side measure the jitter at the agreement's edge: the
 * uncertainty takes their mean spacing (fewer when fewer samples agree). With two it was the one
 * gap from the best to the second best, which a single late stamp (a loaded server, a phone's
 * late timer) could widen many times over: the photo-finish flag then came up for clear gaps.
 */
export const EDGE_SAMPLES = 4;

/** Slack for the server's whole-millisecond timestamps when intersecting the samples' bounds, ms. */
export const CLOCK_ROUNDING_MS = 1;

/**
 * Estimate the offset from samples (oldest first): the midpoint of the intersection of the
 * newest samples' bounds, taking samples back from the newest for as long as they agree.
 */
export function estimateClock(samples: readonly ClockSample[]): ClockEstimate | null {
  const valid = samples.filter(
    (s) => Number.isFinite(s.t0) && Number.isFinite(s.t1) && Number.isFinite(s.serverTime) && s.t1 >= s.t0,
  );
  let hi = Infinity;
  let lo = -Infinity;
  let rtt = Infinity;
  let used = 0;
  const his: number[] = [];
  const los: number[] = [];
  for (let i = valid.length - 1; i >= 0; i--) {
    const s = valid[i]!;
    const nextHi = Math.min(hi, s.serverTime - s.t0);
    const nextLo = Math.max(lo, s.serverTime - s.t1);
    // An older sample no θ can share with the newer ones: the clock stepped or drifted since.
    if (used > 0 && nextHi - nextLo < -CLOCK_ROUNDING_MS) break;
    hi = nextHi;
    lo = nextLo;
    his.push(s.serverTime - s.t0);
    los.push(s.serverTime - s.t1);
    rtt = Math.min(rtt, s.t1 - s.t0);
    used += 1;
  }
  if (used === 0) return null;
  const error = Math.max(0, (hi - lo) / 2);
  const estimate: ClockEstimate = { offset: (hi + lo) / 2, rtt, error, samples: used };
  if (used >= 2) {
    // The mean spacing of the best `k` bounds on each side: one stray sample next to the best
    // (a loaded server stamping a ping late, a phone's timer firing late) no longer sets it alone.
    const k = Math.min(EDGE_SAMPLES, used);
    const hiEdge = ([...his].sort((a, b) => a - b)[k - 1]! - hi) / (k - 1);
    const loEdge = (lo - [...los].sort((a, b) => b - a)[k - 1]!) / (k - 1);
    estimate.uncertainty = Math.min(error, (hiEdge + loEdge) / 2 + CLOCK_ROUNDING_MS);
  }
  return estimate;
}
