import type { Actor } from '../kernel/actor.ts';
import { HOST_ONLY, type EventViews, type StateViews } from '../kernel/capability.ts';
import type { CoreState } from '../kernel/core-state.ts';
import type { WrittenContest, WrittenEvent, WrittenRun, WrittenSlice } from './types.ts';

export const WRITTEN_EVENT_VIEWS: EventViews<WrittenEvent> = {
  WrittenTestOpened: { to: 'all' },
  WrittenTestClosed: { to: 'all' },
  // Measures on single papers carry the host's reasons: the proctor's business only.
  TakerTimeExtended: { to: HOST_ONLY },
  PaperVoided: { to: HOST_ONLY },
  PaperReopened: { to: HOST_ONLY },
  WrittenScoresRecorded: { to: HOST_ONLY },
  WrittenResultsReleased: { to: 'all' },
};

/** Everyone sees whether and when a written test runs; the per-paper measures only the host. */
const publicRun = (run: WrittenRun, viewer: Actor): WrittenRun =>
  viewer.role === 'host' || viewer.role === 'system'
    ? run
    : { ...run, extensions: {}, voided: {}, reopened: {}, scoredAt: null };

export const WRITTEN_STATE_VIEWS: StateViews<WrittenSlice, WrittenContest> = {
  written: (written, viewer) =>
    Object.fromEntries(Object.entries(written).map(([id, run]) => [id, publicRun(run, viewer)])),
};

/** A written segment's scores reach anyone but the host only with the release (they arrive with it). */
export function writtenLedgerView(
  scores: CoreState['scores'],
  viewer: Actor,
  state: WrittenContest,
): CoreState['scores'] {
  if (viewer.role === 'host' || viewer.role === 'system') return scores;
  let out = scores;
  for (const [segmentId, run] of Object.entries(state.written)) {
    if (run.released || !Object.hasOwn(out, segmentId)) continue;
    if (out === scores) out = { ...scores };
    delete out[segmentId];
  }
  return out;
}
