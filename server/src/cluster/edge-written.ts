/**
 * The written test's `/written` namespace on an edge: the edge holds the takers' sockets and
 * owns nothing. The handshake's link token is checked by the core; each taker message (open,
 * save, focus loss, submit) is forwarded to the core, which decides it, makes it durable and
 * answers; the taker is acknowledged with that answer only. The paper's views reach the taker's
 * sockets through the shared rooms: the core sends each to `takerRoom(…)`, which the edge's
 * socket joins with its `paper:open` (the adapter carries it over Redis); a
 * take-over's notice reaches the other device the same way. Clock pings are answered here, as
 * the edge does for every screen. Protocol: docs/protocol-written.md; the same as the core's.
 */
import { WRITTEN_NAMESPACE, type Ack, type TakerPaperView } from '@leitai/shared';
import { EDGE_VIEW } from '../written/attach-written.ts';
import type { LeitaiServer } from '../net/socket-gateway.ts';
import {
  AckTimes,
  serveTakers,
  takerRoom,
  type TakerCtx,
  type TakerNamespace,
  type WrittenEventName,
} from '../written/taker-socket.ts';

/** The two calls to the core (cluster-rpc.ts's `written-auth` and `written`). */
export interface EdgeWrittenCalls {
  auth(token: string): Promise<Ack<{ contestId: string; segmentId: string; takerId: string }>>;
  forward(taker: TakerCtx, name: WrittenEventName, payload: unknown): Promise<Ack<object>>;
}

/**
 * Serve `/written` on an edge, forwarding to the core (the same socket code as the core's,
 * taker-socket.ts). Returns how many takers it holds and the acknowledgement times seen here.
 */
export function attachEdgeWritten(
  io: LeitaiServer,
  core: EdgeWrittenCalls,
  now: () => number,
): { takers(): number; ackTimes: AckTimes } {
  const nsp = io.of(WRITTEN_NAMESPACE) as unknown as TakerNamespace;
  const ackTimes = new AckTimes();
  serveTakers(nsp, {
    now,
    seatOf: (token) => core.auth(token),
    dispatch: async (taker, name, raw) => {
      const answer = await core.forward(taker, name, raw);
      if (!(EDGE_VIEW in answer)) return answer;
      // The view the command made, sent here to the taker's sockets (not over Redis to every edge).
      const { [EDGE_VIEW]: view, ...ack } = answer as Ack<object> & { [EDGE_VIEW]: TakerPaperView };
      nsp.local.to(takerRoom(taker.contestId, taker.segmentId, taker.takerId)).emit('paper:state', view);
      return ack;
    },
    ackTimes,
  });
  return { takers: () => nsp.sockets.size, ackTimes };
}
