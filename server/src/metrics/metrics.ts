/**
 * Prometheus metrics of one server process, on a registry of its own (never prom-client's
 * global default), so several servers in one test process do not clash.
 *
 * Exposed at `GET /metrics` (text format 0.0.4). The page carries no secret — counts, latencies
 * and process figures only — so it is public by default, like `/api/health`; set `token`
 * (LeitaiConfig.metricsToken or LEITAI_METRICS_TOKEN) to require `Authorization: Bearer <token>`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ContestService } from '../contests/contest-service.ts';
import { viewRoom } from '../net/rooms.ts';

/** The names this module registers (documented in docs/guide-operations.md). */
export const METRIC_NAMES = {
  sockets: 'leitai_sockets_connected',
  commandSeconds: 'leitai_command_duration_seconds',
  commandsInFlight: 'leitai_commands_in_flight',
  eventsBroadcast: 'leitai_events_broadcast_total',
  framesEmitted: 'leitai_frames_emitted_total',
  deliveries: 'leitai_socket_deliveries_total',
  httpRequests: 'leitai_http_requests_total',
  httpSeconds: 'leitai_http_request_duration_seconds',
  contests: 'leitai_contests_loaded',
  storePending: 'leitai_store_pending_appends',
  storeCommits: 'leitai_store_commits_total',
  storeAppends: 'leitai_store_appends_total',
  redisUp: 'leitai_redis_up',
  redisOutages: 'leitai_redis_outages_total',
  forwardQueue: 'leitai_edge_forward_queue',
  rpcSeconds: 'leitai_cluster_rpc_duration_seconds',
} as const;

/** What a store may expose for metrics (SqliteEventStore does; the memory store does not). */
interface StoreFigures {
  pendingAppends?: number;
  stats?: () => { commits: number; appends: number };
}

/** Called when a command starts; the returned function when its acknowledgement is known. */
export type CommandObserver = (commandType: string) => (ok: boolean) => void;

/** The parts of a server the metrics read from (structural, so tests can pass fakes). */
export interface MetricsTargets {
  app: FastifyInstance;
  /** A Socket.IO server: its default namespace's sockets carry `data.role` and `data.contestId`. */
  io: {
    of(nsp: '/'): {
      sockets: Map<string, { data: { role?: string; contestId?: string } }>;
      adapter: { rooms: Map<string, Set<string>> };
    };
  };
  /** The contests of this process (absent on an edge, which holds none). */
  service?: ContestService;
  /** Require `Authorization: Bearer <token>` on /metrics when set. */
  token?: string;
}

export interface LeitaiMetrics {
  readonly registry: Registry;
  /** Pass as RuntimeOptions.observeCommand: decide → ack latency and in-flight count. */
  readonly observeCommand: CommandObserver;
  /** Count HTTP requests, watch sockets and broadcasts, and serve GET /metrics. Call before listen. */
  attach(targets: MetricsTargets): void;
  /** Cluster roles: Redis link up (1/0) and outages. */
  watchRedis(link: { status(): { up: boolean; outages: number } }): void;
  /** Edge: messages waiting to be forwarded to the core, and the time of each call to it. */
  watchEdge(queued: () => number): (op: string, seconds: number) => void;
  /** Stop the event-loop monitor (the server closes). */
  close(): void;
}

const ROLES = ['host', 'judge', 'contestant', 'stage', 'overlay', 'audience'] as const;
/** Roles whose room is one per contest (judges and contestants have one per subject). */
const SHARED_ROOM_ROLES = ['host', 'stage', 'overlay', 'audience'] as const;

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function createMetrics(): LeitaiMetrics {
  const registry = new Registry();
  // Process figures and event-loop delay (nodejs_eventloop_lag_*; p50/p90/p99 from monitorEventLoopDelay).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  const commandSeconds = new Histogram({
    name: METRIC_NAMES.commandSeconds,
    help: 'Command latency from decide to acknowledgement (durable), by command type and outcome',
    labelNames: ['type', 'result'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: METRIC_NAMES.commandsInFlight,
    help: 'Commands decided but not yet acknowledged (waiting for the group commit)',
    registers: [registry],
  });
  const eventsBroadcast = new Counter({
    name: METRIC_NAMES.eventsBroadcast,
    help: 'Durable contest events broadcast to screens',
    registers: [registry],
  });
  const framesEmitted = new Counter({
    name: METRIC_NAMES.framesEmitted,
    help: 'contest:events frames emitted to rooms with at least one socket (one per role or subject room per batch)',
    registers: [registry],
  });
  const deliveries = new Counter({
    name: METRIC_NAMES.deliveries,
    help: 'contest:events frames delivered to sockets (frames × sockets in the room)',
    registers: [registry],
  });
  const httpRequests = new Counter({
    name: METRIC_NAMES.httpRequests,
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpSeconds = new Histogram({
    name: METRIC_NAMES.httpSeconds,
    help: 'HTTP response time by route',
    labelNames: ['route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });

  const observeCommand: CommandObserver = (type) => {
    const started = process.hrtime.bigint();
    inFlight.inc();
    return (ok) => {
      inFlight.dec();
      commandSeconds.observe({ type, result: ok ? 'ok' : 'error' }, Number(process.hrtime.bigint() - started) / 1e9);
    };
  };

  return {
    registry,
    observeCommand,
    attach({ app, io, service, token }) {
      const nsp = io.of('/');
      new Gauge({
        name: METRIC_NAMES.sockets,
        help: 'Connected Socket.IO sockets by role',
        labelNames: ['role'] as const,
        registers: [registry],
        collect() {
          const counts = new Map<string, number>(ROLES.map((r) => [r, 0]));
          for (const s of nsp.sockets.values()) {
            const role = s.data.role ?? 'unknown';
            counts.set(role, (counts.get(role) ?? 0) + 1);
          }
          for (const [role, n] of counts) this.set({ role }, n);
        },
      });
      if (service) attachContestFigures(service, nsp);
      app.addHook('onResponse', (req, reply, done) => {
        const route = req.routeOptions.url ?? 'unmatched';
        httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
        httpSeconds.observe({ route }, reply.elapsedTime / 1000);
        done();
      });

      app.get('/metrics', async (req, reply) => {
        if (token) {
          const h = req.headers.authorization;
          const given = h?.startsWith('Bearer ') ? h.slice(7).trim() : '';
          if (!sameSecret(given, token)) {
            return reply
              .code(401)
              .send({ error: { code: 'UNAUTHENTICATED', message: 'Authorization: Bearer <metrics token> required' } });
          }
        }
        const body = await registry.metrics();
        return reply.type(registry.contentType).send(body);
      });
    },
    watchRedis(link) {
      new Gauge({
        name: METRIC_NAMES.redisUp,
        help: 'Whether this process is connected to Redis (1) or not (0)',
        registers: [registry],
        collect() {
          this.set(link.status().up ? 1 : 0);
        },
      });
      new Counter({
        name: METRIC_NAMES.redisOutages,
        help: 'Redis outages seen since start',
        registers: [registry],
        collect() {
          this.reset();
          this.inc(link.status().outages);
        },
      });
    },
    watchEdge(queued) {
      new Gauge({
        name: METRIC_NAMES.forwardQueue,
        help: 'Audience messages waiting on this edge to be forwarded to the core',
        registers: [registry],
        collect() {
          this.set(queued());
        },
      });
      const rpc = new Histogram({
        name: METRIC_NAMES.rpcSeconds,
        help: 'Calls from this edge to the core over Redis, by operation',
        labelNames: ['op'] as const,
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5],
        registers: [registry],
      });
      return (op, seconds) => rpc.observe({ op }, seconds);
    },
    close() {
      registry.clear();
    },
  };

  function attachContestFigures(service: ContestService, nsp: { adapter: { rooms: Map<string, Set<string>> } }): void {
    new Gauge({
      name: METRIC_NAMES.contests,
      help: 'Contests loaded in this process',
      registers: [registry],
      collect() {
        this.set(service.list().length);
      },
    });

    const store = service.store as unknown as StoreFigures;
    if (typeof store.pendingAppends === 'number') {
      new Gauge({
        name: METRIC_NAMES.storePending,
        help: 'Appends queued for or inside a group commit',
        registers: [registry],
        collect() {
          this.set(store.pendingAppends ?? 0);
        },
      });
    }
    if (typeof store.stats === 'function') {
      const figures = () => store.stats?.() ?? { commits: 0, appends: 0 };
      new Counter({
        name: METRIC_NAMES.storeCommits,
        help: 'Group commits (transactions, one fsync each) of the event store',
        registers: [registry],
        collect() {
          this.reset();
          this.inc(figures().commits);
        },
      });
      new Counter({
        name: METRIC_NAMES.storeAppends,
        help: 'Appends committed by the event store (commits × appends per commit)',
        registers: [registry],
        collect() {
          this.reset();
          this.inc(figures().appends);
        },
      });
    }

    service.onEvents((contestId, events, state) => {
      eventsBroadcast.inc(events.length);
      // The gateway emits once per role room and per judge/contestant subject room of the contest;
      // count those with sockets in them.
      const rooms = [
        ...SHARED_ROOM_ROLES.map((role) => viewRoom(contestId, role)),
        ...state.definition.judges.map((j) => viewRoom(contestId, 'judge', j.id)),
        ...state.definition.contestants.map((c) => viewRoom(contestId, 'contestant', c.id)),
      ];
      let frames = 0;
      let sockets = 0;
      for (const name of rooms) {
        const size = nsp.adapter.rooms.get(name)?.size ?? 0;
        if (size === 0) continue;
        frames += 1;
        sockets += size;
      }
      framesEmitted.inc(frames);
      deliveries.inc(sockets);
    });
  }
}
