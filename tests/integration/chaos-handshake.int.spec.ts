/**
 * R8 — the handshake. Foreign and look-alike Origins are refused on polling and websocket
 * (the basic case is in socket-protocol.int.spec.ts); join-code guessing locks an address out,
 * on the socket handshake and on GET /api/join/:code, and the lock lifts after its minute; no
 * seat token or admin token appears in any log line while clients connect, send commands and
 * call HTTP routes with Authorization headers.
 */
import { request } from 'node:http';
import { afterEach, expect, test } from 'vitest';
import { PROTOCOL_VERSION, sleep } from '@leitai/shared';
import type { Clock } from '@leitai/server';
import { connectRaw, connectScreen, expectConnectError, startWithDemo, type TestContest } from '../support/harness.ts';

const started: TestContest[] = [];
afterEach(async () => {
  for (const t of started.splice(0)) await t.cleanup();
});

/** A clock the test moves by hand. */
function manualClock(start = Date.now()): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
  };
}

test('R8: foreign and look-alike Origins are refused on polling and websocket; configured ones are accepted', async () => {
  const t = await startWithDemo({ allowedOrigins: ['https://studio.example'] });
  started.push(t);
  const port = t.server.port;
  const poll = (origin: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/socket.io/?EIO=4&transport=polling', headers: { origin } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
  const foreign = [
    'http://evil.example',
    `http://127.0.0.1.evil.example:${port}`,
    `http://127.0.0.1:${port + 1}`,
    `http://localhost:${port}`,
    'null',
    'https://studio.example.evil',
    'file://',
    `http://evil.example/?host=127.0.0.1:${port}`,
    'not a url',
  ];
  for (const origin of foreign) {
    expect(await poll(origin), origin).toBe(403);
    for (const transport of ['websocket', 'polling'] as const) {
      const socket = connectRaw(
        t.server.url,
        { protocolVersion: PROTOCOL_VERSION, token: t.token('host') },
        { transports: [transport], extraHeaders: { origin } },
      );
      await expectConnectError(socket);
      socket.close();
    }
  }
  expect(await poll('https://studio.example')).toBe(200);
  const studio = connectRaw(
    t.server.url,
    { protocolVersion: PROTOCOL_VERSION, token: t.token('overlay') },
    { transports: ['websocket'], extraHeaders: { origin: 'https://studio.example' } },
  );
  await new Promise<void>((resolve, reject) => {
    studio.once('connect', resolve);
    studio.once('connect_error', reject);
  });
  studio.close();
});

test('R8: ten wrong join codes lock the address out of the socket handshake, even for the right code, for a minute', async () => {
  const clock = manualClock();
  const t = await startWithDemo({ clock });
  started.push(t);
  const attempt = (joinCode: string) =>
    expectConnectError(connectRaw(t.server.url, { protocolVersion: PROTOCOL_VERSION, joinCode }));
  for (let i = 0; i < 10; i++) {
    const err = await attempt(`WRONG${i}`);
    expect(err.data?.code).toBe('UNAUTHENTICATED');
  }
  // Locked: the right code is refused too, and more guesses do not get through.
  expect((await attempt(t.joinCode)).data?.code).toBe('RATE_LIMITED');
  expect((await attempt('WRONGX')).data?.code).toBe('RATE_LIMITED');
  // Seat tokens are not join codes: the host still connects.
  const host = await connectScreen(t.server.url, { token: t.token('host') });
  host.close();
  clock.advance(61_000);
  const phone = await connectScreen(t.server.url, { joinCode: t.joinCode });
  expect(phone.welcome.role).toBe('audience');
  phone.close();
});

test('R8: ten wrong join codes lock the address out of GET /api/join/:code for a minute', async () => {
  const clock = manualClock();
  const t = await startWithDemo({ clock });
  started.push(t);
  const join = (code: string) => fetch(`${t.server.url}/api/join/${code}`);
  expect((await join(t.joinCode)).status).toBe(200);
  for (let i = 0; i < 10; i++) {
    const res = await join(`WRONG${i}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  }
  const locked = await join(t.joinCode);
  expect(locked.status).toBe(429);
  expect(await locked.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  clock.advance(61_000);
  expect((await join(t.joinCode)).status).toBe(200);
});

test('R8: no seat token or admin token appears in any log line', async () => {
  const lines: string[] = [];
  const t = await startWithDemo({ logger: true, logStream: { write: (line) => void lines.push(line) } });
  started.push(t);
  const secrets = [t.server.adminToken, ...t.seats.map((s) => s.token)];
  expect(secrets.length).toBeGreaterThan(10);

  // Every seated role connects and sends; the audience joins; HTTP routes with Authorization headers.
  const screens = await Promise.all(t.seats.map((s) => connectScreen(t.server.url, { token: s.token })));
  const phone = await connectScreen(t.server.url, { joinCode: t.joinCode });
  for (const s of screens) await s.send({ type: 'ChooseScene', data: { scene: 'scoreboard' } });
  for (const token of secrets) {
    for (const path of ['seats', 'log', 'verify']) {
      const res = await fetch(`${t.server.url}/api/contests/${t.contestId}/${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await res.arrayBuffer();
    }
  }
  // Mistakes too: a token pasted in a query string or a path is still not logged back.
  await (await fetch(`${t.server.url}/api/contests/${t.contestId}/seats?token=${t.token('host')}`)).arrayBuffer();
  await (await fetch(`${t.server.url}/host.html#token=${t.token('host')}`)).arrayBuffer();
  const created = await fetch(`${t.server.url}/api/contests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.server.adminToken}`, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(created.status).toBe(400);
  for (const s of [...screens, phone]) s.close();
  await sleep(200);

  expect(lines.length).toBeGreaterThan(50);
  const leaks = lines.filter((line) => secrets.some((secret) => line.includes(secret)));
  expect(leaks.map((l) => l.slice(0, 200))).toEqual([]);
  // The request lines are there (paths without their query strings).
  expect(lines.some((l) => l.includes(`/api/contests/${t.contestId}/seats"`))).toBe(true);
});
