/**
 * Calls between the processes of a cluster, as Socket.IO server-side emits over the Redis
 * adapter: an edge emits `leitai:rpc` with its id and a request id; the core answers with a
 * `leitai:reply` emit addressed to that edge, which resolves the call (the acknowledgement).
 *
 * Socket.IO's own acknowledged server-side emit waits for an answer from *every* server of the
 * cluster (it counts them first): one edge busy with a burst of frames would then hold up every
 * other edge's calls until the adapter's 5 s timeout (seen in the B8 bench). An addressed reply
 * makes each call depend on the core alone. While Redis is down a call is refused at once with
 * UNAVAILABLE, and nothing here can raise an unhandled rejection.
 */
import type {
  Ack,
  ClockPong,
  ContestCommand,
  ContestState,
  DomainError,
  LinkQuality,
  LinkStatus,
  PositionedEvent,
  Role,
} from '@leitai/shared';
import { domainError } from '@leitai/shared';
import type { LeitaiServer } from '../net/socket-gateway.ts';
import type { RedisLink } from './redis-link.ts';
import type { AudienceCtx, GateCounter } from '../audience/attach-audience.ts';
import type { AddressMute } from '../audience/audience-strikes.ts';
import type { AudienceBroadcastEvent } from '../net/audience-broadcast.ts';
import type { TakerCtx, WrittenEventName } from '../written/attach-written.ts';

export const RPC_EVENT = 'leitai:rpc';
/** Core → the calling edge: the answer to one `leitai:rpc`. */
export const REPLY_EVENT = 'leitai:reply';

/** A call as it travels: who asks (the edge's id), which call, and what. */
export interface RpcEnvelope {
  from: string;
  id: number;
  request: RpcRequest;
}

export interface ReplyEnvelope {
  to: string;
  id: number;
  response: RpcResponse;
}
/** Core → edges: a contest's comment mode and word list changed. */
export const POLICY_EVENT = 'leitai:policy';
/** Core → edges: one broadcast to a contest's whole audience, which each edge sends by shards. */
export const AUDIENCE_EVENT = 'leitai:audience';

/**
 * Core → edges: the held buzz decision's absence proofs (knowledge-links.ts): each edge named in
 * `edges` probes its phones of the contest and answers with a `proven` call (edge-links.ts).
 */
export const PROVE_EVENT = 'leitai:prove';

export interface ProveEnvelope {
  proof: number;
  contestId: string;
  edges: string[];
}

export interface AudienceEnvelope {
  contestId: string;
  event: AudienceBroadcastEvent;
  payload: unknown;
}

export interface Viewer {
  role: Role;
  subjectId?: string;
}

export interface AudiencePolicyWire {
  mode: 'auto' | 'review' | 'closed';
  words: string[];
}

export interface EdgeReport {
  edgeId: string;
  sockets: Record<string, number>;
  total: number;
  redisUp: boolean;
  /** The edge's Redis outages since it started: a count that grew tells the core to re-announce (core-reannounce.ts). */
  redisOutages?: number;
  rttMs: number;
  queued: number;
}

export type RpcRequest =
  | { op: 'auth'; token?: string; joinCode?: string }
  | { op: 'view'; contestId: string; viewer: Viewer }
  /** A contest command; a press carries the link its edge measured (edge-links.ts), if any. */
  | {
      op: 'command';
      contestId: string;
      viewer: Viewer;
      command: ContestCommand;
      commandId?: string;
      link?: LinkQuality;
    }
  /** The core's clock: an edge's own samples of its link to the core, and a seated phone's `clock:ping` relayed. */
  | { op: 'clock'; t0: number }
  /** The contestant phones an edge holds for a contest, as it measures them (windows through the edge). */
  | { op: 'links'; edgeId: string; contestId: string; links: LinkStatus[] }
  /** An edge's phones answered the absence proof `proof` (or were given up on). */
  | { op: 'proven'; edgeId: string; proof: number }
  | { op: 'resync'; contestId: string; viewer: Viewer; fromVersion: number }
  | { op: 'seat'; contestId: string; deviceId: string; viewer: Viewer; on: boolean }
  | { op: 'policy'; contestId: string }
  /** A written-test taker's link token (an edge's `/written` handshake). */
  | { op: 'written-auth'; token: string }
  /** One message of a taker whose socket an edge holds. */
  | { op: 'written'; taker: TakerCtx; name: WrittenEventName; payload: unknown }
  | {
      op: 'audience';
      report: EdgeReport;
      items: { ctx: AudienceCtx; name: string; payload: unknown }[];
      counters: { contestId: string; counter: GateCounter; n: number }[];
      /** Address mutes the edge's gate decided (audience-strikes.ts): the core records them (`SendersMuted`). */
      mutes?: { contestId: string; mute: AddressMute }[];
    };

export type RpcResponse =
  | { op: 'auth'; ack: Ack<{ contestId: string; role: Role; subjectId?: string }> }
  | { op: 'view'; ack: Ack<{ state: ContestState }> }
  | { op: 'command'; ack: Ack<object> }
  | { op: 'clock'; ack: Ack<ClockPong> }
  | { op: 'links'; ack: Ack<object> }
  | { op: 'proven'; ack: Ack<object> }
  | { op: 'resync'; ack: Ack<{ state: ContestState | null; events: PositionedEvent[] }> }
  | { op: 'seat'; ack: Ack<object> }
  | { op: 'policy'; ack: Ack<AudiencePolicyWire> }
  | { op: 'written-auth'; ack: Ack<{ contestId: string; segmentId: string; takerId: string }> }
  | { op: 'written'; ack: Ack<object> }
  | { op: 'audience'; ack: Ack<{ results: Ack<object>[] }> };

type AckOf<O extends RpcRequest['op']> = Extract<RpcResponse, { op: O }>['ack'];

const unavailable = (message: string): { ok: false; error: DomainError } => ({
  ok: false,
  error: domainError('UNAVAILABLE', message),
});

/** How long an edge waits for the core's answer. */
export const CALL_TIMEOUT_MS = 4000;
/**
 * A taker's message waits longer: the taker page waits 8 s for its acknowledgement and sends a
 * refused message again a second later, so an UNAVAILABLE at 4 s from a core that is only slow
 * (a loaded machine) made it decide the same message twice, and the resends fed the backlog that
 * slowed it (B10, scaled mode). 7 s stays under the page's 8 s; the message is idempotent.
 */
export const WRITTEN_CALL_TIMEOUT_MS = 7000;
const callTimeoutMs = (request: RpcRequest): number =>
  request.op === 'written' ? WRITTEN_CALL_TIMEOUT_MS : CALL_TIMEOUT_MS;

interface ClusterAdapterLike {
  serverSideEmit(packet: unknown[]): unknown;
}

/** The edge's side of the calls: one pending entry per call, resolved by the core's reply. */
export class CoreCaller {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (ack: unknown) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly io: LeitaiServer,
    private readonly link: RedisLink,
    private readonly selfId: string,
  ) {
    onClusterEvent(io, REPLY_EVENT, (reply: ReplyEnvelope) => {
      if (reply?.to !== this.selfId) return;
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      clearTimeout(p.timer);
      p.resolve(reply.response.ack);
    });
  }

  /** Ask the core; resolves with its acknowledgement, or UNAVAILABLE when Redis or the core cannot answer in time. */
  call<R extends RpcRequest>(request: R, timeoutMs = callTimeoutMs(request)): Promise<AckOf<R['op']>> {
    if (!this.link.status().up) {
      return Promise.resolve(unavailable('the cluster link (Redis) is down; retry shortly') as unknown) as Promise<
        AckOf<R['op']>
      >;
    }
    const id = this.next++;
    return new Promise<unknown>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(unavailable('the core did not answer in time'));
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      tellCluster(this.io, this.link, RPC_EVENT, { from: this.selfId, id, request } satisfies RpcEnvelope);
    }) as Promise<AckOf<R['op']>>;
  }

  /** Calls waiting for their reply. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Answer every waiting call UNAVAILABLE (the edge closes). */
  close(): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve(unavailable('edge closing'));
      this.pending.delete(id);
    }
  }
}

/** Listen to the cluster's server-side events (typed loosely: they come from our own processes). */
export function onClusterEvent(io: LeitaiServer, event: string, listener: (...args: never[]) => void): void {
  (io.of('/') as unknown as { on(e: string, l: (...args: never[]) => void): void }).on(event, listener);
}

/** Tell every other process (no acknowledgement); dropped while Redis is down. */
export function tellCluster(io: LeitaiServer, link: RedisLink, event: string, payload: unknown): void {
  if (!link.status().up) return;
  try {
    const adapter = io.of('/').adapter as unknown as ClusterAdapterLike;
    Promise.resolve(adapter.serverSideEmit([event, payload])).catch(() => undefined);
  } catch {
    // Redis went away between the check and the call: the next push or poll catches up.
  }
}
