/**
 * The Socket.IO side of the single server and the core: the one pipeline (pipeline/attach.ts:
 * authenticate → rate-limit → validate → decide → append → project → deliver) on this process's
 * contests (local-contest-port.ts), and the delivery of every appended event to its view rooms.
 * An edge runs the same pipeline with decide → append at the core (cluster/edge-port.ts).
 */
import type { ContestService } from '../contests/contest-service.ts';
import { viewRoom } from './rooms.ts';
import { LinkMonitor } from './knowledge-links.ts';
import { localContestPort, type LocalContestPort } from './local-contest-port.ts';
import { attachContestPipeline } from './pipeline/attach.ts';
import { localJoinGuard } from './pipeline/authenticate.ts';
import { deliverEvents, type EventDelivery } from './pipeline/deliver.ts';
import type { LeitaiServer } from './socket-types.ts';

export type { LeitaiServer, LeitaiSocket, SocketData } from './socket-types.ts';
// The pipeline's parts, where other modules have always found them.
export { handshakeAuth, handshakeError } from './pipeline/authenticate.ts';
export { handler, type Handler } from './pipeline/validate.ts';
export { clientEventListeners, serveClientEvents, type ClientEventListeners } from './pipeline/client-events.ts';
export { DeviceSockets, joinViewRooms, welcomeSocket } from './pipeline/session.ts';
export { resyncAnswer, seatCommand, seatOfToken, type CommandGate } from './local-contest-port.ts';

/** This process's contests as the pipeline's port, and the delivery of their events (a core re-announces through it). */
export type GatewayPort = LocalContestPort & { delivery: EventDelivery };

export interface GatewayOptions {
  now: () => number;
  /** Commands and pings per second per socket, with a burst. */
  messagesPerSecond?: number;
  messageBurst?: number;
}

/**
 * Handshake auth by seat token or join code, one declared handler per inbound event
 * (schema-checked, size-checked, rate-limited, acknowledged with a typed result), per-role views,
 * and positioned broadcasts of durable events.
 */
export function attachSocketGateway(io: LeitaiServer, service: ContestService, options: GatewayOptions): GatewayPort {
  const now = options.now;
  /** Knowledge: measured round trips of contestant phones, for the buzzer (docs/protocol-knowledge.md). */
  const links = new LinkMonitor(now, (contestId, frame) =>
    io.to(viewRoom(contestId, 'host')).emit('link:status', frame),
  );
  const port = localContestPort(service, links);
  attachContestPipeline(io, port, { ...options, joinGuard: localJoinGuard(now) });
  const delivery = deliverEvents(io, service);
  // The core answers an edge's calls with the same port (cluster/core-cluster.ts).
  return { ...port, delivery };
}
