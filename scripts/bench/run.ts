/**
 * Benchmark dispatcher: `npx tsx scripts/bench/run.ts <name> [args...]` (or `npm run bench -- <name>`)
 * imports scripts/bench/<name>.ts and calls its `run(args)`. Without a known name it lists them.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What a benchmark module exports for the dispatcher. */
export interface BenchModule {
  run(args: string[]): Promise<void>;
}

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

/** Benchmark names: every module beside this one, tests and helpers excluded by naming. */
export function benchNames(): string[] {
  return readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.d.ts') && !file.includes('.spec.'))
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();
}

function usage(problem?: string): void {
  if (problem) process.stderr.write(`${problem}\n`);
  process.stderr.write(`usage: npx tsx scripts/bench/run.ts <name> [--json]\navailable: ${benchNames().join(', ')}\n`);
  process.exitCode = 1;
}

/** Runs the named benchmark with the remaining arguments. */
export async function dispatch(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (name === undefined || name.startsWith('-')) return usage();
  if (!benchNames().includes(name)) return usage(`unknown benchmark '${name}'`);
  const module = (await import(pathToFileURL(join(BENCH_DIR, `${name}.ts`)).href)) as Partial<BenchModule>;
  if (typeof module.run !== 'function') return usage(`scripts/bench/${name}.ts does not export run(args)`);
  await module.run(args);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await dispatch(process.argv.slice(2));
}
