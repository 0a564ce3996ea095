/**
 * Every command of the built command line (`npm start` runs it) answers `--help` with its usage
 * and exits 0 without starting or creating anything; an unknown command, option or extra
 * argument is an error (exit 2) that names it. `npm test` builds first.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { tempDir } from '../support/harness.ts';
import { runLeitai } from '../support/store-faults.ts';

const dir = tempDir('leitai-usage-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMMANDS = [
  'start',
  'edge',
  'haproxy-config',
  'demo',
  'contest create',
  'replay',
  'verify',
  'export log',
  'backup',
  'restore',
  'doctor',
  'follow',
];

test('leitai --help lists every command', async () => {
  const { code, out } = await runLeitai(['--help']);
  expect(code).toBe(0);
  for (const c of COMMANDS) expect(out).toContain(`  ${c}`);
});

// Concurrent: each is a process start, and none of them may start anything.
test.concurrent.each(COMMANDS)('leitai %s --help prints its usage and exits 0, starting nothing', async (command) => {
  const data = join(dir, `${command.replace(' ', '-')}.sqlite`);
  // The cluster roles keep no store: `--data` would be an unknown option for them.
  const withData = command === 'edge' || command === 'haproxy-config' || command === 'follow' ? [] : ['--data', data];
  const { code, out, timedOut } = await runLeitai([...command.split(' '), '--help', ...withData], 30_000);
  expect(timedOut, out).toBe(false);
  expect(code, out).toBe(0);
  expect(out).toContain(`usage: leitai ${command}`);
  expect(out).not.toMatch(/running on port/);
  expect(existsSync(data)).toBe(false);
});

test('unknown commands, options and arguments are errors that name them', async () => {
  const option = await runLeitai(['start', '--prot', '3000'], 15_000);
  expect(option.timedOut).toBe(false);
  expect(option.code).toBe(2);
  expect(option.out).toContain("'--prot'");
  expect(option.out).not.toMatch(/running on port/);
  const command = await runLeitai(['strat']);
  expect(command.code).toBe(2);
  expect(command.out).toContain("unknown command 'strat'");
  const sub = await runLeitai(['contest', 'delete', 'x']);
  expect(sub.code).toBe(2);
  expect(sub.out).toContain("'contest delete'");
  const extra = await runLeitai(['verify', 'extra', '--data', join(dir, 'x.sqlite')]);
  expect(extra.code).toBe(2);
  expect(extra.out).toContain("unexpected argument 'extra'");
  const port = await runLeitai(['start', '--port', 'lots', '--data', join(dir, 'y.sqlite')], 15_000);
  expect(port.code).toBe(2);
  expect(port.out).toContain('--port');
  expect(existsSync(join(dir, 'y.sqlite'))).toBe(false);
});
