/**
 * An edge process (docs/architecture.md, "Scaling out"): it holds audience sockets (and any
 * other screen that reaches it), shares Socket.IO rooms with the core through the sharded Redis
 * adapter, and owns nothing: no store, no contest state besides a mirror of the audience view.
 *
 * - The contest pipeline is the single server's (net/pipeline/attach.ts: authenticate →
 *   rate-limit → validate → decide → append → project → deliver) with its port at the core
 *   (edge-port.ts): seat tokens and join codes are checked by the core (a call over Redis), wrong
 *   join codes are counted per address in Redis (address-limits.ts), the same count on every
 *   edge, and contest commands are forwarded one by one, each acknowledged with the core's answer.
 * - The buzzer: a contestant phone here is probed by the edge and its press forwarded with the
 *   link measured through the edge; seated screens' clocks are the core's (edge-links.ts).
 * - Views: an audience phone gets its snapshot from the edge's mirror of the audience view
 *   (edge-mirror.ts), which folds the events the core tells every edge; other roles ask the core.
 * - Frames: the core's broadcasts to a room reach the sockets of that room on every edge.
 * - Inbound audience messages: the audience gate runs here; what passes is forwarded to the core
 *   in batches (edge-audience.ts).
 * - Written-test takers (`/written`, edge-written.ts): held here, each message decided by the core.
 * - Redis down: the edge says so (/api/health, /api/ready 503, leitai_redis_up 0, a log line),
 *   keeps its sockets, answers forwarded messages UNAVAILABLE, and reloads its mirrors when
 *   Redis returns.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '@leitai/shared';
import { createHttpApp, createSocketServer, listen, serveClient, type LeitaiConfig } from '../app.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { AddressLimiter } from '../audience/address-limits.ts';
import { clientAddress, trustedProxies } from '../audience/address-guard.ts';
import type { LeitaiServer } from '../net/socket-gateway.ts';
import { attachContestPipeline } from '../net/pipeline/attach.ts';
import { CoreCaller, type RpcRequest } from './cluster-rpc.ts';
import { DEFAULT_REDIS_URL, connectRedisLink, type RedisLink, type RedisLinkStatus } from './redis-link.ts';
import { attachEdgeWritten } from './edge-written.ts';
import { AudienceMirrors } from './edge-mirror.ts';
import { edgeContestPort, redisJoinGuard } from './edge-port.ts';
import { EdgeLinks } from './edge-links.ts';
import { attachEdgeAudience } from './edge-audience.ts';

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

/** A call to the core that takes this long is logged (seconds). */
const SLOW_CALL_S = 0.5;

/** `GET /api/health` of an edge (200; `ok` false while Redis is down; `takers`: written-test sockets). */
export interface EdgeHealthAnswer {
  ok: boolean;
  role: 'edge';
  edgeId: string;
  protocolVersion: number;
  redis: RedisLinkStatus;
  sockets: number;
  takers: number;
  uptimeMs: number;
}

/** `GET /api/ready` of an edge: 200 ready, or 503 with the reason (Redis down, no core answers). */
export type EdgeReadyAnswer = { ready: true; role: 'edge'; edgeId: string } | { ready: false; reason: string };

export async function startEdgeServer(config: EdgeConfig = {}): Promise<EdgeHandle> {
  const now = () => Date.now();
  const CORE_AWAY_MS = 5000;
  const edgeId = config.edgeId ?? `edge-${randomBytes(3).toString('hex')}`;
  const log = (line: string) => process.stderr.write(`[${edgeId}] ${line}\n`);
  const redis = await connectRedisLink(config.redisUrl ?? process.env.LEITAI_REDIS_URL ?? DEFAULT_REDIS_URL, {
    channelPrefix: config.channelPrefix ?? 'leitai',
    log,
  });
  const app = await createHttpApp(config);
  const metrics = createMetrics();
  const io = createSocketServer(app, config, { adapter: redis.adapter() });
  // Per-address limits in Redis: the same counts on every edge (address-limits.ts).
  const limiter = new AddressLimiter({ redis: redis.client(), prefix: config.channelPrefix ?? 'leitai' });
  const trusted = trustedProxies(process.env.LEITAI_TRUSTED_PROXIES);
  let lastRttMs = 0;
  // The core answers the edge's report every second; none for CORE_AWAY_MS: /api/ready says 503 (HAProxy).
  let coreAnsweredAt = now();

  const caller = new CoreCaller(io, redis, edgeId);
  let observeRpc: (op: string, seconds: number) => void = () => undefined;
  const call: CoreCaller['call'] = async <R extends RpcRequest>(request: R) => {
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

  // ---- the contest pipeline, decide → append at the core ----
  const mirrors = new AudienceMirrors(io, redis, call);
  // The buzzer's links of the contestant phones held here (edge-links.ts).
  const links = new EdgeLinks(io, call, { edgeId, now });
  attachContestPipeline(io, edgeContestPort(call, mirrors, now, links), {
    now,
    joinGuard: redisJoinGuard(limiter),
    addressOf: (socket) => clientAddress(socket.handshake, trusted),
  });

  // ---- the audience: gate here, decisions at the core, in batches ----
  const audience = attachEdgeAudience(io, redis, call, mirrors, limiter, {
    edgeId,
    now,
    batchMs: config.batchMs ?? 20,
    batchMax: config.batchMax ?? 500,
    rttMs: () => lastRttMs,
  });
  observeRpc = metrics.watchEdge(() => audience.queued());
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
  app.get('/api/health', (): EdgeHealthAnswer => ({
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
    const down = (reason: string) => reply.code(503).send({ ready: false, reason } satisfies EdgeReadyAnswer);
    if (!s.up) return down(`redis is down: ${s.lastError ?? 'reconnecting'}`);
    if (now() - coreAnsweredAt > CORE_AWAY_MS) return down('no core answers');
    return { ready: true, role: 'edge', edgeId } satisfies EdgeReadyAnswer;
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
      audience.close();
      links.close();
      caller.close();
      await new Promise<void>((r) => void io.close(() => r()));
      await app.close().catch(() => undefined);
      metrics.close();
      await redis.close();
    },
  };
}
