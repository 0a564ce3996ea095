/**
 * The contest file: one JSON document that describes a whole contest (people, questions,
 * stages, segments, scoring settings, awards). The TypeBox schema below is the single
 * source of the TypeScript types, the runtime shape check, and the published JSON Schema
 * (`docs/contest-file.schema.json`, written by `scripts/write-schema.ts`).
 *
 * Points in the file are decimal numbers with at most two decimals; the domain converts
 * them to integer hundredths (see `scoring/hundredths.ts`) before any arithmetic.
 * The two-decimal rule is checked by `validateContestFile`, not by a `multipleOf: 0.01`
 * keyword: binary floats make `15 % 0.01 !== 0`, so TypeBox, Ajv and most JSON Schema
 * validators would reject ordinary values such as 15 or 0.3.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Current version of the contest file format. */
export const CONTEST_FILE_FORMAT = 1;

const Id = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
  description: 'Identifier: letters, digits, "_" and "-", 1-64 characters',
});
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Text = Type.String({ minLength: 1, maxLength: 4000 });
const TWO_DECIMALS = 'at most two decimals';
/** A point value with at most two decimals. */
const Points = Type.Number({ minimum: -100000, maximum: 100000, description: `Points, ${TWO_DECIMALS}` });
const PositivePoints = Type.Number({
  exclusiveMinimum: 0,
  maximum: 100000,
  description: `Points greater than 0, ${TWO_DECIMALS}`,
});
const Seconds = Type.Integer({ minimum: 1, maximum: 86400 });

export const ContestantSchema = Type.Object(
  {
    id: Id,
    name: Name,
    organisation: Name,
    group: Type.Optional(Type.String({ maxLength: 200, description: 'Liaison group or unit label' })),
    mentor: Type.Optional(Type.String({ maxLength: 200 })),
    photo: Type.Optional(Type.String({ maxLength: 2000, description: 'Image URL or data: URI' })),
    seat: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  },
  { additionalProperties: false },
);

export const JudgeSchema = Type.Object(
  {
    id: Id,
    name: Name,
    title: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const QuestionKindSchema = Type.Union([
  Type.Literal('single'),
  Type.Literal('multiple'),
  Type.Literal('truefalse'),
  Type.Literal('open'),
]);

export const QuestionSchema = Type.Object(
  {
    id: Id,
    kind: QuestionKindSchema,
    text: Text,
    /** Choice options (single/multiple); true/false questions use the implicit keys "true" and "false". */
    options: Type.Optional(
      Type.Array(
        Type.Object({ key: Type.String({ pattern: '^[A-Z]$' }), text: Text }, { additionalProperties: false }),
        {
          minItems: 2,
          maxItems: 8,
        },
      ),
    ),
    /** Correct option keys (single: one; multiple: one or more; truefalse: ["true"] or ["false"]). Empty for open questions. */
    answer: Type.Array(Type.String({ maxLength: 16 }), { maxItems: 8 }),
    /** Reference answer shown to the host (required for open questions). */
    reference: Type.Optional(Type.String({ maxLength: 4000 })),
    explanation: Type.Optional(Type.String({ maxLength: 4000 })),
    category: Type.Optional(Type.String({ maxLength: 100 })),
    /**
     * Authoring fields from a question bank (题库): carried with the question, shown to the host and
     * kept by export. The rounds score and time by their segment's settings.
     */
    points: Type.Optional(PositivePoints),
    seconds: Type.Optional(Seconds),
    /** 1 易, 2 较易, 3 中等, 4 较难, 5 难. */
    difficulty: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: '1 (easy) to 5 (hard)' })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const TrimRuleSchema = Type.Object(
  {
    /** How many of the highest and how many of the lowest scores to drop. */
    drop: Type.Integer({ minimum: 0, maximum: 10 }),
    /** Drop only when at least this many scores were given. */
    minScores: Type.Integer({ minimum: 1, maximum: 100 }),
  },
  { additionalProperties: false },
);

export const CriterionSchema = Type.Object(
  { id: Id, name: Name, max: PositivePoints },
  { additionalProperties: false },
);

const SegmentCommon = {
  id: Id,
  name: Name,
  /** Full marks of this segment, in points. */
  fullMarks: PositivePoints,
  /** Weight in the stage total, in percent; the weights of a stage sum to 100. */
  weight: Type.Number({ minimum: 0, maximum: 100, description: `Percent, ${TWO_DECIMALS}` }),
  /** Scored part this segment feeds (e.g. 比知识 = required + buzzer); see Stage.parts. */
  part: Type.Optional(Id),
};

export const RequiredSettingsSchema = Type.Object(
  {
    pointsCorrect: Type.Optional(Points),
    pointsWrong: Type.Optional(Points),
    pointsTimeout: Type.Optional(Points),
    answerSeconds: Type.Optional(Seconds),
    questionsPerContestant: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    /** While the host marks an answer given aloud, the answer timer pauses ("pause", default) or keeps running and may time the answer out ("run"). */
    whileMarking: Type.Optional(Type.Union([Type.Literal('pause'), Type.Literal('run')])),
  },
  { additionalProperties: false },
);

export const BuzzerSettingsSchema = Type.Object(
  {
    pointsCorrect: Type.Optional(Points),
    pointsWrong: Type.Optional(Points),
    /** Points taken for a false start (positive number; 0 = lock-out only). */
    falseStartPenalty: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100000, description: `Points, ${TWO_DECIMALS}` }),
    ),
    answerSeconds: Type.Optional(Seconds),
    /** How long the buzzer stays open before the question closes with no score. */
    buzzSeconds: Type.Optional(Seconds),
    /** How far ahead the server schedules the open instant, in ms. */
    openDelayMs: Type.Optional(Type.Integer({ minimum: 50, maximum: 5000 })),
    /**
     * What settles a photo finish (two leading presses closer than their timestamp bounds
     * together): `earlier` — the earlier estimate wins (default); `host` — the host chooses the
     * winner; `rebuzz` — the buzzer is armed again for the same question. Each is recorded.
     */
    photoFinish: Type.Optional(
      Type.Union([Type.Literal('earlier'), Type.Literal('host'), Type.Literal('rebuzz')], {
        description:
          'What settles a photo finish: earlier (the earlier estimate wins, default), host (the host chooses), rebuzz (the buzzer is armed again)',
      }),
    ),
    /** While the host marks an answer given aloud, the answer timer pauses ("pause", default) or keeps running and may time the answer out ("run"). */
    whileMarking: Type.Optional(Type.Union([Type.Literal('pause'), Type.Literal('run')])),
  },
  { additionalProperties: false },
);

export const JudgedSettingsSchema = Type.Object(
  {
    criteria: Type.Optional(Type.Array(CriterionSchema, { minItems: 1, maxItems: 20 })),
    trim: Type.Optional(TrimRuleSchema),
    performanceSeconds: Type.Optional(Seconds),
    warningSeconds: Type.Optional(Seconds),
  },
  { additionalProperties: false },
);

/** Draw this many questions of the segment's list that carry this category (all when omitted). */
export const WrittenDrawSchema = Type.Object(
  {
    category: Type.Optional(Type.String({ maxLength: 100 })),
    count: Type.Integer({ minimum: 1, maximum: 2000 }),
  },
  { additionalProperties: false },
);

export const WrittenSettingsSchema = Type.Object(
  {
    /** Time to write: per taker from first opening ("perTaker"), or one window for everyone ("window"). */
    durationSeconds: Type.Optional(Seconds),
    timing: Type.Optional(Type.Union([Type.Literal('perTaker'), Type.Literal('window')])),
    pointsPerQuestion: Type.Optional(PositivePoints),
    /** Who takes it: the stage's contestants by personal links ("roster"), or anyone with the join code and a name form ("open"). */
    entry: Type.Optional(Type.Union([Type.Literal('roster'), Type.Literal('open')])),
    /** Shuffle question order / option order per taker (a per-taker seed recorded in the log). */
    shuffleQuestions: Type.Optional(Type.Boolean()),
    shuffleOptions: Type.Optional(Type.Boolean()),
    /** Draw N questions per category instead of giving every question of the segment. */
    draw: Type.Optional(Type.Array(WrittenDrawSchema, { minItems: 1, maxItems: 50 })),
    /** Multiple choice: percent of the points for a correct subset without a wrong option (default 50; 0 = all or nothing). */
    partialPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    /** Leaving the page this many times submits the paper (omitted: counted only). */
    focusLossLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

/** How a knowledge segment's questions were drawn from the bank (recorded so the draw can be repeated). */
export const QuestionDrawRuleSchema = Type.Object(
  {
    /** Only questions carrying this tag (知识点/标签); any when omitted. */
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    /** Only questions of this difficulty (1 易 … 5 难); any when omitted. */
    difficulty: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    count: Type.Integer({ minimum: 1, maximum: 2000 }),
  },
  { additionalProperties: false },
);

export const QuestionDrawSchema = Type.Object(
  {
    /** The seed the draw used: the same bank, rules and seed give the same questions. */
    seed: Type.String({ minLength: 1, maxLength: 100 }),
    rules: Type.Array(QuestionDrawRuleSchema, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);

/** Fields that knowledge segments (required, buzzer) share beyond their question list. */
const KnowledgeSegmentCommon = {
  /** 备用题: asked only to replace a question voided on the night, in this order. */
  reserveQuestionIds: Type.Optional(Type.Array(Id, { maxItems: 200 })),
  /** Recorded when questionIds were drawn from the bank per tag/difficulty. */
  questionDraw: Type.Optional(QuestionDrawSchema),
};

export const SegmentSchema = Type.Union([
  Type.Object(
    {
      ...SegmentCommon,
      kind: Type.Literal('required'),
      questionIds: Type.Array(Id, { maxItems: 2000 }),
      settings: Type.Optional(RequiredSettingsSchema),
      ...KnowledgeSegmentCommon,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      ...SegmentCommon,
      kind: Type.Literal('buzzer'),
      questionIds: Type.Array(Id, { maxItems: 2000 }),
      settings: Type.Optional(BuzzerSettingsSchema),
      ...KnowledgeSegmentCommon,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      ...SegmentCommon,
      kind: Type.Literal('judged'),
      /** Judges on this segment's panel; default: all judges of the contest. */
      judgeIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
      settings: Type.Optional(JudgedSettingsSchema),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      ...SegmentCommon,
      kind: Type.Literal('written'),
      questionIds: Type.Array(Id, { maxItems: 2000 }),
      settings: Type.Optional(WrittenSettingsSchema),
    },
    { additionalProperties: false },
  ),
]);

export const PartSchema = Type.Object(
  {
    id: Id,
    name: Name,
    /** Points every contestant starts the part with (a common custom is 100). */
    basePoints: Type.Optional(Type.Number({ minimum: 0, maximum: 100000, description: `Points, ${TWO_DECIMALS}` })),
  },
  { additionalProperties: false },
);

export const GroupSchema = Type.Object(
  { id: Id, name: Name, contestantIds: Type.Array(Id, { maxItems: 10000 }) },
  { additionalProperties: false },
);

export const AdvancementSchema = Type.Object(
  {
    /** The top N of each group advance. */
    perGroup: Type.Integer({ minimum: 1, maximum: 10000 }),
    /** Rank by these segments' weighted sum instead of the full stage total. */
    bySegmentIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 50 })),
    /** Stage the advancing contestants enter. */
    toStageId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const StageSchema = Type.Object(
  {
    id: Id,
    name: Name,
    groups: Type.Array(GroupSchema, { minItems: 1, maxItems: 500 }),
    parts: Type.Optional(Type.Array(PartSchema, { maxItems: 20 })),
    segments: Type.Array(SegmentSchema, { minItems: 1, maxItems: 50 }),
    /** Segment ids compared in order to break a tie in the total (the heavier first). */
    tieBreaks: Type.Optional(Type.Array(Id, { maxItems: 50 })),
    advancement: Type.Optional(AdvancementSchema),
    /** Contestants who enter this stage directly, skipping earlier ones. */
    seededContestantIds: Type.Optional(Type.Array(Id, { maxItems: 10000 })),
  },
  { additionalProperties: false },
);

export const AwardTierSchema = Type.Object(
  {
    id: Id,
    name: Name,
    /** How many ranks receive it; omitted on the last tier = everyone remaining. */
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  },
  { additionalProperties: false },
);

export const SingleItemAwardSchema = Type.Object(
  {
    id: Id,
    name: Name,
    segmentId: Id,
    /** How many best places receive it (e.g. 10 for "ten best lectures"); default 1. Ties at the last place all receive it. */
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const AwardsSchema = Type.Object(
  {
    tiers: Type.Array(AwardTierSchema, { maxItems: 20 }),
    singleItem: Type.Optional(Type.Array(SingleItemAwardSchema, { maxItems: 50 })),
    popularity: Type.Optional(
      Type.Object(
        {
          name: Name,
          by: Type.Union([Type.Literal('cheers'), Type.Literal('likes')], {
            description:
              "cheers: each phone's one cheer per stage, weighed; likes: the likes of each contestant's turn (while current), at most 500 per address counted and weighed by device age, platform likes as they are",
          }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const CommentModeSchema = Type.Union([Type.Literal('auto'), Type.Literal('review'), Type.Literal('closed')]);

export const ContestFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    format: Type.Literal(CONTEST_FILE_FORMAT),
    title: Name,
    subtitle: Type.Optional(Type.String({ maxLength: 200 })),
    organiser: Type.Optional(Type.String({ maxLength: 200 })),
    locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
    contestants: Type.Array(ContestantSchema, { minItems: 1, maxItems: 10000 }),
    judges: Type.Array(JudgeSchema, { maxItems: 100 }),
    questions: Type.Array(QuestionSchema, { maxItems: 10000 }),
    stages: Type.Array(StageSchema, { minItems: 1, maxItems: 10 }),
    awards: Type.Optional(AwardsSchema),
    audience: Type.Optional(
      Type.Object({ commentMode: Type.Optional(CommentModeSchema) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false, $id: 'https://leitai.invalid/contest-file.schema.json', title: 'Leitai contest file' },
);

export type ContestFile = Static<typeof ContestFileSchema>;
export type Contestant = Static<typeof ContestantSchema>;
export type Judge = Static<typeof JudgeSchema>;
export type Question = Static<typeof QuestionSchema>;
export type QuestionKind = Static<typeof QuestionKindSchema>;
export type Segment = Static<typeof SegmentSchema>;
export type SegmentKind = Segment['kind'];
export type Part = Static<typeof PartSchema>;
export type Group = Static<typeof GroupSchema>;
export type Stage = Static<typeof StageSchema>;
export type Awards = Static<typeof AwardsSchema>;
export type TrimRule = Static<typeof TrimRuleSchema>;
export type Criterion = Static<typeof CriterionSchema>;
export type CommentMode = Static<typeof CommentModeSchema>;
export type RequiredSettings = Static<typeof RequiredSettingsSchema>;
export type BuzzerSettings = Static<typeof BuzzerSettingsSchema>;
export type JudgedSettings = Static<typeof JudgedSettingsSchema>;
export type WrittenSettings = Static<typeof WrittenSettingsSchema>;
export type WrittenDraw = Static<typeof WrittenDrawSchema>;

/** JSON Schema dialect of the published schema. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** The published JSON Schema of the contest file (`docs/contest-file.schema.json`): plain JSON, no TypeBox symbols. */
export function contestFileJsonSchema(): Record<string, unknown> {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    ...(JSON.parse(JSON.stringify(ContestFileSchema)) as Record<string, unknown>),
  };
}
