/** Health, readiness and Prometheus metrics of one process. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startLeitaiServer } from '@leitai/server';
import { connectScreen, startWithDemo, type TestContest } from '../support/harness.ts';

let t: TestContest;

beforeAll(async () => {
  t = await startWithDemo();
});
afterAll(async () => {
  await t.cleanup();
});

/** The value of one sample line `name{labels} value` in a Prometheus text page. */
function sample(page: string, name: string, labels = ''): number | undefined {
  const line = page.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

test('health and readiness answer; readiness turns 503 with a reason when the store stops answering', async () => {
  const health = await fetch(`${t.server.url}/api/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ ok: true, contests: 1 });
  const ready = await fetch(`${t.server.url}/api/ready`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ ready: true, contests: 1 });

  const other = await startWithDemo();
  try {
    // Close the store under the running server: the trivial read fails.
    await other.server.store.close();
    const down = await fetch(`${other.server.url}/api/ready`);
    expect(down.status).toBe(503);
    const body = (await down.json()) as { ready: boolean; reason: string };
    expect(body.ready).toBe(false);
    expect(body.reason).toMatch(/event store does not answer/);
  } finally {
    await other.cleanup().catch(() => undefined);
  }
});

test('GET /metrics: sockets per role, command latency by type and result, fan-out, HTTP, event loop', async () => {
  const host = await connectScreen(t.server.url, { token: t.token('host') });
  const judge = await connectScreen(t.server.url, { token: t.token('judge', 'j1') });
  const phones = await Promise.all([1, 2, 3].map(() => connectScreen(t.server.url, { joinCode: t.joinCode })));
  try {
    const ok = await host.send({ type: 'ChooseScene', data: { scene: 'scoreboard' } });
    expect(ok.ok).toBe(true);
    const denied = await judge.send({ type: 'ChooseScene', data: { scene: 'roster' } });
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (ok.ok) await Promise.all(phones.map((p) => p.waitForVersion(ok.position)));

    const res = await fetch(`${t.server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const page = await res.text();
    expect(sample(page, 'leitai_sockets_connected', 'role="audience"')).toBe(3);
    expect(sample(page, 'leitai_sockets_connected', 'role="host"')).toBe(1);
    expect(sample(page, 'leitai_sockets_connected', 'role="judge"')).toBe(1);
    expect(sample(page, 'leitai_sockets_connected', 'role="stage"')).toBe(0);
    expect(sample(page, 'leitai_command_duration_seconds_count', 'type="ChooseScene",result="ok"')).toBe(1);
    expect(sample(page, 'leitai_command_duration_seconds_count', 'type="ChooseScene",result="error"')).toBe(1);
    expect(sample(page, 'leitai_commands_in_flight')).toBe(0);
    // SeatDevice ×2 and ChooseScene at least; every one reached host, judge and audience rooms.
    expect(sample(page, 'leitai_events_broadcast_total')).toBeGreaterThanOrEqual(3);
    expect(sample(page, 'leitai_frames_emitted_total')).toBeGreaterThanOrEqual(3);
    expect(sample(page, 'leitai_socket_deliveries_total')).toBeGreaterThanOrEqual(5);
    expect(sample(page, 'leitai_contests_loaded')).toBe(1);
    // The SQLite store's group commit: nothing queued at rest; commits and appends counted.
    expect(sample(page, 'leitai_store_pending_appends')).toBe(0);
    expect(sample(page, 'leitai_store_commits_total')).toBeGreaterThanOrEqual(3);
    expect(sample(page, 'leitai_store_appends_total')).toBeGreaterThanOrEqual(
      sample(page, 'leitai_store_commits_total')!,
    );
    expect(page).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
    expect(page).toMatch(/^process_resident_memory_bytes /m);

    await fetch(`${t.server.url}/api/health`);
    const again = await (await fetch(`${t.server.url}/metrics`)).text();
    expect(sample(again, 'leitai_http_requests_total', 'method="GET",route="/api/health",status="200"')).toBe(2);
    expect(again).toMatch(/leitai_http_requests_total\{method="GET",route="\/metrics",status="200"\}/);
  } finally {
    for (const s of [host, judge, ...phones]) s.close();
  }
});

test('two servers in one process keep their own registries; a metrics token protects /metrics when set', async () => {
  const a = await startLeitaiServer({ port: 0 });
  const b = await startLeitaiServer({ port: 0, metricsToken: 'metrics-secret-token' });
  try {
    await fetch(`${a.url}/api/health`);
    const pageA = await (await fetch(`${a.url}/metrics`)).text();
    expect(sample(pageA, 'leitai_http_requests_total', 'method="GET",route="/api/health",status="200"')).toBe(1);
    expect(sample(pageA, 'leitai_contests_loaded')).toBe(0);
    expect((await fetch(`${b.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${b.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const right = await fetch(`${b.url}/metrics`, { headers: { authorization: 'Bearer metrics-secret-token' } });
    expect(right.status).toBe(200);
    const pageB = await right.text();
    expect(sample(pageB, 'leitai_http_requests_total', 'method="GET",route="/api/health",status="200"')).toBe(
      undefined,
    );
  } finally {
    await a.close();
    await b.close();
  }
});
