import { expect, test } from 'vitest';
import type { ClusterStatusFrame, EdgeStatus } from '@leitai/shared';
import {
  EMPTY_WATCH,
  QUEUE_WARN,
  RTT_WARN_MS,
  STALE_AFTER_MS,
  clusterHealth,
  foldCluster,
  forgetEdge,
  type ClusterWatch,
} from './cluster-health.ts';

/** Server time runs 1 h ahead of the local clock: nothing may depend on the two agreeing. */
const SKEW = 3_600_000;

const edge = (edgeId: string, at: number, extra: Partial<EdgeStatus> = {}): EdgeStatus => ({
  edgeId,
  sockets: 100,
  redisUp: true,
  rttMs: 3,
  queued: 0,
  lastSeenMs: at - 400,
  ...extra,
});

const frame = (local: number, edges: (at: number) => EdgeStatus[], extra: Partial<ClusterStatusFrame> = {}) => {
  const at = local + SKEW;
  return { role: 'core', redisUp: true, redisOutages: 0, edges: edges(at), coreSockets: 4, at, ...extra } as const;
};

const fold = (frames: [number, ClusterStatusFrame][]): ClusterWatch =>
  frames.reduce((w, [local, f]) => foldCluster(w, f, local), EMPTY_WATCH);

test('no frame ever (single mode): nothing to show', () => {
  expect(clusterHealth(EMPTY_WATCH, 10_000)).toBeNull();
});

test('all edges fresh and Redis up: ok, with the edges and their sockets summed', () => {
  const w = fold([[1000, frame(1000, (at) => [edge('edge-2', at, { sockets: 12_000 }), edge('edge-1', at)])]]);
  const h = clusterHealth(w, 1500)!;
  expect(h).toMatchObject({
    tone: 'ok',
    edgesUp: 2,
    edgesKnown: 2,
    edgeSockets: 12_100,
    coreSockets: 4,
    headline: null,
  });
  expect(h.edges.map((e) => e.edgeId)).toEqual(['edge-1', 'edge-2']);
  // Last seen 400 ms before the frame, frame received 500 ms ago: 900 ms, whatever the server clock says.
  expect(h.edges[0]!.agoMs).toBe(900);
});

test('Redis down on the core: down, whatever the edges say', () => {
  const w = fold([
    [1000, frame(1000, (at) => [edge('edge-1', at, { rttMs: 900 })], { redisUp: false, redisOutages: 2 })],
  ]);
  expect(clusterHealth(w, 1000)).toMatchObject({ tone: 'down', redisUp: false, redisOutages: 2 });
});

test('an edge the core dropped stays listed as missing (warn) until the host forgets it', () => {
  let w = fold([
    [1000, frame(1000, (at) => [edge('edge-1', at), edge('edge-2', at)])],
    [3000, frame(3000, (at) => [edge('edge-1', at)])],
  ]);
  let h = clusterHealth(w, 3000)!;
  expect(h).toMatchObject({ tone: 'warn', edgesUp: 1, edgesKnown: 2, edgeSockets: 100 });
  expect(h.headline).toEqual({ edgeId: 'edge-2', issue: 'missing' });
  expect(h.edges[1]).toMatchObject({ edgeId: 'edge-2', missing: true, issues: ['missing'], agoMs: 2400 });
  w = forgetEdge(w, 'edge-2');
  h = clusterHealth(w, 3000)!;
  expect(h).toMatchObject({ tone: 'ok', edgesKnown: 1 });
  // A listed edge cannot be forgotten, and one that comes back is no longer missing.
  expect(forgetEdge(w, 'edge-1').edges).toHaveLength(1);
  w = foldCluster(
    w,
    frame(5000, (at) => [edge('edge-1', at), edge('edge-2', at)]),
    5000,
  );
  expect(clusterHealth(w, 5000)).toMatchObject({ tone: 'ok', edgesUp: 2 });
});

test('high round trip, backlog, growing queue, late report or edge Redis down: warn', () => {
  const one = (e: (at: number) => EdgeStatus) => clusterHealth(fold([[1000, frame(1000, (at) => [e(at)])]]), 1000)!;
  expect(one((at) => edge('e', at, { rttMs: RTT_WARN_MS + 1 })).headline).toEqual({ edgeId: 'e', issue: 'rtt' });
  expect(one((at) => edge('e', at, { rttMs: RTT_WARN_MS })).tone).toBe('ok');
  expect(one((at) => edge('e', at, { queued: QUEUE_WARN })).headline?.issue).toBe('queue');
  expect(one((at) => edge('e', at, { lastSeenMs: at - 4000 })).headline?.issue).toBe('late');
  expect(one((at) => edge('e', at, { redisUp: false })).headline?.issue).toBe('redis');
  // The worst issue leads: late before a high round trip.
  expect(one((at) => edge('e', at, { rttMs: 900, lastSeenMs: at - 4000 })).edges[0]!.issues).toEqual(['late', 'rtt']);

  const queues = (qs: number[]) =>
    clusterHealth(
      fold(qs.map((q, i) => [1000 + i * 2000, frame(1000 + i * 2000, (at) => [edge('e', at, { queued: q })])])),
      1000 + (qs.length - 1) * 2000,
    )!.tone;
  expect(queues([120, 300, 640])).toBe('warn');
  expect(queues([120, 300, 280])).toBe('ok');
  expect(queues([10, 20, 40])).toBe('ok');
  expect(queues([300, 640])).toBe('ok');
});

test('a core with no edge at all: warn (the audience lands on the core)', () => {
  const h = clusterHealth(fold([[1000, frame(1000, () => [])]]), 1000)!;
  expect(h).toMatchObject({ tone: 'warn', noEdges: true, edgesUp: 0, headline: null });
});

test('no frame for more than 6 s after one arrived: stale, even over down', () => {
  const w = fold([[1000, frame(1000, (at) => [edge('edge-1', at)], { redisUp: false })]]);
  expect(clusterHealth(w, 1000 + STALE_AFTER_MS)!.tone).toBe('down');
  expect(clusterHealth(w, 1001 + STALE_AFTER_MS)).toMatchObject({ tone: 'stale', ageMs: STALE_AFTER_MS + 1 });
  // A new frame makes it fresh again.
  const again = foldCluster(
    w,
    frame(8000, (at) => [edge('edge-1', at)]),
    8000,
  );
  expect(clusterHealth(again, 8000)!.tone).toBe('ok');
});
