/**
 * Per-address limits shared by the edges (server/src/audience/address-limits.ts): two edges on
 * one Redis, one audience address reaching both (as HAProxy spreads a venue's page loads), and
 * the caps hold for the address as a whole: connections, cheers for one contestant, wrong join
 * codes (the core counts connections, comments and cheers with them). The processes trust 127.0.0.1 as their proxy, so `X-Forwarded-For` names the address.
 * Also: two limiters on one Redis share a comment budget; two in memory (a single server) do not.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createClient } from 'redis';
import { PROTOCOL_VERSION } from '@leitai/shared';
import { AddressLimiter } from '../../server/src/audience/address-limits.ts';
import {
  startCoreWithEdges,
  type DirectCluster,
  type EdgeProcess,
  type TestRedis,
} from '../support/cluster-support.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { connectRaw, type TestSocket } from '../support/harness.ts';

let cluster: DirectCluster;
let redis: TestRedis;
let core: ServerProcess;
let edges: EdgeProcess[] = [];
let joinCode = '';
const sockets: TestSocket[] = [];
const ENV = {
  LEITAI_TRUSTED_PROXIES: '127.0.0.1',
  LEITAI_AUDIENCE_CONNECTIONS_PER_ADDRESS: '4',
  LEITAI_AUDIENCE_CHEERS_PER_CONTESTANT: '3',
};

beforeAll(async () => {
  cluster = await startCoreWithEdges('limits', ENV);
  ({ redis, core, edges, joinCode } = cluster);
}, 90_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await cluster?.stop();
});

let device = 0;
/** An audience socket from `address` on edge `i`: connected, or the handshake's error code. */
/** An audience socket from `address` on edge `i` (2: the core, where HAProxy sends the audience when no edge is up). */
async function phone(i: number, address: string, code = joinCode): Promise<{ socket: TestSocket; error?: string }> {
  const socket = connectRaw(
    i === 2 ? core.url : edges[i]!.url,
    { protocolVersion: PROTOCOL_VERSION, joinCode: code, deviceId: `limits-${device++}-xxxxxxxx` },
    { extraHeaders: { 'x-forwarded-for': address } },
  );
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (e: Error & { data?: { code?: string } }) =>
      resolve({ socket, error: e.data?.code ?? e.message }),
    );
  });
}

test('connections per address: the cap counts both edges and the core', async () => {
  const a = '198.51.100.7';
  const held = [await phone(0, a), await phone(1, a), await phone(1, a), await phone(2, a)];
  for (const h of held) expect(h.error).toBeUndefined();
  expect((await phone(0, a)).error).toBe('RATE_LIMITED');
  expect((await phone(1, a)).error).toBe('RATE_LIMITED');
  expect((await phone(2, a)).error).toBe('RATE_LIMITED');
  // Another address is not affected.
  expect((await phone(1, '198.51.100.8')).error).toBeUndefined();
  // One leaves edge 1: a place opens on edge 2.
  held[0]!.socket.close();
  let again = await phone(1, a);
  for (let i = 0; i < 20 && again.error; i++) {
    await new Promise((r) => setTimeout(r, 100));
    again = await phone(1, a);
  }
  expect(again.error).toBeUndefined();
  for (const h of [...held, again]) h.socket.close();
}, 30_000);

test('cheers per address for one contestant: the cap counts both edges', async () => {
  const a = '198.51.100.9';
  // Four phones (a device cheers a contestant once), two on each edge; the cap is 3.
  const phones = [await phone(0, a), await phone(1, a), await phone(0, a), await phone(1, a)];
  for (const p of phones) expect(p.error).toBeUndefined();
  const acks = [];
  for (const p of phones)
    acks.push(
      (await p.socket.timeout(5000).emitWithAck('audience:cheer', { contestantId: 'c03' })) as {
        ok: boolean;
        error?: { code: string };
      },
    );
  expect(acks.slice(0, 3).map((r) => r.ok)).toEqual([true, true, true]);
  expect(acks[3]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  for (const p of phones) p.socket.close();
}, 30_000);

test('wrong join codes: ten from one address over both edges lock it out on both', async () => {
  const a = '198.51.100.10';
  for (let i = 0; i < 10; i++) expect((await phone(i % 2, a, 'WRONG1')).error).toBe('UNAUTHENTICATED');
  expect((await phone(0, a)).error).toBe('RATE_LIMITED');
  expect((await phone(1, a)).error).toBe('RATE_LIMITED');
  // The right code from another address still gets in.
  const other = await phone(0, '198.51.100.11');
  expect(other.error).toBeUndefined();
  other.socket.close();
}, 30_000);

test('comments per address: limiters on one Redis share one budget; in memory each process has its own', async () => {
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    const shared = `limits${Date.now().toString(36)}-comments`;
    const [x, y] = [1, 2].map(() => new AddressLimiter({ redis: client, prefix: shared, commentBurst: 5 }));
    const waits = [];
    for (let i = 0; i < 6; i++) waits.push(await (i % 2 ? y! : x!).comment('203.0.113.5'));
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(waits[5]).toBeGreaterThan(0);
    const [m, n] = [1, 2].map(() => new AddressLimiter({ commentBurst: 5 }));
    for (let i = 0; i < 5; i++) expect(await m!.comment('203.0.113.5')).toBe(0);
    expect(await m!.comment('203.0.113.5')).toBeGreaterThan(0);
    expect(await n!.comment('203.0.113.5')).toBe(0);
  } finally {
    await client.quit();
  }
});
