/**
 * Who may act on a contest over HTTP: its host (the host seat's token) or the admin. One check
 * for every route that needs it (contests, results, authoring, the written test).
 */
import type { FastifyRequest } from 'fastify';
import { domainError, type DomainError } from '@leitai/shared';
import type { SeatRegistry } from '../seats/seat-registry.ts';

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

/** The check for `contestId`: null when the caller is its host or the admin, else the typed refusal. */
export type HostOrAdmin = (req: FastifyRequest, contestId: string) => DomainError | null;

export function hostOrAdmin(seats: Pick<SeatRegistry, 'byToken'>, adminToken: string): HostOrAdmin {
  return (req, contestId) => {
    const token = bearer(req);
    if (!token) return domainError('UNAUTHENTICATED', 'Authorization: Bearer <host token> required');
    if (token === adminToken) return null;
    const seat = seats.byToken(token);
    if (!seat || seat.revoked) return domainError('UNAUTHENTICATED', 'token is invalid or revoked');
    if (seat.contestId !== contestId || seat.role !== 'host')
      return domainError('FORBIDDEN', 'only the host of this contest may do this');
    return null;
  };
}
