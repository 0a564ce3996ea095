/**
 * TypeBox schemas of the small socket frames the server sends (the welcome, the link probe and
 * its expected answer, the host's link and cluster status). Each is checked at compile time to
 * be exactly the TypeScript type in protocol.ts; docs/protocol-schemas/ holds their JSON Schema
 * (scripts/write-protocol-schemas.ts). The contest's own frames (`contest:snapshot`,
 * `contest:events`) carry the domain's state and events, described in prose per module.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { ClockProbe, ClockProbeAck, ClusterStatusFrame, LinkStatus, Welcome } from './protocol.ts';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const WelcomeSchema = Type.Object(
  {
    protocolVersion: Type.Integer(),
    role: Type.Union([
      Type.Literal('host'),
      Type.Literal('judge'),
      Type.Literal('contestant'),
      Type.Literal('stage'),
      Type.Literal('overlay'),
      Type.Literal('audience'),
      Type.Literal('system'),
    ]),
    subjectId: Type.Optional(Type.String()),
    contestId: Type.String(),
    deviceId: Type.String(),
    serverTime: Type.Number(),
  },
  { ...strict, description: '`session:welcome`: sent once after the handshake succeeds' },
);

export const ClockProbeSchema = Type.Object(
  { serverTime: Type.Number() },
  { ...strict, description: '`clock:probe` (server → contestant phone, with ack)' },
);

export const ClockProbeAckSchema = Type.Object(
  {
    synced: Type.Boolean(),
    errorMs: Nullable(Type.Number()),
    uncertaintyMs: Type.Optional(Nullable(Type.Number())),
  },
  { ...strict, description: 'What a phone answers to `clock:probe`: its clock sync’s health' },
);

const LinkStatusSchema = Type.Object(
  {
    contestantId: Type.String(),
    device: Type.String(),
    rttMs: Nullable(Type.Number()),
    windowMs: Nullable(Type.Number()),
    clockErrorMs: Nullable(Type.Number()),
    synced: Type.Boolean(),
  },
  strict,
);

export const LinkStatusFrameSchema = Type.Object(
  { links: Type.Array(LinkStatusSchema) },
  { ...strict, description: '`link:status` (to the host room): every contestant phone’s measured link' },
);

export const ClusterStatusFrameSchema = Type.Object(
  {
    role: Type.Literal('core'),
    redisUp: Type.Boolean(),
    redisOutages: Type.Integer(),
    edges: Type.Array(
      Type.Object(
        {
          edgeId: Type.String(),
          sockets: Type.Integer(),
          redisUp: Type.Boolean(),
          rttMs: Type.Number(),
          queued: Type.Integer(),
          lastSeenMs: Type.Number(),
        },
        strict,
      ),
    ),
    coreSockets: Type.Integer(),
    at: Type.Number(),
  },
  { ...strict, description: '`cluster:status` (to the host room, scaled-out mode)' },
);

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(ok: Same<A, B>): Same<A, B> => ok;
same<Static<typeof WelcomeSchema>, Welcome>(true);
same<Static<typeof ClockProbeSchema>, ClockProbe>(true);
same<Static<typeof ClockProbeAckSchema>, ClockProbeAck>(true);
same<Static<typeof LinkStatusFrameSchema>, { links: LinkStatus[] }>(true);
same<Static<typeof ClusterStatusFrameSchema>, ClusterStatusFrame>(true);

/** Socket frame schemas by published name. */
export const SOCKET_FRAME_SCHEMAS: Record<string, TSchema> = {
  Welcome: WelcomeSchema,
  ClockProbe: ClockProbeSchema,
  ClockProbeAck: ClockProbeAckSchema,
  LinkStatusFrame: LinkStatusFrameSchema,
  ClusterStatusFrame: ClusterStatusFrameSchema,
};
