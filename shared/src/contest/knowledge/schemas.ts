import { Type } from '@sinclair/typebox';
import { IdSchema as Id, commandSchema as cmd } from '../../protocol/command-schema.ts';

const strict = { additionalProperties: false } as const;
/** The longest play-along stream delay the host may set (a livestream runs 8–20 s behind). */
export const MAX_STREAM_DELAY_SECONDS = 60;
const Run = Type.Integer({ minimum: 1, maximum: 1_000_000 });
const Attempt = Type.Integer({ minimum: 1, maximum: 1000 });
/** A server-time instant in ms since the epoch. */
const Instant = Type.Number({ minimum: 0, maximum: 1e15 });
const OptionKey = Type.String({ pattern: '^([A-Z]|true|false)$' });

/** The knowledge commands a client may send (DecideBuzz, CloseBuzzer and TimeOutAnswer are the server's own). */
export const KNOWLEDGE_SCHEMAS = [
  cmd('PrepareQuestion', Type.Object({ segmentId: Id, questionId: Id, contestantId: Type.Optional(Id) }, strict)),
  cmd('ShowQuestion', Type.Object({ run: Run }, strict)),
  cmd('StartAnswerTimer', Type.Object({ run: Run }, strict)),
  cmd('StopAnswerTimer', Type.Object({ run: Run }, strict)),
  cmd('BeginMarking', Type.Object({ run: Run }, strict)),
  cmd('SubmitAnswer', Type.Object({ run: Run, choice: Type.Array(OptionKey, { minItems: 1, maxItems: 8 }) }, strict)),
  cmd(
    'MarkAnswer',
    Type.Object({ run: Run, result: Type.Union([Type.Literal('correct'), Type.Literal('wrong')]) }, strict),
  ),
  cmd('RevealAnswer', Type.Object({ run: Run }, strict)),
  cmd('FinishQuestion', Type.Object({ run: Run }, strict)),
  cmd('ArmBuzzer', Type.Object({ run: Run }, strict)),
  cmd('SettlePhotoFinish', Type.Object({ run: Run, attempt: Attempt, contestantId: Id }, strict)),
  cmd('Buzz', Type.Object({ run: Run, attempt: Attempt, pressedAt: Type.Union([Instant, Type.Null()]) }, strict)),
  cmd('SetStageSound', Type.Object({ muted: Type.Boolean() }, strict)),
  cmd(
    'SetStreamDelay',
    Type.Object({ seconds: Type.Integer({ minimum: 0, maximum: MAX_STREAM_DELAY_SECONDS }) }, strict),
  ),
  cmd('UndoScore', Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, strict)),
  cmd(
    'VoidQuestion',
    Type.Object(
      {
        run: Run,
        reason: Type.String({ minLength: 1, maxLength: 500 }),
        withoutReplacement: Type.Optional(Type.Boolean()),
      },
      strict,
    ),
  ),
] as const;
