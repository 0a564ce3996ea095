/**
 * The written test's own Socket.IO namespace (`/written`), in one place: what a taker's page
 * sends and receives (docs/protocol-written.md). Takers never join the contest namespace: they
 * neither receive the contest state nor add to its broadcasts.
 */
import { Type, type Static } from '@sinclair/typebox';
import { IdSchema } from '../../protocol/command-schema.ts';
import type { Ack } from '../../protocol/ack.ts';
import type { WrittenStatus } from './types.ts';
import type { TakerQuestion } from './paper.ts';

export const WRITTEN_NAMESPACE = '/written';

const strict = { additionalProperties: false } as const;
const CommandId = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

/** Handshake `auth` of a taker's socket: the taker's seat token, and a device id stable per browser. */
export const TakerAuthSchema = Type.Object(
  {
    protocolVersion: Type.Integer(),
    token: Type.String({ minLength: 16, maxLength: 128 }),
    deviceId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  },
  strict,
);

/** Open (or resume, or take over) the paper; name and unit only for an open registration's first opening. */
export const PaperOpenSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    unit: Type.Optional(Type.String({ maxLength: 120 })),
  },
  strict,
);
export const PaperSaveSchema = Type.Object(
  {
    commandId: CommandId,
    questionId: IdSchema,
    choice: Type.Array(Type.String({ minLength: 1, maxLength: 16 }), { maxItems: 8 }),
  },
  strict,
);
export const PaperCommandIdSchema = Type.Object({ commandId: CommandId }, strict);

/** Open registration over HTTP (`POST /api/written/register`). */
export const TakerRegisterSchema = Type.Object(
  {
    joinCode: Type.String({ minLength: 4, maxLength: 16, pattern: '^[A-Za-z0-9]+$' }),
    segmentId: Type.Optional(IdSchema),
    name: Type.String({ minLength: 1, maxLength: 60 }),
    unit: Type.Optional(Type.String({ maxLength: 120 })),
  },
  strict,
);
export type TakerRegister = Static<typeof TakerRegisterSchema>;

/**
 * A roster taker's short typed code (besides the personal link): 8 characters of an alphabet
 * without 0/O and 1/I, printed as `ABCD-EFGH`. 32^8 ≈ 1.1 × 10^12 codes; wrong codes count
 * against the address like wrong join codes.
 */
export const TAKER_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const TAKER_CODE_LENGTH = 8;
/** As typed (any case, spaces or hyphens) → the stored form, or null when it cannot be a code. */
export function normalizeTakerCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/gu, '');
  if (code.length !== TAKER_CODE_LENGTH) return null;
  for (const ch of code) if (!TAKER_CODE_ALPHABET.includes(ch)) return null;
  return code;
}
/** The printed form: two groups of four. */
export const formatTakerCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;
/** `POST /api/written/code`: a taker's typed code. */
export const TakerCodeSchema = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }) }, strict);

/** The taker's own result, once released. */
export interface TakerResult {
  score: number;
  /** Hundredths the paper could earn. */
  maxScore: number;
  correct: number;
  questions: number;
  /** With a release `withKey`: the key per question (option keys). */
  key?: Record<string, string[]>;
}

/** Everything the taker's page shows: never the key before a release with it. */
export interface TakerPaperView {
  contestId: string;
  segmentId: string;
  takerId: string;
  title: string;
  segmentName: string;
  name: string;
  testStatus: WrittenStatus;
  paperStatus: 'not-started' | 'writing' | 'submitted' | 'void';
  /** Server time this taker's time runs out (null: not yet known). */
  deadline: number | null;
  questions: TakerQuestion[];
  answers: Record<string, string[]>;
  focusLosses: number;
  focusLossLimit: number | null;
  /** Stream version of the paper (0 before it is opened). */
  version: number;
  result: TakerResult | null;
}

export interface TakerWelcome {
  protocolVersion: number;
  contestId: string;
  segmentId: string;
  takerId: string;
  serverTime: number;
}

export interface WrittenClientToServerEvents {
  'paper:open': (payload: Static<typeof PaperOpenSchema>, ack: (r: Ack<{ paper: TakerPaperView }>) => void) => void;
  'paper:save': (payload: Static<typeof PaperSaveSchema>, ack: (r: Ack<{ version: number }>) => void) => void;
  'paper:focus': (payload: Static<typeof PaperCommandIdSchema>, ack: (r: Ack<{ version: number }>) => void) => void;
  'paper:submit': (payload: Static<typeof PaperCommandIdSchema>, ack: (r: Ack<{ version: number }>) => void) => void;
  'clock:ping': (payload: { t0: number }, ack: (r: Ack<{ t0: number; serverTime: number }>) => void) => void;
}

export interface WrittenServerToClientEvents {
  'paper:welcome': (welcome: TakerWelcome) => void;
  /** The whole view again whenever the paper or the test changed (small: one taker's paper). */
  'paper:state': (paper: TakerPaperView) => void;
  /** Another device opened this paper: this one stops writing. */
  'paper:notice': (notice: { kind: 'taken-over' }) => void;
}

export const WRITTEN_CLIENT_EVENT_NAMES = [
  'paper:open',
  'paper:save',
  'paper:focus',
  'paper:submit',
  'clock:ping',
] as const satisfies readonly (keyof WrittenClientToServerEvents)[];

/** The proctor's counts of one written segment, to the host room at most once a second (`written:proctor`). */
export interface ProctorSummary {
  contestId: string;
  segmentId: string;
  status: WrittenStatus;
  takers: number;
  notStarted: number;
  writing: number;
  submitted: number;
  void: number;
  /** Answer saves acknowledged since the server started. */
  saves: number;
  at: number;
}
