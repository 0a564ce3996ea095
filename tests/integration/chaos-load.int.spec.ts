/** The load generator (scripts/load.ts) run as `npm run load` runs it: a child process, JSON out. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkTarget, type LoadReport } from '../../scripts/load.ts';
import { startWithDemo, type TestContest } from '../support/harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let t: TestContest;

beforeAll(async () => {
  t = await startWithDemo();
});
afterAll(async () => {
  await t.cleanup();
});

function runLoad(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/load.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

test('50 audience sockets for 3 s: every socket connects, every probe reaches every socket, comments and likes go through', async () => {
  const { code, stdout, stderr } = await runLoad([
    '--url',
    t.server.url,
    '--code',
    t.joinCode,
    '--sockets',
    '50',
    '--duration',
    '3',
    '--host-token',
    t.token('host'),
    '--probe-ms',
    '500',
    '--comments-per-sec',
    '4',
    '--likes-per-sec',
    '10',
    '--json',
  ]);
  expect(code, stderr).toBe(0);
  const report = JSON.parse(stdout) as LoadReport;
  expect(report.sockets).toMatchObject({ requested: 50, connected: 50, failed: 0 });
  expect(report.durationS).toBeGreaterThanOrEqual(3);
  expect(report.durationS).toBeLessThan(10);
  const probes = report.probes!;
  expect(probes.sent).toBeGreaterThanOrEqual(4);
  expect(probes.acked).toBe(probes.sent);
  expect(probes.missing).toBe(0);
  expect(probes.deliveries).toBe(probes.sent * 50);
  expect(probes.deliveryMs!.p50).toBeGreaterThan(0);
  expect(probes.deliveryMs!.p99).toBeLessThan(2000);
  expect(probes.deliveryMs!.p50).toBeLessThanOrEqual(probes.deliveryMs!.p99);
  // Every socket received at least one frame per probe.
  expect(report.frames.contestEvents.min).toBeGreaterThanOrEqual(probes.sent);
  expect(report.frames.events.min).toBeGreaterThanOrEqual(probes.sent);
  // The audience pipeline exists in this build: its frames are counted, and comments/likes were sent.
  expect(report.frames.audienceFrames?.min).toBeGreaterThanOrEqual(2);
  expect(report.likes!.sent).toBeGreaterThanOrEqual(20);
  expect(report.likes!.ok + Object.values(report.likes!.errors).reduce((a, b) => a + b, 0)).toBe(report.likes!.sent);
  expect(report.likes!.ok).toBeGreaterThan(0);
  expect(report.comments!.sent).toBeGreaterThanOrEqual(8);
  expect(report.comments!.ok).toBeGreaterThan(0);
});

test('the load generator refuses targets that are not this machine, and a wrong code connects nothing', async () => {
  for (const url of [
    'http://example.com:3000',
    'http://10.0.0.5:3000',
    'http://127.0.0.1.nip.io:3000',
    'http://[::2]:1',
  ]) {
    const checked = checkTarget(url);
    expect(checked.ok, url).toBe(false);
    if (!checked.ok) expect(checked.message).toMatch(/only targets this machine/);
  }
  for (const url of ['http://127.0.0.1:3000', 'http://localhost:8080', 'http://[::1]:3000', 'http://127.1.2.3:1']) {
    expect(checkTarget(url).ok, url).toBe(true);
  }
  const refused = await runLoad(['--url', 'http://example.com:3000', '--code', 'ABCDEF', '--duration', '1']);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/only targets this machine/);
  const wrong = await runLoad([
    '--url',
    t.server.url,
    '--code',
    'NOPE99',
    '--sockets',
    '3',
    '--duration',
    '0.5',
    '--json',
  ]);
  expect(wrong.code).toBe(1);
  const report = JSON.parse(wrong.stdout) as LoadReport;
  expect(report.sockets.connected).toBe(0);
  expect(report.sockets.errors).toEqual({ UNAUTHENTICATED: 3 });
});
