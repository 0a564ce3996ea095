/**
 * The core's side of the edges' phones (core-links.ts) on a real LinkMonitor: a reported phone
 * counts for the slowest window and the host's list, the held decision waits for its edge's
 * proof, and malformed reports or links change nothing.
 */
import { describe, expect, test } from 'vitest';
import { HOLD_CAP_MS, type LinkStatus } from '@leitai/shared';
import { LinkMonitor } from '../net/knowledge-links.ts';
import type { LeitaiServer } from '../net/socket-gateway.ts';
import { attachCoreLinks, forwardedLink } from './core-links.ts';
import type { RedisLink } from './redis-link.ts';

const phone = (contestantId: string, windowMs: number | null): LinkStatus => ({
  contestantId,
  device: `tag-${contestantId}`,
  rttMs: windowMs === null ? null : windowMs / 2,
  windowMs,
  clockErrorMs: 20,
  synced: true,
});

/** A core's links with Redis down: nothing is told to the edges, so a proof comes only from `proven`. */
function setup() {
  const frames: LinkStatus[][] = [];
  const monitor = new LinkMonitor(Date.now, (_c, f) => frames.push(f.links), { statusEveryMs: 0 });
  const redisDown = { status: () => ({ up: false }) } as unknown as RedisLink;
  const core = attachCoreLinks({} as LeitaiServer, redisDown, monitor, () => 1234);
  return { monitor, core, frames };
}

describe('core links', () => {
  test("an edge's phones count for the slowest window and the host's list; an edge gone forgets them", async () => {
    const { monitor, core, frames } = setup();
    expect(monitor.slowest('k')).toBeUndefined();
    expect(core.report('edge-1', 'k', [phone('c01', 180), phone('c02', null)])).toEqual({ ok: true });
    expect(monitor.slowest('k')).toEqual({ rttMs: 180, synced: true, absenceProofs: true });
    expect(monitor.status('k').map((l) => l.contestantId)).toEqual(['c01', 'c02']);
    await new Promise((r) => setTimeout(r, 5));
    expect(frames.at(-1)?.map((l) => l.contestantId)).toEqual(['c01', 'c02']);
    core.drop('edge-1');
    expect(monitor.status('k')).toEqual([]);
    expect(monitor.slowest('k')).toBeUndefined();
  });

  test('malformed reported phones are left out; a malformed forwarded link is no link', () => {
    const { monitor, core } = setup();
    core.report('edge-1', 'k', [
      phone('c01', 90),
      null as unknown as LinkStatus,
      { ...phone('c02', 50), windowMs: -4 },
      { ...phone('c03', 50), contestantId: 7 as unknown as string },
    ]);
    expect(monitor.status('k')).toEqual([phone('c01', 90), { ...phone('c02', 50), windowMs: null }]);
    expect(monitor.slowest('k')?.rttMs).toBe(90);
    expect(forwardedLink(undefined)).toBeUndefined();
    expect(forwardedLink({ rttMs: Number.POSITIVE_INFINITY, synced: true })).toBeUndefined();
    expect(forwardedLink({ rttMs: 40, synced: 'yes' as unknown as boolean })).toBeUndefined();
    expect(forwardedLink({ rttMs: 40, synced: true, errorMs: -1, uncertaintyMs: 3, absenceProofs: true })).toEqual({
      rttMs: 40,
      synced: true,
      uncertaintyMs: 3,
    });
    expect(core.clock(99)).toEqual({ ok: true, t0: 99, serverTime: 1234 });
  });

  test("the held decision waits for the edge's proof, and only until the cap without it", async () => {
    const { monitor, core } = setup();
    core.report('edge-1', 'k', [phone('c01', 120)]);
    let proofAsked = -1;
    const asked = monitor.remoteProofs!;
    monitor.remoteProofs = (contestId, sources) => {
      expect(sources).toEqual(['edge-1']);
      proofAsked = 1; // the first proof's id
      return asked(contestId, sources);
    };
    let done = false;
    const started = Date.now();
    monitor.proveAbsence('k', () => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    expect(core.proven('edge-2', proofAsked)).toEqual({ ok: true }); // not an edge asked: nothing
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    core.proven('edge-1', proofAsked);
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(true);
    expect(Date.now() - started).toBeLessThan(HOLD_CAP_MS);

    // No answer: decided at the cap.
    let capped = false;
    const again = Date.now();
    monitor.proveAbsence('k', () => (capped = true));
    await new Promise((r) => setTimeout(r, HOLD_CAP_MS + 100));
    expect(capped).toBe(true);
    expect(Date.now() - again).toBeGreaterThanOrEqual(HOLD_CAP_MS - 5);
  });
});
