/**
 * Helpers of the chaos/security suite (tests/integration/chaos-*.int.spec.ts): schema-driven
 * payloads, the list of HTTP routes a server registered, the long-variant switch, and waiting.
 */
import type { FastifyInstance } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { ClientCommandSchema, type ClientCommand, type ContestState, sleep } from '@leitai/shared';
import { waitFor } from './harness.ts';

/** `npm run chaos` sets LEITAI_CHAOS_LONG=1: the specs scale rounds and iterations up by this factor. */
export const CHAOS_LONG = process.env.LEITAI_CHAOS_LONG === '1';
export const chaosScale = (fast: number, long: number): number => (CHAOS_LONG ? long : fast);

export { sleep };

/** Every client command's schema: the members of the ClientCommandSchema union, whatever modules add. */
export function clientCommandSchemas(): { type: string; schema: TSchema }[] {
  return (ClientCommandSchema.anyOf as TSchema[]).map((schema) => {
    const props = (schema as { properties?: { type?: { const?: unknown } } }).properties;
    const type = props?.type?.const;
    if (typeof type !== 'string') throw new Error('a client command schema without a literal type');
    return { type, schema };
  });
}

/** Real ids of a contest, used to fill id fields by their name. */
export interface IdHints {
  stageId: string;
  segmentId: string;
  contestantId: string;
  judgeId: string;
  questionId?: string;
}

export function idHints(state: ContestState): IdHints {
  const q = state.definition.questions[0];
  return {
    stageId: state.definition.stages[0]?.id ?? 'final',
    segmentId: state.definition.stages[0]?.segments[0]?.id ?? 'x',
    contestantId: state.definition.contestants[0]?.id ?? 'c01',
    judgeId: state.definition.judges[0]?.id ?? 'j1',
    ...(q ? { questionId: q.id } : {}),
  };
}

type J = {
  const?: unknown;
  anyOf?: J[];
  type?: string;
  properties?: Record<string, J>;
  required?: string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minItems?: number;
  items?: J;
  enum?: unknown[];
};

const STRING_CANDIDATES = ['x1', 'A', 'true', 'abc12345', 'reason text'];

/**
 * A value valid against a (TypeBox / JSON) schema, with id-like fields filled from `hints` by
 * name (`segmentId` → a real segment…). Generic over the schema, so commands added by other
 * modules are covered without a hand list. Throws for a shape it cannot build.
 */
export function valueFor(schema: TSchema, hints: IdHints, key = ''): unknown {
  const s = schema as J;
  if ('const' in s) return s.const;
  if (s.enum) return s.enum[0];
  if (s.anyOf) {
    const nonNull = s.anyOf.find((m) => m.type !== 'null') ?? s.anyOf[0];
    return valueFor(nonNull as TSchema, hints, key);
  }
  switch (s.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of s.required ?? []) {
        const prop = s.properties?.[name];
        if (prop) out[name] = valueFor(prop as TSchema, hints, name);
      }
      return out;
    }
    case 'string': {
      const hinted = (hints as unknown as Record<string, string | undefined>)[key];
      const re = s.pattern ? new RegExp(s.pattern, 'u') : null;
      const fits = (v: string) =>
        (!re || re.test(v)) && v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity);
      const candidates = [...(hinted ? [hinted] : []), ...STRING_CANDIDATES];
      const found = candidates.find(fits) ?? 'x'.repeat(Math.max(1, s.minLength ?? 1));
      if (!fits(found)) throw new Error(`cannot build a string for '${key}' (${s.pattern ?? ''})`);
      return found;
    }
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
      return Math.min(Math.max(min, 1), s.maximum ?? Number.MAX_SAFE_INTEGER);
    }
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array': {
      const n = s.minItems ?? 0;
      return Array.from({ length: n }, () => valueFor((s.items ?? {}) as TSchema, hints, key));
    }
    default:
      throw new Error(`cannot build a value for '${key}' of schema type ${String(s.type)}`);
  }
}

/** A schema-valid client command of each type; judge/contestant ids are the actor's own when given. */
export function commandFor(
  schema: TSchema,
  hints: IdHints,
  self?: { role: string; subjectId?: string },
): ClientCommand {
  const own: IdHints =
    self?.role === 'judge' && self.subjectId
      ? { ...hints, judgeId: self.subjectId }
      : self?.role === 'contestant' && self.subjectId
        ? { ...hints, contestantId: self.subjectId }
        : hints;
  return valueFor(schema, own) as ClientCommand;
}

/** Every (method, url) route the server registered, from fastify's printRoutes tree. */
export function listRoutes(app: FastifyInstance): { method: string; url: string }[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const routes: { method: string; url: string }[] = [];
  const stack: { depth: number; path: string }[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)\s*$/u.exec(line) ?? /^([│ ]*)[├└]── (\S+)\s*$/u.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const path = (stack[stack.length - 1]?.path ?? '') + m[2]!;
    stack.push({ depth, path });
    for (const method of (m[3] ?? '').split(',').map((x) => x.trim())) {
      if (method && method !== 'HEAD') routes.push({ method, url: path });
    }
  }
  return routes;
}

/** Fill `:param` segments of a route with the given values (default: the same value for all). */
export function fillRoute(url: string, value: (param: string) => string): string {
  return url.replace(/:([A-Za-z]+)/g, (_, p: string) => encodeURIComponent(value(p)));
}

/** Wait until `check` holds, polling every 10 ms, or throw with `what` (harness.ts `waitFor`). */
export const waitUntil = (check: () => boolean, timeoutMs: number, what: string): Promise<void> =>
  waitFor(what, check, timeoutMs, 10);
