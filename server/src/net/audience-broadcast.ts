/**
 * Audience broadcasts in time slices. One Socket.IO broadcast writes to every socket of a room
 * synchronously: ~30-60 ms for 5,000 sockets on this hardware (B1). Inside such a block a buzz
 * decision timer or a stage frame waits (B2). An audience broadcast therefore goes out in
 * slices of at most AUDIENCE_SLICE_MS of socket writes, one slice per event-loop turn, so timers
 * and the seated roles' traffic interleave with it.
 *
 * Slices by time, not by a fixed number of shard rooms: the writes of a slice go out back to
 * back, and a loopback write to a client that is already awake costs less than one that has to
 * wake it. 128 shard rooms of ~8-40 sockets (the previous scheme) paid that wake-up on most
 * writes: 25-45% more CPU per delivery than the same writes in one burst (B1, measured).
 *
 * The frame is encoded once per broadcast, by the adapter's own encoder (the same bytes and the
 * same pre-built WebSocket frame a Socket.IO broadcast makes), and each socket is written with
 * the call the adapter makes per socket, which the direct-frame path shortens for audience
 * phones. Both are Socket.IO internals, kept in `direct-frames.ts` (`encodeBroadcast`,
 * `writeEncoded`); this file uses only public parts (`adapter.rooms`, `nsp.sockets`). Broadcasts queue per server and event: the
 * next starts when the last has reached every socket, so two broadcasts of an event started in
 * order reach every socket in that order. The contest's events go before danmaku frames: a
 * buzz winner never waits for a frame of comments still going out to thousands of phones (the
 * two are separate streams on the phone, each in order). A socket that joins during a broadcast
 * may get it or not; one that leaves is skipped.
 *
 * Scaled out, the core holds (almost) no audience sockets, and a broadcast through the Redis
 * adapter would be decoded by every edge for every room. The core instead tells the edges once
 * (`setAudienceRemote`), and each edge sends the broadcast to its own audience sockets.
 */
import type { Server, Socket } from 'socket.io';
import { encodeBroadcast, writeEncoded, type EncodedBroadcast } from './direct-frames.ts';
import { viewRoom } from './rooms.ts';

/** The longest run of audience socket writes in one event-loop turn (ms). */
export const AUDIENCE_SLICE_MS = 1;
/** How many writes between two reads of the clock within a slice. */
const CLOCK_EVERY = 8;

/** The room every audience socket of a contest joins at its handshake. */
export const audienceRoom = (contestId: string): string => viewRoom(contestId, 'audience');

/** The audience's two broadcast events: the tick's merged frame and the contest's events. */
export type AudienceBroadcastEvent = 'audience:frame' | 'contest:events';

/** How a core passes an audience broadcast to its edges (one message on Redis per broadcast). */
export type AudienceRemote = (contestId: string, event: AudienceBroadcastEvent, payload: unknown) => void;

const remotes = new WeakMap<object, AudienceRemote>();

/** Scaled out (the core): audience broadcasts go to the edges through `remote`, once each. */
export function setAudienceRemote(io: Server, remote: AudienceRemote): void {
  remotes.set(io, remote);
}

/**
 * A broadcast to a contest's whole audience: this process's own audience sockets in slices, and,
 * scaled out, the edges' through the remote, which each edge passes to `sendToLocalAudience`.
 */
export function sendToAudience(io: Server, contestId: string, event: AudienceBroadcastEvent, payload: unknown): void {
  remotes.get(io)?.(contestId, event, payload);
  sendToLocalAudience(io, contestId, event, payload);
}

/* ---------- the slices ---------- */

interface Job {
  ids: Iterator<string>;
  broadcast: EncodedBroadcast;
}

interface Queue {
  /** The namespace's sockets by id. */
  sockets: Map<string, Socket>;
  /** Contest events (`contest:events`), first. */
  urgent: Job[];
  /** Danmaku frames (`audience:frame`). */
  frames: Job[];
  /** A slice is queued on setImmediate (or running). */
  busy: boolean;
}

const queues = new WeakMap<object, Queue>();

/** An audience broadcast to this process's own sockets only, in slices (an edge, or a core's own). */
export function sendToLocalAudience(
  io: Server,
  contestId: string,
  event: AudienceBroadcastEvent,
  payload: unknown,
): void {
  const nsp = io.of('/');
  const members = nsp.adapter.rooms.get(audienceRoom(contestId));
  if (!members?.size) return;
  const broadcast = encodeBroadcast(io, event, payload);
  let queue = queues.get(io);
  if (!queue) queues.set(io, (queue = { sockets: nsp.sockets, urgent: [], frames: [], busy: false }));
  (event === 'contest:events' ? queue.urgent : queue.frames).push({ ids: members.values(), broadcast });
  if (!queue.busy) runSlice(queue); // the first slice at once, as a plain broadcast would
}

/** Writes that threw (a socket broken in a way Engine.IO did not catch); the others go on. */
export const audienceWriteErrors = { count: 0 };

/** Write queued broadcasts, in order, for up to AUDIENCE_SLICE_MS; the rest on a later turn. */
function runSlice(queue: Queue): void {
  queue.busy = true;
  const until = performance.now() + AUDIENCE_SLICE_MS;
  let writes = 0;
  for (let jobs = queue.urgent; jobs.length > 0 || (jobs = queue.frames).length > 0; jobs = queue.urgent) {
    const job = jobs[0]!;
    for (let next = job.ids.next(); !next.done; next = job.ids.next()) {
      const socket = queue.sockets.get(next.value);
      if (socket === undefined) continue; // left since the broadcast started
      try {
        writeEncoded(socket, job.broadcast);
      } catch {
        audienceWriteErrors.count += 1;
      }
      if (++writes % CLOCK_EVERY === 0 && performance.now() >= until) {
        setImmediate(runSlice, queue);
        return;
      }
    }
    jobs.shift();
  }
  queue.busy = false;
}
