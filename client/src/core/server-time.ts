/** Server time on this device, from the clock sampler's estimate (knowledge: timers and the buzzer). */
import type { ClockEstimate, ClockProbeAck } from '@leitai/shared';

/** A phone counts as synced once it has a few samples and an error bound under this, ms. */
export const SYNCED_ERROR_MS = 250;
export const SYNCED_MIN_SAMPLES = 3;

/** True when the estimate is good enough to claim press times with. */
export function isSynced(clock: ClockEstimate | null): boolean {
  return !!clock && clock.samples >= SYNCED_MIN_SAMPLES && clock.error <= SYNCED_ERROR_MS;
}

/** The server's clock now, as best this device knows it (the local clock when unsynced). */
export function serverNow(clock: ClockEstimate | null, local: number = Date.now()): number {
  return local + (clock?.offset ?? 0);
}

/** The answer to the server's `clock:probe`. */
export function clockHealth(clock: ClockEstimate | null): ClockProbeAck {
  return {
    synced: isSynced(clock),
    errorMs: clock ? Math.round(clock.error) : null,
    uncertaintyMs: clock ? Math.round(clock.uncertainty ?? clock.error) : null,
  };
}
