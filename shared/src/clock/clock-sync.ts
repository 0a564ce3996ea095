/**
 * NTP-style clock sync over the socket. The client sends `t0` (its clock), the server answers
 * with its time, the client notes `t1` on receipt. Offset = serverTime - (t0 + t1) / 2, with an
 * error bound of half the round trip. Asymmetric paths bias the offset by at most that bound,
 * which is why only the lowest-round-trip samples are trusted.
 */
export interface ClockSample {
  t0: number;
  serverTime: number;
  t1: number;
}

export interface ClockEstimate {
  /** Add to the local clock to get server time. */
  offset: number;
  /** Round trip of the best sample, ms. */
  rtt: number;
  /** Upper bound on |true offset - offset|, ms. */
  error: number;
  samples: number;
}

/** Estimate the offset from samples: keep the `keep` lowest round trips, take the median offset among them. */
export function estimateClock(samples: readonly ClockSample[], keep = 3): ClockEstimate | null {
  const valid = samples.filter((s) => s.t1 >= s.t0);
  if (valid.length === 0) return null;
  const sorted = [...valid].sort((a, b) => a.t1 - a.t0 - (b.t1 - b.t0));
  const best = sorted.slice(0, Math.max(1, keep));
  const offsets = best.map((s) => s.serverTime - (s.t0 + s.t1) / 2).sort((a, b) => a - b);
  const offset = offsets[Math.floor(offsets.length / 2)] ?? 0;
  const first = best[0]!;
  const rtt = first.t1 - first.t0;
  return { offset, rtt, error: rtt / 2, samples: valid.length };
}
