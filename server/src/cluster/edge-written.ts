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
import {
  PROTOCOL_VERSION,
  TakerAuthSchema,
  WRITTEN_CLIENT_EVENT_NAMES,
  WRITTEN_NAMESPACE,
  domainError,
  type Ack,
  type WrittenClientToServerEvents,
  type WrittenServerToClientEvents,
} from '@leitai/shared';
import type { Namespace } from 'socket.io';
import { TokenBucket } from '../net/rate-limit.ts';
import { handshakeError, type LeitaiServer } from '../net/socket-gateway.ts';
import { compileValidator } from '../validation.ts';
import { takerRoom, type TakerCtx, type WrittenEventName } from '../written/attach-written.ts';

/** The two calls to the core (cluster-rpc.ts's `written-auth` and `written`). */
export interface EdgeWrittenCalls {
  auth(token: string): Promise<Ack<{ contestId: string; segmentId: string; takerId: string }>>;
  forward(taker: TakerCtx, name: WrittenEventName, payload: unknown): Promise<Ack<object>>;
}

interface EdgeTakerData extends TakerCtx {
  bucket: TokenBucket;
}

/** Serve `/written` on an edge, forwarding to the core. Returns how many takers it holds. */
export function attachEdgeWritten(io: LeitaiServer, core: EdgeWrittenCalls, now: () => number): { takers(): number } {
  const nsp = io.of(WRITTEN_NAMESPACE) as unknown as Namespace<
    WrittenClientToServerEvents,
    WrittenServerToClientEvents,
    Record<string, never>,
    EdgeTakerData
  >;
  const validateAuth = compileValidator(TakerAuthSchema);

  nsp.use((socket, next) => {
    const checked = validateAuth(socket.handshake.auth);
    if (!checked.ok) return next(handshakeError('BAD_REQUEST', `handshake auth: ${checked.error.message}`));
    if (checked.value.protocolVersion !== PROTOCOL_VERSION)
      return next(handshakeError('PROTOCOL_VERSION', `server speaks protocol ${PROTOCOL_VERSION}`));
    const { token, deviceId } = checked.value;
    void core.auth(token).then((ack) => {
      if (!ack.ok) return next(handshakeError(ack.error.code, ack.error.message));
      const data: EdgeTakerData = {
        contestId: ack.contestId,
        segmentId: ack.segmentId,
        takerId: ack.takerId,
        deviceId,
        bucket: new TokenBucket(10, 30, now()),
      };
      socket.data = data;
      next();
    });
  });

  nsp.on('connection', (socket) => {
    const data = socket.data;
    const { contestId, segmentId, takerId, deviceId } = data;
    socket.emit('paper:welcome', {
      protocolVersion: PROTOCOL_VERSION,
      contestId,
      segmentId,
      takerId,
      serverTime: now(),
    });
    for (const name of WRITTEN_CLIENT_EVENT_NAMES) {
      socket.on(
        name as never,
        ((raw: unknown, ack: unknown) => {
          if (typeof ack !== 'function') return;
          const reply = ack as (r: Ack<object>) => void;
          if (!data.bucket.take(now()))
            return reply({
              ok: false,
              error: domainError('RATE_LIMITED', `slow down: retry in ${data.bucket.waitMs()} ms`),
            });
          if (name === 'clock:ping') {
            const t0 = (raw as { t0?: unknown } | null)?.t0;
            if (typeof t0 !== 'number' || !(t0 >= 0 && t0 <= 1e15))
              return reply({ ok: false, error: domainError('BAD_REQUEST', 't0 must be a number') });
            return reply({ ok: true, t0, serverTime: now() } as Ack<object>);
          }
          const taker: TakerCtx = { contestId, segmentId, takerId, deviceId };
          // The room is joined before the open is forwarded, so a view the core sends between its
          // answer and the answer's arrival here is not missed (a take-over only removes sockets of
          // other devices); a refused open leaves it again.
          const room = takerRoom(contestId, segmentId, takerId);
          if (name === 'paper:open') void socket.join(room);
          void core.forward(taker, name, raw).then((answer) => {
            if (name === 'paper:open' && !answer.ok) void socket.leave(room);
            reply(answer);
          });
        }) as never,
      );
    }
    socket.onAny((event: string, ...args: unknown[]) => {
      if ((WRITTEN_CLIENT_EVENT_NAMES as readonly string[]).includes(event)) return;
      const ack = args.at(-1);
      if (typeof ack === 'function')
        (ack as (r: Ack<object>) => void)({
          ok: false,
          error: domainError('UNKNOWN_EVENT', `unknown event '${event.slice(0, 64)}'`),
        });
    });
  });
  return { takers: () => nsp.sockets.size };
}
