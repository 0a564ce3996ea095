import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type ValueError } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { domainError, scoreNotNumberError, type DomainError } from '@leitai/shared';

/** Fields that carry a score: their errors are answered in the operator's terms (score-errors.ts). */
const SCORE_PATH = /\/data\/(score|delta|points|criteria\/[^/]+)$/;

/**
 * A union's error ("Expected union value") says nothing about what is wrong. When the value names
 * its member by a `type` literal (every command does), report that member's own errors instead.
 */
function specific(e: ValueError): { path: string; message: string }[] | null {
  const members = (e.schema as { anyOf?: TSchema[] }).anyOf;
  const value = e.value as { type?: unknown } | null;
  if (!members || typeof value !== 'object' || value === null || typeof value.type !== 'string') return null;
  const member = members.find(
    (m) => (m as { properties?: { type?: { const?: unknown } } }).properties?.type?.const === value.type,
  );
  if (!member) return null;
  return [...Value.Errors(member, value)].slice(0, 5).map((d) => ({ path: `${e.path}${d.path}`, message: d.message }));
}

/** A compiled TypeBox validator that reports the first few problems with their paths. */
export function compileValidator<T extends TSchema>(schema: T) {
  const check = TypeCompiler.Compile(schema);
  return (value: unknown): { ok: true; value: Static<T> } | { ok: false; error: DomainError } => {
    if (check.Check(value)) return { ok: true, value };
    let details: { path: string; message: string }[] = [];
    for (const e of check.Errors(value)) {
      const inner = details.length === 0 ? specific(e) : null;
      if (inner?.length) {
        details = inner;
        break;
      }
      details.push({ path: e.path || '/', message: e.message });
      if (details.length >= 5) break;
    }
    const first = details[0];
    if (first && SCORE_PATH.test(first.path)) return { ok: false, error: scoreNotNumberError(first.path) };
    return {
      ok: false,
      error: domainError('BAD_REQUEST', first ? `${first.path}: ${first.message}` : 'invalid payload', details),
    };
  };
}
