/**
 * The pipeline's port: what a socket's contest needs from whoever holds the contest. The single
 * server and the core answer from their own runtimes (net/local-contest-port.ts); an edge asks
 * the core over Redis (cluster/edge-port.ts). The steps around it (authenticate → rate-limit →
 * validate → … → deliver) are the same everywhere: decide → append run behind `execute`.
 *
 * An answer may come at once (a value) or later (a promise): a value is used in the same turn
 * of the loop, so the single server's snapshot still goes out before any later broadcast.
 */
import type { Ack, Actor, ClockPong, ContestCommand, ContestState, ResyncAck, Role } from '@leitai/shared';
import type { LeitaiSocket } from '../socket-types.ts';

export type MaybePromise<T> = T | Promise<T>;

/** The seat a token or join code opens: its contest, role and (judge, contestant) subject. */
export interface Seat {
  contestId: string;
  role: Role;
  subjectId?: string;
}

export interface ContestPort {
  /** Authenticate: the seat a seat token opens (UNAUTHENTICATED when unknown or revoked). */
  seatOfToken(token: string): MaybePromise<Ack<Seat>>;
  /** Authenticate: the contest a join code opens to the audience (UNAUTHENTICATED when unknown). */
  contestOfJoinCode(joinCode: string): MaybePromise<Ack<{ contestId: string }>>;
  /** Project: the viewer's view of the contest (its snapshot). */
  view(contestId: string, viewer: Actor): MaybePromise<Ack<{ state: ContestState }>>;
  /** Project: what a client that holds `fromVersion` is missing. */
  resync(contestId: string, viewer: Actor, fromVersion: number): MaybePromise<ResyncAck>;
  /** Decide → append: the client's command, acknowledged once appended (or refused). */
  execute(socket: LeitaiSocket, command: ContestCommand, commandId: string | undefined): Promise<Ack<object>>;
  /** Decide → append: the system seats (`on`) or releases a device of a seated role. */
  seat(contestId: string, viewer: Actor, deviceId: string, on: boolean): MaybePromise<Ack<object>>;
  /**
   * `clock:ping`: the contest's clock for this socket, when it is not this process's (an edge
   * relays a seated screen's ping to the core, so its clock is synced to the core's end to end).
   * Undefined: this process's `now` answers.
   */
  clock?(socket: LeitaiSocket, t0: number): MaybePromise<Ack<ClockPong>> | undefined;
  /** After the snapshot went out: anything the holder keeps per socket (the core's link monitor). */
  connected?(socket: LeitaiSocket): void;
}

/** The actor a socket's seat speaks as. */
export const viewerOf = (data: { role: Role; subjectId?: string }): Actor =>
  data.subjectId ? { role: data.role, subjectId: data.subjectId } : { role: data.role };
