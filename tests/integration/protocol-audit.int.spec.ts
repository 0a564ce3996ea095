/**
 * The protocol docs name everything the server answers: every HTTP route Fastify registers in
 * every kind of process (a serving core with a standby and Redis, an edge, a warm standby), every
 * socket event the server handles or sends (the inbound tables of the contest, audience and
 * written protocols, the events the server code emits and listens to between processes) and every
 * command a client may send must be documented in docs/protocol*.md by its exact path (parameter
 * names aside: `:id` and `:contestId` are the same slot) or event name. Routes are recorded as
 * Fastify registers them (an `onRoute` hook on every instance the processes create), not listed
 * by hand, so a new route without a doc line fails here.
 */
import { afterAll, expect, test, vi } from 'vitest';
import type * as Fastify from 'fastify';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AUDIENCE_CLIENT_EVENT_NAMES,
  CLIENT_EVENT_NAMES,
  ClientCommandSchema,
  DEMO_CONTEST,
  sleep,
  WRITTEN_CLIENT_EVENT_NAMES,
} from '@leitai/shared';

const recorded = vi.hoisted(() => ({ routes: new Set<string>() }));

vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof Fastify>();
  const original = mod.default as unknown as (...args: unknown[]) => {
    addHook(name: 'onRoute', hook: (route: { method: string | string[]; url: string }) => void): void;
  };
  const wrapped = Object.assign((...args: unknown[]) => {
    const app = original(...args);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) recorded.routes.add(`${method} ${route.url}`);
    });
    return app;
  }, original);
  return { ...mod, default: wrapped, fastify: wrapped };
});

const { startLeitaiServer } = await import('../../server/src/app.ts');
const { startStandby } = await import('../../server/src/cluster/standby.ts');
const { startEdgeServer } = await import('../../server/src/cluster/edge-server.ts');
const { tempDir } = await import('../support/harness.ts');
const { AUDIENCE_EVENT, POLICY_EVENT, REPLY_EVENT, RPC_EVENT } =
  await import('../../server/src/cluster/cluster-rpc.ts');

type Closable = { close(): Promise<void> };
const open: Closable[] = [];
afterAll(async () => {
  for (const c of open.reverse()) await c.close().catch(() => undefined);
});

const root = join(import.meta.dirname, '..', '..');
const docs = readdirSync(join(root, 'docs'))
  .filter((f) => /^protocol.*\.md$/.test(f))
  .map((f) => readFileSync(join(root, 'docs', f), 'utf8'))
  .join('\n');

/** A path with every parameter as `:` (docs say `:id` where the code says `:contestId`). */
const slots = (path: string) => path.replace(/:[A-Za-z]+/g, ':');

/** Every `METHOD /path` the docs write (in code spans and tables), normalised. */
function documentedRoutes(): Set<string> {
  const out = new Set<string>();
  for (const m of docs.matchAll(/\b(GET|POST|PUT|DELETE|PATCH) (\/[^\s`|,)]*)/g))
    out.add(`${m[1]} ${slots(m[2]!.split('?')[0]!)}`);
  return out;
}

/** Socket.IO's own and Node's lifecycle names: not protocol events. */
const LIFECYCLE = new Set([
  'connect',
  'connection',
  'disconnect',
  'disconnecting',
  'connect_error',
  'error',
  'ready',
  'end',
  'reconnecting',
  'message',
  'close',
  'open',
  'exit',
  'online',
  'drain',
  'data',
  'finish',
  'request',
  'upgrade',
  'listening',
]);

/** Event names the server code listens to or emits, read from its source: `.on('x'`, `.emit('x'`, `.to(…).emit('x'`. */
function eventsInServerSource(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.includes('.spec.')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/\.(?:on|once|emit|emitWithAck)\(\s*'([A-Za-z][\w:-]*)'/g))
          if (!LIFECYCLE.has(m[1]!) && !m[1]!.startsWith('SIG')) out.add(m[1]!);
      }
    }
  };
  walk(join(root, 'server', 'src'));
  return out;
}

test('every route every process registers is documented in docs/protocol*.md', async () => {
  const dir = tempDir('leitai-protocol-audit-');
  const secret = 'protocol-audit-secret-0123456';
  const channelPrefix = `audit${Date.now().toString(36)}`;
  const core = await startLeitaiServer({
    dbFile: join(dir, 'core.sqlite'),
    host: '127.0.0.1',
    port: 0,
    role: 'core',
    channelPrefix,
    replication: { secret, timeoutMs: 1000 },
  });
  open.push(core);
  expect((await core.service.create(DEMO_CONTEST, { contestId: 'demo' })).ok).toBe(true);
  open.push(await startEdgeServer({ channelPrefix, edgeId: 'edge-audit', host: '127.0.0.1', port: 0 }));
  const standby = await startStandby({
    primaryUrl: core.url,
    secret,
    dbFile: join(dir, 'standby.sqlite'),
    host: '127.0.0.1',
    port: 0,
    channelPrefix,
    log: () => undefined,
    serve: () => Promise.reject(new Error('not promoted in this test')),
  });
  open.push(standby);
  for (let i = 0; i < 100 && standby.status().state !== 'following'; i++) await sleep(50);

  const routes = [...recorded.routes].filter((r) => !r.startsWith('HEAD ') && !r.startsWith('OPTIONS '));
  // The processes' own routes were seen (the recording works): a core's, an edge's, a standby's.
  for (const r of ['GET /api/contests', 'GET /api/cluster', 'GET /api/replication', 'POST /api/standby/promote'])
    expect(routes, r).toContain(r);
  // The client's static files (`/*`, `/`) are pages, not protocol.
  const api = routes.filter((r) => !/^GET \/(\*)?$/.test(r));
  expect(api.length).toBeGreaterThan(30);
  const documented = documentedRoutes();
  expect(api.filter((r) => !documented.has(slots(r))).sort()).toEqual([]);
  // And the other way: no route the docs name is missing from the processes (a stale doc line).
  const served = new Set(api.map(slots));
  expect([...documented].filter((r) => r.includes(' /api/') && !served.has(r)).sort()).toEqual([]);
});

test('every socket event the server handles or sends, and every client command, is documented', () => {
  const commandTypes = (ClientCommandSchema.anyOf as { properties: { type: { const: string } } }[]).map(
    (s) => s.properties.type.const,
  );
  expect(commandTypes.length).toBeGreaterThan(30);
  const names = new Set<string>([
    ...CLIENT_EVENT_NAMES,
    ...AUDIENCE_CLIENT_EVENT_NAMES,
    ...WRITTEN_CLIENT_EVENT_NAMES,
    // Between the processes of the scaled-out mode (the Redis adapter's server-side emits).
    RPC_EVENT,
    REPLY_EVENT,
    POLICY_EVENT,
    AUDIENCE_EVENT,
    ...eventsInServerSource(),
  ]);
  // The source scan found the frames and the events between processes too.
  for (const name of ['session:welcome', 'contest:events', 'batch', 'tick', 'leitai:rpc'])
    expect(names).toContain(name);
  const undocumented = [...names, ...commandTypes].filter((name) => !docs.includes(`\`${name}\``));
  expect(undocumented.sort()).toEqual([]);
});

test('spot checks: documented codes and fields are what the server answers', async () => {
  const { startWithDemo, connectScreen, connectRaw } = await import('../support/harness.ts');
  const { connectTaker, writtenContest, WRITTEN_SEGMENT } = await import('../support/written-takers.ts');
  const t = await startWithDemo({ metricsToken: 'metrics-token-0123456789' });
  open.push({ close: () => t.cleanup() });
  const host = await connectScreen(t.server.url, { token: t.token('host') });
  open.push({ close: () => Promise.resolve(host.close()) });
  type Refusal = { ok: false; error: Record<string, unknown> & { details?: { path: string }[] } };
  const refused = async (command: unknown) => (await host.send(command as never)) as unknown as Refusal;

  // protocol.md, "Corrections on the night": an empty reason fails the schema (its path named), a blank one is worded.
  const empty = await refused({ type: 'CorrectContestantName', data: { contestantId: 'c01', name: 'X', reason: '' } });
  expect(empty.error).toMatchObject({ code: 'BAD_REQUEST' });
  expect(empty.error.details?.[0]?.path).toBe('/command/data/reason');
  const blank = await refused({ type: 'CorrectContestantName', data: { contestantId: 'c01', name: 'X', reason: ' ' } });
  expect(blank.error).toEqual({
    code: 'BAD_REQUEST',
    message: '现场更正必须填写原因',
    messageEn: 'a correction on the night needs a reason',
  });
  // A timer of 86401 s is out of range; an unknown segment NOT_FOUND; a running stage started again INVALID_STATE.
  const timer = await refused({
    type: 'ChangeSegmentTimer',
    data: { segmentId: 'reflection', seconds: 86401, reason: 'r' },
  });
  expect(timer.error.details?.[0]?.path).toBe('/command/data/seconds');
  const unknown = await refused({ type: 'ChangeSegmentTimer', data: { segmentId: 'nope', seconds: 30, reason: 'r' } });
  expect(unknown.error['code']).toBe('NOT_FOUND');
  expect((await host.send({ type: 'StartStage', data: { stageId: 'final' } })).ok).toBe(true);
  expect((await refused({ type: 'StartStage', data: { stageId: 'final' } })).error['code']).toBe('INVALID_STATE');

  // "Resync": a version the server has not reached gets the whole view, as fromVersion 0 does.
  const resync = (fromVersion: number) =>
    (
      host.socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<{ state: unknown }> }
    ).emitWithAck('contest:resync', { fromVersion });
  expect((await resync(1_000_000)).state).not.toBeNull();
  expect((await resync(1)).state).toBeNull();

  // The handshake's refusals.
  const handshake = (auth: Record<string, unknown>) =>
    new Promise<unknown>((resolve) => {
      const socket = connectRaw(t.server.url, auth);
      socket.once('connect_error', (e: Error & { data?: unknown }) => {
        socket.close();
        resolve(e.data);
      });
    });
  expect(await handshake({ protocolVersion: 99 })).toMatchObject({ code: 'PROTOCOL_VERSION' });
  expect(await handshake({ protocolVersion: 1, token: 5 })).toMatchObject({ code: 'BAD_REQUEST' });
  expect(await handshake({ protocolVersion: 1, joinCode: 'ZZZZZZ' })).toMatchObject({ code: 'UNAUTHENTICATED' });

  // HTTP: the framework's errors in the typed shape (protocol-operations.md), the metrics token, a host creating a contest.
  const http = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${t.server.url}${path}`, init);
    return [res.status, ((await res.json()) as { error: { code: string } }).error.code] as const;
  };
  const admin = { authorization: `Bearer ${t.server.adminToken}` };
  expect(await http('/api/nope')).toEqual([404, 'NOT_FOUND']);
  expect(await http('/metrics')).toEqual([401, 'UNAUTHENTICATED']);
  expect(
    await http('/api/contests', { method: 'POST', headers: { ...admin, 'content-type': 'text/xml' }, body: '<a/>' }),
  ).toEqual([415, 'BAD_REQUEST']);
  expect(
    await http('/api/contests', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: '{',
    }),
  ).toEqual([400, 'BAD_REQUEST']);
  expect(
    await http('/api/contests', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token('host')}`, 'content-type': 'application/json' },
      body: '{}',
    }),
  ).toEqual([401, 'UNAUTHENTICATED']);
  expect(await http('/api/contests/%24%24/seats', { headers: { authorization: `Bearer ${t.token('host')}` } })).toEqual(
    [400, 'BAD_REQUEST'],
  );

  // protocol-ingest.md: the webhook's body is at most 64 KiB (read before the source is looked up).
  const big = JSON.stringify({ text: 'x'.repeat(70 * 1024) });
  expect(
    await http('/api/ingest/demo/no-source', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    }),
  ).toEqual([413, 'PAYLOAD_TOO_LARGE']);

  // A written-test taker who sends faster than its budget: RATE_LIMITED with retryAfterMs (whole ms), as every limit.
  const created = await t.server.service.create(writtenContest(), { contestId: 'written' });
  if (!created.ok) throw new Error(created.error.message);
  const links = (await (
    await fetch(`${t.server.url}/api/contests/written/written/${WRITTEN_SEGMENT}/links`, {
      headers: { authorization: `Bearer ${created.contest.seats.find((s) => s.role === 'host')!.token}` },
    })
  ).json()) as { links?: { url: string }[] };
  expect(links.links?.length).toBeGreaterThan(0);
  const url = links.links![0]!.url;
  const taker = await connectTaker(t.server.url, url.slice(url.indexOf('#token=') + 7), 'taker-device-audit');
  open.push({ close: () => Promise.resolve(void taker.socket.disconnect()) });
  const pings = await Promise.all(
    Array.from({ length: 60 }, () =>
      (
        taker.socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<Refusal | { ok: true }> }
      ).emitWithAck('clock:ping', { t0: Date.now() }),
    ),
  );
  const limited = pings.find((p): p is Refusal => !p.ok);
  expect(limited?.error['code']).toBe('RATE_LIMITED');
  expect(Number.isInteger(limited?.error['retryAfterMs'])).toBe(true);
});
