/**
 * Audience broadcasts in shards. One Socket.IO broadcast writes to every socket of a room
 * synchronously: ~60-100 ms for 5,000 sockets on this hardware (B1). Inside such a block a buzz
 * decision timer or a stage frame waits. Audience sockets therefore also join one of
 * AUDIENCE_SHARDS rooms, and an audience broadcast goes out one shard per event-loop turn, so
 * timers and other sockets' traffic interleave with it: with 128 shards a press waits at most
 * ~40 socket writes (~0.5 ms at 5,000 phones) instead of ~300 with 16 (B2). Empty shards are
 * skipped. The frame is still encoded once per shard, never once per socket.
 *
 * Scaled out, the core holds (almost) no audience sockets: a broadcast per shard would be one
 * publish on Redis per shard for one frame, each decoded by every edge. The core instead tells
 * the edges once (`setAudienceRemote`) and each edge sends it to its own shard rooms.
 */
import type { Server } from 'socket.io';
export const AUDIENCE_SHARDS = 128;

/** The shard room of the audience of a contest. */
export const audienceShardRoom = (contestId: string, shard: number): string => `${contestId}:audience:${shard}`;

/** A stable shard for a socket id (FNV-1a). */
export function audienceShardOf(socketId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < socketId.length; i++) h = Math.imul(h ^ socketId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % AUDIENCE_SHARDS;
}

/**
 * Call `emit(room)` for every shard room of the contest's audience, one per turn of the event
 * loop. Two broadcasts started in order reach every socket in that order (shard k of the
 * first always goes out before shard k of the second).
 */
export function broadcastToAudience(
  contestId: string,
  emit: (room: string) => void,
  occupied: (room: string) => boolean = () => true,
): void {
  let shard = 0;
  const next = () => {
    // Empty shards (a small audience, or one held by the edges) cost no turn and no encoding.
    while (shard < AUDIENCE_SHARDS && !occupied(audienceShardRoom(contestId, shard))) shard += 1;
    if (shard >= AUDIENCE_SHARDS) return;
    emit(audienceShardRoom(contestId, shard));
    shard += 1;
    if (shard < AUDIENCE_SHARDS) setImmediate(next);
  };
  next();
}

/** Whether this process has sockets in `room` (Socket.IO's local room table). */
const locallyOccupied = (io: Server) => (room: string) => (io.of('/').adapter.rooms.get(room)?.size ?? 0) > 0;

/** The audience's two broadcast events: the tick's merged frame and the contest's events. */
export type AudienceBroadcastEvent = 'audience:frame' | 'contest:events';

/** How a core passes an audience broadcast to its edges (one message on Redis per broadcast). */
export type AudienceRemote = (contestId: string, event: AudienceBroadcastEvent, payload: unknown) => void;

const remotes = new WeakMap<object, AudienceRemote>();

/** Scaled out (the core): audience broadcasts go to the edges through `remote`, once each. */
export function setAudienceRemote(io: Server, remote: AudienceRemote): void {
  remotes.set(io, remote);
}

type Emitter = { emit(event: string, payload: unknown): boolean };

/**
 * A broadcast to a contest's whole audience: this process's own audience sockets by shards, and,
 * scaled out, the edges' through the remote, which each edge passes to `sendToLocalAudience`.
 */
export function sendToAudience(io: Server, contestId: string, event: AudienceBroadcastEvent, payload: unknown): void {
  remotes.get(io)?.(contestId, event, payload);
  sendToLocalAudience(io, contestId, event, payload);
}

/** An audience broadcast to this process's own sockets only, by shards (an edge, or a core's own). */
export function sendToLocalAudience(
  io: Server,
  contestId: string,
  event: AudienceBroadcastEvent,
  payload: unknown,
): void {
  broadcastToAudience(
    contestId,
    (room) => (io.local.to(room) as unknown as Emitter).emit(event, payload),
    locallyOccupied(io),
  );
}
