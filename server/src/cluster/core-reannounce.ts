/**
 * The core's position, announced again after a Redis outage (R11; docs/reliability.md).
 *
 * While the core's publishing client is away, a delivery reaches the core's own sockets only
 * (redis-link.ts: no offline queue), so an edge's screens miss the events of that time, and
 * before this they noticed only at the contest's next event (its gap). So the core delivers
 * each contest's tail once more, through the usual delivery (net/pipeline/deliver.ts): every
 * view room projected for it, the audience broadcast that also feeds the edges' mirrors. It
 * reuses the one gap rule there is: a screen folds what follows on from where it stands,
 * ignores what it already has, and resyncs on a gap (it missed more than the tail); an edge's
 * mirror reloads on a gap.
 *
 * When, and from where:
 * - the core's link is back (both clients ready): the events since a moment at least
 *   `LOOKBACK_MS` before the core saw its link go down (a publish in the instant before it
 *   noticed was lost too);
 * - an edge reports that its own link came back (its outage count grew): its subscriber may have
 *   come back after the core's announcement, or lost Redis alone. The events since a moment at
 *   least `LOOKBACK_MS` before its previous report (it reports every second). An edge first heard
 *   from with an outage already counted: since the core's own last outage, if any.
 * Always at least each contest's last event (the position), at most `REANNOUNCE_MAX` events (a
 * screen further behind resyncs at the gap). A link that takes longer to notice its loss (a
 * silent network) leaves a gap before the tail: the screens resync there. Duplicates cost each
 * screen a frame it ignores, once per outage.
 */
import type { ContestState, PositionedEvent } from '@leitai/shared';
import type { EventDelivery } from '../net/pipeline/deliver.ts';
import type { RedisLinkStatus } from './redis-link.ts';

/** At most this many events per contest are delivered again; a screen further behind resyncs at the gap. */
export const REANNOUNCE_MAX = 100;
/** The tail starts at least this long before the core saw its link go down (ms). */
export const LOOKBACK_MS = 1000;

/** The contests as the core keeps them (the contest service). */
export interface AnnouncedContests {
  list(): ContestState[];
  get(contestId: string): { state: ContestState | null; eventsAfter(version: number): PositionedEvent[] } | undefined;
}

export interface Reannouncer {
  /** An edge's report carries its Redis outage count; a count that grew means its link came back. */
  edgeReport(edgeId: string, outages: number | undefined): void;
  close(): void;
}

export function attachReannounce(
  link: { onChange(listener: (status: RedisLinkStatus) => void): void },
  contests: AnnouncedContests,
  delivery: EventDelivery,
  log: (line: string) => void = () => undefined,
): Reannouncer {
  type Marks = ReadonlyMap<string, number>;
  // Each contest's version one and two ticks ago: the older is at least LOOKBACK_MS old.
  const versions = (): Marks => new Map(contests.list().map((s) => [s.contestId, s.version]));
  let older = versions();
  let newer = older;
  const tick = setInterval(() => {
    older = newer;
    newer = versions();
  }, LOOKBACK_MS);
  tick.unref();

  /** Each contest's version at least LOOKBACK_MS before the core's link last went down. */
  let coreDown: Marks = new Map();
  /** Each edge's outage count and the older versions when it last reported. */
  const edges = new Map<string, { outages: number; marks: Marks }>();
  /** The announcement to make on the next turn: each contest's tail starts after its mark. */
  let pending: Map<string, number> | null = null;

  const announce = () => {
    const marks = pending ?? new Map<string, number>();
    pending = null;
    let told = 0;
    for (const { contestId } of contests.list()) {
      const runtime = contests.get(contestId);
      const state = runtime?.state;
      if (!runtime || !state || state.version === 0) continue;
      // No mark (a contest too new for the ticks, an edge's outage the core knows nothing of): its last event.
      const mark = Math.min(marks.get(contestId) ?? state.version - 1, state.version - 1);
      const events = runtime.eventsAfter(Math.max(mark, state.version - REANNOUNCE_MAX));
      if (events.length === 0) continue;
      delivery.redeliver(contestId, events, state);
      told += 1;
    }
    log(`redis: position re-announced to the edges (${told} contest${told === 1 ? '' : 's'})`);
  };
  /** Announce on the next turn from `marks` (several reasons in one turn: one announcement, from the earliest). */
  const reannounce = (marks: Marks) => {
    if (!pending) {
      pending = new Map(marks);
      setImmediate(announce);
      return;
    }
    for (const [id, v] of marks) pending.set(id, Math.min(v, pending.get(id) ?? v));
  };

  link.onChange((s) => {
    if (s.up) reannounce(coreDown);
    else coreDown = older;
  });

  return {
    edgeReport(edgeId, outages) {
      if (typeof outages !== 'number' || !Number.isFinite(outages)) return;
      const before = edges.get(edgeId);
      edges.set(edgeId, { outages, marks: older });
      // Its link came back: from before it last reported (or, first heard from with an outage
      // already counted, from the core's own last outage).
      if (outages > (before?.outages ?? 0)) reannounce(before?.marks ?? coreDown);
    },
    close: () => clearInterval(tick),
  };
}
