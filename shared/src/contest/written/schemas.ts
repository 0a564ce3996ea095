import { Type } from '@sinclair/typebox';
import { IdSchema as Id, commandSchema as cmd } from '../../protocol/command-schema.ts';

const strict = { additionalProperties: false } as const;
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const paper = { segmentId: Id, takerId: Id, reason: Reason };

/** The written-test commands the host may send (RecordWrittenScores is the server's). */
export const WRITTEN_SCHEMAS = [
  cmd('OpenWrittenTest', Type.Object({ segmentId: Id }, strict)),
  cmd('CloseWrittenTest', Type.Object({ segmentId: Id }, strict)),
  cmd('ExtendTakerTime', Type.Object({ ...paper, seconds: Type.Integer({ minimum: 1, maximum: 86400 }) }, strict)),
  cmd('VoidPaper', Type.Object(paper, strict)),
  cmd('ReopenPaper', Type.Object(paper, strict)),
  cmd('ReleaseWrittenResults', Type.Object({ segmentId: Id, withKey: Type.Boolean() }, strict)),
] as const;
