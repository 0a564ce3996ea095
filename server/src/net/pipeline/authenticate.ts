/**
 * Pipeline step 1, authenticate (single, core and edge): the handshake's `auth` checked for
 * shape and protocol version, wrong join codes counted per address, and the data every socket
 * starts with. Who a seat token or join code names is the port's answer (the runtime's, or the
 * edge's call to the core).
 */
import { randomBytes } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import { HandshakeAuthSchema, PROTOCOL_VERSION, type DomainError, type ErrorCode } from '@leitai/shared';
import { compileValidator } from '../../validation.ts';
import { FailureLimiter, TokenBucket } from '../rate-limit.ts';
import type { LeitaiServer, LeitaiSocket, SocketData } from '../socket-types.ts';
import type { ContestPort, MaybePromise } from './contest-port.ts';

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

/** Where wrong join codes are counted: this process (`JoinCodeGuard`) or Redis, shared by every edge. */
export interface JoinGuard {
  /** Whether `address` is locked out now (a guard that cannot tell lets it in). */
  locked(address: string): MaybePromise<boolean>;
  /** A wrong join code from `address`. */
  failed(address: string): MaybePromise<void>;
}

/** This process's count of wrong join codes, as a pipeline guard. */
export function localJoinGuard(now: () => number): JoinGuard {
  const guard = new JoinCodeGuard();
  return {
    locked: (address) => guard.refusal(address, now()) !== null,
    failed: (address) => guard.failed(address, now()),
  };
}

export interface AuthenticateOptions {
  now: () => number;
  joinGuard: JoinGuard;
  /** The client's address, for the join-code count (the edge reads it behind trusted proxies). */
  addressOf?: (socket: LeitaiSocket) => string;
  /** Commands and pings per second per socket, with a burst. */
  messagesPerSecond?: number;
  messageBurst?: number;
}

const refusedSeat = (error: DomainError) => handshakeError(error.code, error.message);

/**
 * Pipeline step 1 as Socket.IO middleware: the handshake's shape and protocol version, then a
 * seat token (the port names its seat) or a join code (an address locked out for wrong codes is
 * refused first; a wrong code counts against it). The socket's data is set before it connects.
 */
export function authenticateSockets(io: LeitaiServer, port: ContestPort, options: AuthenticateOptions): void {
  const { now, joinGuard } = options;
  const addressOf = options.addressOf ?? ((socket: LeitaiSocket) => socket.handshake.address);
  const rate = {
    ...(options.messagesPerSecond !== undefined ? { messagesPerSecond: options.messagesPerSecond } : {}),
    ...(options.messageBurst !== undefined ? { messageBurst: options.messageBurst } : {}),
  };
  const admit = async (socket: LeitaiSocket): Promise<Error | undefined> => {
    const auth = handshakeAuth(socket.handshake.auth);
    if (!auth.ok) return auth.error;
    const { token, joinCode, deviceId, hall } = auth.value;
    if (token) {
      const seat = await port.seatOfToken(token);
      if (!seat.ok) return refusedSeat(seat.error);
      const { contestId, role, subjectId } = seat;
      socket.data = { ...socketBasics(deviceId, now(), rate), contestId, role, ...(subjectId ? { subjectId } : {}) };
      return undefined;
    }
    if (!joinCode) return handshakeError('UNAUTHENTICATED', 'a seat token or a join code is required');
    const address = addressOf(socket);
    if (await Promise.resolve(joinGuard.locked(address)).catch(() => false)) {
      return handshakeError('RATE_LIMITED', 'too many wrong join codes; try again in a minute');
    }
    const contest = await port.contestOfJoinCode(joinCode);
    if (!contest.ok) {
      if (contest.error.code === 'UNAUTHENTICATED')
        await Promise.resolve(joinGuard.failed(address)).catch(() => undefined);
      return refusedSeat(contest.error);
    }
    socket.data = {
      ...socketBasics(deviceId, now(), rate),
      contestId: contest.contestId,
      role: 'audience',
      ...(hall ? { hall: true } : {}),
    };
    return undefined;
  };
  io.use((socket, next) => {
    admit(socket).then(next, () => next(handshakeError('INTERNAL', 'internal error')));
  });
}
