import { registerAuthoringRoutes } from './http/authoring-routes.ts';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import helmet from '@fastify/helmet';
import { Server, type ServerOptions } from 'socket.io';
import { MAX_HTTP_BUFFER_SIZE } from '@leitai/shared';
import { systemClock, type Clock } from './clock.ts';
import { ContestService } from './contests/contest-service.ts';
import { AddressLimiter } from './audience/address-limits.ts';
import { registerRoutes } from './http/routes.ts';
import { registerResultsRoutes } from './http/results-routes.ts';
import { registerPublicResultsRoutes } from './http/public-results-routes.ts';
import { isOriginAllowed } from './net/origin-check.ts';
import { attachSocketGateway, type LeitaiServer } from './net/socket-gateway.ts';
import { attachAudience, type AudienceHandle } from './audience/attach-audience.ts';
import { audienceSecret, identitySigner } from './audience/audience-identity.ts';
import { IngestManager, type IngestOptions } from './ingest/ingest-manager.ts';
import { MemorySourceStore, SqliteSourceStore } from './ingest/source-store.ts';
import { registerIngestRoutes } from './ingest/ingest-routes.ts';
import type { AddressLimits } from './audience/address-guard.ts';
import { createMetrics } from './metrics/metrics.ts';
// The cluster side (Redis client, adapter) loads only in the core role: a single process never
// pays its memory (docs/BENCHMARKS.md, B3).
import type { RedisLink } from './cluster/redis-link.ts';
import type { CoreCluster } from './cluster/core-cluster.ts';
import type { Lease } from './cluster/lease.ts';
import type { ReplicationHandle, ReplicationOptions } from './cluster/replication.ts';
import { SqliteEventStore } from './store/sqlite-event-store.ts';
import { MemorySeatRegistry, SqliteSeatRegistry, type SeatRegistry } from './seats/seat-registry.ts';
import type { EventStore } from './store/event-store.ts';
import { MemoryEventStore } from './store/memory-event-store.ts';
import { openCheckedStore, type StartCheck } from './store/store-integrity.ts';
import { MemoryTakerSeats, SqliteTakerSeats, type TakerSeats } from './seats/taker-seats.ts';
import { attachWritten, type WrittenHandle } from './written/attach-written.ts';

/** Where the built client lives (client/dist at the repository root). */
export const DEFAULT_CLIENT_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../client/dist');

export interface LeitaiConfig {
  /** SQLite file of the event store and seats; omitted = in memory (tests). */
  dbFile?: string;
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** Base URL printed in seat links (default: from each request's Host). */
  publicUrl?: string;
  /** Browser origins allowed besides the server's own host. */
  allowedOrigins?: string[];
  clientDist?: string;
  clock?: Clock;
  logger?: boolean;
  /** Where log lines go when `logger` is on (default stdout); tests capture them here. */
  logStream?: { write(line: string): void };
  /** Require `Authorization: Bearer <token>` on GET /metrics (default: env LEITAI_METRICS_TOKEN, else public). */
  metricsToken?: string;
  snapshotEvery?: number;
  /**
   * `single` (default): one process, no Redis. `core`: this process owns the contests and their
   * store and shares Socket.IO rooms with edge processes over Redis (server/src/cluster).
   */
  role?: 'single' | 'core';
  /** Redis URL for the `core` role (default env LEITAI_REDIS_URL, else redis://127.0.0.1:6379). */
  redisUrl?: string;
  /** Prefix of the adapter's Redis channels: processes of one cluster share it (default `leitai`). */
  channelPrefix?: string;
  /** Verify every hash chain at start instead of the tail after the last verified point. */
  verifyFull?: boolean;
  /** Start on a store that is behind its acknowledged mark (a lost -wal), accepting the loss. */
  acceptLoss?: boolean;
  /** Proxies whose X-Forwarded-For names the audience's real addresses (default env LEITAI_TRUSTED_PROXIES). */
  trustedProxies?: string[];
  /** Per-address caps on audience connections and cheers (server/src/audience/address-guard.ts). */
  audienceLimits?: AddressLimits;
  /** Platform danmaku sources (server/src/ingest): rate limits and the bilibili adapter's timing. */
  ingest?: Omit<IngestOptions, 'now'>;
  /**
   * Warm standby (R14): accept a standby on `/replication` with this secret and stream the log to
   * it; acknowledgements wait for it (`sync`, the default) while it keeps up (cluster/replication.ts).
   */
  replication?: Omit<ReplicationOptions, 'log'>;
  /**
   * The primary lease in Redis (`core` role with a standby): taken before listening (refused when
   * another core holds it), renewed, and every append is refused once it may have lapsed (fencing).
   * `held`: a lease the promoted standby already took. `onLost`: the lease went to another core.
   */
  lease?: { held?: Lease; ttlMs?: number; id?: string; onLost?: () => void };
}

export interface LeitaiServerHandle {
  app: FastifyInstance;
  io: LeitaiServer;
  service: ContestService;
  store: EventStore;
  seats: SeatRegistry;
  /** The audience pipeline (danmaku, likes, cheers, play-along): its own streams, beside the contests. */
  audience: AudienceHandle;
  /** Platform danmaku sources: bilibili rooms and signed webhooks, into the audience pipeline. */
  ingest: IngestManager;
  /** The written test: papers on streams of their own, the `/written` namespace, its routes. */
  written: WrittenHandle;
  /** Base URL the server listens on, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** Secret that may create contests over HTTP; kept in the seats table across restarts. */
  adminToken: string;
  /** What the start-up check of the store found (SQLite file only). */
  storeCheck?: StartCheck;
  /** The cluster side (core role only). */
  cluster?: CoreCluster;
  redis?: RedisLink;
  /** The standby's stream (with `replication`). */
  replication?: ReplicationHandle;
  lease?: Lease;
  close(): Promise<void>;
}

/** Build and start a Leitai server: store, contests, HTTP API, static client, Socket.IO. */
export async function startLeitaiServer(config: LeitaiConfig = {}): Promise<LeitaiServerHandle> {
  const clock = config.clock ?? systemClock;
  const startedAt = clock.now();
  let store: EventStore;
  let seats: SeatRegistry;
  let storeCheck: StartCheck | undefined;
  let takerSeats: TakerSeats;
  if (config.dbFile) {
    mkdirSync(dirname(resolve(config.dbFile)), { recursive: true });
    // Refuses (StoreRefusedError) a damaged, edited, read-only or truncated store.
    const opened = openCheckedStore(config.dbFile, {
      ...(config.verifyFull ? { verifyFull: true } : {}),
      ...(config.acceptLoss ? { behindMark: 'accept' as const } : {}),
    });
    store = opened.store;
    storeCheck = opened.check;
    seats = new SqliteSeatRegistry(config.dbFile);
    takerSeats = new SqliteTakerSeats(config.dbFile);
  } else {
    store = new MemoryEventStore();
    seats = new MemorySeatRegistry();
    takerSeats = new MemoryTakerSeats();
  }
  const metrics = createMetrics();
  const service = new ContestService(store, seats, clock, {
    snapshotEvery: config.snapshotEvery ?? 500,
    observeCommand: metrics.observeCommand,
  });
  await service.loadAll();
  const adminToken = (seats.forContest('*').find((s) => s.role === 'admin' && !s.revoked) ?? seats.issue('*', 'admin'))
    .token;

  let redis: RedisLink | undefined;
  if (config.role === 'core') {
    const { connectRedisLink, DEFAULT_REDIS_URL } = await import('./cluster/redis-link.ts');
    redis = await connectRedisLink(config.redisUrl ?? process.env.LEITAI_REDIS_URL ?? DEFAULT_REDIS_URL, {
      channelPrefix: config.channelPrefix ?? 'leitai',
    });
  }
  let lease: Lease | undefined;
  if (config.lease) {
    if (!redis) throw new Error('the primary lease needs Redis (--role core)');
    const { Lease: LeaseClass } = await import('./cluster/lease.ts');
    const { hostname } = await import('node:os');
    lease =
      config.lease.held ??
      new LeaseClass(redis.client(), {
        prefix: config.channelPrefix ?? 'leitai',
        id: config.lease.id ?? `${hostname()}-${process.pid}`,
        ...(config.lease.ttlMs ? { ttlMs: config.lease.ttlMs } : {}),
      });
    // Throws LeaseHeldError when another core holds it: this process must not write.
    if (!config.lease.held) await lease.acquire();
    const held = lease;
    if (store instanceof SqliteEventStore) store.setWriteGate(() => held.fence());
    if (config.lease.onLost) held.onLost = config.lease.onLost;
    held.start();
  }
  let replicationHandle: ReplicationHandle | undefined;
  const app = await createHttpApp(config);
  registerRoutes(app, {
    service,
    adminToken,
    now: () => clock.now(),
    startedAt,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    readyWarning: () => replicationHandle?.status().warning,
  });
  registerResultsRoutes(app, { service, adminToken, now: () => clock.now() });
  registerPublicResultsRoutes(app, { service, now: () => clock.now() });
  registerAuthoringRoutes(app, { service, adminToken, ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}) });

  await serveClient(app, config);
  const io = createSocketServer(app, config, redis ? { adapter: redis.adapter() } : {});
  const commands = attachSocketGateway(io, service, { now: () => clock.now() });
  const audience = attachAudience(io, service, {
    now: () => clock.now(),
    // Phones keep their identity across a restart (audience-identity.ts: a key file beside the database).
    identity: identitySigner(audienceSecret(config.dbFile)),
    ...(config.trustedProxies ? { trustedProxies: config.trustedProxies } : {}),
    ...(config.audienceLimits ? { addressLimits: config.audienceLimits } : {}),
    // A core counts per-address limits in Redis with its edges (address-limits.ts): same caps everywhere.
    ...(redis
      ? {
          limiter: new AddressLimiter({
            ...config.audienceLimits,
            redis: redis.client(),
            prefix: config.channelPrefix ?? 'leitai',
          }),
        }
      : {}),
  });
  const ingest = new IngestManager(
    audience.sink,
    config.dbFile ? new SqliteSourceStore(config.dbFile) : new MemorySourceStore(),
    { now: () => clock.now(), ...config.ingest },
  );
  registerIngestRoutes(app, { service, adminToken, manager: ingest, now: () => clock.now() });
  const written = await attachWritten(io, app, service, takerSeats, {
    now: () => clock.now(),
    adminToken,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
  });
  const metricsToken = config.metricsToken ?? process.env.LEITAI_METRICS_TOKEN;
  metrics.attach({ app, io, service, ...(metricsToken ? { token: metricsToken } : {}) });
  let cluster: CoreCluster | undefined;
  if (redis) {
    const { attachCoreCluster } = await import('./cluster/core-cluster.ts');
    cluster = attachCoreCluster(io, service, audience, redis, () => clock.now(), written, commands);
    const c = cluster;
    app.get('/api/cluster', () => c.status());
    metrics.watchRedis(redis);
  }

  if (config.replication) {
    if (!(store instanceof SqliteEventStore)) throw new Error('a standby needs a store file (--data)');
    const { attachReplication } = await import('./cluster/replication.ts');
    replicationHandle = attachReplication(io, store, config.replication);
    const r = replicationHandle;
    app.get('/api/replication', () => r.status());
  }

  const { port, url } = await listen(app, config);

  let closed = false;
  return {
    app,
    io,
    service,
    store,
    seats,
    audience,
    ingest,
    written,
    url,
    port,
    adminToken,
    ...(storeCheck ? { storeCheck } : {}),
    ...(cluster ? { cluster } : {}),
    ...(redis ? { redis } : {}),
    ...(replicationHandle ? { replication: replicationHandle } : {}),
    ...(lease ? { lease } : {}),
    async close() {
      if (closed) return;
      closed = true;
      cluster?.close();
      replicationHandle?.close();
      await service.stop();
      await written.stop();
      await ingest.close();
      await audience.stop();
      await new Promise<void>((r) => {
        void io.close(() => r());
      });
      await app.close().catch(() => undefined);
      await store.close();
      seats.close();
      takerSeats.close();
      metrics.close();
      await lease?.release();
      await redis?.close();
    },
  };
}

/** Fastify with the security headers every Leitai process sends (single, core and edge). */
export async function createHttpApp(config: LeitaiConfig): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logger
      ? {
          level: 'info',
          redact: ['req.headers.authorization'],
          // Log paths without their query string: a secret pasted into one never reaches a log line.
          serializers: {
            req: (req: { method: string; url: string; ip: string }) => ({
              method: req.method,
              url: req.url.split('?')[0] ?? '',
              remoteAddress: req.ip,
            }),
          },
          ...(config.logStream ? { stream: config.logStream } : {}),
        }
      : false,
    bodyLimit: 256 * 1024,
    // Errors the router raises before any route (a bad URL, a path parameter over 100 characters)
    // get the same typed body as every other error.
    frameworkErrors: (error, _req, reply) => {
      const status = error.statusCode ?? 400;
      void (reply as unknown as FastifyReply).code(status).send({
        error: { code: status === 414 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message: error.message.slice(0, 200) },
      });
    },
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        mediaSrc: ["'self'", 'data:', 'blob:'],
        upgradeInsecureRequests: null,
      },
    },
    // The overlay page is embedded by OBS's browser source; the rest are top-level pages.
    frameguard: false,
    hsts: false,
    crossOriginEmbedderPolicy: false,
  });
  return app;
}

/** The built client, or a plain hint when it is not built. */
export async function serveClient(app: FastifyInstance, config: LeitaiConfig): Promise<void> {
  const dist = config.clientDist ?? process.env.LEITAI_CLIENT_DIST ?? DEFAULT_CLIENT_DIST;
  if (existsSync(dist)) {
    await app.register(fastifyStatic, { root: dist, index: ['index.html'], maxAge: 0 });
  } else {
    app.get('/', async (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send('Leitai: the client is not built. Run `npm run build`.'),
    );
  }
}

/** Socket.IO on the app's HTTP server, with the limits and the Origin check of every Leitai process. */
export function createSocketServer(
  app: FastifyInstance,
  config: LeitaiConfig,
  extra: Partial<ServerOptions> = {},
): LeitaiServer {
  const extraOrigins = config.allowedOrigins ?? [];
  return new Server(app.server, {
    maxHttpBufferSize: MAX_HTTP_BUFFER_SIZE,
    perMessageDeflate: false,
    httpCompression: false,
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    allowRequest: (req, callback) => {
      const ok = isOriginAllowed(req, extraOrigins);
      callback(ok ? null : 'origin not allowed', ok);
    },
    ...extra,
  });
}

/** Listen where the config says (loopback and a free port by default); the port and a URL to reach it. */
export async function listen(
  app: FastifyInstance,
  config: Pick<LeitaiConfig, 'host' | 'port'>,
): Promise<{ port: number; url: string }> {
  await app.listen({ host: config.host ?? '127.0.0.1', port: config.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (config.port ?? 0);
  const host = config.host && config.host !== '0.0.0.0' && config.host !== '::' ? config.host : '127.0.0.1';
  return { port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
}
