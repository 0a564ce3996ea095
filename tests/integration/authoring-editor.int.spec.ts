/**
 * The editor's routes against a real server on port 0 and a real SQLite file: read a draft's
 * contest file, replace the draft with an edited one (a new contest, the old seats revoked),
 * refuse an invalid file with every problem in Chinese by its field, refuse a started contest.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { DEMO_CONTEST, applyQuestionDraw, type ContestFile } from '@leitai/shared';
import { startWithDemo, type TestContest } from '../support/harness.ts';

let t: TestContest;
beforeEach(async () => {
  t = await startWithDemo();
});
afterEach(async () => {
  await t.cleanup();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function call(method: string, path: string, token: string, body?: string) {
  const res = await fetch(`${t.server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...auth(token) },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('read the draft, save an edited draft: a new contest from the edit, the old links revoked', async () => {
  const read = await call('GET', '/api/contests/demo/contest.json', t.token('host'));
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ contestId: 'demo', started: null });
  const file = read.body['contest'] as ContestFile;
  expect(file).toEqual(DEMO_CONTEST);

  const required = file.stages[0]!.segments.find((s) => s.kind === 'required')!;
  const edited = applyQuestionDraw(
    { ...file, title: '新标题：2026 年知识竞赛' },
    required.id,
    [{ count: (required as { questionIds: string[] }).questionIds.length }],
    'seed-1',
  ).file;
  const saved = await call('PUT', '/api/contests/demo/contest.json', t.token('host'), JSON.stringify(edited));
  expect(saved.status).toBe(201);
  const newId = saved.body['contestId'] as string;
  expect(saved.body['replaced']).toBe('demo');
  expect(newId).not.toBe('demo');
  const hostUrl = (saved.body['seats'] as { role: string; url: string }[]).find((s) => s.role === 'host')!.url;
  const newToken = new URLSearchParams(hostUrl.split('#')[1]).get('token')!;

  const again = await call('GET', `/api/contests/${newId}/contest.json`, newToken);
  expect(again.status).toBe(200);
  expect(again.body['contest']).toEqual(edited);
  expect((again.body['contest'] as ContestFile).stages[0]!.segments.find((s) => s.id === required.id)).toMatchObject({
    questionDraw: { seed: 'seed-1' },
  });
  // The draft's host link no longer works.
  expect((await call('GET', '/api/contests/demo/contest.json', t.token('host'))).status).toBe(401);
});

test('an invalid draft is refused with each problem by its field, in Chinese, and nothing changes', async () => {
  const file = JSON.parse(JSON.stringify(DEMO_CONTEST)) as ContestFile;
  file.contestants[0]!.name = '';
  const res = await call('PUT', '/api/contests/demo/contest.json', t.server.adminToken, JSON.stringify(file));
  expect(res.status).toBe(400);
  const problems = res.body['problems'] as { path: string; label: { zh: string }; message: { zh: string } }[];
  expect(problems.find((p) => p.path === 'contestants[0].name')?.message.zh).toBe('不能为空');
  const error = res.body['error'] as { code: string; zh: string; details: unknown[] };
  expect(error.code).toBe('INVALID_CONTEST');
  expect(error.zh).toContain('第 1 位选手');
  expect(t.server.service.list().map((s) => s.contestId)).toEqual(['demo']);

  // Not JSON at all: a typed error.
  const bad = await call('PUT', '/api/contests/demo/contest.json', t.token('host'), '{"title": ');
  expect(bad.status).toBe(400);
  const badError = bad.body['error'] as { code: string; zh: string };
  expect(badError.code).toBe('BAD_REQUEST');
  expect(badError.zh).toContain('JSON');
  // Another contest's seat may not.
  expect((await call('GET', '/api/contests/demo/contest.json', t.token('judge'))).status).toBe(403);
});

test('a started contest keeps its definition: 409', async () => {
  const stage = DEMO_CONTEST.stages[0]!.id;
  const ack = await t.server.service
    .get('demo')
    ?.execute({ type: 'StartStage', data: { stageId: stage } }, { role: 'host' });
  expect(ack?.ok).toBe(true);
  const res = await call('PUT', '/api/contests/demo/contest.json', t.token('host'), JSON.stringify(DEMO_CONTEST));
  expect(res.status).toBe(409);
  const error = res.body['error'] as { code: string; zh: string };
  expect(error.code).toBe('CONFLICT');
  expect(error.zh).toContain('已经开始');
  expect(t.server.service.list()).toHaveLength(1);
});
