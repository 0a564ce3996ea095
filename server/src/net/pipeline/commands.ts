/**
 * The contest events' handlers (single, core and edge), each declared with its payload schema
 * (step 3, validate.ts): `command:send` goes to decide → append through the port, `contest:resync`
 * is answered from the port's view, `clock:ping` from this process's clock (or the port's).
 */
import { CommandSendSchema, ResyncRequestSchema, type CLIENT_EVENT_NAMES } from '@leitai/shared';
import { clockPing } from './clock.ts';
import { viewerOf, type ContestPort } from './contest-port.ts';
import { handler, type Handler } from './validate.ts';

export function contestHandlers(
  port: ContestPort,
  now: () => number,
): Record<(typeof CLIENT_EVENT_NAMES)[number], Handler> {
  return {
    'command:send': handler(CommandSendSchema, (socket, payload) =>
      port.execute(socket, payload.command, payload.commandId),
    ),
    'contest:resync': handler(ResyncRequestSchema, (socket, payload) =>
      port.resync(socket.data.contestId, viewerOf(socket.data), payload.fromVersion),
    ),
    'clock:ping': clockPing(now, port),
  };
}
