import { estimateClock, type ClockEstimate, type ClockPong, type ClockSample } from '@leitai/shared';

/** Sends `clock:ping` with `t0` and resolves with the server's pong (rejects on timeout). */
export type ClockPinger = (t0: number) => Promise<ClockPong>;

/** Sampling schedule: a quick burst after each connect, then a slow trickle. */
export const CLOCK_SCHEDULE = {
  burstCount: 8,
  burstSpacingMs: 100,
  intervalMs: 10_000,
  /** Older samples describe a clock that may have drifted since. */
  keep: 20,
} as const;

/** The sampling schedule's knobs. */
export interface ClockSchedule {
  burstCount: number;
  burstSpacingMs: number;
  intervalMs: number;
  keep: number;
}

/**
 * Contestant phones (the buzzer) sample densely: the offset error under jitter falls as the
 * fastest uplink and the fastest downlink among the samples get faster (estimateClock), so a
 * phone keeps two minutes of pings, one every 2 s.
 */
export const PHONE_CLOCK_SCHEDULE: ClockSchedule = { burstCount: 12, burstSpacingMs: 100, intervalMs: 2000, keep: 60 };

/** Append a sample, keeping only the newest `keep`. */
export function keepLatest(samples: readonly ClockSample[], sample: ClockSample, keep: number): ClockSample[] {
  const next = [...samples, sample];
  return next.length > keep ? next.slice(next.length - keep) : next;
}

/**
 * Runs the NTP-style sampling over the socket and reports a fresh estimate after each sample.
 * `start` (re)starts the burst, e.g. after a reconnect; `stop` cancels the timers.
 */
export class ClockSampler {
  private samples: ClockSample[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private run = 0;

  constructor(
    private readonly ping: ClockPinger,
    private readonly onEstimate: (estimate: ClockEstimate | null) => void,
    private readonly now: () => number = Date.now,
    private readonly schedule: ClockSchedule = CLOCK_SCHEDULE,
  ) {}

  /** Begin a burst of samples, then sample periodically. Restarting cancels the previous run. */
  start(): void {
    this.stop();
    const run = ++this.run;
    let burstLeft: number = this.schedule.burstCount;
    const tick = async () => {
      await this.sampleOnce();
      if (run !== this.run) return;
      burstLeft -= 1;
      const delay = burstLeft > 0 ? this.schedule.burstSpacingMs : this.schedule.intervalMs;
      this.timer = setTimeout(() => void tick(), delay);
    };
    void tick();
  }

  /** Cancel the schedule; samples are kept so the estimate survives a short disconnect. */
  stop(): void {
    this.run += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The current estimate from the kept samples. */
  estimate(): ClockEstimate | null {
    return estimateClock(this.samples);
  }

  private async sampleOnce(): Promise<void> {
    const t0 = this.now();
    try {
      const pong = await this.ping(t0);
      const t1 = this.now();
      // A pong for another ping (or a clock that stepped back) would poison the estimate.
      if (pong.t0 !== t0 || t1 < t0) return;
      this.samples = keepLatest(this.samples, { t0, serverTime: pong.serverTime, t1 }, this.schedule.keep);
      this.onEstimate(this.estimate());
    } catch {
      // A lost ping is just a missing sample; the next one will come.
    }
  }
}
