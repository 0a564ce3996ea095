/**
 * The answers of the processes that do not serve contests, validated against their published
 * JSON Schema (docs/protocol-schemas/) with Ajv, as an outside client (a load balancer's health
 * check, an operator's script) would read them: a warm standby's status, its 503 health and
 * readiness and its promotion; an edge's health and readiness with Redis up and down; the core's
 * cluster status and a primary's replication status. Real processes in this one: a primary and a
 * standby on real SQLite files, a core and an edge on a private redis-server, all on loopback.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { DEMO_CONTEST } from '@leitai/shared';
import { startLeitaiServer, type LeitaiServerHandle } from '../../server/src/app.ts';
import type { StandbyHandle } from '../../server/src/cluster/standby.ts';
import { startEdgeServer, type EdgeHandle } from '../../server/src/cluster/edge-server.ts';
import { FROM_TYPEBOX, FROM_TYPES } from '../support/protocol-schema-files.ts';
import { startRedis, startTestStandby, type TestRedis } from '../support/cluster-support.ts';
import { tempDir, waitFor, type Condition } from '../support/harness.ts';

const SECRET = 'protocol-operations-secret-0123';
const dir = tempDir('leitai-protocol-ops-');
let primary: LeitaiServerHandle | undefined;
let standby: StandbyHandle | undefined;
let promoted: LeitaiServerHandle | undefined;
let redis: TestRedis | undefined;
let core: LeitaiServerHandle | undefined;
let edge: EdgeHandle | undefined;

const draft07 = new Ajv({ allErrors: true, strict: false });
const draft2020 = new Ajv2020({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>();
beforeAll(() => {
  for (const [name, schema] of Object.entries(FROM_TYPES)) validators.set(name, draft07.compile(schema as object));
  for (const [name, schema] of Object.entries(FROM_TYPEBOX)) validators.set(name, draft2020.compile(schema as object));
});

afterAll(async () => {
  await edge?.close();
  await core?.close();
  await redis?.stop();
  await standby?.close();
  await promoted?.close();
  await primary?.close();
});

const until = (what: string, check: Condition, timeoutMs = 15_000) => waitFor(what, check, timeoutMs);

/** Fetches `url`, expects `status`, validates the JSON body against the schema published as `schema`. */
async function answer(
  url: string,
  status: number,
  schema: string,
  init?: RequestInit,
): Promise<Record<string, unknown>> {
  const res = await fetch(url, init);
  const body = (await res.json()) as Record<string, unknown>;
  expect(res.status, `${url}: ${JSON.stringify(body)}`).toBe(status);
  const validate = validators.get(schema);
  if (!validate) throw new Error(`no published schema ${schema}`);
  expect(validate(body) ? [] : validate.errors, `${url} (${schema})`).toEqual([]);
  return body;
}

test("a standby's status, its 503 health and readiness, and its promotion answer as published", async () => {
  primary = await startLeitaiServer({
    dbFile: join(dir, 'primary.sqlite'),
    host: '127.0.0.1',
    port: 0,
    replication: { secret: SECRET, timeoutMs: 1000 },
  });
  expect((await primary.service.create(DEMO_CONTEST, { contestId: 'demo' })).ok).toBe(true);
  standby = await startTestStandby(primary.url, SECRET, join(dir, 'standby.sqlite'), (s) => (promoted = s));
  const at = `http://127.0.0.1:${standby.port}`;
  await until('the standby follows', () => standby!.status().state === 'following');
  await until('the primary is synchronous', () => primary!.replication!.status().state === 'sync');

  await answer(`${primary.url}/api/replication`, 200, 'ReplicationStatus');
  const status = await answer(`${at}/api/standby`, 200, 'StandbyStatus');
  expect(status).toMatchObject({ role: 'standby', state: 'following' });
  for (const path of ['/api/health', '/api/ready']) {
    const body = await answer(`${at}${path}`, 503, 'StandbyHealthAnswer');
    expect(body).toMatchObject({ ready: false, role: 'standby' });
  }
  // A wrong secret: the plain error answer; nothing happens.
  const refused = await answer(`${at}/api/standby/promote`, 401, 'HttpErrorAnswer', {
    method: 'POST',
    headers: { authorization: 'Bearer wrong-secret' },
  });
  expect(refused).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  expect(standby.status().role).toBe('standby');
  // Promoted by hand: 202 with its status, then the same port serves the contest.
  await primary.close();
  primary = undefined;
  const accepted = await answer(`${at}/api/standby/promote`, 202, 'StandbyPromoteAnswer', {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET}` },
  });
  expect(accepted).toMatchObject({ ok: true, standbyId: status['standbyId'] });
  await until('the promoted standby serves', async () => {
    const res = await fetch(`${at}/api/health`).catch(() => null);
    return res?.status === 200;
  });
  await answer(`${at}/api/health`, 200, 'HealthAnswer');
  await answer(`${at}/api/ready`, 200, 'ReadyAnswer');
});

test("an edge's health and readiness answer as published, with Redis up and down; the core's cluster status too", async () => {
  redis = await startRedis();
  const channelPrefix = `proto${Date.now().toString(36)}`;
  core = await startLeitaiServer({
    dbFile: join(dir, 'core.sqlite'),
    host: '127.0.0.1',
    port: 0,
    role: 'core',
    redisUrl: redis.url,
    channelPrefix,
  });
  edge = await startEdgeServer({
    redisUrl: redis.url,
    channelPrefix,
    edgeId: 'edge-proto',
    host: '127.0.0.1',
    port: 0,
  });
  const health = await answer(`${edge.url}/api/health`, 200, 'EdgeHealthAnswer');
  expect(health).toMatchObject({ ok: true, role: 'edge', edgeId: 'edge-proto' });
  await until('the core answers the edge', async () => (await fetch(`${edge!.url}/api/ready`)).status === 200);
  expect(await answer(`${edge.url}/api/ready`, 200, 'EdgeReadyAnswer')).toEqual({
    ready: true,
    role: 'edge',
    edgeId: 'edge-proto',
  });
  await until('the core hears the edge', async () => {
    const body = (await (await fetch(`${core!.url}/api/cluster`)).json()) as { edges?: unknown[] };
    return (body.edges?.length ?? 0) > 0;
  });
  await answer(`${core.url}/api/cluster`, 200, 'ClusterStatusFrame');

  // Redis gone: the edge says so, in the published shapes.
  await redis.stop();
  await until('the edge sees Redis down', async () => (await fetch(`${edge!.url}/api/ready`)).status === 503);
  const down = await answer(`${edge.url}/api/ready`, 503, 'EdgeReadyAnswer');
  expect(down['reason']).toMatch(/^redis is down: /);
  const sick = await answer(`${edge.url}/api/health`, 200, 'EdgeHealthAnswer');
  expect(sick['ok']).toBe(false);
  // Redis back, so the processes close cleanly.
  await redis.start();
  await until('the edge sees Redis again', async () => (await fetch(`${edge!.url}/api/ready`)).status === 200);
});
