/**
 * The jitter models of B6 (scripts/bench/fairness.ts simulates them, fairness-load.ts puts them
 * on real sockets): `uniform` draws J from [0, 2×mean] (netem-style); `exponential` has the same
 * mean and a heavy tail; `bursty` is Gilbert–Elliott: each link is a two-state chain whose bad
 * state holds BURST_SHARE of the packets in bursts of BURST_LENGTH and adds BURST_EXTRA_MS on
 * top of the uniform jitter.
 */
export type Jitter = 'uniform' | 'exponential' | 'bursty';
export const MODELS: readonly Jitter[] = ['uniform', 'exponential', 'bursty'];
/** Gilbert–Elliott: share of packets in the bad state, and what the bad state adds, ms. */
export const BURST_SHARE = 0.05;
export const BURST_EXTRA_MS = 200;
/** Mean length of a burst, packets (bad → good with probability 1 / this). */
export const BURST_LENGTH = 3;

/** One link's jitter source: one draw per packet; the Gilbert–Elliott state is the link's own. */
export class LinkJitter {
  private bad = false;
  constructor(
    private readonly rand: () => number,
    private readonly kind: Jitter,
    private readonly mean: number,
  ) {}

  /** The jitter of the next packet on this link, ms. */
  next(): number {
    if (this.kind === 'uniform') return this.rand() * 2 * this.mean;
    if (this.kind === 'exponential') return -Math.log(1 - this.rand()) * this.mean;
    const leave = 1 / BURST_LENGTH;
    const enter = (BURST_SHARE * leave) / (1 - BURST_SHARE);
    this.bad = this.bad ? this.rand() >= leave : this.rand() < enter;
    return this.rand() * 2 * this.mean + (this.bad ? BURST_EXTRA_MS : 0);
  }
}

/** The label of a model in the benchmarks' tables. */
export const MODEL_LABEL: Record<Jitter, string> = {
  uniform: 'uniform on [0, 2×mean]',
  exponential: 'exponential (heavy tail)',
  bursty: `Gilbert–Elliott: uniform + ${BURST_EXTRA_MS} ms on ${BURST_SHARE * 100}% of packets, bursts of ${BURST_LENGTH}`,
};
