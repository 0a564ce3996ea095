/** Command-line helpers shared by the benchmarks. */

/** The number after `name` in `args`, or undefined when absent or not a number. */
export function argValue(args: readonly string[], name: string): number | undefined {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) ? v : undefined;
}
