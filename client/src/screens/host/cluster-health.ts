/**
 * The cluster's health as the host panel shows it (scale-out mode, core role): the core pushes a
 * `cluster:status` frame every 2 s; we keep what we heard of each edge (so an edge the core has
 * dropped stays visible as missing) and classify the whole as ok / warn / down / stale.
 */
import type { ClusterStatusFrame, EdgeStatus } from '@leitai/shared';

/** No frame for this long (after one arrived): what we show is old. The core pushes every 2 s. */
export const STALE_AFTER_MS = 6000;
/** An edge's round trip to the core above this is worth a look (loopback/LAN is a few ms). */
export const RTT_WARN_MS = 250;
/** More audience messages than this waiting on an edge (two full batches) is a backlog. */
export const QUEUE_WARN = 1000;
/** A queue that grew in each of the last frames and holds at least this many is growing. */
export const QUEUE_GROWING_MIN = 100;
/** An edge reports every second; the core drops it after 5 s of silence. Late in between. */
export const EDGE_LATE_MS = 3500;
/** Frames of queue length kept per edge for the trend. */
const TREND = 3;

export interface EdgeWatch {
  edgeId: string;
  /** What the core last said about the edge. */
  status: EdgeStatus;
  /** Local time (ms) the core last heard from the edge. */
  seenAt: number;
  /** Queue length in the last frames that listed the edge, oldest first. */
  queueTrend: number[];
  /** The latest frame does not list it: the core has dropped it. */
  missing: boolean;
}

export interface ClusterWatch {
  frame: ClusterStatusFrame | null;
  /** Local time (ms) the latest frame arrived. */
  receivedAt: number;
  /** Every edge heard of since the page loaded (until forgotten), by id. */
  edges: EdgeWatch[];
}

export const EMPTY_WATCH: ClusterWatch = { frame: null, receivedAt: 0, edges: [] };

/** Take in a frame that arrived at local time `receivedAt`. */
export function foldCluster(watch: ClusterWatch, frame: ClusterStatusFrame, receivedAt: number): ClusterWatch {
  const known = new Map(watch.edges.map((e) => [e.edgeId, e]));
  const listed = new Set<string>();
  for (const status of frame.edges) {
    listed.add(status.edgeId);
    const before = known.get(status.edgeId);
    known.set(status.edgeId, {
      edgeId: status.edgeId,
      status,
      // Server times only ever compared with the frame's own `at`: no clock offset needed.
      seenAt: receivedAt - Math.max(0, frame.at - status.lastSeenMs),
      queueTrend: [...(before && !before.missing ? before.queueTrend : []), status.queued].slice(-TREND),
      missing: false,
    });
  }
  for (const [id, e] of known) if (!listed.has(id) && !e.missing) known.set(id, { ...e, missing: true });
  const edges = [...known.values()].sort((a, b) => a.edgeId.localeCompare(b.edgeId));
  return { frame, receivedAt, edges };
}

/** The host dismissed a missing edge (retired on purpose). */
export function forgetEdge(watch: ClusterWatch, edgeId: string): ClusterWatch {
  return { ...watch, edges: watch.edges.filter((e) => !(e.edgeId === edgeId && e.missing)) };
}

export type ClusterTone = 'ok' | 'warn' | 'down' | 'stale';
/** What is wrong with one edge, most serious first. */
export type EdgeIssue = 'missing' | 'late' | 'redis' | 'queue' | 'rtt';

export interface EdgeHealth extends EdgeWatch {
  issues: EdgeIssue[];
  /** How long ago (ms, local clock) the core last heard from it. */
  agoMs: number;
}

export interface ClusterHealth {
  tone: ClusterTone;
  /** Age of the latest frame, ms. */
  ageMs: number;
  redisUp: boolean;
  redisOutages: number;
  coreSockets: number;
  /** Edges the core lists now. */
  edgesUp: number;
  /** Edges listed now plus the ones gone missing. */
  edgesKnown: number;
  /** Sockets on the edges the core lists (the audience, in practice). */
  edgeSockets: number;
  /** The core lists no edge and none was ever seen: the audience lands on the core. */
  noEdges: boolean;
  edges: EdgeHealth[];
  /** The first edge with an issue and its worst issue, for the one-line summary. */
  headline: { edgeId: string; issue: EdgeIssue } | null;
}

function edgeIssues(e: EdgeWatch, at: number): EdgeIssue[] {
  if (e.missing) return ['missing'];
  const issues: EdgeIssue[] = [];
  if (at - e.status.lastSeenMs > EDGE_LATE_MS) issues.push('late');
  if (!e.status.redisUp) issues.push('redis');
  const t = e.queueTrend;
  const growing =
    t.length >= TREND && t.every((q, i) => i === 0 || q > t[i - 1]!) && (t[t.length - 1] ?? 0) >= QUEUE_GROWING_MIN;
  if (e.status.queued >= QUEUE_WARN || growing) issues.push('queue');
  if (e.status.rttMs > RTT_WARN_MS) issues.push('rtt');
  return issues;
}

const SEVERITY: Record<EdgeIssue, number> = { missing: 0, late: 1, redis: 2, queue: 3, rtt: 4 };

/** Classify at local time `now`; null while no frame ever arrived (single mode: show nothing). */
export function clusterHealth(watch: ClusterWatch, now: number): ClusterHealth | null {
  const frame = watch.frame;
  if (!frame) return null;
  const ageMs = Math.max(0, now - watch.receivedAt);
  const edges: EdgeHealth[] = watch.edges.map((e) => ({
    ...e,
    issues: edgeIssues(e, frame.at),
    agoMs: Math.max(0, now - e.seenAt),
  }));
  let headline: ClusterHealth['headline'] = null;
  for (const e of edges) {
    const worst = e.issues[0];
    if (worst && (!headline || SEVERITY[worst] < SEVERITY[headline.issue]))
      headline = { edgeId: e.edgeId, issue: worst };
  }
  const up = edges.filter((e) => !e.missing);
  const noEdges = edges.length === 0;
  const tone: ClusterTone =
    ageMs > STALE_AFTER_MS ? 'stale' : !frame.redisUp ? 'down' : headline || noEdges ? 'warn' : 'ok';
  return {
    tone,
    ageMs,
    redisUp: frame.redisUp,
    redisOutages: frame.redisOutages,
    coreSockets: frame.coreSockets,
    edgesUp: up.length,
    edgesKnown: edges.length,
    edgeSockets: up.reduce((sum, e) => sum + e.status.sockets, 0),
    noEdges,
    edges,
    headline,
  };
}
