import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import helmet from '@fastify/helmet';
import { Server } from 'socket.io';
import { MAX_HTTP_BUFFER_SIZE } from '@leitai/shared';
import { systemClock, type Clock } from './clock.ts';
import { ContestService } from './contests/contest-service.ts';
import { registerRoutes } from './http/routes.ts';
import { registerResultsRoutes } from './http/results-routes.ts';
import { isOriginAllowed } from './net/origin-check.ts';
import { attachSocketGateway, type LeitaiServer } from './net/socket-gateway.ts';
import { attachAudience, type AudienceHandle } from './audience/attach-audience.ts';
import { createMetrics } from './metrics/metrics.ts';
import { MemorySeatRegistry, SqliteSeatRegistry, type SeatRegistry } from './seats/seat-registry.ts';
import type { EventStore } from './store/event-store.ts';
import { MemoryEventStore } from './store/memory-event-store.ts';
import { SqliteEventStore } from './store/sqlite-event-store.ts';

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
}

export interface LeitaiServerHandle {
  app: FastifyInstance;
  io: LeitaiServer;
  service: ContestService;
  store: EventStore;
  seats: SeatRegistry;
  /** The audience pipeline (danmaku, likes, cheers, play-along): its own streams, beside the contests. */
  audience: AudienceHandle;
  /** Base URL the server listens on, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** Secret that may create contests over HTTP; kept in the seats table across restarts. */
  adminToken: string;
  close(): Promise<void>;
}

/** Build and start a Leitai server: store, contests, HTTP API, static client, Socket.IO. */
export async function startLeitaiServer(config: LeitaiConfig = {}): Promise<LeitaiServerHandle> {
  const clock = config.clock ?? systemClock;
  const startedAt = clock.now();
  let store: EventStore;
  let seats: SeatRegistry;
  if (config.dbFile) {
    mkdirSync(dirname(resolve(config.dbFile)), { recursive: true });
    store = new SqliteEventStore(config.dbFile);
    seats = new SqliteSeatRegistry(config.dbFile);
  } else {
    store = new MemoryEventStore();
    seats = new MemorySeatRegistry();
  }
  const metrics = createMetrics();
  const service = new ContestService(store, seats, clock, {
    snapshotEvery: config.snapshotEvery ?? 500,
    observeCommand: metrics.observeCommand,
  });
  await service.loadAll();
  const adminToken = (seats.forContest('*').find((s) => s.role === 'admin' && !s.revoked) ?? seats.issue('*', 'admin'))
    .token;

  const app = Fastify({
    logger: config.logger
      ? {
          level: 'info',
          redact: ['req.headers.authorization'],
          // Log paths without their query string: a secret pasted into one never reaches a log line.
          serializers: {
            req: (req: { method?: string; url?: string; ip?: string }) => ({
              method: req.method,
              url: req.url?.split('?')[0],
              remoteAddress: req.ip,
            }),
          },
          ...(config.logStream ? { stream: config.logStream } : {}),
        }
      : false,
    bodyLimit: 256 * 1024,
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
  registerRoutes(app, {
    service,
    adminToken,
    now: () => clock.now(),
    startedAt,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
  });
  registerResultsRoutes(app, { service, adminToken, now: () => clock.now() });

  const dist = config.clientDist ?? process.env.LEITAI_CLIENT_DIST ?? DEFAULT_CLIENT_DIST;
  if (existsSync(dist)) {
    await app.register(fastifyStatic, { root: dist, index: ['index.html'], maxAge: 0 });
  } else {
    app.get('/', async (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send('Leitai: the client is not built. Run `npm run build`.'),
    );
  }

  const extraOrigins = config.allowedOrigins ?? [];
  const io: LeitaiServer = new Server(app.server, {
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
  });
  attachSocketGateway(io, service, { now: () => clock.now() });
  const audience = attachAudience(io, service, { now: () => clock.now() });
  const metricsToken = config.metricsToken ?? process.env.LEITAI_METRICS_TOKEN;
  metrics.attach({ app, io, service, ...(metricsToken ? { token: metricsToken } : {}) });

  await app.listen({ host: config.host ?? '127.0.0.1', port: config.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (config.port ?? 0);
  const host = config.host && config.host !== '0.0.0.0' && config.host !== '::' ? config.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closed = false;
  return {
    app,
    io,
    service,
    store,
    seats,
    audience,
    url,
    port,
    adminToken,
    async close() {
      if (closed) return;
      closed = true;
      await service.stop();
      await audience.stop();
      await new Promise<void>((r) => {
        void io.close(() => r());
      });
      await app.close().catch(() => undefined);
      await store.close();
      seats.close();
      metrics.close();
    },
  };
}
