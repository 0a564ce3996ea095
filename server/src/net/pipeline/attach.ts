/**
 * The one socket pipeline of the single server, the core and every edge:
 *
 *   authenticate → rate-limit → validate → decide → append → project → deliver
 *
 * authenticate.ts (the handshake), rate-limit.ts (size and message budget), validate.ts (each
 * event's schema), commands.ts (the handlers), then the port (contest-port.ts): decide → append
 * run in this process's runtime (net/local-contest-port.ts) or at the core (cluster/edge-port.ts).
 * project.ts and deliver.ts run where the events are appended; session.ts opens each socket.
 */
import type { LeitaiServer } from '../socket-types.ts';
import { authenticateSockets, type AuthenticateOptions } from './authenticate.ts';
import { clientEventListeners } from './client-events.ts';
import { contestHandlers } from './commands.ts';
import type { ContestPort } from './contest-port.ts';
import { openSessions } from './session.ts';

export function attachContestPipeline(io: LeitaiServer, port: ContestPort, options: AuthenticateOptions): void {
  authenticateSockets(io, port, options);
  openSessions(io, port, clientEventListeners(contestHandlers(port, options.now), options.now), options.now);
}
