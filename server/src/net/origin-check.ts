import type { IncomingMessage } from 'node:http';

/**
 * Decide whether a Socket.IO request may proceed, by its Origin header. Socket.IO answers
 * before Fastify's hooks run, so this check lives in `allowRequest`. A request without an
 * Origin (a native client, a test tool) is allowed; a browser request must come from the
 * same host it addresses, or from an origin configured in `extraOrigins`.
 */
export function isOriginAllowed(req: IncomingMessage, extraOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (extraOrigins.includes(origin)) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host !== '' && host === req.headers.host;
}
