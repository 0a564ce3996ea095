/**
 * The long chaos suite: `npm run chaos [-- --minutes 30] [--only bad-input]`.
 *
 * Runs the chaos specs (tests/integration/chaos-*.int.spec.ts and tests/e2e/chaos-*.e2e.spec.ts)
 * with LEITAI_CHAOS_LONG=1, which scales their rounds and iterations up (R1 25 SIGKILL rounds,
 * R2 150 random sequences, R5 ten times the payloads…), one file at a time, and stops the run
 * when the time budget is spent. `npm test` runs the same specs in their fast variants.
 * The e2e spec needs a built client (npm run build).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    only: { type: 'string' },
    seed: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 240) {
  process.stderr.write('chaos: --minutes must be between 0 and 240\n');
  process.exit(2);
}
const filter = values.only ? `chaos-${values.only}` : 'chaos-';

const child = spawn(
  process.execPath,
  [
    resolve(ROOT, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--project',
    'int',
    '--project',
    'int-alone',
    '--project',
    'e2e',
    '--fileParallelism=false',
    '--testTimeout=900000',
    '--hookTimeout=120000',
    filter,
  ],
  {
    cwd: ROOT,
    stdio: 'inherit',
    detached: true,
    env: {
      ...process.env,
      LEITAI_CHAOS_LONG: '1',
      ...(values.seed ? { LEITAI_CHAOS_SEED: values.seed } : {}),
    },
  },
);
const started = Date.now();
const budget = setTimeout(() => {
  process.stderr.write(`\nchaos: the ${minutes}-minute budget is spent; stopping the run (counts as a failure)\n`);
  try {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}, minutes * 60_000);
child.on('exit', (code, signal) => {
  clearTimeout(budget);
  const s = Math.round((Date.now() - started) / 1000);
  process.stderr.write(`chaos: finished in ${s} s (${signal ?? `exit ${code}`})\n`);
  process.exit(code ?? 1);
});
