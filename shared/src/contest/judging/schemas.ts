import { Type } from '@sinclair/typebox';
import { IdSchema as Id, commandSchema as cmd } from '../../protocol/command-schema.ts';

/**
 * A score in hundredths. Its range (the segment's full marks) and its wholeness (two decimals)
 * are checked by decide, which answers in points and the operator's language: a schema's
 * "Expected integer" about hundredths would mean nothing to a judge.
 */
const Hundredths = Type.Number();
/** A signed ledger value or change in hundredths (range checked by decide, as above). */
const SignedHundredths = Type.Number();
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const strict = { additionalProperties: false } as const;

/** The judging commands a client may send. */
export const JUDGING_SCHEMAS = [
  cmd(
    'StartPerformance',
    Type.Object({ segmentId: Id, contestantId: Id, timed: Type.Optional(Type.Boolean()) }, strict),
  ),
  cmd(
    'SubmitJudgeScore',
    Type.Object(
      {
        segmentId: Id,
        contestantId: Id,
        score: Type.Optional(Hundredths),
        criteria: Type.Optional(
          Type.Record(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' }), Hundredths, { maxProperties: 20 }),
        ),
      },
      strict,
    ),
  ),
  cmd('SetRecusal', Type.Object({ segmentId: Id, contestantId: Id, judgeId: Id, recused: Type.Boolean() }, strict)),
  cmd('LockJudging', Type.Object({ segmentId: Id, contestantId: Id }, strict)),
  cmd('RevealScores', Type.Object({ segmentId: Id, contestantId: Id }, strict)),
  cmd(
    'SetJudgeCaption',
    Type.Object(
      {
        segmentId: Id,
        contestantId: Id,
        judgeId: Type.Union([Id, Type.Null()]),
        text: Type.Union([Type.String({ maxLength: 300 }), Type.Null()]),
      },
      strict,
    ),
  ),
  cmd(
    'CorrectScore',
    Type.Object(
      {
        segmentId: Id,
        contestantId: Id,
        score: Type.Optional(SignedHundredths),
        delta: Type.Optional(SignedHundredths),
        reason: Reason,
      },
      strict,
    ),
  ),
  cmd('UndoCorrection', Type.Object({ correctionId: Id, reason: Reason }, strict)),
  cmd(
    'ReplaceJudgeSeat',
    Type.Object(
      {
        judgeId: Id,
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        title: Type.Optional(Type.String({ maxLength: 200 })),
        reason: Reason,
      },
      strict,
    ),
  ),
  cmd('SetCeremonyStep', Type.Object({ step: Type.Integer({ minimum: 0, maximum: 1000 }) }, strict)),
] as const;
