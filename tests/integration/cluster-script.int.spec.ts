/**
 * `npm run cluster` as an operator runs it (scripts/cluster.ts, without the client build step):
 * a core, two edges and a real HAProxy come up against Redis, the cluster is healthy through
 * HAProxy, a SIGKILLed core is restarted by the script (with back-off) and serves again, and
 * Ctrl+C stops every process, children included.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { ClusterStatusFrame } from '@leitai/shared';
import { startRedis, type TestRedis } from '../support/cluster-support.ts';
import { runtimeCommand } from '../../scripts/lib/haproxy-process.ts';
import { tempDir } from '../support/harness.ts';
import { sleep } from '@leitai/shared';

const ROOT = resolve(import.meta.dirname, '../..');
let redis: TestRedis | undefined;

afterAll(async () => {
  await redis?.stop();
});

test('npm run cluster: core + 2 edges + HAProxy, healthy through it, a killed core restarted, stopped by Ctrl+C', async () => {
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
    while (!/cluster is up: haproxy (\S+)/.test(out) && Date.now() < end) await sleep(100);
    const lb = /cluster is up: haproxy (\S+)/.exec(out)?.[1];
    expect(lb, out).toBeDefined();
    // The printed links point at HAProxy.
    expect(out).toContain(`${lb}/live.html?code=`);

    let status: ClusterStatusFrame | null = null;
    while (Date.now() < end) {
      status = (await (await fetch(`${lb}/api/cluster`)).json()) as ClusterStatusFrame;
      if (status.edges.length === 2) break;
      await sleep(200);
    }
    expect(status?.redisUp).toBe(true);
    expect(status?.edges.map((e) => e.edgeId)).toEqual(['edge-1', 'edge-2']);
    const socketPath = /HAProxy runtime API: (\S+)/.exec(out)?.[1];
    expect(socketPath, out).toBeDefined();
    const servers = await runtimeCommand(socketPath!, 'show servers state');
    // core/core, audience/edge-1, audience/edge-2, the backups and the pages: all up (srv_op_state 2).
    const states = servers
      .split('\n')
      .filter((l) => /^\d+ /.test(l))
      .map((l) => l.split(' '));
    expect(states.map((r) => `${r[1]}/${r[3]}`)).toEqual(
      expect.arrayContaining(['core/core', 'audience/edge-1', 'audience/edge-2']),
    );
    for (const r of states) expect(r[5], r.join(' ')).toBe('2');
    const page = await fetch(`${lb}/live.html`);
    expect(page.status).toBe(200);
    await page.body?.cancel();

    // The core is SIGKILLed: the script starts it again on its port, HAProxy sends to it again.
    const pids = () =>
      [...out.matchAll(/cluster: (\S+) running \(pid (\d+)/g)].map((m) => [m[1]!, Number(m[2])] as const);
    const firstCore = pids().find(([name]) => name === 'core')![1];
    process.kill(firstCore, 'SIGKILL');
    while (Date.now() < end && pids().filter(([name]) => name === 'core').length < 2) await sleep(100);
    expect(out).toMatch(/cluster: restarting core in 500 ms \(restart 1\)/);
    let health = 0;
    while (Date.now() < end && health !== 200) {
      health = await fetch(`${lb}/api/health`).then(
        async (r) => (await r.body?.cancel(), r.status),
        () => 0,
      );
      if (health !== 200) await sleep(200);
    }
    expect(health).toBe(200);

    const children = pids()
      .map(([, pid]) => pid)
      .filter((pid) => pid !== firstCore);
    expect(children).toHaveLength(3);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    // Nothing is left listening behind HAProxy, and no child is left running.
    await expect(fetch(`${lb}/api/health`)).rejects.toThrow();
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(children.filter(alive)).toEqual([]);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 120_000);
