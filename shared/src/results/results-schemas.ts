/**
 * TypeBox schemas of the results payloads the server sends over HTTP (StageResults, the judges'
 * sheet, a contestant's score history). The TypeScript interfaces the code builds them with
 * stay where they are; each schema below is checked at compile time to describe exactly its
 * interface (`Same`), so neither can change without the other. `scripts/write-protocol-schemas.ts`
 * writes them as JSON Schema to docs/protocol-schemas/, and a unit test fails when those files
 * are stale.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { SOCKET_FRAME_SCHEMAS } from '../protocol/socket-frame-schemas.ts';
import type { AdvancementResult } from '../scoring/advancement.ts';
import type { JudgeSheetSegment, ScoreChange } from './judge-sheet.ts';
import type { PublicResults } from './public-results.ts';
import type { NightCorrectionLine } from './night-corrections.ts';
import type { CorrectionLine } from './score-corrections.ts';
import type { StageResults } from './stage-results.ts';

const strict = { additionalProperties: false } as const;
const Hundredths = Type.Integer({ description: 'hundredths of a point (12.34 points = 1234)' });
const Id = Type.String();
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const ScoredPartSchema = Type.Object(
  {
    partId: Id,
    name: Type.String(),
    segmentIds: Type.Array(Id),
    score: Hundredths,
    fullMarks: Hundredths,
    weight: Type.Integer({ description: 'hundredths of a percent (15% = 1500)' }),
    weighted: Type.Integer({ description: 'weight × score ÷ full marks, hundredths of a point, rounded for display' }),
  },
  strict,
);

const TopEntrySchema = Type.Object({ id: Id, rank: Type.Integer(), score: Hundredths }, strict);

const AdvancementEntrySchema = Type.Object(
  {
    id: Id,
    rank: Type.Integer(),
    total: Hundredths,
    tieBreak: Type.Optional(Type.Unsafe<readonly number[]>(Type.Array(Hundredths))),
    advances: Type.Boolean(),
  },
  strict,
);

export const AdvancementResultSchema = Type.Object(
  {
    groups: Type.Array(
      Type.Object(
        {
          groupId: Id,
          name: Type.String(),
          ranking: Type.Array(AdvancementEntrySchema),
          tie: Nullable(Type.Object({ rank: Type.Integer(), tiedIds: Type.Array(Id), seats: Type.Integer() }, strict)),
        },
        strict,
      ),
    ),
    advancerIds: Type.Array(Id),
    roster: Type.Array(Id),
  },
  { ...strict, description: 'Who advances from a stage, group by group, and the next stage’s roster' },
);

export const StageResultsSchema = Type.Object(
  {
    stageId: Id,
    stageName: Type.String(),
    segments: Type.Array(
      Type.Object(
        { id: Id, name: Type.String(), kind: Type.String(), fullMarks: Hundredths, weight: Hundredths },
        strict,
      ),
    ),
    parts: Type.Array(
      Type.Object(
        {
          id: Id,
          name: Type.String(),
          segmentIds: Type.Array(Id),
          basePoints: Hundredths,
          fullMarks: Hundredths,
          weight: Hundredths,
        },
        strict,
      ),
    ),
    rows: Type.Array(
      Type.Object(
        {
          id: Id,
          name: Type.String(),
          organisation: Type.String(),
          seat: Type.Integer(),
          segmentScores: Type.Record(Type.String(), Hundredths),
          parts: Type.Array(ScoredPartSchema),
          total: Hundredths,
          rank: Type.Integer(),
          tier: Nullable(Type.Object({ id: Id, name: Type.String() }, strict)),
          singleItems: Type.Array(Type.Object({ id: Id, name: Type.String() }, strict)),
        },
        strict,
      ),
    ),
    tiers: Type.Array(Type.Object({ id: Id, name: Type.String(), winnerIds: Type.Array(Id) }, strict)),
    singleItems: Type.Array(
      Type.Object(
        { id: Id, name: Type.String(), segmentId: Id, count: Type.Integer(), winners: Type.Array(TopEntrySchema) },
        strict,
      ),
    ),
    popularity: Nullable(
      Type.Object(
        {
          id: Type.Literal('popularity'),
          name: Type.String(),
          by: Type.Union([Type.Literal('cheers'), Type.Literal('likes')]),
          counts: Nullable(Type.Record(Type.String(), Type.Integer())),
          recordedAt: Nullable(Type.Number()),
          winners: Type.Array(Type.Object({ id: Id, count: Type.Integer() }, strict)),
        },
        strict,
      ),
    ),
    advancement: Nullable(AdvancementResultSchema),
  },
  { ...strict, description: 'One stage’s results: parts, totals, ranks, awards, advancement' },
);

const JudgeCellSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('score'),
      score: Hundredths,
      dropped: Type.Boolean(),
      criteria: Type.Optional(Type.Record(Type.String(), Hundredths)),
    },
    strict,
  ),
  Type.Object({ kind: Type.Literal('recused') }, strict),
  Type.Object({ kind: Type.Literal('missing') }, strict),
]);

export const JudgeSheetSegmentSchema = Type.Object(
  {
    segmentId: Id,
    name: Type.String(),
    judges: Type.Array(Type.Object({ id: Id, name: Type.String(), title: Type.Optional(Type.String()) }, strict)),
    criteria: Type.Array(Type.Object({ id: Id, name: Type.String() }, strict)),
    rows: Type.Array(
      Type.Object(
        {
          contestantId: Id,
          status: Type.Union([
            Type.Literal('none'),
            Type.Literal('open'),
            Type.Literal('locked'),
            Type.Literal('revealed'),
          ]),
          cells: Type.Record(Type.String(), JudgeCellSchema),
          trimmedMean: Nullable(Hundredths),
          corrections: Hundredths,
          score: Nullable(Hundredths),
        },
        strict,
      ),
    ),
  },
  { ...strict, description: 'A judged segment’s sheet: every judge’s mark, dropped ones marked' },
);

const RoleSchema = Type.Union([
  Type.Literal('host'),
  Type.Literal('judge'),
  Type.Literal('contestant'),
  Type.Literal('stage'),
  Type.Literal('overlay'),
  Type.Literal('audience'),
  Type.Literal('system'),
]);

export const ScoreChangeSchema = Type.Object(
  {
    version: Type.Integer(),
    at: Type.Number(),
    actor: Type.Object({ role: RoleSchema, subjectId: Type.Optional(Id) }, strict),
    eventType: Type.String(),
    segmentId: Id,
    before: Nullable(Hundredths),
    after: Nullable(Hundredths),
    reason: Type.Optional(Type.String()),
    correctionId: Type.Optional(Id),
    undoes: Type.Optional(Id),
  },
  { ...strict, description: 'One change to a contestant’s ledger entry, from the log' },
);

/** `GET /api/contests/:id/history/:contestantId`. */
export const ScoreHistorySchema = Type.Object(
  { contestantId: Id, changes: Type.Array(ScoreChangeSchema) },
  { ...strict, description: 'A contestant’s score history: every change to their ledger entries' },
);

export const CorrectionLineSchema = Type.Object(
  {
    version: Type.Integer(),
    at: Type.Number(),
    kind: Type.Union([
      Type.Literal('correction'),
      Type.Literal('undo'),
      Type.Literal('knowledge-undo'),
      Type.Literal('void'),
    ]),
    segmentId: Id,
    contestantId: Id,
    delta: Hundredths,
    before: Nullable(Hundredths),
    after: Nullable(Hundredths),
    reason: Type.String(),
    by: RoleSchema,
    correctionId: Type.Optional(Id),
    undoes: Type.Optional(Id),
  },
  { ...strict, description: 'One correction (or undo) of a score, with its reason, from the log' },
);

const NightCorrectionDetailSchema = Type.Union([
  Type.Object({ kind: Type.Literal('contestant-name'), from: Type.String(), to: Type.String() }, strict),
  Type.Object(
    { kind: Type.Literal('unit-name'), from: Type.String(), to: Type.String(), contestants: Type.Integer() },
    strict,
  ),
  Type.Object(
    { kind: Type.Literal('judge-seat'), from: Type.String(), to: Type.String(), newJudge: Type.Boolean() },
    strict,
  ),
  Type.Object(
    {
      kind: Type.Literal('segment-timer'),
      segment: Type.String(),
      setting: Type.Union([Type.Literal('answerSeconds'), Type.Literal('performanceSeconds')]),
      from: Nullable(Type.Integer()),
      to: Nullable(Type.Integer()),
    },
    strict,
  ),
  Type.Object(
    {
      kind: Type.Literal('void-question'),
      segment: Type.String(),
      number: Type.Integer(),
      contestant: Type.String(),
      reversed: Type.Integer(),
      replaced: Type.Boolean(),
    },
    strict,
  ),
]);

/** One correction made on the night (现场更正): a name, a voided question, a judge's seat, a timer. */
export const NightCorrectionLineSchema = Type.Object(
  {
    version: Type.Integer(),
    at: Type.Number(),
    kind: Type.Union([
      Type.Literal('contestant-name'),
      Type.Literal('unit-name'),
      Type.Literal('void-question'),
      Type.Literal('judge-seat'),
      Type.Literal('segment-timer'),
    ]),
    subject: Type.String(),
    change: Type.String(),
    reason: Type.String(),
    detail: NightCorrectionDetailSchema,
  },
  { ...strict, description: 'One correction made on the night (现场更正), named, with its reason, from the log' },
);

const NamesSchema = Type.Record(
  Type.String(),
  Type.Object({ name: Type.String(), organisation: Type.String(), seat: Type.Integer() }, strict),
);

/** `GET /api/public/:code/results`: the public results page. */
export const PublicResultsSchema = Type.Object(
  {
    contestId: Id,
    title: Type.String(),
    organiser: Nullable(Type.String()),
    stages: Type.Array(
      Type.Object(
        {
          stageId: Id,
          name: Type.String(),
          status: Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('finished')]),
          results: StageResultsSchema,
          judged: Type.Array(JudgeSheetSegmentSchema),
          corrections: Type.Array(CorrectionLineSchema),
          night: Type.Array(NightCorrectionLineSchema),
          awards: Type.Union([Type.Literal('all'), Type.Literal('partial'), Type.Literal('none')]),
        },
        strict,
      ),
    ),
    names: NamesSchema,
    log: Type.Object({ version: Type.Integer(), hash: Type.String({ pattern: '^[0-9a-f]{64}$' }) }, strict),
    generatedAt: Type.Number(),
  },
  { ...strict, description: 'The public results page: revealed marks, totals, corrections, awards, the log head' },
);

/** True only when A and B are the same type (each assignable to the other, no `any`). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(ok: Same<A, B>): Same<A, B> => ok;
// Compile-time: a schema that no longer matches its interface (or the reverse) fails `tsc -b`.
same<Static<typeof StageResultsSchema>, StageResults>(true);
same<Static<typeof AdvancementResultSchema>, AdvancementResult>(true);
same<Static<typeof JudgeSheetSegmentSchema>, JudgeSheetSegment>(true);
same<Static<typeof ScoreChangeSchema>, ScoreChange>(true);
same<Static<typeof CorrectionLineSchema>, CorrectionLine>(true);
same<Static<typeof NightCorrectionLineSchema>, NightCorrectionLine>(true);
same<Static<typeof PublicResultsSchema>, PublicResults>(true);

/** Every results payload schema, by the file name it is published under (docs/protocol-schemas/<name>.schema.json). */
export const RESULTS_PAYLOAD_SCHEMAS: Record<string, TSchema> = {
  StageResults: StageResultsSchema,
  AdvancementResult: AdvancementResultSchema,
  JudgeSheetSegment: JudgeSheetSegmentSchema,
  ScoreChange: ScoreChangeSchema,
  ScoreHistory: ScoreHistorySchema,
  CorrectionLine: CorrectionLineSchema,
  NightCorrectionLine: NightCorrectionLineSchema,
  PublicResults: PublicResultsSchema,
};

/** Every published payload schema: the results payloads and the small socket frames. */
export const PAYLOAD_SCHEMAS: Record<string, TSchema> = { ...RESULTS_PAYLOAD_SCHEMAS, ...SOCKET_FRAME_SCHEMAS };

/** The published JSON Schema of each payload (docs/protocol-schemas/<name>.schema.json): plain JSON. */
export function payloadJsonSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(PAYLOAD_SCHEMAS).map(([name, schema]) => [
      name,
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `https://leitai.invalid/protocol-schemas/${name}.schema.json`,
        title: name,
        ...(JSON.parse(JSON.stringify(schema)) as Record<string, unknown>),
      },
    ]),
  );
}
