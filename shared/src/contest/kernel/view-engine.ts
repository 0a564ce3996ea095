/**
 * Applying view tables: the one place where an event or a state becomes what a role may see.
 * Deny by default: an event type with no entry, or a field with no entry, reaches nobody.
 */
import type { Actor } from './actor.ts';
import { receives, type EventViews, type Message, type Receivers, type StateViews } from './capability.ts';

/** What a role receives in place of an event it may not see: its position, nothing of it. */
export interface EventWithheld {
  type: 'EventWithheld';
  data: Record<string, never>;
}

/** The event as `viewer` may receive it, by `views`; withheld when the table names no entry or excludes the role. */
export function projectByTable<E extends Message>(
  views: EventViews<E> | undefined,
  event: E,
  viewer: Actor,
): E | EventWithheld {
  if (viewer.role === 'system') return event;
  const entry = views?.[event.type as E['type']] as { to: Receivers; redact?: (e: E, v: Actor) => E } | undefined;
  if (!entry || !receives(entry.to, viewer)) return { type: 'EventWithheld', data: {} };
  return entry.redact ? entry.redact(event, viewer) : event;
}

/**
 * `value` as `viewer` may see it, field by field by `table`: a field the viewer does not receive
 * takes its value in `initial()` (or is left out), a field the table does not name is dropped.
 * `state` is the whole state, for rules that need it. `value` may hold more fields than the
 * table names (the whole state, for one capability's slice): only the named ones are returned.
 */
export function projectFields<T extends object, S>(
  value: T,
  table: StateViews<T, S>,
  viewer: Actor,
  state: S,
  initial: () => T | undefined = () => undefined,
): T {
  if (viewer.role === 'system') return value;
  const out: Record<string, unknown> = {};
  const v = value as Record<string, unknown>;
  type Rule = Receivers | ((value: unknown, viewer: Actor, state: S) => unknown) | { fields: StateViews<object, S> };
  for (const [key, rule] of Object.entries(table) as [string, Rule][]) {
    const field = v[key];
    let shown: unknown;
    if (typeof rule === 'function') shown = rule(field, viewer, state);
    else if (rule === 'all' || Array.isArray(rule)) {
      shown = receives(rule as Receivers, viewer) ? field : (initial() as Record<string, unknown> | undefined)?.[key];
    } else if (field !== null && typeof field === 'object') {
      const nested = () => (initial() as Record<string, unknown> | undefined)?.[key] as object | undefined;
      shown = projectFields(field, (rule as { fields: StateViews<object, S> }).fields, viewer, state, nested);
    } else shown = field;
    if (shown !== undefined) out[key] = shown;
  }
  return out as T;
}
