/**
 * Pipeline step deliver (single and core): each appended batch of events goes to every view room
 * of its contest, projected for it (project.ts). The rooms are the adapter's, so an edge's
 * sockets in a room get the same frames: the edge delivers nothing of its own but its audience
 * mirror's local sends.
 *
 * The audience room can hold many thousands of sockets: its contest events go out at most once
 * per tick, merged, always after the stage, host, judges and contestants, so a burst of events
 * never waits behind writes to every audience socket. An event after a quiet tick goes out at
 * once (on the next turn of the loop); the ones that follow within the tick wait for its end.
 */
import type { ContestState, PositionedEvent } from '@leitai/shared';
import { AUDIENCE_TICK_MS } from '../../audience/audience-scheduler.ts';
import { sendToAudience } from '../audience-broadcast.ts';
import { viewRoom } from '../rooms.ts';
import type { LeitaiServer } from '../socket-types.ts';
import { projectForAudience, projectForRooms } from './project.ts';

/** Where appended events come from: the contest service's one listener per batch. */
export interface AppendedEvents {
  onEvents(listener: (contestId: string, events: PositionedEvent[], state: ContestState) => void): void;
}

export interface EventDelivery {
  /**
   * Deliver events already delivered once again, by the same path (every view room projected
   * for it, the audience in its tick): a core whose Redis link was away re-announces the tail
   * of each contest (cluster/core-cluster.ts). A screen ignores what it already folded and
   * resyncs on a gap, as always.
   */
  redeliver(contestId: string, events: PositionedEvent[], state: ContestState): void;
}

export function deliverEvents(io: LeitaiServer, appended: AppendedEvents): EventDelivery {
  const audienceBacklog = new Map<string, PositionedEvent[]>();
  /** When each contest's audience last got its events (performance.now()). */
  const audienceFlushedAt = new Map<string, number>();
  const flushAudience = (contestId: string) => {
    const events = audienceBacklog.get(contestId);
    audienceBacklog.delete(contestId);
    if (events?.length) {
      audienceFlushedAt.set(contestId, performance.now());
      sendToAudience(io, contestId, 'contest:events', { contestId, events });
    }
  };

  const deliver = (contestId: string, events: PositionedEvent[], state: ContestState) => {
    const backlog = audienceBacklog.get(contestId);
    const forAudience = projectForAudience(events);
    if (backlog) backlog.push(...forAudience);
    else {
      audienceBacklog.set(contestId, forAudience);
      const since = performance.now() - (audienceFlushedAt.get(contestId) ?? Number.NEGATIVE_INFINITY);
      // After the seated roles below: their emits run first, in this same callback. Idle for a
      // tick: at once; else one tick after the last send (not at the scheduler's next tick, whose
      // phase is the danmaku frames': there the events met a frame going out to every phone,
      // B2's audience p99 rose 10-15 ms). No second flush on the scheduler's tick: it split the
      // merged batches (B2: 142 audience frames of events for 40 presses against 127) and sent
      // them in the frames' phase.
      if (since >= AUDIENCE_TICK_MS) setImmediate(() => flushAudience(contestId));
      else setTimeout(() => flushAudience(contestId), AUDIENCE_TICK_MS - since).unref();
    }
    for (const { room, events: projected } of projectForRooms(contestId, events, state)) {
      io.to(room).emit('contest:events', { contestId, events: projected });
    }
  };

  appended.onEvents((contestId, events, state) => {
    deliver(contestId, events, state);
    // A judge's seat replaced: the old pad's link is revoked (ContestService), and the pad is cut
    // off now, after it has been told; it cannot come back with that link.
    for (const e of events) {
      if (e.type === 'JudgeSeatReplaced') io.in(viewRoom(contestId, 'judge', e.data.judgeId)).disconnectSockets(true);
    }
  });

  return { redeliver: deliver };
}
