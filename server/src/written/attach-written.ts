/**
 * The written test's network side: the `/written` Socket.IO namespace for takers (handshake by
 * taker seat token; open, save, focus loss, submit, each acknowledged only once durable), the
 * throttled proctor summary to the host room, and the HTTP routes (open registration, the
 * roster's personal links with QR codes, the proctor's taker list, results and exports).
 * Protocol: docs/protocol-written.md.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { toString as qrSvg } from 'qrcode';
import {
  OPEN_TAKER_ID,
  PaperCommandIdSchema,
  PaperOpenSchema,
  PaperSaveSchema,
  TakerCodeSchema,
  TakerRegisterSchema,
  formatTakerCode,
  normalizeTakerCode,
  WRITTEN_NAMESPACE,
  domainError,
  stageRoster,
  type Ack,
  type DomainError,
  type TakerPaperView,
} from '@leitai/shared';
import { randomBytes } from 'node:crypto';
import type { ContestService } from '../contests/contest-service.ts';
import { sendError } from '../http/routes.ts';
import { FailureLimiter } from '../net/rate-limit.ts';
import type { LeitaiServer } from '../net/socket-gateway.ts';
import { viewRoom } from '../net/rooms.ts';
import type { TakerSeats } from '../seats/taker-seats.ts';
import { compileValidator } from '../validation.ts';
import { WrittenExportQuery, writtenCsv, writtenXlsx, type WrittenExportLang } from './written-export.ts';
import { WrittenService } from './written-service.ts';
import type {
  TakerSeatAnswer,
  WrittenLinksAnswer,
  WrittenResultsAnswer,
  WrittenTakerLink,
  WrittenTakersAnswer,
} from './written-answers.ts';
import {
  AckTimes,
  clockPing,
  serveTakers,
  takerRoom,
  type TakerCtx,
  type TakerNamespace,
  type TakerSeat,
  type WrittenEventName,
} from './taker-socket.ts';
import { hostOrAdmin } from '../http/host-or-admin.ts';

export { takerRoom, type TakerCtx, type WrittenEventName } from './taker-socket.ts';

/** The field of an edge's answer that carries the taker's new view (taken out by the edge). */
export const EDGE_VIEW = 'edgeView';

/** The proctor's summary goes to the host at most this often. */
const PROCTOR_MS = 1000;

export interface WrittenOptions {
  now: () => number;
  adminToken: string;
  publicUrl?: string;
}

export interface WrittenHandle {
  service: WrittenService;
  /** The taker seat of a link's token, if it names a written test here (the edges' handshake). */
  authTaker(token: string): TakerCtx | null;
  /**
   * Handle one taker message as the `/written` namespace does, for a socket held elsewhere (an
   * edge): validated, decided, acknowledged once durable. The caller's socket is in
   * `takerRoom(…)` (joined with its `paper:open`), where the taker's views are sent; the view a
   * save, focus loss or submit made is not broadcast but comes back in the answer as
   * `[EDGE_VIEW]`, which the edge takes out and sends to the taker's sockets it holds.
   */
  call(ctx: TakerCtx, name: WrittenEventName, raw: unknown): Promise<Ack<object>>;
  /** Server-side acknowledgement times of the taker sockets held here, per event (`reset`: a new window). */
  ackTimes(reset?: boolean): ReturnType<AckTimes['snapshot']>;
  stop(): Promise<void>;
}

/** Attach the written test to a server: the taker namespace, the proctor feed and the HTTP routes. */
export async function attachWritten(
  io: LeitaiServer,
  app: FastifyInstance,
  contests: ContestService,
  seats: TakerSeats,
  options: WrittenOptions,
): Promise<WrittenHandle> {
  const { now } = options;
  const service = new WrittenService(contests.store, contests, contests.clock);
  await service.start();
  const nsp = io.of(WRITTEN_NAMESPACE) as unknown as TakerNamespace;
  const ackTimes = new AckTimes();

  const handlers: Record<WrittenEventName, (s: TakerCtx, raw: unknown) => Promise<Ack<object>> | Ack<object>> = {
    'paper:open': handle(PaperOpenSchema, async (taker, payload) => {
      const { contestId, segmentId, takerId, deviceId } = taker;
      const info = service.segment(contestId, segmentId);
      if (!info) return { ok: false, error: domainError('NOT_FOUND', 'no such written test') };
      // Before the test opens the page shows the waiting view; the paper opens when it opens.
      if (info.run.status === 'open') {
        const before = service.paper(contestId, segmentId, takerId)?.device;
        const ack = await service.execute(contestId, segmentId, takerId, {
          type: 'OpenPaper',
          data: {
            device: deviceId,
            seed: WrittenService.newSeed(),
            ...(payload.name ? { name: payload.name } : {}),
            ...(payload.unit ? { unit: payload.unit } : {}),
          },
        });
        if (!ack.ok) return ack;
        if (before !== undefined && before !== deviceId) {
          // The other device learns it lost the paper, then leaves the room.
          for (const other of await nsp.in(takerRoom(contestId, segmentId, takerId)).fetchSockets()) {
            if (other.data.deviceId !== deviceId) {
              other.emit('paper:notice', { kind: 'taken-over' });
              other.leave(takerRoom(contestId, segmentId, takerId));
            }
          }
        }
      }
      const paper = service.takerView(contestId, segmentId, takerId);
      return paper ? { ok: true, paper } : { ok: false, error: domainError('NOT_FOUND', 'no such written test') };
    }),
    'paper:save': handle(PaperSaveSchema, (socket, p) =>
      paperCommand(socket, { type: 'SaveAnswer', data: { questionId: p.questionId, choice: p.choice } }, p.commandId),
    ),
    'paper:focus': handle(PaperCommandIdSchema, (socket, p) =>
      paperCommand(socket, { type: 'ReportFocusLoss', data: {} }, p.commandId),
    ),
    'paper:submit': handle(PaperCommandIdSchema, (socket, p) =>
      paperCommand(socket, { type: 'SubmitPaper', data: {} }, p.commandId),
    ),
    'clock:ping': (_s, raw) => clockPing(raw, now),
  };

  function paperCommand(
    taker: TakerCtx,
    command: Parameters<WrittenService['execute']>[3],
    commandId: string,
  ): Promise<Ack<{ version: number }>> {
    const { contestId, segmentId, takerId, deviceId } = taker;
    return service.execute(contestId, segmentId, takerId, command, { commandId, device: deviceId });
  }

  const call = async (ctx: TakerCtx, name: WrittenEventName, raw: unknown): Promise<Ack<object>> => {
    const fn = (handlers as Partial<typeof handlers>)[name];
    if (!fn) return { ok: false, error: domainError('UNKNOWN_EVENT', `unknown event '${String(name).slice(0, 64)}'`) };
    try {
      return await fn(ctx, raw);
    } catch {
      return { ok: false, error: domainError('INTERNAL', 'internal error') };
    }
  };
  const authTaker = (token: string): TakerSeat | null => {
    const seat = seats.byToken(token);
    if (!seat || !service.segment(seat.contestId, seat.segmentId)) return null;
    return { contestId: seat.contestId, segmentId: seat.segmentId, takerId: seat.takerId };
  };
  serveTakers(nsp, {
    now,
    seatOf: (token) => {
      const seat = authTaker(token);
      return seat
        ? { ok: true, ...seat }
        : { ok: false, error: domainError('UNAUTHENTICATED', 'this link is not valid') };
    },
    dispatch: call,
    ackTimes,
  });

  // Each durable change reaches that taker's sockets as their whole (small) view; the proctor's
  // summary is marked dirty and goes to the host at most once a second.
  const dirty = new Set<string>();
  const pendingViews = new Map<string, { contestId: string; segmentId: string; takerId: string }>();
  let viewsScheduled = false;
  service.onPaper(({ contestId, segmentId, takerId }) => {
    dirty.add(`${contestId}/${segmentId}`);
    pendingViews.set(takerRoom(contestId, segmentId, takerId), { contestId, segmentId, takerId });
    if (viewsScheduled) return;
    viewsScheduled = true;
    // One view per taker per turn, however many of their commands committed together.
    setImmediate(() => {
      viewsScheduled = false;
      const views = [...pendingViews.entries()];
      pendingViews.clear();
      for (const [room, t] of views) {
        const view = service.takerView(t.contestId, t.segmentId, t.takerId);
        if (view) nsp.to(room).emit('paper:state', view);
      }
    });
  });
  contests.onEvents((contestId, events) => {
    for (const e of events) {
      if (e.type === 'WrittenTestOpened' || e.type === 'WrittenTestClosed')
        dirty.add(`${contestId}/${e.data.segmentId}`);
    }
  });
  const proctor = setInterval(() => {
    for (const key of dirty) {
      const [contestId, segmentId] = key.split('/') as [string, string];
      const summary = service.summary(contestId, segmentId);
      if (summary) io.to(viewRoom(contestId, 'host')).emit('written:proctor', summary);
    }
    dirty.clear();
  }, PROCTOR_MS);
  proctor.unref();
  // A test opening or closing changes every taker's page: tell the ones waiting or writing.
  contests.onEvents((contestId, events) => {
    for (const e of events) {
      if (e.type !== 'WrittenTestOpened' && e.type !== 'WrittenTestClosed' && e.type !== 'WrittenResultsReleased')
        continue;
      const segmentId = e.data.segmentId;
      void nsp.fetchSockets().then((sockets) => {
        for (const s of sockets) {
          if (s.data.contestId !== contestId || s.data.segmentId !== segmentId) continue;
          const view = service.takerView(contestId, segmentId, s.data.takerId);
          if (view) s.emit('paper:state', view);
        }
      });
    }
  });

  registerWrittenRoutes(app, contests, service, seats, options);

  return {
    service,
    authTaker: (token) => {
      const seat = authTaker(token);
      return seat ? { ...seat, deviceId: '' } : null;
    },
    // An edge's call: its time here (decided, durable, answered) is recorded as `rpc:<name>`.
    // The view its command made rides in the answer (`view`), for the edge to send to the taker's
    // sockets there, instead of a broadcast every edge would decode (the command's durable change
    // was queued for the room by onPaper, in this same turn: taken out of the queue here).
    call: async (ctx, name, raw) => {
      const t0 = performance.now();
      const answer = await call(ctx, name, raw);
      const room = takerRoom(ctx.contestId, ctx.segmentId, ctx.takerId);
      let view: TakerPaperView | null = null;
      if (name !== 'paper:open' && answer.ok && pendingViews.delete(room))
        view = service.takerView(ctx.contestId, ctx.segmentId, ctx.takerId);
      ackTimes.record(`rpc:${name}`, performance.now() - t0);
      return view ? { ...answer, [EDGE_VIEW]: view } : answer;
    },
    ackTimes: (reset) => ackTimes.snapshot(reset),
    async stop() {
      clearInterval(proctor);
      service.stop();
      await service.drain();
    },
  };
}

function handle<S extends TSchema>(
  schema: S,
  fn: (taker: TakerCtx, payload: Static<S>) => Promise<Ack<object>> | Ack<object>,
): (taker: TakerCtx, raw: unknown) => Promise<Ack<object>> | Ack<object> {
  const validate = compileValidator(schema);
  return (taker, raw) => {
    const checked = validate(raw);
    return checked.ok ? fn(taker, checked.value) : { ok: false, error: checked.error };
  };
}

const IdPattern = '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$';
const SegmentParams = Type.Object({
  contestId: Type.String({ pattern: IdPattern }),
  segmentId: Type.String({ pattern: IdPattern }),
});
const TakerQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) });

/** The taker page's link for a seat token (the secret rides in the fragment). */
export const takerUrl = (base: string, token: string): string => `${base}/written.html#token=${token}`;

function registerWrittenRoutes(
  app: FastifyInstance,
  contests: ContestService,
  service: WrittenService,
  seats: TakerSeats,
  opts: WrittenOptions,
): void {
  const joinFailures = new FailureLimiter(10, 60_000, 60_000);
  const base = (req: FastifyRequest) => opts.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;
  const authorise = hostOrAdmin(contests.seats, opts.adminToken);
  const guarded = (
    req: FastifyRequest,
  ): { contestId: string; segmentId: string; error?: undefined } | { error: DomainError } => {
    const { contestId, segmentId } = req.params as { contestId: string; segmentId: string };
    // Who asks first: nobody but the host learns whether a contest or segment exists.
    const denied = authorise(req, contestId);
    if (denied) return { error: denied };
    if (!service.segment(contestId, segmentId))
      return { error: domainError('NOT_FOUND', `no written test '${segmentId}' in '${contestId}'`) };
    return { contestId, segmentId };
  };

  // Open registration: the join code, a name and a unit give a taker seat of the open written test.
  app.post('/api/written/register', { schema: { body: TakerRegisterSchema } }, async (req, reply) => {
    const body = req.body as Static<typeof TakerRegisterSchema>;
    if (joinFailures.locked(req.ip, opts.now()))
      return sendError(reply, domainError('RATE_LIMITED', 'too many wrong join codes; try again in a minute'));
    const contestId = contests.contestIdForJoinCode(body.joinCode);
    const state = contestId ? contests.get(contestId)?.state : undefined;
    if (!contestId || !state) {
      joinFailures.fail(req.ip, opts.now());
      return sendError(reply, domainError('NOT_FOUND', 'unknown join code'));
    }
    const open = service
      .segmentsOf(state)
      .map((id) => service.segment(contestId, id))
      .filter(
        (i) =>
          i &&
          i.settings.entry === 'open' &&
          (body.segmentId ? i.segmentId === body.segmentId : i.run.status !== 'closed'),
      );
    const info = open[0];
    if (!info) return sendError(reply, domainError('NOT_FOUND', 'no written test open for registration'));
    if (info.run.status === 'closed')
      return sendError(reply, domainError('INVALID_STATE', 'this written test has closed'));
    const takerId = `t${randomBytes(9).toString('base64url')}`;
    if (!OPEN_TAKER_ID.test(takerId)) return sendError(reply, domainError('INTERNAL', 'taker id'));
    const seat = await seats.issue(contestId, info.segmentId, takerId);
    return {
      contestId,
      segmentId: info.segmentId,
      takerId,
      token: seat.token,
      url: takerUrl(base(req), seat.token),
    } satisfies TakerSeatAnswer;
  });

  // A roster taker's short code, typed on the taker page: the seat's token in exchange. Wrong
  // codes count with wrong join codes against the address (10 a minute, then a minute's lock).
  app.post('/api/written/code', { schema: { body: TakerCodeSchema } }, async (req, reply) => {
    const { code: typed } = req.body as Static<typeof TakerCodeSchema>;
    if (joinFailures.locked(req.ip, opts.now()))
      return sendError(reply, domainError('RATE_LIMITED', 'too many wrong codes; try again in a minute'));
    const code = normalizeTakerCode(typed);
    const seat = code ? seats.byCode(code) : undefined;
    if (!seat || !service.segment(seat.contestId, seat.segmentId)) {
      joinFailures.fail(req.ip, opts.now());
      return sendError(reply, domainError('NOT_FOUND', 'unknown code'));
    }
    return reply.header('cache-control', 'no-store').send({
      contestId: seat.contestId,
      segmentId: seat.segmentId,
      takerId: seat.takerId,
      token: seat.token,
      url: takerUrl(base(req), seat.token),
    } satisfies TakerSeatAnswer);
  });

  // The roster's personal links (issued on first request, the same ever after), with QR codes.
  app.get(
    '/api/contests/:contestId/written/:segmentId/links',
    { schema: { params: SegmentParams } },
    async (req, reply) => {
      const g = guarded(req);
      if (g.error) return sendError(reply, g.error);
      const state = contests.get(g.contestId)?.state;
      const info = service.segment(g.contestId, g.segmentId);
      if (!state || !info) return sendError(reply, domainError('NOT_FOUND', 'no such written test'));
      const names = {
        title: state.definition.title,
        stageName: state.definition.stages.find((s) => s.id === info.stageId)?.name ?? info.stageId,
        segmentName: info.segment.name,
      };
      if (info.settings.entry !== 'roster')
        return {
          contestId: g.contestId,
          segmentId: g.segmentId,
          ...names,
          entry: 'open',
          joinCode: state.joinCode,
          links: [],
        } satisfies WrittenLinksAnswer;
      const people = new Map(state.definition.contestants.map((c) => [c.id, c]));
      const b = base(req);
      const links = await Promise.all(
        stageRoster(state, info.stageId).map(async (id) => {
          const seat = await seats.issue(g.contestId, g.segmentId, id);
          const url = takerUrl(b, seat.token);
          const c = people.get(id);
          return {
            takerId: id,
            name: c?.name ?? id,
            organisation: c?.organisation ?? '',
            group: c?.group ?? '',
            url,
            code: formatTakerCode(seat.code),
            qrSvg: await qrSvg(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
          } satisfies WrittenTakerLink;
        }),
      );
      return {
        contestId: g.contestId,
        segmentId: g.segmentId,
        ...names,
        entry: 'roster',
        joinCode: state.joinCode,
        links,
      } satisfies WrittenLinksAnswer;
    },
  );

  app.get(
    '/api/contests/:contestId/written/:segmentId/takers',
    { schema: { params: SegmentParams, querystring: TakerQuery } },
    async (req, reply) => {
      const g = guarded(req);
      if (g.error) return sendError(reply, g.error);
      const q = (req.query as { q?: string }).q ?? '';
      return reply.header('cache-control', 'no-store').send({
        summary: service.summary(g.contestId, g.segmentId),
        takers: service.takers(g.contestId, g.segmentId, q),
      } satisfies WrittenTakersAnswer);
    },
  );

  app.get(
    '/api/contests/:contestId/written/:segmentId/results',
    { schema: { params: SegmentParams } },
    async (req, reply) => {
      const g = guarded(req);
      if (g.error) return sendError(reply, g.error);
      const results = service.results(g.contestId, g.segmentId);
      if (!results) return sendError(reply, domainError('NOT_FOUND', 'no such written test'));
      return reply.header('cache-control', 'no-store').send(results satisfies WrittenResultsAnswer);
    },
  );

  for (const ext of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/contests/:contestId/written/:segmentId/export.${ext}`,
      { schema: { params: SegmentParams, querystring: WrittenExportQuery } },
      async (req, reply) => {
        const { lang = 'zh-CN' } = req.query as { lang?: WrittenExportLang };
        const g = guarded(req);
        if (g.error) return sendError(reply, g.error);
        const state = contests.get(g.contestId)?.state;
        const info = service.segment(g.contestId, g.segmentId);
        if (!state || !info) return sendError(reply, domainError('NOT_FOUND', 'no such written test'));
        const rows = {
          info,
          takers: service.takers(g.contestId, g.segmentId),
          papers: service.papers(g.contestId, g.segmentId),
        };
        const name = `${state.definition.title}-${info.segment.name}.${ext}`;
        return reply
          .header(
            'content-type',
            ext === 'csv'
              ? 'text/csv; charset=utf-8'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .header(
            'content-disposition',
            `attachment; filename="written.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}`,
          )
          .header('cache-control', 'no-store')
          .send(ext === 'csv' ? await writtenCsv(rows, lang) : await writtenXlsx(rows, lang));
      },
    );
  }
}
