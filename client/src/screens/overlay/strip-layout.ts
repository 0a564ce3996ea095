import type { CSSProperties } from 'react';

/**
 * How the score strip sets n names: one row up to eight, then even rows of at most eight (the
 * whole roster, never cut off), a smaller type from the third row.
 */
export function stripLayout(n: number): { columns: number; rows: number; className: string; style: CSSProperties } {
  const rows = Math.max(1, Math.ceil(n / 8));
  const columns = Math.max(1, Math.ceil(n / rows));
  const className = [rows > 1 ? 'is-rows' : '', rows > 2 ? 'is-dense' : ''].filter(Boolean).join(' ');
  return { columns, rows, className, style: { '--cols': columns } as CSSProperties };
}
