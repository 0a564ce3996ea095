/**
 * The public results (read-only, no secret: the join code is public): what the hall has been
 * shown of every stage, the corrections with their reasons, and the log's head hash
 * (shared/src/results/public-results.ts decides what is public). Computed once per contest
 * version and cached, so a crowd opening the page costs one computation per change.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { domainError, publicResults, type PublicResults } from '@leitai/shared';
import { contestStream } from '../contests/contest-runtime.ts';
import type { ContestService } from '../contests/contest-service.ts';
import { FailureLimiter } from '../net/rate-limit.ts';
import { sendError } from './routes.ts';

const CodeParams = Type.Object({ code: Type.String({ minLength: 4, maxLength: 16, pattern: '^[A-Za-z0-9]+$' }) });

export interface PublicResultsRouteOptions {
  service: ContestService;
  now: () => number;
}

export function registerPublicResultsRoutes(app: FastifyInstance, opts: PublicResultsRouteOptions): void {
  const { service } = opts;
  // Wrong codes are limited per address, like the join-code lookup and the audience handshake.
  const failures = new FailureLimiter(10, 60_000, 60_000);
  const cache = new Map<string, { version: number; body: PublicResults }>();

  app.get('/api/public/:code/results', { schema: { params: CodeParams } }, async (req, reply) => {
    const { code } = req.params as { code: string };
    if (failures.locked(req.ip, opts.now())) {
      return sendError(reply, domainError('RATE_LIMITED', 'too many wrong join codes; try again in a minute'));
    }
    const contestId = service.contestIdForJoinCode(code);
    const runtime = contestId ? service.get(contestId) : undefined;
    const state = runtime?.state;
    if (!runtime || !state) {
      failures.fail(req.ip, opts.now());
      return sendError(reply, domainError('NOT_FOUND', 'unknown join code'));
    }
    let entry = cache.get(state.contestId);
    if (!entry || entry.version !== state.version) {
      const events = runtime.eventsAfter(0);
      const head = service.store.readStream(contestStream(state.contestId), state.version - 1)[0];
      const body = publicResults(state, events, { version: head?.version ?? 0, hash: head?.hash ?? '' }, opts.now());
      entry = { version: state.version, body };
      cache.set(state.contestId, entry);
    }
    return reply.header('cache-control', 'no-cache').send(entry.body);
  });
}
