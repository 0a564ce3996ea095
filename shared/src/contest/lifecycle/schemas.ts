import { Type } from '@sinclair/typebox';
import { IdSchema as Id, commandSchema as cmd } from '../../protocol/command-schema.ts';

const strict = { additionalProperties: false } as const;
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const Name = Type.String({ minLength: 1, maxLength: 200 });

/** The lifecycle commands a client (the host) may send; `scenes`: every scene of the contest's capabilities. */
export const lifecycleSchemas = <Sc extends string>(scenes: readonly Sc[]) =>
  [
    cmd('StartStage', Type.Object({ stageId: Id }, strict)),
    cmd('FinishStage', Type.Object({ stageId: Id }, strict)),
    cmd('StartSegment', Type.Object({ segmentId: Id }, strict)),
    cmd('FinishSegment', Type.Object({ segmentId: Id }, strict)),
    cmd('SetCurrentContestant', Type.Object({ contestantId: Type.Union([Id, Type.Null()]) }, strict)),
    cmd('ChooseScene', Type.Object({ scene: Type.Union(scenes.map((s) => Type.Literal(s))) }, strict)),
    cmd('CorrectContestantName', Type.Object({ contestantId: Id, name: Name, reason: Reason }, strict)),
    cmd('CorrectUnitName', Type.Object({ from: Name, to: Name, reason: Reason }, strict)),
    cmd(
      'ChangeSegmentTimer',
      Type.Object({ segmentId: Id, seconds: Type.Integer({ minimum: 1, maximum: 86400 }), reason: Reason }, strict),
    ),
  ] as const;
