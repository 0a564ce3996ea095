/**
 * R5 — bad input, property-based (fast-check). Malformed, oversize, deeply nested and
 * prototype-polluting payloads on every inbound socket event (the protocol's and the
 * audience's, plus unknown names) and on every registered HTTP route. The process stays up,
 * every one gets a typed error, nothing is appended (a socket's own DeviceSeated/DeviceLeft
 * aside), Object.prototype stays clean and memory stays bounded.
 * Fast in `npm test`; LEITAI_CHAOS_LONG=1 (npm run chaos) sends ten times as many.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import fc from 'fast-check';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  AUDIENCE_EVENT_SCHEMAS,
  CLIENT_EVENT_NAMES,
  ClockPingSchema,
  CommandSendSchema,
  ERROR_CODES,
  PROTOCOL_VERSION,
  ResyncRequestSchema,
} from '@leitai/shared';
import { contestStream } from '@leitai/server';
import {
  connectRaw,
  connectScreen,
  newCommandId,
  startWithDemo,
  type Screen,
  type TestContest,
} from '../support/harness.ts';
import { chaosScale, clientCommandSchemas, fillRoute, listRoutes, sleep } from '../support/chaos-support.ts';

let t: TestContest;
const seed = Number(process.env.LEITAI_CHAOS_SEED ?? Date.now() % 2 ** 31);

beforeAll(async () => {
  t = await startWithDemo();
  console.info(`chaos-bad-input: fast-check seed ${seed} (LEITAI_CHAOS_SEED=${seed} to replay)`);
});
afterAll(async () => {
  await t.cleanup();
});

/** The schema of each inbound event that has one (payloads valid against it are not "bad"). */
const SCHEMAS: Record<string, TSchema> = {
  'command:send': CommandSendSchema,
  'contest:resync': ResyncRequestSchema,
  'clock:ping': ClockPingSchema,
  ...Object.fromEntries(Object.entries(AUDIENCE_EVENT_SCHEMAS).map(([name, s]) => [name, s.schema as TSchema])),
};
const KNOWN = [...new Set([...CLIENT_EVENT_NAMES, ...Object.keys(AUDIENCE_EVENT_SCHEMAS)])];
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
const DEVICE_EVENTS = new Set(['DeviceSeated', 'DeviceLeft']);

const nested = (depth: number, leaf: unknown): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};
/** Objects with own `__proto__` / `constructor` / `prototype` keys, as JSON.parse makes them. */
const pollution = fc.constantFrom(
  JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
  JSON.parse('{"constructor":{"prototype":{"polluted":true}}}') as unknown,
  JSON.parse(
    `{"commandId":"${'a'.repeat(12)}","command":{"type":"ChooseScene","data":{"__proto__":{"scene":"blank"}}}}`,
  ) as unknown,
  JSON.parse('{"t0":1,"__proto__":{"isAdmin":true}}') as unknown,
  JSON.parse('{"fromVersion":0,"constructor":{"name":"x"}}') as unknown,
);
const nanLike = fc.constantFrom(
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  '0x10',
  '',
  ' ',
  '\u0000',
  'null',
  'undefined',
  '[object Object]',
);
const commandTypes = clientCommandSchemas().map((c) => c.type);
/** Envelopes that look right with garbage inside: they reach deeper into the validators. */
const envelope = fc.record({
  commandId: fc.oneof(fc.constant(newCommandId()), nanLike, fc.integer(), fc.string({ maxLength: 80 })),
  command: fc.record({
    type: fc.oneof(fc.constantFrom(...commandTypes, 'SeatDevice', 'CreateContest', 'ReleaseDevice'), nanLike),
    data: fc.oneof(
      fc.anything({ maxDepth: 3 }),
      fc.dictionary(
        fc.constantFrom('segmentId', 'stageId', 'contestantId', 'scene', 'judgeId', 'score', 'questionId'),
        fc.oneof(fc.jsonValue(), nanLike),
      ),
    ),
  }),
});
const payload = fc.oneof(
  { weight: 4, arbitrary: fc.anything({ maxDepth: 4, withBigInt: false, withTypedArray: true, withDate: true }) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 3, arbitrary: envelope },
  { weight: 2, arbitrary: pollution },
  { weight: 1, arbitrary: nanLike },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        t0: fc.oneof(fc.double(), nanLike),
        fromVersion: fc.oneof(fc.double(), nanLike),
        text: fc.string({ unit: 'grapheme', maxLength: 300 }),
        count: fc.oneof(fc.double(), fc.integer()),
      },
      { requiredKeys: [] },
    ),
  },
  // Huge strings: beyond the 8 KiB handler limit but under Engine.IO's 64 KiB cap.
  { weight: 1, arbitrary: fc.integer({ min: 8 * 1024, max: 60 * 1024 }).map((n) => ({ text: 'x'.repeat(n) })) },
  // Deep nesting (as deep as socket.io-client can encode; deeper raw frames are sent below).
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 1500 }).map((d) => nested(d, 'leaf')) },
);
const eventName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN) },
  {
    weight: 1,
    arbitrary: fc
      .string({ minLength: 1, maxLength: 100 })
      .filter((n) => !KNOWN.includes(n as never) && !RESERVED.has(n)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'command:sendx',
      'contest:',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'audience:',
      'moderation:*',
    ),
  },
);

/** JSON for failure messages, even of values nested too deeply for JSON.stringify. */
const show = (v: unknown, n = 120): string => {
  try {
    return String(JSON.stringify(v)).slice(0, n);
  } catch {
    return '<nested too deeply to print>';
  }
};

const encodable = (value: unknown): boolean => {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
};

const isTypedError = (ack: unknown): boolean => {
  const a = ack as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  return (
    a?.ok === false &&
    typeof a.error?.message === 'string' &&
    (ERROR_CODES as readonly unknown[]).includes(a.error.code)
  );
};

const positionNow = () => {
  const all = t.server.store.readAll(0);
  return all.length > 0 ? all[all.length - 1]!.position : 0;
};

test('R5: thousands of malformed payloads on every socket event — typed errors, nothing appended, memory bounded', async () => {
  const perSocket = 60;
  const sockets = chaosScale(30, 120);
  const cases = fc.sample(fc.tuple(eventName, payload), { numRuns: perSocket * sockets, seed });
  // Every inbound event name appears, however the sample falls.
  for (const [i, name] of KNOWN.entries()) cases[i] = [name, cases[i]![1]];
  // Host sockets (one device) reach the host-only handlers; audience sockets the audience ones.
  const screens: Screen[] = [];
  for (let i = 0; i < sockets; i++) {
    screens.push(
      await connectScreen(
        t.server.url,
        i % 3 === 0 ? { token: t.token('host'), deviceId: 'chaos-host-device' } : { joinCode: t.joinCode },
      ),
    );
  }
  await t.server.service.get(t.contestId)!.drain();
  await sleep(300);
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  const startPosition = positionNow();
  const contestVersion = t.server.store.streamVersion(contestStream(t.contestId));

  let answered = 0;
  let valid = 0;
  const failures: string[] = [];
  await Promise.all(
    screens.map(async (screen, s) => {
      for (let k = 0; k < perSocket; k++) {
        const [name, raw] = cases[s * perSocket + k]!;
        const schema = Object.hasOwn(SCHEMAS, name) ? SCHEMAS[name] : undefined;
        if (schema && Value.Check(schema, raw)) {
          valid += 1; // a valid payload is not bad input
          continue;
        }
        // A value the client itself cannot encode never leaves it (e.g. fast-check's object whose
        // prototype is a Date: JSON.stringify calls Date's toJSON on it and throws), so it is no
        // input the server can receive.
        if (!encodable(raw)) continue;
        // Stay under the per-socket rate (20/s, burst 40) so each payload reaches its validator.
        if (k >= 30) await sleep(55);
        let ack: unknown;
        try {
          ack = await screen.socket.timeout(5000).emitWithAck(name as 'clock:ping', raw as never);
        } catch (err) {
          failures.push(`${name}: no answer (${String(err)}) to ${show(raw)}`);
          continue;
        }
        answered += 1;
        if (!isTypedError(ack)) failures.push(`${name}: ${show(ack, 200)} to ${show(raw)}`);
      }
    }),
  );
  expect(failures.slice(0, 10)).toEqual([]);
  expect(answered).toBeGreaterThan(perSocket * sockets * 0.8);
  expect(valid).toBeLessThan(perSocket * sockets * 0.2);

  // Still up: health answers and the host's command works.
  expect((await fetch(`${t.server.url}/api/health`)).status).toBe(200);
  await t.server.service.get(t.contestId)!.drain();
  await sleep(1200); // past the audience's like flush and fan-out ticks
  const appended = t.server.store.readAll(startPosition).map((e) => e.type);
  expect(appended.filter((type) => !DEVICE_EVENTS.has(type))).toEqual([]);
  expect(t.server.store.streamVersion(contestStream(t.contestId))).toBe(contestVersion);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();

  for (const s of screens) s.close();
  (globalThis as { gc?: () => void }).gc?.();
  const growthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  console.info(`chaos-bad-input: ${answered} payloads answered, RSS growth ${growthMb.toFixed(1)} MB`);
  expect(growthMb).toBeLessThan(50);

  const host = await connectScreen(t.server.url, { token: t.token('host') });
  expect(await host.send({ type: 'ChooseScene', data: { scene: 'scoreboard' } })).toMatchObject({ ok: true });
  host.close();
});

test('R5: a message beyond Engine.IO’s 64 KiB cap closes only that connection', async () => {
  const victim = await connectScreen(t.server.url, { joinCode: t.joinCode });
  const bystander = await connectScreen(t.server.url, { joinCode: t.joinCode });
  const closed = new Promise<string>((r) => victim.socket.once('disconnect', r));
  victim.socket.emit('clock:ping', { t0: 1, pad: 'x'.repeat(100 * 1024) } as never, () => undefined);
  expect(await closed).toMatch(/transport (close|error)/);
  const pong = (await bystander.socket.timeout(3000).emitWithAck('clock:ping', { t0: 1 })) as { ok: boolean };
  expect(pong.ok).toBe(true);
  bystander.close();
});

test('R5: raw frames nested deeper than any stack get a typed error on every event', async () => {
  const screen = await connectScreen(t.server.url, { token: t.token('host'), deviceId: 'chaos-host-device' });
  const engine = screen.socket.io.engine as unknown as {
    write(msg: string): void;
    on(ev: 'message', fn: (data: unknown) => void): void;
  };
  const acks = new Map<number, (body: string) => void>();
  engine.on('message', (data) => {
    const m = typeof data === 'string' ? /^3(\d+)(.*)$/s.exec(data) : null;
    if (m) acks.get(Number(m[1]))?.(m[2]!);
  });
  const depth = 30_000; // 60 KB of brackets: under the 64 KiB cap, far past JSON.stringify's stack
  const deep = '['.repeat(depth) + ']'.repeat(depth);
  let id = 900;
  for (const name of [...KNOWN, 'no:such-event']) {
    id += 1;
    const answer = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no answer to a deep frame`)), 3000);
      acks.set(id, (body) => {
        clearTimeout(timer);
        resolve(body);
      });
    });
    engine.write(`2${id}${JSON.stringify([name]).slice(0, -1)},${deep}]`);
    const [ack] = JSON.parse(await answer) as [unknown];
    expect(isTypedError(ack), `${name}: ${show(ack)}`).toBe(true);
    await sleep(60);
  }
  expect((await fetch(`${t.server.url}/api/health`)).status).toBe(200);
  screen.close();
});

test('R5: malformed handshakes get a typed connect error', async () => {
  const auths = fc.sample(
    fc.oneof(
      fc.anything({ maxDepth: 2 }),
      fc.record(
        {
          protocolVersion: fc.oneof(fc.constant(PROTOCOL_VERSION), fc.anything()),
          token: fc.anything(),
          joinCode: fc.anything(),
          deviceId: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    ),
    { numRuns: chaosScale(60, 600), seed },
  );
  let refused = 0;
  for (const auth of auths) {
    const socket = connectRaw(t.server.url, auth as Record<string, unknown>);
    const outcome = await new Promise<{ code?: string } | 'connected' | 'closed' | 'timeout'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), 3000);
      socket.once('connect', () => resolve('connected'));
      // A CONNECT packet whose auth is not an object is a protocol error: Socket.IO closes the transport.
      socket.once('disconnect', () => resolve('closed'));
      socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
        clearTimeout(timer);
        resolve(err.data ?? {});
      });
    });
    socket.disconnect();
    const what = JSON.stringify(auth)?.slice(0, 100);
    expect(['connected', 'timeout'], what).not.toContain(outcome);
    if (typeof outcome === 'object') {
      expect(ERROR_CODES as readonly unknown[], what).toContain(outcome.code);
      refused += 1;
    }
  }
  expect(refused).toBeGreaterThan(auths.length / 2);
});

test('R5: malformed requests on every registered HTTP route — 4xx with { error: { code, message } }, never 5xx', async () => {
  const routes = listRoutes(t.server.app);
  expect(routes.length).toBeGreaterThan(8);
  const param = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    nanLike,
    fc.constantFrom(
      '..',
      '../../etc/passwd',
      '%00',
      '__proto__',
      'constructor',
      'demo',
      'final',
      'c01',
      'x'.repeat(3000),
    ),
  );
  const body = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    pollution.map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.integer({ min: 50, max: 3000 }).map((d) => JSON.stringify(nested(d, 1))),
    fc.constant(`{"title":"${'x'.repeat(300 * 1024)}"}`),
  );
  const auth = fc.oneof(
    fc.constant(undefined),
    fc.constant(`Bearer ${t.server.adminToken}`),
    fc.constant(`Bearer ${t.token('judge', 'j1')}`),
    fc.string({ maxLength: 60 }).map((s) => `Bearer ${s.replace(/[^\x20-\x7e]/g, '')}`),
    fc.constantFrom('Basic abc', 'Bearer', 'bearer x', '\t'),
  );
  const contentType = fc.constantFrom(
    'application/json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'text/xml',
    'application/json; charset=utf-16',
  );
  const runs = chaosScale(25, 250);
  const before = positionNow();
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  const failures: string[] = [];
  for (const route of routes) {
    const samples = fc.sample(
      fc.tuple(
        fc.dictionary(fc.constantFrom('contestId', 'stageId', 'contestantId', 'code', '*'), param),
        body,
        auth,
        contentType,
      ),
      { numRuns: runs, seed },
    );
    for (const [params, b, a, ct] of samples) {
      const path =
        route.url === '*'
          ? `/${encodeURIComponent(params['*'] ?? 'x')}`
          : fillRoute(route.url, (p) => params[p] ?? 'x');
      const headers: Record<string, string> = {};
      if (a) headers.authorization = a;
      const init: RequestInit = { method: route.method, headers };
      if (route.method === 'POST') {
        headers['content-type'] = ct;
        init.body = b;
      }
      const res = await fetch(t.server.url + path, init);
      const text = await res.text();
      if (res.status >= 500)
        failures.push(`${route.method} ${path.slice(0, 80)} → ${res.status} ${text.slice(0, 120)}`);
      if (res.status >= 400) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = null;
        }
        const e = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
        if (!e || typeof e.message !== 'string' || !(ERROR_CODES as readonly unknown[]).includes(e.code)) {
          failures.push(`${route.method} ${path.slice(0, 80)} → ${res.status} untyped: ${text.slice(0, 120)}`);
        }
      }
    }
  }
  expect(failures.slice(0, 10)).toEqual([]);
  expect(t.server.store.readAll(before).filter((e) => !DEVICE_EVENTS.has(e.type))).toEqual([]);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
  expect((await fetch(`${t.server.url}/api/ready`)).status).toBe(200);
});
