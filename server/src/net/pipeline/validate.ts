/**
 * Pipeline step 3, validate: each inbound event declares its payload schema; a payload that
 * does not match is refused with a typed error before any handler sees it.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import type { Ack } from '@leitai/shared';
import { compileValidator } from '../../validation.ts';
import type { LeitaiSocket } from '../socket-types.ts';

/** A declared inbound handler: validates the raw payload against its schema, then handles it. */
export type Handler = (socket: LeitaiSocket, raw: unknown) => Promise<Ack<object>> | Ack<object>;

export const handler = <S extends TSchema>(
  schema: S,
  handle: (socket: LeitaiSocket, payload: Static<S>) => Promise<Ack<object>> | Ack<object>,
): Handler => {
  const validate = compileValidator(schema);
  return (socket, raw) => {
    const checked = validate(raw);
    return checked.ok ? handle(socket, checked.value) : { ok: false, error: checked.error };
  };
};
