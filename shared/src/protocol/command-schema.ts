import { Type, type TObject } from '@sinclair/typebox';

/** Identifier pattern shared by every id in commands (contestants, segments, questions…). */
export const IdSchema = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' });

/** The schema of one client command: `{ type: <literal>, data: <object> }`, nothing else. */
export const commandSchema = <T extends string, D extends TObject>(type: T, data: D) =>
  Type.Object({ type: Type.Literal(type), data }, { additionalProperties: false });
