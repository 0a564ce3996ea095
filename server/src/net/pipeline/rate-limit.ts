/**
 * Pipeline step 2, rate-limit (single, core and edge): a message's size, then the socket's
 * message budget (its token bucket, set at the handshake). The refusal is the acknowledgement.
 */
import { MAX_PAYLOAD_BYTES, domainError, type DomainError } from '@leitai/shared';
import { rateLimitedError } from '../rate-limit.ts';
import type { LeitaiSocket } from '../socket-types.ts';

/** Why `payload` from `socket` is refused before its handler runs, or null to let it through. */
export function refuseMessage(socket: LeitaiSocket, payload: unknown, now: number): DomainError | null {
  let size: number;
  try {
    size = JSON.stringify(payload ?? null).length;
  } catch {
    // Nested deeper than the stack (R5): refuse it instead of throwing out of the listener.
    return domainError('BAD_REQUEST', 'payload is nested too deeply');
  }
  if (size > MAX_PAYLOAD_BYTES) {
    return domainError('PAYLOAD_TOO_LARGE', `payload of ${size} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
  }
  if (!socket.data.bucket.take(now)) return rateLimitedError(socket.data.bucket.waitMs());
  return null;
}
