/**
 * The listeners for the contest events and the acknowledgement (single, core and edge): unknown
 * events are refused, step 2 (rate-limit.ts) checks a payload's size and the socket's message
 * budget, then the declared handler (validate → decide → append, the port's `execute`) answers,
 * and its result is the acknowledgement.
 */
import { AUDIENCE_CLIENT_EVENT_NAMES, CLIENT_EVENT_NAMES, domainError, type Ack } from '@leitai/shared';
import { refuseMessage } from './rate-limit.ts';
import type { LeitaiSocket } from '../socket-types.ts';
import type { Handler } from './validate.ts';

// Audience events are handled by server/src/audience (attachAudience), on its own path.
const KNOWN_EVENTS = new Set<string>([...CLIENT_EVENT_NAMES, ...AUDIENCE_CLIENT_EVENT_NAMES]);

/** The listeners `serveClientEvents` attaches: built once per server, shared by every socket. */
export interface ClientEventListeners {
  onAny: (this: LeitaiSocket, event: string, ...args: unknown[]) => void;
  byName: [name: string, listener: (this: LeitaiSocket, payload: unknown, ack: unknown) => void][];
}

function refuseUnknown(this: LeitaiSocket, event: string, ...args: unknown[]): void {
  if (KNOWN_EVENTS.has(event)) return;
  const ack = args[args.length - 1];
  if (typeof ack === 'function') {
    (ack as (r: Ack<object>) => void)({
      ok: false,
      error: domainError('UNKNOWN_EVENT', `unknown event '${event.slice(0, 64)}'`),
    });
  }
}

/**
 * The listeners for the contest events, built once: an unknown event gets UNKNOWN_EVENT, a
 * message without an acknowledgement is dropped, then size, the socket's rate limit, and the
 * declared handler, whose result (or INTERNAL) is the acknowledgement. Each reads its socket
 * from `this` (Socket.IO calls listeners on the socket), so a connection costs no closures:
 * ~1 KB less per idle audience phone (B3).
 */
export function clientEventListeners(
  handlers: Record<(typeof CLIENT_EVENT_NAMES)[number], Handler>,
  now: () => number,
): ClientEventListeners {
  const byName = CLIENT_EVENT_NAMES.map((name): ClientEventListeners['byName'][number] => {
    const h = handlers[name];
    return [
      name,
      function (this: LeitaiSocket, payload: unknown, ack: unknown) {
        // An inbound message without an acknowledgement callback cannot be answered; drop it.
        if (typeof ack !== 'function') return;
        const reply = ack as (r: Ack<object>) => void;
        const refused = refuseMessage(this, payload, now());
        if (refused) return reply({ ok: false, error: refused });
        Promise.resolve(h(this, payload)).then(reply, () =>
          reply({ ok: false, error: domainError('INTERNAL', 'internal error') }),
        );
      },
    ];
  });
  return { onAny: refuseUnknown, byName };
}

/** Serve the contest events of one socket (the single/core gateway and the edge). */
export function serveClientEvents(socket: LeitaiSocket, listeners: ClientEventListeners): void {
  socket.onAny(listeners.onAny);
  for (const [name, listener] of listeners.byName) socket.on(name as never, listener as never);
}
