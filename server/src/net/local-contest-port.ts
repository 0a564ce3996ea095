/**
 * The pipeline's port where the contest lives (the single server and the core): seats, views and
 * commands answered by this process's contest runtimes. The core answers an edge's calls with the
 * same functions (cluster/core-cluster.ts), so a command decided for an edge is decided as here.
 */
import {
  SYSTEM_ACTOR,
  domainError,
  projectEvent,
  viewFor,
  type Actor,
  type CommandAck,
  type ContestCommand,
  type LinkQuality,
  type ResyncAck,
  type Role,
} from '@leitai/shared';
import type { ContestRuntime } from '../contests/contest-runtime.ts';
import type { ContestService } from '../contests/contest-service.ts';
import type { LinkMonitor } from './knowledge-links.ts';
import { viewerOf, type ContestPort } from './pipeline/contest-port.ts';

/** When the client's gap is at most this many events, resync sends the tail instead of the whole state. */
const RESYNC_TAIL_LIMIT = 500;

/** The seat a token opens for a screen, or null (unknown, revoked, the admin's, or its contest is gone). */
export function seatOfToken(
  service: ContestService,
  token: string,
): { contestId: string; role: Role; subjectId?: string } | null {
  const seat = service.seats.byToken(token);
  if (!seat || seat.revoked || seat.role === 'admin' || !service.get(seat.contestId)?.state) return null;
  return { contestId: seat.contestId, role: seat.role, ...(seat.subjectId ? { subjectId: seat.subjectId } : {}) };
}

/** The answer to `contest:resync`: the events after `fromVersion` when the gap is small, else the whole view. */
export function resyncAnswer(runtime: ContestRuntime | undefined, viewer: Actor, fromVersion: number): ResyncAck {
  const state = runtime?.state;
  if (!runtime || !state) return { ok: false, error: domainError('NOT_FOUND', 'contest not found') };
  const gap = state.version - fromVersion;
  if (fromVersion === 0 || gap < 0 || gap > RESYNC_TAIL_LIMIT) {
    return { ok: true, state: viewFor(state, viewer), events: [] };
  }
  return { ok: true, state: null, events: runtime.eventsAfter(fromVersion).map((e) => projectEvent(e, viewer)) };
}

/** The system's command when a seated device connects (`on`) or its last socket leaves. */
export function seatCommand(viewer: Actor, deviceId: string, on: boolean): ContestCommand {
  const { role, subjectId } = viewer;
  return on
    ? { type: 'SeatDevice', data: subjectId ? { deviceId, role, subjectId } : { deviceId, role } }
    : { type: 'ReleaseDevice', data: subjectId ? { deviceId, role, subjectId } : { deviceId, role } };
}

const notFound = () => ({ ok: false as const, error: domainError('NOT_FOUND', 'contest not found') });

/**
 * A contest command with the buzzer's link rules, the same for a socket of this process and a
 * command an edge forwards: the link measured by this process (`socketId`: the sender's own
 * socket here, if any) or by the edge that holds the sender (`forwarded`, for a press), and
 * after a first valid press the held decision's absence proofs.
 */
export interface CommandGate {
  execute(
    contestId: string,
    command: ContestCommand,
    actor: Actor,
    commandId: string | undefined,
    socketId?: string,
    forwarded?: LinkQuality,
  ): Promise<CommandAck>;
}

/**
 * This process's contests as the pipeline's port, with the command gate the core also answers an
 * edge's commands with, and the link monitor the edges' phones are reported to.
 */
export type LocalContestPort = ContestPort & { gate: CommandGate; links: LinkMonitor };

/**
 * This process's contests as the pipeline's port. Contestants' phones are tracked by the link
 * monitor (their measured round trips rank buzzer presses), and a first valid buzz whose
 * decision is held probes every phone for its absence proof (B6).
 */
export function localContestPort(service: ContestService, links: LinkMonitor): LocalContestPort {
  const proving = new Map<string, string>();
  /**
   * The held buzz decision (B6): when this press is the buzz's first valid one and the decision
   * is held, probe every phone now and decide as soon as each is in or provably absent.
   */
  const holdForProofs = (runtime: ContestRuntime, contestId: string, contestantId: string) => {
    const active = runtime.state?.knowledge.active;
    const buzz = active?.buzz;
    if (!active || !buzz || buzz.holdMs === undefined || buzz.decideAt === null || buzz.order !== null) return;
    const accepted = buzz.presses.filter((p) => p.decision === 'accepted');
    if (accepted.length !== 1 || accepted[0]!.contestantId !== contestantId) return;
    const key = `${active.run}/${buzz.attempt}`;
    if (proving.get(contestId) === key) return; // the same phone pressing again
    proving.set(contestId, key);
    links.proveAbsence(contestId, () => void runtime.fireEarly('DecideBuzz'));
  };

  const gate: CommandGate = {
    async execute(contestId, command, actor, commandId, socketId, forwarded) {
      const runtime = service.get(contestId);
      if (!runtime) return notFound();
      const link = links.linkForCommand(socketId, contestId, command.type, forwarded);
      const ack = await runtime.execute(command, actor, commandId, link);
      if (command.type === 'Buzz' && ack.ok && actor.subjectId) holdForProofs(runtime, contestId, actor.subjectId);
      return ack;
    },
  };

  return {
    gate,
    links,
    seatOfToken(token) {
      const seat = seatOfToken(service, token);
      return seat
        ? { ok: true, ...seat }
        : { ok: false, error: domainError('UNAUTHENTICATED', 'seat link is invalid or has been revoked') };
    },
    contestOfJoinCode(joinCode) {
      const contestId = service.contestIdForJoinCode(joinCode);
      return contestId
        ? { ok: true, contestId }
        : { ok: false, error: domainError('UNAUTHENTICATED', 'unknown join code') };
    },
    view(contestId, viewer) {
      const state = service.get(contestId)?.state;
      return state ? { ok: true, state: viewFor(state, viewer) } : notFound();
    },
    resync: (contestId, viewer, fromVersion) => resyncAnswer(service.get(contestId), viewer, fromVersion),
    execute: (socket, command, commandId) =>
      gate.execute(socket.data.contestId, command, viewerOf(socket.data), commandId, socket.id),
    seat(contestId, viewer, deviceId, on) {
      // Decided against the decided state, so a seat still in the commit window is released too.
      return service.get(contestId)?.execute(seatCommand(viewer, deviceId, on), SYSTEM_ACTOR) ?? notFound();
    },
    connected(socket) {
      if (socket.data.role === 'contestant') links.track(socket);
    },
  };
}
