/**
 * The server's own event-loop lag, for the buzzer: a press is stamped when the loop reads it,
 * so a loaded loop stamps it late by about as much as the loop lags. Measured here (never claimed
 * by a phone) with Node's event-loop delay histogram; the figure is the worst lag seen in the
 * current and the previous period, so a burst is still covered just after the period turns.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export class LoopLag {
  private histogram: IntervalHistogram | undefined;
  private periodStart = 0;
  private previousMaxMs = 0;

  constructor(
    private readonly now: () => number,
    private readonly periodMs = 2000,
  ) {}

  /** Recent worst event-loop lag, ms (0 until the first read has started the meter). */
  lagMs(): number {
    const t = this.now();
    if (!this.histogram) {
      this.histogram = monitorEventLoopDelay({ resolution: 10 });
      this.histogram.enable();
      this.periodStart = t;
      return 0;
    }
    // The histogram counts from the 10 ms sampling tick: a delay below that is noise here.
    const currentMs = Number.isFinite(this.histogram.max) ? Math.max(0, this.histogram.max / 1e6 - 10) : 0;
    const lag = Math.max(currentMs, this.previousMaxMs);
    if (t - this.periodStart >= this.periodMs) {
      this.previousMaxMs = currentMs;
      this.histogram.reset();
      this.periodStart = t;
    }
    return Math.round(lag);
  }

  stop(): void {
    this.histogram?.disable();
    this.histogram = undefined;
  }
}
