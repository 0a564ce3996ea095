/**
 * `npm run cluster` as an operator runs it (scripts/cluster.ts, without the client build step):
 * a core, two edges and the balancer come up against Redis, the cluster is healthy through the
 * balancer, and Ctrl+C stops every process.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { ClusterStatusFrame } from '@leitai/shared';
import { startRedis, type TestRedis } from '../support/cluster-support.ts';
import { tempDir } from '../support/harness.ts';
import { sleep } from '@leitai/shared';

const ROOT = resolve(import.meta.dirname, '../..');
let redis: TestRedis | undefined;

afterAll(async () => {
  await redis?.stop();
});

test('npm run cluster: core + 2 edges + balancer, healthy through the balancer, stopped by Ctrl+C', async () => {
  redis = await startRedis();
  const dir = tempDir('leitai-cluster-script-');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/cluster.ts',
      '--port',
      '0',
      '--redis',
      redis.url,
      '--data',
      join(dir, 'cluster.sqlite'),
      '--channel-prefix',
      `script${Date.now().toString(36)}`,
      '--seconds',
      '90',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    const end = Date.now() + 60_000;
    while (!/cluster is up: balancer (\S+)/.test(out) && Date.now() < end) await sleep(100);
    const lb = /cluster is up: balancer (\S+)/.exec(out)?.[1];
    expect(lb, out).toBeDefined();
    // The printed links point at the balancer.
    expect(out).toContain(`${lb}/live.html?code=`);

    let status: ClusterStatusFrame | null = null;
    while (Date.now() < end) {
      status = (await (await fetch(`${lb}/api/cluster`)).json()) as ClusterStatusFrame;
      if (status.edges.length === 2) break;
      await sleep(200);
    }
    expect(status?.redisUp).toBe(true);
    expect(status?.edges.map((e) => e.edgeId)).toEqual(['edge-1', 'edge-2']);
    const backends = (await (await fetch(`${lb}/lb/status`)).json()) as { backends: { up: boolean }[] };
    expect(backends.backends.map((b) => b.up)).toEqual([true, true, true]);
    const page = await fetch(`${lb}/live.html`);
    expect(page.status).toBe(200);
    await page.body?.cancel();

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    // Nothing is left listening behind the balancer.
    await expect(fetch(`${lb}/api/health`)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 120_000);
