/**
 * The pipeline's port on an edge (net/pipeline/contest-port.ts): the same steps as the single
 * server's, with decide → append at the core. Seats and join codes are the core's answer (a
 * join code's kept for a minute, so a crowd joining at once costs the core one call); an audience
 * phone's snapshot and resync come from the edge's mirror, every other view from the core.
 * A contestant phone is probed here and its press forwarded with the link measured through this
 * edge; a seated screen's clock is the core's (edge-links.ts).
 */
import { domainError, type Ack, type Role } from '@leitai/shared';
import type { AddressLimiter } from '../audience/address-limits.ts';
import type { ContestPort, Seat } from '../net/pipeline/contest-port.ts';
import type { JoinGuard } from '../net/pipeline/authenticate.ts';
import { viewerOf } from '../net/pipeline/contest-port.ts';
import type { CoreCaller } from './cluster-rpc.ts';
import type { AudienceMirrors } from './edge-mirror.ts';
import type { EdgeLinks } from './edge-links.ts';

type AuthAck = Ack<{ contestId: string; role: Role; subjectId?: string }>;

/** How long a join code's positive answer is kept. */
const JOIN_CODE_TTL_MS = 60_000;

export function edgeContestPort(
  call: CoreCaller['call'],
  mirrors: AudienceMirrors,
  now: () => number,
  links: EdgeLinks,
): ContestPort {
  const joinCodes = new Map<string, { ack: Promise<AuthAck>; until: number }>();
  /** An audience seat's mirror is made whole before the socket connects (its snapshot comes from it). */
  const admitted = async (ack: AuthAck): Promise<Ack<Seat>> => {
    if (!ack.ok || ack.role !== 'audience') return ack;
    return (await mirrors.ready(ack.contestId))
      ? ack
      : { ok: false, error: domainError('UNAVAILABLE', 'the contest cannot be loaded now; retry shortly') };
  };
  return {
    seatOfToken: async (token) => admitted(await call({ op: 'auth', token })),
    async contestOfJoinCode(joinCode) {
      const code = joinCode.toUpperCase();
      const known = joinCodes.get(code);
      let checked: Promise<AuthAck>;
      if (known && known.until > now()) checked = known.ack;
      else {
        checked = call({ op: 'auth', joinCode: code });
        // One call in flight per code; only a positive answer is kept.
        joinCodes.set(code, { ack: checked, until: now() + JOIN_CODE_TTL_MS });
        void checked.then((a) => {
          if (!a.ok) joinCodes.delete(code);
        });
      }
      return admitted(await checked);
    },
    view(contestId, viewer) {
      const mirrored = viewer.role === 'audience' ? mirrors.view(contestId) : null;
      return mirrored ? { ok: true, state: mirrored } : call({ op: 'view', contestId, viewer });
    },
    resync(contestId, viewer, fromVersion) {
      const view = viewer.role === 'audience' ? mirrors.view(contestId) : null;
      if (view) {
        // The mirror is whole: the full view when it is ahead of the phone, else nothing to add.
        return view.version > fromVersion || fromVersion === 0
          ? { ok: true, state: view, events: [] }
          : { ok: true, state: null, events: [] };
      }
      return call({ op: 'resync', contestId, viewer, fromVersion });
    },
    execute(socket, command, commandId) {
      const link = command.type === 'Buzz' ? links.linkFor(socket.id) : undefined;
      return call({
        op: 'command',
        contestId: socket.data.contestId,
        viewer: viewerOf(socket.data),
        command,
        ...(commandId ? { commandId } : {}),
        ...(link ? { link } : {}),
      });
    },
    seat: (contestId, viewer, deviceId, on) => call({ op: 'seat', contestId, deviceId, viewer, on }),
    // The audience's clock stays the edge's (a call per phone's ping would load the core).
    clock: (socket, t0) => (socket.data.role === 'audience' ? undefined : links.relayClock(t0)),
    connected: (socket) => links.track(socket),
  };
}

/** Wrong join codes counted in Redis (address-limits.ts): the same count on every edge. */
export function redisJoinGuard(limiter: AddressLimiter): JoinGuard {
  return {
    locked: (address) => limiter.joinLocked(address),
    failed: (address) => limiter.joinFailed(address),
  };
}
