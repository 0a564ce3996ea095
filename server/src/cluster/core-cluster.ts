/**
 * The core's side of a cluster: answers the edges' calls (seat and join-code checks, views,
 * commands, resync, the audience batches), tells them the contest's audience events and comment
 * policy, and keeps the edges' health for the host panel and GET /api/cluster.
 *
 * The core stays the only writer: an edge never appends; it forwards, and acknowledges its
 * client only with the core's answer.
 */
import {
  domainError,
  type Ack,
  type AudienceClientToServerEvents,
  type ClusterStatusFrame,
  type EdgeStatus,
} from '@leitai/shared';
import type { ContestService } from '../contests/contest-service.ts';
import { AUDIENCE_VALIDATORS, type AudienceCore } from '../audience/attach-audience.ts';
import { effectiveWords, type AudienceRoom } from '../audience/audience-room.ts';
import { isAddressMute } from '../audience/audience-strikes.ts';
import type { GatewayPort, LeitaiServer } from '../net/socket-gateway.ts';
import { setAudienceRemote } from '../net/audience-broadcast.ts';
import { viewRoom } from '../net/rooms.ts';
import {
  AUDIENCE_EVENT,
  POLICY_EVENT,
  REPLY_EVENT,
  RPC_EVENT,
  onClusterEvent,
  tellCluster,
  type AudienceEnvelope,
  type ReplyEnvelope,
  type RpcEnvelope,
  type RpcRequest,
  type RpcResponse,
} from './cluster-rpc.ts';
import type { RedisLink } from './redis-link.ts';
import { attachCoreLinks, forwardedLink } from './core-links.ts';
import { attachReannounce } from './core-reannounce.ts';
import type { WrittenHandle } from '../written/attach-written.ts';

/** An edge not heard from for this long is gone (it reports every second). */
const EDGE_EXPIRY_MS = 5000;

export interface CoreCluster {
  status(): ClusterStatusFrame;
  close(): void;
}

type AudienceName = keyof AudienceClientToServerEvents;

const UNKNOWN_JOIN_CODE = { ok: false, error: domainError('UNAUTHENTICATED', 'unknown join code') } as const;

export function attachCoreCluster(
  io: LeitaiServer,
  service: ContestService,
  audience: AudienceCore,
  link: RedisLink,
  now: () => number,
  written: Pick<WrittenHandle, 'authTaker' | 'call'>,
  /**
   * This process's contests as the pipeline sees them (net/local-contest-port.ts): every contest
   * call of an edge is answered by it; and their delivery, through which the core re-announces.
   */
  port: GatewayPort,
): CoreCluster {
  const edges = new Map<string, EdgeStatus>();
  const buzzerLinks = attachCoreLinks(io, link, port.links, now);
  // After a Redis outage, each contest's tail again for the edges' screens (core-reannounce.ts).
  const reannouncer = attachReannounce(link, service, port.delivery, (line) => process.stderr.write(`${line}\n`));

  const answer = async (req: RpcRequest): Promise<RpcResponse> => {
    switch (req.op) {
      // The contest's calls are the pipeline port's, the same functions a socket of this process
      // gets (net/local-contest-port.ts): one implementation for the core and its edges.
      case 'auth': {
        if (req.token) return { op: 'auth', ack: await port.seatOfToken(req.token) };
        const contest = req.joinCode ? await port.contestOfJoinCode(req.joinCode) : UNKNOWN_JOIN_CODE;
        return { op: 'auth', ack: contest.ok ? { ok: true, contestId: contest.contestId, role: 'audience' } : contest };
      }
      case 'view':
        return { op: 'view', ack: await port.view(req.contestId, req.viewer) };
      case 'command': {
        // Through the port's gate: arming the buzzer gets the slowest probed phone's link, the
        // edges' phones included (so the decision is held for absence proofs, as for a host on
        // the core), a press the link its edge measured, and a first valid press starts the proofs.
        const forwarded = forwardedLink(req.link);
        const { contestId, command, viewer, commandId } = req;
        return {
          op: 'command',
          ack: await port.gate.execute(contestId, command, viewer, commandId, undefined, forwarded),
        };
      }
      case 'resync':
        return { op: 'resync', ack: await port.resync(req.contestId, req.viewer, req.fromVersion) };
      case 'seat':
        return { op: 'seat', ack: await port.seat(req.contestId, req.viewer, req.deviceId, req.on) };
      // The buzzer's links of the phones edges hold (core-links.ts).
      case 'clock':
        return { op: 'clock', ack: buzzerLinks.clock(req.t0) };
      case 'links':
        return { op: 'links', ack: buzzerLinks.report(req.edgeId, req.contestId, req.links) };
      case 'proven':
        return { op: 'proven', ack: buzzerLinks.proven(req.edgeId, req.proof) };
      case 'policy': {
        const room = audience.room(req.contestId);
        if (!room) return { op: 'policy', ack: { ok: false, error: domainError('NOT_FOUND', 'contest not found') } };
        return { op: 'policy', ack: { ok: true, mode: room.state.mode, words: effectiveWords(room.state) } };
      }
      case 'written-auth': {
        const seat = written.authTaker(req.token);
        if (!seat)
          return {
            op: 'written-auth',
            ack: { ok: false, error: domainError('UNAUTHENTICATED', 'this link is not valid') },
          };
        return {
          op: 'written-auth',
          ack: { ok: true, contestId: seat.contestId, segmentId: seat.segmentId, takerId: seat.takerId },
        };
      }
      case 'written':
        // The edge's socket has this seat (checked at its handshake); the payload is checked here.
        return { op: 'written', ack: await written.call(req.taker, req.name, req.payload) };
      case 'audience': {
        const r = req.report;
        edges.set(r.edgeId, {
          edgeId: r.edgeId,
          sockets: r.total,
          redisUp: r.redisUp,
          rttMs: r.rttMs,
          queued: r.queued,
          lastSeenMs: now(),
        });
        audience.setRemoteSockets(r.edgeId, r.sockets);
        reannouncer.edgeReport(r.edgeId, r.redisOutages);
        for (const c of req.counters) for (let i = 0; i < c.n; i++) audience.sink.count(c.contestId, c.counter);
        // An edge's address mutes go in the audience log, where every edge's comments are decided.
        for (const m of req.mutes ?? []) if (isAddressMute(m.mute)) audience.sink.record?.(m.contestId, m.mute);
        // Decided in order, one after the other (each decision is synchronous); their acknowledgements
        // wait for the audience's batch append together, not one batch after another.
        const results: Promise<Ack<object>>[] = [];
        const internal: Ack<object> = { ok: false, error: domainError('INTERNAL', 'internal error') };
        for (const item of req.items) {
          const name = item.name as AudienceName;
          const validate = AUDIENCE_VALIDATORS[name];
          // Edges are ours, but the wire is a wire: the core checks the shape again (cheap).
          const checked = validate ? validate(item.payload) : null;
          if (!checked?.ok) {
            results.push(
              Promise.resolve({ ok: false, error: domainError('BAD_REQUEST', `bad forwarded ${item.name}`) }),
            );
            continue;
          }
          try {
            results.push(Promise.resolve(audience.sink.handle(item.ctx, name, checked.value)).catch(() => internal));
          } catch {
            results.push(Promise.resolve(internal));
          }
        }
        return { op: 'audience', ack: { ok: true, results: await Promise.all(results) } };
      }
    }
  };

  onClusterEvent(io, RPC_EVENT, (call: RpcEnvelope) => {
    if (!call || typeof call.from !== 'string' || typeof call.id !== 'number' || !call.request) return;
    const reply = (response: RpcResponse) =>
      tellCluster(io, link, REPLY_EVENT, { to: call.from, id: call.id, response } satisfies ReplyEnvelope);
    answer(call.request).then(reply, () =>
      reply({
        op: call.request.op,
        ack: { ok: false, error: domainError('INTERNAL', 'internal error') },
      }),
    );
  });

  // Audience broadcasts (frames, the phones' contest events): one message to the edges each.
  // The contest events also feed each edge's mirror of the audience view (edge-server.ts).
  setAudienceRemote(io, (contestId, event, payload) =>
    tellCluster(io, link, AUDIENCE_EVENT, { contestId, event, payload } satisfies AudienceEnvelope),
  );

  // Comment mode and word list: pushed to the edges when they change, and again to all after a
  // Redis outage (a push while Redis was away is lost). Edges also load it with their mirror.
  const tellPolicy = (room: AudienceRoom) =>
    tellCluster(io, link, POLICY_EVENT, {
      contestId: room.contestId,
      mode: room.state.mode,
      words: effectiveWords(room.state),
    });
  audience.onPolicyChange(tellPolicy);
  link.onChange((s) => {
    if (!s.up) return;
    for (const state of service.list()) {
      const room = audience.room(state.contestId);
      if (room) tellPolicy(room);
    }
  });

  const status = (): ClusterStatusFrame => {
    const t = now();
    for (const [id, e] of edges) {
      if (t - e.lastSeenMs > EDGE_EXPIRY_MS) {
        edges.delete(id);
        audience.setRemoteSockets(id, {});
        buzzerLinks.drop(id);
      }
    }
    const s = link.status();
    return {
      role: 'core',
      redisUp: s.up,
      redisOutages: s.outages,
      edges: [...edges.values()].sort((a, b) => a.edgeId.localeCompare(b.edgeId)),
      coreSockets: io.of('/').sockets.size,
      at: t,
    };
  };

  const hostTimer = setInterval(() => {
    const frame = status();
    for (const state of service.list()) io.local.to(viewRoom(state.contestId, 'host')).emit('cluster:status', frame);
  }, 2000);
  hostTimer.unref();

  return {
    status,
    close() {
      clearInterval(hostTimer);
      reannouncer.close();
    },
  };
}
