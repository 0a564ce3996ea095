/** Server time source. Monotonic and anchored at process start, so a wall-clock step cannot reorder decisions. */
export interface Clock {
  now(): number;
}

const origin = Date.now() - performance.now();

/** The production clock: wall time at start plus the monotonic elapsed time. */
export const systemClock: Clock = { now: () => Math.round(origin + performance.now()) };
