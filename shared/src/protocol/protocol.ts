/**
 * The whole Socket.IO protocol in one place: event names (`domain:verb`), payloads, acks
 * and the schemas that validate every inbound payload before it reaches the domain.
 */
import { Type, type Static, type TSchema, type TUnion } from '@sinclair/typebox';
import { CAPABILITIES, type ContestCapability } from '../contest/capabilities.ts';
import type { ContestCommand } from '../contest/commands.ts';
import type { PositionedEvent } from '../contest/events.ts';
import type { ContestState } from '../contest/state.ts';
import type { Role } from '../contest/kernel/actor.ts';
import type { AudienceClientToServerEvents, AudienceServerToClientEvents } from '../audience/protocol.ts';
import type { Ack } from './ack.ts';
import type { ProctorSummary } from '../contest/written/protocol-written.ts';

export type { Ack } from './ack.ts';

/** Bumped on any incompatible change to the events or payloads below. */
export const PROTOCOL_VERSION = 1;

/** Largest inbound payload (serialised JSON) a handler accepts before answering PAYLOAD_TOO_LARGE. */
export const MAX_PAYLOAD_BYTES = 8 * 1024;
/** Engine.IO hard cap: anything larger closes the connection before it is parsed. */
export const MAX_HTTP_BUFFER_SIZE = 64 * 1024;

/** Client-made command id: unique per command, reused on retry. */
export const CommandIdSchema = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

/** The schema of any one command a client may send, of any capability. */
type ClientCommandSchemaOf = ContestCapability['commandSchemas'][number];

/**
 * Every command a client may send, assembled from the capabilities' schemas: anything else
 * (CreateContest, SeatDevice, DecideBuzz, …) is the server's own.
 */
export const ClientCommandSchema = Type.Union(
  CAPABILITIES.flatMap((c): TSchema[] => [...c.commandSchemas]),
) as unknown as TUnion<ClientCommandSchemaOf[]>;

/** A command as a client sends it. Every one is a ContestCommand (checked below). */
export type ClientCommand = Static<typeof ClientCommandSchema>;
// Compile-time guard: a client schema that does not describe a domain command fails here.
const _clientCommandsAreDomainCommands: ContestCommand = null as unknown as ClientCommand;
void _clientCommandsAreDomainCommands;

export const CommandSendSchema = Type.Object(
  { commandId: CommandIdSchema, command: ClientCommandSchema },
  { additionalProperties: false },
);
export type CommandSend = { commandId: string; command: ClientCommand };

export const ResyncRequestSchema = Type.Object(
  { fromVersion: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) },
  { additionalProperties: false },
);
export type ResyncRequest = Static<typeof ResyncRequestSchema>;

export const ClockPingSchema = Type.Object(
  { t0: Type.Number({ minimum: 0, maximum: 1e15 }) },
  { additionalProperties: false },
);
export type ClockPing = Static<typeof ClockPingSchema>;

/** Handshake `auth` object. Privileged roles send their seat token here, never in the URL. */
export const HandshakeAuthSchema = Type.Object(
  {
    protocolVersion: Type.Integer(),
    token: Type.Optional(Type.String({ minLength: 16, maxLength: 128 })),
    joinCode: Type.Optional(Type.String({ minLength: 4, maxLength: 16 })),
    /** Stable per browser profile, so a reconnecting phone returns to its seat. */
    deviceId: Type.Optional(Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
    /** An audience phone in the hall (the `?hall=1` link): it watches the stage, so play-along is not stream-delayed. */
    hall: Type.Optional(Type.Boolean()),
    /** An audience phone's signed identity from its last connection (`audience:identity`); its device id is the token's. */
    audienceToken: Type.Optional(Type.String({ minLength: 16, maxLength: 512 })),
  },
  { additionalProperties: false },
);
export type HandshakeAuth = Static<typeof HandshakeAuthSchema>;

/** Acknowledgement of a command: the stream version of its last event, or a typed error. */
export type CommandAck = Ack<{ position: number }>;
/**
 * Resync answer: either the role view of the whole state (when the gap is large or the
 * client has nothing), or `state: null` and the missing tail to fold on top of `fromVersion`.
 */
export type ResyncAck = Ack<{ state: ContestState | null; events: PositionedEvent[] }>;
export type ClockPong = { t0: number; serverTime: number };
/**
 * Server → contestant phone link probe (knowledge module, docs/protocol-knowledge.md): the phone
 * acks at once with its clock-sync health; the server times the round trip itself.
 */
export type ClockProbe = { serverTime: number };
export type ClockProbeAck = {
  synced: boolean;
  errorMs: number | null;
  /** The clock's timestamp uncertainty (ClockEstimate.uncertainty), ms; absent from older phones. */
  uncertaintyMs?: number | null;
};
/** One contestant phone's measured link, as the host panel shows it. */
export interface LinkStatus {
  contestantId: string;
  /** A tag of the phone's device (`deviceTag`): device ids never leave the server. */
  device: string;
  /** Lowest recent round trip, ms (null before any sample). */
  rttMs: number | null;
  /** The claim window the buzzer grants this phone (the longest of its last 60 answered round trips), ms. */
  windowMs: number | null;
  /** The phone's own clock-error estimate, ms. */
  clockErrorMs: number | null;
  synced: boolean;
}

/** Sent once after the handshake succeeds. */
export interface Welcome {
  protocolVersion: number;
  role: Role;
  subjectId?: string;
  contestId: string;
  deviceId: string;
  serverTime: number;
}

/** Role view of the whole contest state at a version; the client replaces its state with it. */
export interface SnapshotFrame {
  state: ContestState;
}

/** New events for this role, in order, with their stream versions. */
export interface EventsFrame {
  contestId: string;
  events: PositionedEvent[];
}

/** Audience events (danmaku, likes, cheers, play-along, moderation): see shared/src/audience/protocol.ts. */
export interface ClientToServerEvents extends AudienceClientToServerEvents {
  'command:send': (payload: CommandSend, ack: (result: CommandAck) => void) => void;
  'contest:resync': (payload: ResyncRequest, ack: (result: ResyncAck) => void) => void;
  'clock:ping': (payload: ClockPing, ack: (result: Ack<ClockPong>) => void) => void;
}

export interface ServerToClientEvents extends AudienceServerToClientEvents {
  'session:welcome': (welcome: Welcome) => void;
  'contest:snapshot': (frame: SnapshotFrame) => void;
  'contest:events': (frame: EventsFrame) => void;
  /** Knowledge: the server measures a contestant phone's round trip (ack at once). */
  'clock:probe': (probe: ClockProbe, ack: (result: ClockProbeAck) => void) => void;
  /** Knowledge: every contestant phone's link, to the host room every few seconds. */
  'link:status': (frame: { links: LinkStatus[] }) => void;
  /** Written test: the proctor's counts, to the host room at most once a second (docs/protocol-written.md). */
  'written:proctor': (summary: ProctorSummary) => void;
  /** Scaled-out mode: the health of the core and its edges, to the host room every few seconds. */
  'cluster:status': (frame: ClusterStatusFrame) => void;
}

/** One edge process as the core last heard from it (docs/protocol-operations.md). */
export interface EdgeStatus {
  edgeId: string;
  /** Audience (and other) sockets the edge holds, all contests. */
  sockets: number;
  /** Whether the edge's own Redis link is up (it reports over Redis, so a false here is short-lived). */
  redisUp: boolean;
  /** Round trip of the edge's last call to the core, in ms. */
  rttMs: number;
  /** Comments, likes and other audience messages waiting in the edge's forward queue. */
  queued: number;
  lastSeenMs: number;
}

export interface ClusterStatusFrame {
  role: 'core';
  redisUp: boolean;
  redisOutages: number;
  /** Edges heard from in the last few seconds. */
  edges: EdgeStatus[];
  /** Sockets on the core itself. */
  coreSockets: number;
  at: number;
}

/** The inbound event names, for the unknown-event check. */
export const CLIENT_EVENT_NAMES = [
  'command:send',
  'contest:resync',
  'clock:ping',
] as const satisfies readonly (keyof ClientToServerEvents)[];
