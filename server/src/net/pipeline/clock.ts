/**
 * `clock:ping` (single, core and edge): the server's time for the client's NTP-style sampling.
 */
import { ClockPingSchema } from '@leitai/shared';
import { handler, type Handler } from './validate.ts';

/** The `clock:ping` handler on the clock `now`. */
export const clockPing = (now: () => number): Handler =>
  handler(ClockPingSchema, (_socket, payload) => ({ ok: true, t0: payload.t0, serverTime: now() }));
