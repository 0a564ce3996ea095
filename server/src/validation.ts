import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { domainError, type DomainError } from '@leitai/shared';

/** A compiled TypeBox validator that reports the first few problems with their paths. */
export function compileValidator<T extends TSchema>(schema: T) {
  const check = TypeCompiler.Compile(schema);
  return (value: unknown): { ok: true; value: Static<T> } | { ok: false; error: DomainError } => {
    if (check.Check(value)) return { ok: true, value };
    const details: { path: string; message: string }[] = [];
    for (const e of check.Errors(value)) {
      details.push({ path: e.path || '/', message: e.message });
      if (details.length >= 5) break;
    }
    const first = details[0];
    return {
      ok: false,
      error: domainError('BAD_REQUEST', first ? `${first.path}: ${first.message}` : 'invalid payload', details),
    };
  };
}
