/**
 * The production build (`npm run build` → server/dist, what `npm start` and the Docker image
 * run under plain Node): it starts with the demo contest, serves the screens and the API, and
 * its log export and verify run in the read worker, whose thread is an entry of the build.
 * `npm test` builds first, so server/dist is the build of these sources.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { spawnLeitai, type LeitaiProcess } from '../../scripts/lib/leitai-process.ts';
import { sleep } from '@leitai/shared';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let server: LeitaiProcess;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'leitai-build-'));
  server = await spawnLeitai(['start', '--data', join(dir, 'leitai.sqlite'), '--port', '0', '--host', '127.0.0.1'], {
    built: true,
    timeoutMs: 30_000,
  });
  // The links follow the "running on port" line.
  for (let i = 0; i < 100 && !server.output().includes('Stop with Ctrl+C'); i++) {
    await sleep(50);
  }
}, 40_000);

afterAll(async () => {
  await server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

test('npm start runs the build under plain Node with the arena cap', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts.start).toContain('node server/dist/leitai.mjs start');
  expect(pkg.scripts.start).toContain('MALLOC_ARENA_MAX=');
  expect(pkg.scripts.build).toContain('scripts/build-server.ts');
  expect(existsSync(join(ROOT, 'server/dist/read-worker-thread.mjs'))).toBe(true);
  // No TypeScript loader in the built process.
  const cmdline = readFileSync(`/proc/${server.child.pid}/cmdline`, 'utf8').split('\0');
  expect(cmdline).toContain('server/dist/leitai.mjs');
  expect(cmdline.join(' ')).not.toContain('tsx');
  expect(readFileSync(`/proc/${server.child.pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
});

test('the built server prints the screens, serves them and the API', async () => {
  const out = server.output();
  expect(out).toMatch(/主持 host\s+http:\/\/localhost:\d+\/host\.html#token=/);
  expect(out).toMatch(/观众 live\s+http:\/\/localhost:\d+\/live\.html\?code=/);
  const health = (await (await fetch(`${server.url}/api/health`)).json()) as { ok: boolean; contests: number };
  expect(health).toMatchObject({ ok: true, contests: 1 });
  const page = await fetch(`${server.url}/host.html`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');
});

test('log export and verify go through the built read worker', async () => {
  const hostToken = /host\.html#token=([\w-]+)/.exec(server.output())?.[1];
  expect(hostToken).toBeTruthy();
  const headers = { authorization: `Bearer ${hostToken}` };
  const log = await fetch(`${server.url}/api/contests/demo/log`, { headers });
  expect(log.status).toBe(200);
  const events = (await log.text())
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { streamId: string; version: number; hash: string });
  expect(events.length).toBeGreaterThan(0);
  expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
  const verify = await fetch(`${server.url}/api/contests/demo/verify`, { headers });
  expect(await verify.json()).toMatchObject({ ok: true, events: events.length });
  const denied = await fetch(`${server.url}/api/contests/demo/log`);
  expect(denied.status).toBe(401);
});
