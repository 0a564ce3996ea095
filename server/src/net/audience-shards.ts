/**
 * Audience broadcasts in shards. One Socket.IO broadcast writes to every socket of a room
 * synchronously: ~100 ms for 5,000 sockets on this hardware (B1). Inside such a block a buzz
 * decision timer or a stage frame waits. Audience sockets therefore also join one of
 * AUDIENCE_SHARDS rooms, and an audience broadcast goes out one shard per event-loop turn, so
 * timers and other sockets' traffic interleave with it. The frame is still encoded once per
 * shard, never once per socket.
 */
export const AUDIENCE_SHARDS = 16;

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
export function broadcastToAudience(contestId: string, emit: (room: string) => void): void {
  let shard = 0;
  const next = () => {
    emit(audienceShardRoom(contestId, shard));
    shard += 1;
    if (shard < AUDIENCE_SHARDS) setImmediate(next);
  };
  next();
}
