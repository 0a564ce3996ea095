/**
 * The core's re-announcement after a Redis outage (core-reannounce.ts), on fake contests and a
 * fake link: when it announces, which tail, and that several reasons in one turn make one.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ContestState, PositionedEvent } from '@leitai/shared';
import { attachReannounce, LOOKBACK_MS, REANNOUNCE_MAX, type Reannouncer } from './core-reannounce.ts';
import type { RedisLinkStatus } from './redis-link.ts';

function setup() {
  const heads = new Map<string, number>([['k', 0]]);
  const contests = {
    list: () => [...heads].map(([contestId, version]) => ({ contestId, version }) as ContestState),
    get: (contestId: string) => {
      const version = heads.get(contestId);
      if (version === undefined) return undefined;
      return {
        state: { contestId, version } as ContestState,
        eventsAfter: (after: number) =>
          Array.from(
            { length: Math.max(0, version - after) },
            (_, i) => ({ version: after + i + 1 }) as PositionedEvent,
          ),
      };
    },
  };
  const listeners: ((s: RedisLinkStatus) => void)[] = [];
  const told: { contestId: string; versions: number[] }[] = [];
  const r: Reannouncer = attachReannounce({ onChange: (l) => void listeners.push(l) }, contests, {
    redeliver: (contestId, events) => void told.push({ contestId, versions: events.map((e) => e.version) }),
  });
  const link = (up: boolean) => {
    for (const l of listeners) l({ up, since: 0, outages: 0, lastError: null });
  };
  const turn = () => vi.runOnlyPendingTimersAsync();
  return { heads, told, r, link, turn };
}

let close: (() => void) | undefined;
afterEach(() => {
  close?.();
  vi.useRealTimers();
});

describe('re-announcing after a Redis outage', () => {
  test("the core's link back: each contest's events since at least LOOKBACK_MS before it went down", async () => {
    vi.useFakeTimers();
    const { heads, told, r, link, turn } = setup();
    close = () => r.close();
    heads.set('k', 10);
    await vi.advanceTimersByTimeAsync(2 * LOOKBACK_MS); // both ticks have seen 10
    heads.set('k', 12); // published in the instant before the core noticed: lost too
    link(false);
    heads.set('k', 15); // while down
    link(true);
    expect(told).toEqual([]); // on the next turn
    await turn();
    expect(told).toEqual([{ contestId: 'k', versions: [11, 12, 13, 14, 15] }]);
  });

  test('at least the last event (the position), at most REANNOUNCE_MAX; a contest with no event is skipped', async () => {
    vi.useFakeTimers();
    const { heads, told, r, link, turn } = setup();
    close = () => r.close();
    heads.set('empty', 0);
    heads.set('k', 7);
    await vi.advanceTimersByTimeAsync(2 * LOOKBACK_MS);
    link(false);
    link(true); // nothing appended since: the last event still goes
    await turn();
    expect(told).toEqual([{ contestId: 'k', versions: [7] }]);
    told.length = 0;
    link(false);
    heads.set('k', 7 + REANNOUNCE_MAX + 50);
    link(true);
    await turn();
    expect(told[0]!.versions).toHaveLength(REANNOUNCE_MAX);
    expect(told[0]!.versions.at(-1)).toBe(7 + REANNOUNCE_MAX + 50);
  });

  test('an edge whose outage count grew: from before its previous report; the same count: nothing', async () => {
    vi.useFakeTimers();
    const { heads, told, r, turn } = setup();
    close = () => r.close();
    heads.set('k', 20);
    await vi.advanceTimersByTimeAsync(2 * LOOKBACK_MS);
    r.edgeReport('edge-1', 0);
    heads.set('k', 23);
    r.edgeReport('edge-1', 0);
    await turn();
    expect(told).toEqual([]);
    r.edgeReport('edge-1', 1);
    await turn();
    expect(told).toEqual([{ contestId: 'k', versions: [21, 22, 23] }]);
    // Malformed counts change nothing.
    told.length = 0;
    r.edgeReport('edge-1', Number.NaN);
    r.edgeReport('edge-1', undefined);
    await turn();
    expect(told).toEqual([]);
  });

  test("an edge first heard from with an outage counted: since the core's own outage, else the position", async () => {
    vi.useFakeTimers();
    const { heads, told, r, link, turn } = setup();
    close = () => r.close();
    heads.set('k', 5);
    r.edgeReport('edge-1', 2);
    await turn();
    expect(told).toEqual([{ contestId: 'k', versions: [5] }]);
    told.length = 0;
    await vi.advanceTimersByTimeAsync(2 * LOOKBACK_MS);
    link(false);
    heads.set('k', 8);
    // The core and a new edge back in the same turn: one announcement.
    link(true);
    r.edgeReport('edge-2', 1);
    await turn();
    expect(told).toEqual([{ contestId: 'k', versions: [6, 7, 8] }]);
  });
});
