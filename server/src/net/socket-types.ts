/**
 * The server's typed Socket.IO handles and what each socket carries, in a file of their own so
 * that modules the gateway uses (the link monitor) can name a socket without importing the gateway.
 */
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, Role, ServerToClientEvents } from '@leitai/shared';
import type { TokenBucket } from './rate-limit.ts';

/** What the handshake establishes for a socket: its contest, seat and message budget. */
export interface SocketData {
  contestId: string;
  role: Role;
  subjectId?: string;
  deviceId: string;
  bucket: TokenBucket;
  /** An audience phone in the hall (`hall: true` at the handshake): play-along is not stream-delayed. */
  hall?: boolean;
}

export type LeitaiServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type LeitaiSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
