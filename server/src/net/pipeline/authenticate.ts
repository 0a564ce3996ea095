/**
 * Pipeline step 1, authenticate (single, core and edge): the handshake's `auth` checked for
 * shape and protocol version, wrong join codes counted per address, and the data every socket
 * starts with. Who a seat token or join code names is the core's answer (socket-gateway.ts
 * `seatOfToken`, or the edge's call to it).
 */
import { randomBytes } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import { HandshakeAuthSchema, PROTOCOL_VERSION, type DomainError, type ErrorCode } from '@leitai/shared';
import { compileValidator } from '../../validation.ts';
import { FailureLimiter, TokenBucket } from '../rate-limit.ts';
import type { SocketData } from '../socket-types.ts';

export const handshakeError = (code: ErrorCode, message: string): Error => {
  const err = new Error(message) as Error & { data: DomainError };
  err.data = { code, message };
  return err;
};

const validateHandshakeAuth = compileValidator(HandshakeAuthSchema);

/**
 * A handshake's `auth`, checked for shape and protocol version (single, core and edge): its
 * fields, or the typed error to refuse the connection with.
 */
export function handshakeAuth(
  auth: unknown,
): { ok: true; value: Static<typeof HandshakeAuthSchema> } | { ok: false; error: Error } {
  const checked = validateHandshakeAuth(auth);
  if (!checked.ok)
    return { ok: false, error: handshakeError('BAD_REQUEST', `handshake auth: ${checked.error.message}`) };
  const { protocolVersion } = checked.value;
  if (protocolVersion !== PROTOCOL_VERSION) {
    return {
      ok: false,
      error: handshakeError(
        'PROTOCOL_VERSION',
        `server speaks protocol ${PROTOCOL_VERSION}, client ${protocolVersion}`,
      ),
    };
  }
  return checked;
}

/** Wrong join codes per address: 10 a minute lock the address out for a minute. */
export class JoinCodeGuard {
  private readonly failures = new FailureLimiter(10, 60_000, 60_000);

  /** The refusal while `address` is locked out, else null. */
  refusal(address: string, now: number): Error | null {
    return this.failures.locked(address, now)
      ? handshakeError('RATE_LIMITED', 'too many wrong join codes; try again in a minute')
      : null;
  }

  /** A wrong join code from `address`. */
  failed(address: string, now: number): void {
    this.failures.fail(address, now);
  }
}

/** What every socket starts with besides its seat: its device id (the client's, or a new one) and its message budget. */
export function socketBasics(
  deviceId: string | undefined,
  now: number,
  rate: { messagesPerSecond?: number; messageBurst?: number } = {},
): Pick<SocketData, 'deviceId' | 'bucket'> {
  return {
    deviceId: deviceId ?? randomBytes(12).toString('base64url'),
    bucket: new TokenBucket(rate.messagesPerSecond ?? 20, rate.messageBurst ?? 40, now),
  };
}
