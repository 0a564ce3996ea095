import { Type } from '@sinclair/typebox';
import { IdSchema as Id, commandSchema as cmd } from '../../protocol/command-schema.ts';

const Reason = Type.String({ minLength: 1, maxLength: 500 });
const Ids = Type.Array(Id, { maxItems: 1000 });
const strict = { additionalProperties: false } as const;

/** The advancement commands a client (the host) may send. */
export const ADVANCEMENT_SCHEMAS = [
  cmd(
    'ConfirmAdvancement',
    Type.Object(
      {
        fromStageId: Id,
        resolutions: Type.Optional(
          Type.Array(Type.Object({ groupId: Id, advance: Type.Union([Type.Literal('all'), Ids]) }, strict), {
            maxItems: 500,
          }),
        ),
        reason: Type.Optional(Reason),
      },
      strict,
    ),
  ),
  cmd(
    'CorrectRoster',
    Type.Object(
      {
        stageId: Id,
        remove: Type.Optional(Ids),
        add: Type.Optional(Ids),
        groupId: Type.Optional(Id),
        reason: Reason,
      },
      strict,
    ),
  ),
] as const;
