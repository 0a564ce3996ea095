/**
 * The HTTP side of ingest (docs/protocol-ingest.md):
 *
 * - the host's source configuration (Bearer host token): list, add, start, stop, remove. The
 *   answers carry `SourceView`s only: keys go in, never out;
 * - the signed webhook receiver for push platforms (webhook.ts), reading the raw body so the
 *   signature covers the exact bytes sent.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { domainError, type DomainError } from '@leitai/shared';
import type { ContestService } from '../contests/contest-service.ts';
import { sendError } from '../http/routes.ts';
import type {
  IngestPushAnswer,
  IngestPushItemAnswer,
  IngestRemovedAnswer,
  IngestSourceAnswer,
  IngestSourcesAnswer,
} from './ingest-answers.ts';
import type { IngestManager, NewSource } from './ingest-manager.ts';
import { ReplayGuard, parsePush, verifyPush } from './webhook.ts';

const IdPattern = '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$';
const ContestParams = Type.Object({ contestId: Type.String({ pattern: IdPattern }) });
const SourceParams = Type.Object({
  contestId: Type.String({ pattern: IdPattern }),
  sourceId: Type.String({ pattern: IdPattern }),
});
const Key = Type.String({ maxLength: 200 });
const NewSourceBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('bilibili'), Type.Literal('webhook')]),
    platform: Type.Optional(
      Type.Union([Type.Literal('bilibili'), Type.Literal('douyin'), Type.Literal('kuaishou'), Type.Literal('wechat')]),
    ),
    name: Type.Optional(Type.String({ maxLength: 40 })),
    countLikes: Type.Optional(Type.Boolean()),
    baseUrl: Type.Optional(Type.String({ maxLength: 300 })),
    appId: Type.Optional(Key),
    accessKeyId: Type.Optional(Key),
    accessKeySecret: Type.Optional(Key),
    code: Type.Optional(Key),
    secret: Type.Optional(Key),
  },
  { additionalProperties: false },
);

export interface IngestRouteOptions {
  service: ContestService;
  adminToken: string;
  manager: IngestManager;
  now: () => number;
}

export function registerIngestRoutes(app: FastifyInstance, opts: IngestRouteOptions): void {
  const { service, manager } = opts;
  const authorise = (req: FastifyRequest, contestId: string): DomainError | null => {
    const h = req.headers.authorization;
    const token = h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
    if (!token) return domainError('UNAUTHENTICATED', 'Authorization: Bearer <host token> required');
    if (!service.get(contestId)) return domainError('NOT_FOUND', 'contest not found');
    if (token === opts.adminToken) return null;
    const seat = service.seats.byToken(token);
    if (!seat || seat.revoked) return domainError('UNAUTHENTICATED', 'token is invalid or revoked');
    if (seat.contestId !== contestId || seat.role !== 'host') {
      return domainError('FORBIDDEN', 'only the host of this contest may do this');
    }
    return null;
  };
  const noStore = { 'cache-control': 'no-store' };

  app.get('/api/contests/:contestId/ingest', { schema: { params: ContestParams } }, async (req, reply) => {
    const { contestId } = req.params as { contestId: string };
    const denied = authorise(req, contestId);
    if (denied) return sendError(reply, denied);
    return reply.headers(noStore).send({ sources: manager.list(contestId) } satisfies IngestSourcesAnswer);
  });

  app.post(
    '/api/contests/:contestId/ingest',
    { schema: { params: ContestParams, body: NewSourceBody } },
    async (req, reply) => {
      const { contestId } = req.params as { contestId: string };
      const denied = authorise(req, contestId);
      if (denied) return sendError(reply, denied);
      const added = manager.add(contestId, req.body as NewSource);
      if (!added.ok) return sendError(reply, added.error);
      return reply
        .code(201)
        .headers(noStore)
        .send({ source: added.source } satisfies IngestSourceAnswer);
    },
  );

  for (const action of ['start', 'stop'] as const) {
    app.post(
      `/api/contests/:contestId/ingest/:sourceId/${action}`,
      { schema: { params: SourceParams } },
      async (req, reply) => {
        const { contestId, sourceId } = req.params as { contestId: string; sourceId: string };
        const denied = authorise(req, contestId);
        if (denied) return sendError(reply, denied);
        const source = await manager[action](contestId, sourceId);
        if (!source) return sendError(reply, domainError('NOT_FOUND', 'no such source'));
        return reply.headers(noStore).send({ source } satisfies IngestSourceAnswer);
      },
    );
  }

  app.delete('/api/contests/:contestId/ingest/:sourceId', { schema: { params: SourceParams } }, async (req, reply) => {
    const { contestId, sourceId } = req.params as { contestId: string; sourceId: string };
    const denied = authorise(req, contestId);
    if (denied) return sendError(reply, denied);
    if (!(await manager.remove(contestId, sourceId)))
      return sendError(reply, domainError('NOT_FOUND', 'no such source'));
    return reply.headers(noStore).send({ ok: true } satisfies IngestRemovedAnswer);
  });

  // The webhook: its own scope, where a JSON body is kept as the raw bytes the signature covers.
  const replays = new ReplayGuard();
  void app.register((scope, _opts, done) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.post('/api/ingest/:contestId/:sourceId', { schema: { params: SourceParams } }, async (req, reply) => {
      const { contestId, sourceId } = req.params as { contestId: string; sourceId: string };
      const hook = manager.webhookSecret(contestId, sourceId);
      const view = manager.get(contestId, sourceId);
      if (!hook || !view) return sendError(reply, domainError('NOT_FOUND', 'no such webhook source'));
      const raw = req.body;
      if (!Buffer.isBuffer(raw))
        return sendError(reply, domainError('BAD_REQUEST', 'Content-Type: application/json required'));
      const now = opts.now();
      const verified = verifyPush(hook.secret, req.headers, raw, now);
      if (!verified.ok) return sendError(reply, verified.error);
      if (!replays.remember(`${contestId}/${sourceId}/${String(req.headers['x-leitai-signature'])}`, now)) {
        return sendError(reply, domainError('UNAUTHENTICATED', 'this push was already received (replay)'));
      }
      if (!hook.enabled) return sendError(reply, domainError('CONFLICT', 'this source is stopped'));
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendError(reply, domainError('BAD_REQUEST', 'the body is not JSON'));
      }
      const parsed = parsePush(body, view.platform, now);
      if (!parsed.ok) return sendError(reply, parsed.error);
      const answers = await manager.push(contestId, sourceId, parsed.items);
      return reply.headers(noStore).send({
        ok: true,
        results: answers.map((a): IngestPushItemAnswer =>
          a.ok
            ? { ok: true, status: (a as { status?: string }).status ?? 'counted' }
            : { ok: false, code: a.error.code },
        ),
      } satisfies IngestPushAnswer);
    });
    done();
  });
}
