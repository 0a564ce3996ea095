import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { PROTOCOL_VERSION, domainError, type DomainError, type ErrorCode } from '@leitai/shared';
import type { ContestService } from '../contests/contest-service.ts';
import { contestStream } from '../contests/contest-runtime.ts';
import type { Seat } from '../seats/seat-registry.ts';
import { FailureLimiter } from '../net/rate-limit.ts';
import { bearer, hostOrAdmin } from './host-or-admin.ts';
import { SqliteEventStore } from '../store/sqlite-event-store.ts';
import { exportLogInWorker, verifyInWorker } from '../store/read-worker.ts';
import { logLineOf } from '../store/log-file.ts';
import type { EventStore } from '../store/event-store.ts';
import type {
  ContestCreatedAnswer,
  ContestListAnswer,
  HealthAnswer,
  ReadyAnswer,
  HttpErrorAnswer,
  JoinAnswer,
  SeatCard,
  SeatsAnswer,
  VerifyAnswer,
} from './http-answers.ts';

/** The store's file when reads can go to the read worker (a SQLite file, not `:memory:`). */
function workerFile(store: EventStore): string | undefined {
  return store instanceof SqliteEventStore && store.file !== ':memory:' ? store.file : undefined;
}

/** QR codes as SVG; the library is loaded on the first request (memory at start, B3). */
async function qrSvg(text: string, options: { type: 'svg'; margin: number; errorCorrectionLevel: 'M' }) {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(text, options);
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  INVALID_CONTEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
};

/** Send a typed error body `{ error: { code, message, details? } }` with the matching status. */
export function sendError(reply: FastifyReply, error: DomainError): FastifyReply {
  return reply.code(STATUS[error.code] ?? 500).send({ error } satisfies HttpErrorAnswer);
}

const PAGE: Record<Seat['role'], string> = {
  host: 'host.html',
  judge: 'judge.html',
  contestant: 'play.html',
  stage: 'stage.html',
  overlay: 'overlay.html',
  admin: 'host.html',
};

/** A seat link: the secret rides in the URL fragment, which browsers never send to a server or log. */
export const seatUrl = (base: string, seat: Seat): string => `${base}/${PAGE[seat.role]}#token=${seat.token}`;
export const liveUrl = (base: string, joinCode: string): string => `${base}/live.html?code=${joinCode}`;

const ContestIdParams = Type.Object({ contestId: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' }) });
const JoinParams = Type.Object({ code: Type.String({ minLength: 4, maxLength: 16, pattern: '^[A-Za-z0-9]+$' }) });

export interface RouteOptions {
  service: ContestService;
  adminToken: string;
  /** Base URL for links; default: derived from the request's Host. */
  publicUrl?: string;
  now: () => number;
  startedAt: number;
  /** Something the operator should know while still serving (a standby away: cluster/replication.ts). */
  readyWarning?: () => string | undefined;
}

/** The HTTP API: health, contests, seats with QR codes, join-code lookup, log export and verification. */
export function registerRoutes(app: FastifyInstance, opts: RouteOptions): void {
  const { service } = opts;
  const joinFailures = new FailureLimiter(10, 60_000, 60_000);
  const base = (req: FastifyRequest) => opts.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;

  /** The host of `contestId` (or the admin) may read its seats and its log. */
  const authorise = hostOrAdmin(service.seats, opts.adminToken);

  // Framework errors (schema validation, malformed JSON, body too large, unknown route) in the typed
  // shape `{ error: { code, message } }` too, with their 4xx status; anything unexpected is a bare 500.
  app.setErrorHandler((err: { statusCode?: number; validation?: unknown; message?: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    const code: ErrorCode =
      status === 500
        ? 'INTERNAL'
        : ((Object.entries(STATUS).find(([, s]) => s === status)?.[0] as ErrorCode | undefined) ?? 'BAD_REQUEST');
    const message = status === 500 ? 'internal error' : String(err.message ?? 'bad request').slice(0, 300);
    return reply.code(status).send({ error: domainError(code === 'INVALID_CONTEST' ? 'BAD_REQUEST' : code, message) });
  });
  app.setNotFoundHandler((_req, reply) => sendError(reply, domainError('NOT_FOUND', 'no such route or file')));

  app.get('/api/health', (): HealthAnswer => ({
    ok: true,
    protocolVersion: PROTOCOL_VERSION,
    contests: service.list().length,
    uptimeMs: opts.now() - opts.startedAt,
  }));

  // Readiness: contests are loaded before the server listens; ready while the store answers a trivial
  // read and its writes succeed (after a failed commit a probe write, at most once a second, tells
  // when there is room again). 503 with the reason otherwise (a load balancer takes the process out).
  app.get('/api/ready', (_req, reply) => {
    let reason: string | null = null;
    try {
      service.store.streamVersion('contest-');
      const health = service.store.writeHealth(true);
      if (!health.writable) reason = `event store cannot write: ${health.reason ?? 'unknown error'}`;
    } catch (err) {
      reason = `event store does not answer: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (reason) return reply.code(503).send({ ready: false, reason } satisfies ReadyAnswer);
    const warning = opts.readyWarning?.();
    return { ready: true, contests: service.list().length, ...(warning ? { warning } : {}) } satisfies ReadyAnswer;
  });

  app.get('/api/contests', (): ContestListAnswer => ({
    contests: service.list().map((s) => ({
      contestId: s.contestId,
      title: s.definition.title,
      createdAt: s.createdAt,
      version: s.version,
    })),
  }));

  app.post('/api/contests', { bodyLimit: 4 * 1024 * 1024 }, async (req, reply) => {
    if (bearer(req) !== opts.adminToken) {
      return sendError(reply, domainError('UNAUTHENTICATED', 'creating a contest needs the admin token'));
    }
    const created = await service.create(req.body);
    if (!created.ok) return sendError(reply, created.error);
    const b = base(req);
    const { contestId, joinCode, seats } = created.contest;
    return reply.code(201).send({
      contestId,
      joinCode,
      live: liveUrl(b, joinCode),
      seats: seats.map((s) => ({
        role: s.role,
        ...(s.subjectId ? { subjectId: s.subjectId } : {}),
        url: seatUrl(b, s),
      })),
    } satisfies ContestCreatedAnswer);
  });

  app.get('/api/contests/:contestId/seats', { schema: { params: ContestIdParams } }, async (req, reply) => {
    const { contestId } = req.params as { contestId: string };
    const state = service.get(contestId)?.state;
    if (!state) return sendError(reply, domainError('NOT_FOUND', `no contest '${contestId}'`));
    const denied = authorise(req, contestId);
    if (denied) return sendError(reply, denied);
    const b = base(req);
    const names = new Map<string, string>([
      ...state.definition.judges.map((j) => [j.id, j.name] as const),
      ...state.definition.contestants.map((c) => [c.id, c.name] as const),
    ]);
    // What a printed seat card shows under the name: a contestant's seat and unit, a judge's title.
    const details = new Map<string, { seat?: number; organisation?: string; title?: string }>([
      ...state.definition.judges.map((j) => [j.id, j.title !== undefined ? { title: j.title } : {}] as const),
      ...state.definition.contestants.map(
        (c) => [c.id, { organisation: c.organisation, ...(c.seat !== undefined ? { seat: c.seat } : {}) }] as const,
      ),
    ]);
    const seats = await Promise.all(
      service.seats
        .forContest(contestId)
        .filter((s) => !s.revoked)
        .map(async (s): Promise<SeatCard> => {
          const url = seatUrl(b, s);
          return {
            role: s.role,
            ...(s.subjectId ? { subjectId: s.subjectId } : {}),
            name: (s.subjectId && names.get(s.subjectId)) || s.role,
            ...(s.subjectId ? details.get(s.subjectId) : {}),
            url,
            qrSvg: await qrSvg(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
          };
        }),
    );
    const live = liveUrl(b, state.joinCode);
    seats.push({
      role: 'live',
      name: 'live',
      url: live,
      qrSvg: await qrSvg(live, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
    });
    return { contestId, title: state.definition.title, joinCode: state.joinCode, seats } satisfies SeatsAnswer;
  });

  app.get('/api/join/:code', { schema: { params: JoinParams } }, async (req, reply) => {
    const { code } = req.params as { code: string };
    if (joinFailures.locked(req.ip, opts.now())) {
      return sendError(reply, domainError('RATE_LIMITED', 'too many wrong join codes; try again in a minute'));
    }
    const contestId = service.contestIdForJoinCode(code);
    const state = contestId ? service.get(contestId)?.state : undefined;
    if (!state) {
      joinFailures.fail(req.ip, opts.now());
      return sendError(reply, domainError('NOT_FOUND', 'unknown join code'));
    }
    return { contestId: state.contestId, title: state.definition.title } satisfies JoinAnswer;
  });

  app.get('/api/contests/:contestId/log', { schema: { params: ContestIdParams } }, async (req, reply) => {
    const { contestId } = req.params as { contestId: string };
    if (!service.get(contestId)?.state) return sendError(reply, domainError('NOT_FOUND', `no contest '${contestId}'`));
    const denied = authorise(req, contestId);
    if (denied) return sendError(reply, denied);
    // A long log is read in the worker thread: the event loop keeps serving buzzes meanwhile.
    // It reads what is committed, which includes every acknowledged command.
    const file = workerFile(service.store);
    const body = file
      ? await exportLogInWorker(file, contestStream(contestId))
      : service.store.readStream(contestStream(contestId)).map(logLineOf).join('');
    return reply
      .type('application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="leitai-${contestId}-log.ndjson"`)
      .send(body);
  });

  app.get('/api/contests/:contestId/verify', { schema: { params: ContestIdParams } }, async (req, reply) => {
    const { contestId } = req.params as { contestId: string };
    if (!service.get(contestId)?.state) return sendError(reply, domainError('NOT_FOUND', `no contest '${contestId}'`));
    const denied = authorise(req, contestId);
    if (denied) return sendError(reply, denied);
    const file = workerFile(service.store);
    const report: VerifyAnswer = file
      ? await verifyInWorker(file, contestStream(contestId))
      : service.store.verify(contestStream(contestId));
    return report;
  });
}
