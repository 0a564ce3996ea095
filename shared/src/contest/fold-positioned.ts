import { evolve } from './evolve.ts';
import type { ContestState } from './state.ts';
import type { PositionedEvent } from './events.ts';

/** The outcome of folding a frame of positioned events onto the current state. */
export interface FoldOutcome {
  state: ContestState | null;
  /** How many events were folded in (duplicates and events after a gap are not). */
  applied: number;
  /** True when an event skipped a version: the client must resync from `state.version`. */
  gap: boolean;
}

/** The stream version the state stands at; 0 when there is no state yet. */
export const versionOf = (state: ContestState | null): number => state?.version ?? 0;

/**
 * Fold events in order: the next version is folded, anything at or below the current version is
 * a duplicate and ignored, and a jump stops folding (never guess past a gap; resync instead).
 */
export function foldPositioned(state: ContestState | null, events: readonly PositionedEvent[]): FoldOutcome {
  let current = state;
  let applied = 0;
  for (const event of [...events].sort((a, b) => a.version - b.version)) {
    const version = versionOf(current);
    if (event.version <= version) continue;
    if (event.version !== version + 1) return { state: current, applied, gap: true };
    const next = evolve(current, event, event.version);
    // Without a state only ContestCreated can start the stream; anything else means we missed it.
    if (!next) return { state: current, applied, gap: true };
    current = next;
    applied += 1;
  }
  return { state: current, applied, gap: false };
}
