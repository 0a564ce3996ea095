/**
 * The core's side of the buzzer's links when phones are held by edges (edge-links.ts): the
 * core's clock for the edges' samples and their phones' relayed `clock:ping`, the edges' phones
 * kept in the core's link monitor (slowest window, `link:status`), the held decision's absence
 * proofs asked of the edges that hold phones, and a forwarded press's link checked before it is
 * used. The rules themselves stay in net/knowledge-links.ts and the shared buzzer arbitration.
 */
import { HOLD_CAP_MS, type Ack, type ClockPong, type LinkQuality, type LinkStatus } from '@leitai/shared';
import type { LinkMonitor } from '../net/knowledge-links.ts';
import type { LeitaiServer } from '../net/socket-gateway.ts';
import { PROVE_EVENT, tellCluster, type ProveEnvelope } from './cluster-rpc.ts';
import type { RedisLink } from './redis-link.ts';

export interface CoreLinks {
  /** The core's time for an edge's clock sample (`clock`). */
  clock(t0: number): Ack<ClockPong>;
  /** An edge's phones of a contest (`links`). */
  report(edgeId: string, contestId: string, links: LinkStatus[]): Ack<object>;
  /** An edge's answer to an absence proof (`proven`). */
  proven(edgeId: string, proof: number): Ack<object>;
  /** An edge gone silent: its phones leave the monitor. */
  drop(edgeId: string): void;
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/**
 * A forwarded press's link as the core uses it: edges are ours, but the wire is a wire, so only
 * a well-formed link counts (else the press ranks by arrival, as an unmeasured phone's does).
 */
export function forwardedLink(link: LinkQuality | undefined): LinkQuality | undefined {
  if (!link || !finite(link.rttMs) || typeof link.synced !== 'boolean') return undefined;
  return {
    rttMs: link.rttMs,
    synced: link.synced,
    ...(finite(link.errorMs) ? { errorMs: link.errorMs } : {}),
    ...(finite(link.uncertaintyMs) ? { uncertaintyMs: link.uncertaintyMs } : {}),
  };
}

/** A reported phone, with the fields the host panel shows, or null when malformed. */
function reportedLink(l: LinkStatus): LinkStatus | null {
  if (!l || typeof l.contestantId !== 'string' || typeof l.device !== 'string') return null;
  const orNull = (n: unknown) => (finite(n) ? n : null);
  return {
    contestantId: l.contestantId,
    device: l.device,
    rttMs: orNull(l.rttMs),
    windowMs: orNull(l.windowMs),
    clockErrorMs: orNull(l.clockErrorMs),
    synced: l.synced === true,
  };
}

export function attachCoreLinks(io: LeitaiServer, link: RedisLink, links: LinkMonitor, now: () => number): CoreLinks {
  let nextProof = 1;
  const waiting = new Map<number, { left: Set<string>; done: () => void }>();
  // The held decision waits for the edges holding measured phones of the contest, each of which
  // answers once its phones did (a phone's answer follows any press it sent before it: the same
  // socket to the edge, then the same Redis channel to the core). The monitor's cap still holds.
  links.remoteProofs = (contestId, edges) =>
    new Promise<void>((resolve) => {
      const proof = nextProof++;
      const timer = setTimeout(() => done(), HOLD_CAP_MS);
      timer.unref?.();
      const done = () => {
        clearTimeout(timer);
        waiting.delete(proof);
        resolve();
      };
      waiting.set(proof, { left: new Set(edges), done });
      tellCluster(io, link, PROVE_EVENT, { proof, contestId, edges } satisfies ProveEnvelope);
    });

  return {
    clock: (t0) => ({ ok: true, t0, serverTime: now() }),
    report(edgeId, contestId, reported) {
      const list = Array.isArray(reported) ? reported.map(reportedLink) : [];
      links.setRemote(
        edgeId,
        contestId,
        list.filter((l): l is LinkStatus => l !== null),
      );
      return { ok: true };
    },
    proven(edgeId, proof) {
      const w = waiting.get(proof);
      if (w) {
        w.left.delete(edgeId);
        if (w.left.size === 0) w.done();
      }
      return { ok: true };
    },
    drop: (edgeId) => links.dropRemote(edgeId),
  };
}
