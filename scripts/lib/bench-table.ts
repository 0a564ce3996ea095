/** Helpers the benchmark scripts (scripts/bench) share. */

/** Right-aligned columns, one line per row, the header first. */
export function alignedTable(head: string[], rows: string[][]): string[] {
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => c.padStart(w[i] ?? 0)).join('  '));
}

/** `--name value` as a positive number, else `dflt`. */
export function numArg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : dflt;
}

export { median, percentile } from '@leitai/shared';
