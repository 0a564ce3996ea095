/**
 * The deployment files as they ship: deploy/haproxy.cfg is what `leitai haproxy-config` writes
 * for docker-compose.yml and HAProxy accepts it (and the TLS variant the guide shows); the
 * compose file fronts the cluster with it and restarts every service; deploy/leitai-supervised.sh
 * (the core's command in the container) waits instead of exiting when the store is refused, so
 * `restart: unless-stopped` cannot loop on it, and passes any other exit on.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { haproxyConfig, parseEdgeArg } from '@leitai/server';
import { sleep } from '@leitai/shared';
import { haproxyBinary } from '../../scripts/lib/haproxy-process.ts';
import { tempDir } from '../support/harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const check = (file: string) => spawnSync(haproxyBinary(), ['-c', '-f', file], { encoding: 'utf8' });

test('deploy/haproxy.cfg is the generated configuration, and HAProxy accepts it and the TLS variant', () => {
  const expected = haproxyConfig({
    bind: ':3000',
    core: 'core:3000',
    edges: ['edge-1=edge1:3000', 'edge-2=edge2:3000'].map(parseEdgeArg),
    statsSocket: 'ipv4@0.0.0.0:9999',
    statsBind: '0.0.0.0:8404',
    dockerDns: true,
  });
  expect(read('deploy/haproxy.cfg')).toBe(expected);
  const shipped = check(join(ROOT, 'deploy/haproxy.cfg'));
  expect(shipped.status, shipped.stderr).toBe(0);

  const dir = tempDir('leitai-tls-');
  const pem = join(dir, 'leitai.pem');
  const made = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=leitai.example.invalid',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ]);
  expect(made.status).toBe(0);
  writeFileSync(pem, readFileSync(join(dir, 'cert.pem'), 'utf8') + readFileSync(join(dir, 'key.pem'), 'utf8'));
  const tls = haproxyConfig({
    bind: ':80',
    core: '10.0.0.2:3000',
    edges: ['10.0.0.3:3000', '10.0.0.4:3000'].map(parseEdgeArg),
    tls: { pem, bind: ':443' },
  });
  expect(tls).toContain(`bind :443 ssl crt ${pem}`);
  expect(tls).toContain('http-request redirect scheme https code 301 unless { ssl_fc }');
  writeFileSync(join(dir, 'tls.cfg'), tls);
  const checked = check(join(dir, 'tls.cfg'));
  expect(checked.status, checked.stderr).toBe(0);
});

test('docker-compose.yml: HAProxy in front with the shipped config, every service restarted, the core supervised', () => {
  const compose = read('docker-compose.yml');
  expect(compose).toContain('image: haproxy:2.6');
  expect(compose).toContain('./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
  expect(compose).not.toMatch(/leitai\s*\n?\s*-?\s*lb\b|\[leitai, lb/);
  const services = compose.slice(compose.indexOf('services:'), compose.indexOf('\nvolumes:'));
  const names = [...services.matchAll(/^ {2}([a-z0-9]+):$/gm)].map((m) => m[1]);
  expect(names).toEqual(['redis', 'core', 'edge1', 'edge2', 'lb']);
  // The anchor's policy (core, edges) and the two others'.
  expect(compose.match(/^ +restart: unless-stopped$/gm)).toHaveLength(3);
  expect(compose).toMatch(/core:\n {4}<<: \*leitai\n {4}command:\n {6}- leitai-supervised\n {6}- start/);
  expect(read('Dockerfile')).toContain('COPY deploy/leitai-supervised.sh /usr/local/bin/leitai-supervised');
  const unit = read('deploy/leitai.service');
  expect(unit).toContain('RestartPreventExitStatus=3');
  expect(unit).toMatch(/LimitNOFILE=\d{5}/);
});

function supervised(args: string[]) {
  const child = spawn('sh', [join(ROOT, 'deploy/leitai-supervised.sh'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LEITAI_BIN: `${process.execPath} server/dist/leitai.mjs` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exited, out: () => out };
}

test('leitai-supervised: a refused store (exit 3) waits until stopped instead of exiting; other exits pass on', async () => {
  const dir = tempDir('leitai-supervised-');
  const garbage = join(dir, 'garbage.sqlite');
  writeFileSync(garbage, Buffer.alloc(8192, 0x5a));
  const refused = supervised(['start', '--data', garbage, '--port', '0', '--host', '127.0.0.1']);
  const end = Date.now() + 20_000;
  while (!refused.out().includes('not starting it again') && Date.now() < end) await sleep(100);
  expect(refused.out()).toContain('refusing to start [STORE_DAMAGED]');
  await sleep(1000);
  expect(refused.child.exitCode).toBeNull();
  refused.child.kill('SIGTERM');
  expect(await refused.exited).toBe(3);

  const usage = supervised(['start', '--prot', '1']);
  expect(await usage.exited).toBe(2);
  const help = supervised(['doctor', '--help']);
  expect(await help.exited).toBe(0);
  expect(help.out()).toContain('usage: leitai doctor');
}, 40_000);
