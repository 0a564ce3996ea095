/**
 * An edge process (docs/architecture.md, "Scaling out"): it holds audience sockets (and any
 * other screen that reaches it), shares Socket.IO rooms with the core through the sharded Redis
 * adapter, and owns nothing: no store, no contest state besides a mirror of the audience view.
 *
 * - Handshake: seat tokens and join codes are checked by the core (a call over Redis); wrong
 *   join codes are counted per address in Redis (address-limits.ts), the same count on every edge.
 * - Views: an audience phone gets its snapshot from the edge's mirror of the audience view,
 *   which folds the events the core tells every edge; other roles ask the core.
 * - Frames: the core's broadcasts to a room reach the sockets of that room on every edge.
 * - Inbound: the audience gate (rate limits, strikes, cleaning, word filter) runs here; what
 *   passes is forwarded to the core in batches, and each client is acknowledged with the core's
 *   answer. Contest commands are forwarded one by one, acknowledged the same way.
 * - Written-test takers (`/written`, edge-written.ts): held here, each message decided by the core.
 * - Redis down: the edge says so (/api/health, /api/ready 503, leitai_redis_up 0, a log line),
 *   keeps its sockets, answers forwarded messages UNAVAILABLE, and reloads its mirrors when
 *   Redis returns.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  CommandSendSchema,
  PROTOCOL_VERSION,
  ResyncRequestSchema,
  SEATED_ROLES,
  domainError,
  foldPositioned,
  type Ack,
  type AudienceClientToServerEvents,
  type ContestState,
  type PositionedEvent,
  type Role,
} from '@leitai/shared';
import { createHttpApp, createSocketServer, listen, serveClient, type LeitaiConfig } from '../app.ts';
import {
  attachAudienceGate,
  type AudienceCtx,
  type AudienceSink,
  type GateCounter,
} from '../audience/attach-audience.ts';
import { WordFilter } from '../audience/text-filter.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { AddressLimiter } from '../audience/address-limits.ts';
import { clientAddress, trustedProxies } from '../audience/address-guard.ts';
import {
  DeviceSockets,
  welcomeSocket,
  type LeitaiServer,
  type LeitaiSocket,
  type SocketData,
} from '../net/socket-gateway.ts';
import { handshakeAuth, handshakeError, socketBasics } from '../net/pipeline/authenticate.ts';
import { handler } from '../net/pipeline/validate.ts';
import { clientEventListeners, serveClientEvents } from '../net/pipeline/client-events.ts';
import { clockPing } from '../net/pipeline/clock.ts';
import { sendToLocalAudience } from '../net/audience-broadcast.ts';
import {
  AUDIENCE_EVENT,
  POLICY_EVENT,
  CoreCaller,
  onClusterEvent,
  type AudienceEnvelope,
  type AudiencePolicyWire,
  type RpcRequest,
} from './cluster-rpc.ts';
import { DEFAULT_REDIS_URL, connectRedisLink, type RedisLink } from './redis-link.ts';
import { attachEdgeWritten } from './edge-written.ts';

export interface EdgeConfig extends Pick<
  LeitaiConfig,
  'host' | 'port' | 'allowedOrigins' | 'clientDist' | 'logger' | 'logStream' | 'metricsToken'
> {
  redisUrl?: string;
  channelPrefix?: string;
  /** Name in the host panel and /api/cluster (default edge-<random>). */
  edgeId?: string;
  /** How long audience messages wait to be forwarded together (default 20 ms). */
  batchMs?: number;
  /** Most messages in one forwarded batch (default 500). */
  batchMax?: number;
}

export interface EdgeHandle {
  app: FastifyInstance;
  io: LeitaiServer;
  redis: RedisLink;
  edgeId: string;
  url: string;
  port: number;
  close(): Promise<void>;
}

interface Mirror {
  view: ContestState | null;
  loading: Promise<void> | null;
  policy: { mode: AudiencePolicyWire['mode']; filter: WordFilter; key: string } | null;
}

type AudienceName = keyof AudienceClientToServerEvents;
type AuthAck = Ack<{ contestId: string; role: Role; subjectId?: string }>;

interface Pending {
  item: { ctx: AudienceCtx; name: string; payload: unknown };
  resolve: (ack: Ack<object>) => void;
}

/** A call to the core that takes this long is logged (seconds). */
const SLOW_CALL_S = 0.5;

export async function startEdgeServer(config: EdgeConfig = {}): Promise<EdgeHandle> {
  const now = () => Date.now();
  const CORE_AWAY_MS = 5000;
  const edgeId = config.edgeId ?? `edge-${randomBytes(3).toString('hex')}`;
  const batchMs = config.batchMs ?? 20;
  const batchMax = config.batchMax ?? 500;
  const log = (line: string) => process.stderr.write(`[${edgeId}] ${line}\n`);
  const redis = await connectRedisLink(config.redisUrl ?? process.env.LEITAI_REDIS_URL ?? DEFAULT_REDIS_URL, {
    channelPrefix: config.channelPrefix ?? 'leitai',
    log,
  });
  const app = await createHttpApp(config);
  const metrics = createMetrics();
  const io = createSocketServer(app, config, { adapter: redis.adapter() });
  const mirrors = new Map<string, Mirror>();
  // Per-address limits in Redis: the same counts on every edge (address-limits.ts).
  const limiter = new AddressLimiter({ redis: redis.client(), prefix: config.channelPrefix ?? 'leitai' });
  const trusted = trustedProxies(process.env.LEITAI_TRUSTED_PROXIES);
  const deviceSockets = new DeviceSockets();
  const joinCodes = new Map<string, { ack: Promise<AuthAck>; until: number }>();
  let lastRttMs = 0;
  // The core answers the edge's report every second; none for CORE_AWAY_MS: /api/ready says 503 (HAProxy).
  let coreAnsweredAt = now();

  const caller = new CoreCaller(io, redis, edgeId);
  let observeRpc: (op: string, seconds: number) => void = () => undefined;
  const call = async <R extends RpcRequest>(request: R) => {
    const started = process.hrtime.bigint();
    const ack = await caller.call(request);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    observeRpc(request.op, seconds);
    // Only what an operator should see: a call the core was slow to answer, or one that failed
    // for want of the core (UNAVAILABLE); every call's duration is in /metrics.
    if (seconds >= SLOW_CALL_S || (!ack.ok && ack.error.code === 'UNAVAILABLE')) {
      log(`slow call ${request.op}: ${seconds.toFixed(3)} s ${ack.ok ? 'ok' : ack.error.message}`);
    }
    if (ack.ok) lastRttMs = Math.round(seconds * 10_000) / 10;
    if (ack.ok || ack.error.code !== 'UNAVAILABLE') coreAnsweredAt = now();
    return ack;
  };

  // ---- the mirror of each contest's audience view, and its comment policy ----
  const mirrorOf = (contestId: string): Mirror => {
    let m = mirrors.get(contestId);
    if (!m) {
      m = { view: null, loading: null, policy: null };
      mirrors.set(contestId, m);
    }
    return m;
  };
  const setPolicy = (m: Mirror, p: AudiencePolicyWire) => {
    const key = JSON.stringify(p.words);
    const filter = m.policy?.key === key ? m.policy.filter : new WordFilter(p.words);
    m.policy = { mode: p.mode, filter, key };
  };
  const load = (contestId: string): Promise<void> => {
    const m = mirrorOf(contestId);
    m.loading ??= (async () => {
      const [view, policy] = await Promise.all([
        call({ op: 'view', contestId, viewer: { role: 'audience' } }),
        call({ op: 'policy', contestId }),
      ]);
      if (view.ok && (!m.view || view.state.version >= m.view.version)) m.view = view.state;
      if (policy.ok) setPolicy(m, policy);
    })().finally(() => {
      m.loading = null;
    });
    return m.loading;
  };
  // The audience broadcasts: the tick's frame and the contest's events projected for the
  // audience. The same events feed the mirror (one message from the core, not two).
  onClusterEvent(io, AUDIENCE_EVENT, (b: AudienceEnvelope) => {
    sendToLocalAudience(io, b.contestId, b.event, b.payload);
    if (b.event !== 'contest:events') return;
    const m = mirrors.get(b.contestId);
    if (!m?.view) return;
    const out = foldPositioned(m.view, (b.payload as { events: PositionedEvent[] }).events);
    m.view = out.state;
    if (out.gap) void load(b.contestId);
  });
  onClusterEvent(io, POLICY_EVENT, (p: AudiencePolicyWire & { contestId: string }) => {
    const m = mirrors.get(p.contestId);
    if (m) setPolicy(m, p);
  });
  redis.onChange((s) => {
    // Events told while Redis was away are lost to the mirror: reload every mirror.
    if (s.up) for (const id of mirrors.keys()) void load(id);
  });

  // ---- the handshake: an address locked out for wrong join codes is refused first ----
  io.use((socket, next) => {
    const auth = handshakeAuth(socket.handshake.auth);
    if (!auth.ok || auth.value.token) return next();
    limiter.joinLocked(clientAddress(socket.handshake, trusted)).then(
      (locked) =>
        next(locked ? handshakeError('RATE_LIMITED', 'too many wrong join codes; try again in a minute') : undefined),
      () => next(),
    );
  });
  // ---- the handshake: the core checks tokens and join codes ----
  io.use((socket, next) => {
    const auth = handshakeAuth(socket.handshake.auth);
    if (!auth.ok) return next(auth.error);
    const { token, joinCode, deviceId } = auth.value;
    if (!token && !joinCode) return next(handshakeError('UNAUTHENTICATED', 'a seat token or a join code is required'));
    const address = clientAddress(socket.handshake, trusted);
    // A join code names a contest: the core's answer is kept for a minute, so a crowd joining at
    // once (a QR code on the big screen) costs the core one call, not one per phone.
    let checked: Promise<AuthAck>;
    if (token) checked = call({ op: 'auth', token });
    else {
      const code = (joinCode ?? '').toUpperCase();
      const known = joinCodes.get(code);
      if (known && known.until > now()) checked = known.ack;
      else {
        checked = call({ op: 'auth', joinCode: code });
        // One call in flight per code; only a positive answer is kept.
        joinCodes.set(code, { ack: checked, until: now() + 60_000 });
        void checked.then((a) => {
          if (!a.ok) joinCodes.delete(code);
        });
      }
    }
    void checked.then(async (ack) => {
      if (!ack.ok) {
        if (!token && ack.error.code === 'UNAUTHENTICATED') await limiter.joinFailed(address).catch(() => undefined);
        return next(handshakeError(ack.error.code, ack.error.message));
      }
      const data: SocketData = {
        contestId: ack.contestId,
        role: ack.role,
        ...(ack.subjectId ? { subjectId: ack.subjectId } : {}),
        ...socketBasics(deviceId, now()),
      };
      socket.data = data;
      if (ack.role === 'audience') {
        const m = mirrorOf(ack.contestId);
        if (!m.view || !m.policy) await load(ack.contestId);
        if (!m.view) return next(handshakeError('UNAVAILABLE', 'the contest cannot be loaded now; retry shortly'));
      }
      next();
    });
  });

  const viewerOf = (socket: LeitaiSocket) =>
    socket.data.subjectId ? { role: socket.data.role, subjectId: socket.data.subjectId } : { role: socket.data.role };

  const handlers = {
    'command:send': handler(CommandSendSchema, (socket, payload) =>
      call({
        op: 'command',
        contestId: socket.data.contestId,
        viewer: viewerOf(socket),
        command: payload.command,
        ...(payload.commandId ? { commandId: payload.commandId } : {}),
      }),
    ),
    'contest:resync': handler(ResyncRequestSchema, (socket, payload) => {
      const { contestId, role } = socket.data;
      const view = mirrors.get(contestId)?.view;
      if (role === 'audience' && view) {
        // The mirror is whole: the full view when it is ahead of the phone, else nothing to add.
        return view.version > payload.fromVersion || payload.fromVersion === 0
          ? { ok: true, state: view, events: [] }
          : { ok: true, state: null, events: [] };
      }
      return call({ op: 'resync', contestId, viewer: viewerOf(socket), fromVersion: payload.fromVersion });
    }),
    'clock:ping': clockPing(now),
  };

  const listeners = clientEventListeners(handlers, now);
  io.on('connection', (socket: LeitaiSocket) => {
    const { contestId, role, deviceId } = socket.data;
    welcomeSocket(socket, now);
    const mirrored = role === 'audience' ? mirrors.get(contestId)?.view : null;
    // Other roles' views come from the core. The device is seated only after its snapshot went
    // out, so the seat's own event follows the snapshot (a frame that still overtakes it is a gap
    // the client resyncs, as after any reconnect).
    const snapshot = mirrored
      ? Promise.resolve(socket.emit('contest:snapshot', { state: mirrored }))
      : call({ op: 'view', contestId, viewer: viewerOf(socket) }).then((ack) => {
          if (ack.ok && socket.connected) socket.emit('contest:snapshot', { state: ack.state });
        });
    serveClientEvents(socket, listeners);

    if ((SEATED_ROLES as readonly Role[]).includes(role)) {
      const key = `${contestId}/${deviceId}`;
      deviceSockets.add(key);
      void snapshot.then(() => call({ op: 'seat', contestId, deviceId, viewer: viewerOf(socket), on: true }));
      socket.on('disconnect', () => {
        if (!deviceSockets.remove(key)) return;
        void snapshot.then(() => call({ op: 'seat', contestId, deviceId, viewer: viewerOf(socket), on: false }));
      });
    }
  });

  // ---- the audience: gate here, decisions at the core, in batches ----
  const queue: Pending[] = [];
  const counters = new Map<string, number>();
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
    const sockets = Object.fromEntries([...socketCounts].filter(([, n]) => n > 0));
    const ack = await call({
      op: 'audience',
      report: {
        edgeId,
        sockets,
        total: io.of('/').sockets.size,
        redisUp: redis.status().up,
        rttMs: lastRttMs,
        queued: queue.length,
      },
      items: batch.map((p) => p.item),
      counters: counted,
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
    }
    if (queue.length > 0) schedule();
  };
  const schedule = () => {
    if (flushTimer) return;
    flushTimer = setTimeout(() => void flush(), queue.length >= batchMax ? 0 : batchMs);
  };
  const heartbeat = setInterval(() => {
    if (!flushTimer && !flushing) void flush();
  }, 1000);
  heartbeat.unref();
  observeRpc = metrics.watchEdge(() => queue.length);

  const sink: AudienceSink = {
    policy(contestId) {
      const p = mirrors.get(contestId)?.policy;
      return p ? { mode: p.mode, filter: p.filter } : undefined;
    },
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
    sockets(contestId, delta) {
      socketCounts.set(contestId, (socketCounts.get(contestId) ?? 0) + delta);
    },
    welcome() {
      // The client asks for its first audience frame with `audience:sync` (forwarded to the core).
    },
  };
  attachAudienceGate(io, sink, { now, limiter });
  // ---- the written test's takers: held here, every message decided by the core ----
  const writtenTakers = attachEdgeWritten(
    io,
    {
      auth: (token) => call({ op: 'written-auth', token }),
      forward: (taker, name, payload) => call({ op: 'written', taker, name, payload }),
    },
    now,
  );

  // ---- HTTP: health, readiness, metrics, the client ----
  const startedAt = now();
  app.get('/api/health', () => ({
    ok: redis.status().up,
    role: 'edge',
    edgeId,
    protocolVersion: PROTOCOL_VERSION,
    redis: redis.status(),
    sockets: io.of('/').sockets.size,
    takers: writtenTakers.takers(),
    uptimeMs: now() - startedAt,
  }));
  app.get('/api/ready', (_req, reply) => {
    const s = redis.status();
    if (!s.up) return reply.code(503).send({ ready: false, reason: `redis is down: ${s.lastError ?? 'reconnecting'}` });
    if (now() - coreAnsweredAt > CORE_AWAY_MS) return reply.code(503).send({ ready: false, reason: 'no core answers' });
    return { ready: true, role: 'edge', edgeId };
  });
  const metricsToken = config.metricsToken ?? process.env.LEITAI_METRICS_TOKEN;
  metrics.attach({ app, io, ...(metricsToken ? { token: metricsToken } : {}) });
  metrics.watchRedis(redis);
  await serveClient(app, config);

  const { port, url } = await listen(app, config);

  let closed = false;
  return {
    app,
    io,
    redis,
    edgeId,
    url,
    port,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      if (flushTimer) clearTimeout(flushTimer);
      for (const p of queue.splice(0)) p.resolve({ ok: false, error: domainError('UNAVAILABLE', 'edge closing') });
      caller.close();
      await new Promise<void>((r) => void io.close(() => r()));
      await app.close().catch(() => undefined);
      metrics.close();
      await redis.close();
    },
  };
}
