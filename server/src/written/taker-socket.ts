/**
 * One taker's socket on `/written`, as the core and an edge both serve it: the handshake (auth
 * shape, protocol version, then the seat of the link's token — looked up here on the core, asked
 * of the core on an edge), the welcome, the per-socket rate limit, clock pings answered locally,
 * every paper message handed to `dispatch` (decided here or on the core) and acknowledged with its
 * answer, the taker's room joined before a `paper:open` is dispatched (a view sent between the
 * decision and the answer's arrival is not missed; a refused open leaves it again), unknown events
 * refused. Each acknowledgement's server-side time (message received → acknowledgement sent) is
 * recorded per event, so a bench can tell the server's share of a latency from the clients'.
 */
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { Type } from '@sinclair/typebox';
import type { Namespace } from 'socket.io';
import {
  PROTOCOL_VERSION,
  TakerAuthSchema,
  WRITTEN_CLIENT_EVENT_NAMES,
  domainError,
  type Ack,
  type WrittenClientToServerEvents,
  type WrittenServerToClientEvents,
} from '@leitai/shared';
import { rateLimitedError, TokenBucket } from '../net/rate-limit.ts';
import { handshakeError } from '../net/socket-gateway.ts';
import { compileValidator } from '../validation.ts';

/** Who sends a taker's message: the taker's seat and device (a socket here, or one on an edge). */
export interface TakerCtx {
  contestId: string;
  segmentId: string;
  takerId: string;
  deviceId: string;
}
/** A taker's message name (`paper:open`, `paper:save`, …). */
export type WrittenEventName = (typeof WRITTEN_CLIENT_EVENT_NAMES)[number];
/** The seat a link's token names. */
export type TakerSeat = Omit<TakerCtx, 'deviceId'>;

export interface TakerSocketData extends TakerCtx {
  bucket: TokenBucket;
}
export type TakerNamespace = Namespace<
  WrittenClientToServerEvents,
  WrittenServerToClientEvents,
  Record<string, never>,
  TakerSocketData
>;

/** The room of one taker's sockets (every device that has the paper open). */
export const takerRoom = (contestId: string, segmentId: string, takerId: string): string =>
  `w:${contestId}:${segmentId}:${takerId}`;

const ClockPingSchema = Type.Object(
  { t0: Type.Number({ minimum: 0, maximum: 1e15 }) },
  { additionalProperties: false },
);
const validateClockPing = compileValidator(ClockPingSchema);

/** A clock ping's answer (the page's clock sync), the same everywhere. */
export function clockPing(raw: unknown, now: () => number): Ack<object> {
  const checked = validateClockPing(raw);
  return checked.ok
    ? ({ ok: true, t0: checked.value.t0, serverTime: now() } as Ack<object>)
    : { ok: false, error: checked.error };
}

/** Server-side acknowledgement times (µs) per event name. */
export class AckTimes {
  private readonly byName = new Map<string, RecordableHistogram>();
  record(name: string, ms: number): void {
    let h = this.byName.get(name);
    if (!h) this.byName.set(name, (h = createHistogram()));
    h.record(Math.max(1, Math.round(ms * 1000)));
  }
  /** Count, p50, p99 and max (ms) per event name; `reset` starts a fresh window. */
  snapshot(reset = false): Record<string, { count: number; p50Ms: number; p99Ms: number; maxMs: number }> {
    const out: Record<string, { count: number; p50Ms: number; p99Ms: number; maxMs: number }> = {};
    for (const [name, h] of this.byName) {
      out[name] = {
        count: h.count,
        p50Ms: h.percentile(50) / 1000,
        p99Ms: h.percentile(99) / 1000,
        maxMs: h.max / 1000,
      };
      if (reset) h.reset();
    }
    return out;
  }
}

export interface ServeTakersOptions {
  now: () => number;
  /** The seat of a link's token, or the refusal. */
  seatOf: (token: string) => Ack<TakerSeat> | Promise<Ack<TakerSeat>>;
  /** Decide one paper message (everything but clock pings). */
  dispatch: (taker: TakerCtx, name: WrittenEventName, raw: unknown) => Promise<Ack<object>>;
  ackTimes?: AckTimes;
}

/** Serve the taker sockets of `/written` (core or edge). */
export function serveTakers(nsp: TakerNamespace, options: ServeTakersOptions): void {
  const { now, dispatch, ackTimes } = options;
  const validateAuth = compileValidator(TakerAuthSchema);
  const internal: Ack<object> = { ok: false, error: domainError('INTERNAL', 'internal error') };

  nsp.use((socket, next) => {
    const checked = validateAuth(socket.handshake.auth);
    if (!checked.ok) return next(handshakeError('BAD_REQUEST', `handshake auth: ${checked.error.message}`));
    if (checked.value.protocolVersion !== PROTOCOL_VERSION)
      return next(handshakeError('PROTOCOL_VERSION', `server speaks protocol ${PROTOCOL_VERSION}`));
    const { token, deviceId } = checked.value;
    Promise.resolve(options.seatOf(token)).then(
      (seat) => {
        if (!seat.ok) return next(handshakeError(seat.error.code, seat.error.message));
        const { contestId, segmentId, takerId } = seat;
        socket.data = { contestId, segmentId, takerId, deviceId, bucket: new TokenBucket(10, 30, now()) };
        next();
      },
      () => next(handshakeError('INTERNAL', 'internal error')),
    );
  });

  nsp.on('connection', (socket) => {
    const data = socket.data;
    const { contestId, segmentId, takerId, deviceId } = data;
    const taker: TakerCtx = { contestId, segmentId, takerId, deviceId };
    const room = takerRoom(contestId, segmentId, takerId);
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
          const t0 = performance.now();
          const reply = (answer: Ack<object>) => {
            (ack as (r: Ack<object>) => void)(answer);
            ackTimes?.record(name, performance.now() - t0);
          };
          if (!data.bucket.take(now())) return reply({ ok: false, error: rateLimitedError(data.bucket.waitMs()) });
          if (name === 'clock:ping') return reply(clockPing(raw, now));
          if (name === 'paper:open') void socket.join(room);
          void dispatch(taker, name, raw)
            .catch(() => internal)
            .then((answer) => {
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
}
