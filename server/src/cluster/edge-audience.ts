/**
 * An edge's audience: the gate (rate limits, strikes, cleaning, word filter) runs here
 * (attachAudienceGate); what passes is forwarded to the core in batches, with the edge's report
 * (its sockets, Redis, round trip, queue), the gate's counters and the address mutes its strikes
 * decided (recorded by the core as `SendersMuted`, so they hold on every edge), and each client is
 * acknowledged with the core's answer.
 */
import { domainError, type Ack, type AudienceClientToServerEvents } from '@leitai/shared';
import type { AddressLimiter } from '../audience/address-limits.ts';
import type { AddressMute } from '../audience/audience-strikes.ts';
import {
  attachAudienceGate,
  type AudienceCtx,
  type AudienceSink,
  type GateCounter,
} from '../audience/attach-audience.ts';
import type { LeitaiServer } from '../net/socket-gateway.ts';
import type { CoreCaller } from './cluster-rpc.ts';
import type { AudienceMirrors } from './edge-mirror.ts';
import type { RedisLink } from './redis-link.ts';

type AudienceName = keyof AudienceClientToServerEvents;

interface Pending {
  item: { ctx: AudienceCtx; name: string; payload: unknown };
  resolve: (ack: Ack<object>) => void;
}

export interface EdgeAudienceOptions {
  edgeId: string;
  now: () => number;
  /** How long audience messages wait to be forwarded together. */
  batchMs: number;
  /** Most messages in one forwarded batch. */
  batchMax: number;
  /** The last call's round trip to the core (ms), for the report. */
  rttMs: () => number;
}

export interface EdgeAudience {
  /** Messages waiting to be forwarded. */
  queued(): number;
  close(): void;
}

export function attachEdgeAudience(
  io: LeitaiServer,
  redis: RedisLink,
  call: CoreCaller['call'],
  mirrors: AudienceMirrors,
  limiter: AddressLimiter,
  options: EdgeAudienceOptions,
): EdgeAudience {
  const { edgeId, batchMs, batchMax } = options;
  const queue: Pending[] = [];
  const counters = new Map<string, number>();
  let mutes: { contestId: string; mute: AddressMute }[] = [];
  const socketCounts = new Map<string, number>();
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let flushing = false;

  const flush = async () => {
    flushTimer = null;
    if (flushing) return schedule();
    flushing = true;
    const batch = queue.splice(0, batchMax);
    const counted = [...counters].map(([k, n]) => {
      const [contestId, counter] = k.split('\u0000') as [string, GateCounter];
      return { contestId, counter, n };
    });
    counters.clear();
    const muted = mutes;
    mutes = [];
    const sockets = Object.fromEntries([...socketCounts].filter(([, n]) => n > 0));
    const ack = await call({
      op: 'audience',
      report: {
        edgeId,
        sockets,
        total: io.of('/').sockets.size,
        redisUp: redis.status().up,
        redisOutages: redis.status().outages,
        rttMs: options.rttMs(),
        queued: queue.length,
      },
      items: batch.map((p) => p.item),
      counters: counted,
      ...(muted.length > 0 ? { mutes: muted } : {}),
    });
    flushing = false;
    if (ack.ok)
      batch.forEach((p, i) => p.resolve(ack.results[i] ?? { ok: false, error: domainError('INTERNAL', 'no answer') }));
    else {
      // Not acknowledged: the client retries (nothing was taken). Counters go back for the next call.
      for (const p of batch) p.resolve({ ok: false, error: ack.error });
      for (const c of counted) {
        const k = `${c.contestId}\u0000${c.counter}`;
        counters.set(k, (counters.get(k) ?? 0) + c.n);
      }
      // A mute is not lost with a failed call: it goes again with the next one.
      mutes = [...muted, ...mutes];
    }
    if (queue.length > 0 || mutes.length > 0) schedule();
  };
  const schedule = () => {
    if (flushTimer) return;
    flushTimer = setTimeout(() => void flush(), queue.length >= batchMax ? 0 : batchMs);
  };
  const heartbeat = setInterval(() => {
    if (!flushTimer && !flushing) void flush();
  }, 1000);
  heartbeat.unref();

  const sink: AudienceSink = {
    policy: (contestId) => mirrors.policy(contestId),
    handle(ctx, name: AudienceName, payload) {
      if (!redis.status().up) {
        return { ok: false, error: domainError('UNAVAILABLE', 'the live service is reconnecting; retry shortly') };
      }
      return new Promise((resolve) => {
        queue.push({ item: { ctx, name, payload }, resolve });
        schedule();
      });
    },
    count(contestId, counter: GateCounter) {
      const k = `${contestId}\u0000${counter}`;
      counters.set(k, (counters.get(k) ?? 0) + 1);
    },
    record(contestId, mute) {
      // The edge's gate holds it at once (in its memory); the core records it with the next call.
      mutes.push({ contestId, mute });
      schedule();
    },
    sockets(contestId, delta) {
      socketCounts.set(contestId, (socketCounts.get(contestId) ?? 0) + delta);
    },
    welcome() {
      // The client asks for its first audience frame with `audience:sync` (forwarded to the core).
    },
  };
  attachAudienceGate(io, sink, { now: options.now, limiter });

  return {
    queued: () => queue.length,
    close() {
      clearInterval(heartbeat);
      if (flushTimer) clearTimeout(flushTimer);
      for (const p of queue.splice(0)) p.resolve({ ok: false, error: domainError('UNAVAILABLE', 'edge closing') });
    },
  };
}
