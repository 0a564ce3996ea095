import type { ContestState, EventsFrame, PositionedEvent, ResyncAck, SnapshotFrame } from '@leitai/shared';
import type { ContestStore } from './contest-store.ts';
import { foldPositioned, versionOf } from '@leitai/shared';

/** Sends `contest:resync` and resolves with the server's answer (rejects on timeout or disconnect). */
export type ResyncRequester = (fromVersion: number) => Promise<ResyncAck>;

/** After a failed resync, wait this long before asking again, so a broken server is not hammered. */
const RETRY_DELAY_MS = 2000;

/**
 * Keeps a store in step with the server's stream: snapshots replace the state, event frames fold
 * in order, and a gap (or a reconnect) triggers one resync at a time. Frames that arrive while a
 * resync is in flight are held and folded after it, duplicates are ignored.
 */
export class ContestSync {
  private pending: PositionedEvent[] = [];
  private inFlight = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly store: ContestStore,
    private readonly requestResync: ResyncRequester,
  ) {}

  /** `contest:snapshot`: the server's role view replaces whatever we had. */
  onSnapshot(frame: SnapshotFrame): void {
    this.store.setState({ contest: frame.state });
    // Held frames newer than the snapshot still apply; older ones are dropped as duplicates.
    if (!this.inFlight) this.apply([]);
  }

  /** `contest:events`: fold what follows on, resync on a gap. */
  onEvents(frame: EventsFrame): void {
    const contest = this.store.getState().contest;
    if (contest && frame.contestId !== contest.contestId) return;
    if (this.inFlight) {
      this.pending.push(...frame.events);
      return;
    }
    this.apply(frame.events);
  }

  /** After a reconnect the server may have moved on while we were away: ask from where we stand. */
  onReconnect(): void {
    this.resync();
  }

  /** Stop retrying (the page is closing or the seat was refused). */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  /** `resyncedFrom`: the version a resync just answered from, to notice a server that cannot fill the gap. */
  private apply(events: readonly PositionedEvent[], resyncedFrom: number | null = null): void {
    const all = [...this.pending, ...events];
    this.pending = [];
    const outcome = foldPositioned(this.store.getState().contest, all);
    if (outcome.applied > 0) this.store.setState({ contest: outcome.state });
    if (outcome.gap) {
      // Keep what is beyond the gap: the resync tail may end just before it.
      const from = versionOf(outcome.state);
      this.pending = all.filter((e) => e.version > from);
      if (resyncedFrom !== null && from <= resyncedFrom) this.scheduleRetry();
      else this.resync();
    }
  }

  private resync(): void {
    if (this.inFlight || this.stopped) return;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.inFlight = true;
    this.store.setState({ resyncing: true });
    const fromVersion = versionOf(this.store.getState().contest);
    this.requestResync(fromVersion).then(
      (ack) => {
        this.inFlight = false;
        this.store.setState({ resyncing: false });
        if (!ack.ok) {
          this.scheduleRetry();
          return;
        }
        const base: ContestState | null = ack.state ?? this.store.getState().contest;
        this.store.setState({ contest: base });
        this.apply(ack.events, fromVersion);
      },
      () => {
        this.inFlight = false;
        this.store.setState({ resyncing: false });
        this.scheduleRetry();
      },
    );
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.resync();
    }, RETRY_DELAY_MS);
  }
}
