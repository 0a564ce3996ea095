/**
 * `clock:ping` (single, core and edge): the server's time for the client's NTP-style sampling,
 * from this process's clock or, where the port keeps the contest's clock elsewhere (an edge's
 * seated screens), the port's answer.
 */
import { ClockPingSchema } from '@leitai/shared';
import type { ContestPort } from './contest-port.ts';
import { handler, type Handler } from './validate.ts';

/** The `clock:ping` handler on the clock `now`, or the port's clock where it has one. */
export const clockPing = (now: () => number, port?: Pick<ContestPort, 'clock'>): Handler =>
  handler(
    ClockPingSchema,
    (socket, payload) => port?.clock?.(socket, payload.t0) ?? { ok: true, t0: payload.t0, serverTime: now() },
  );
