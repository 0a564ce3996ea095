/**
 * Padding for the command line's link table: Chinese characters take two terminal columns, so
 * `String.prototype.padEnd` (which counts UTF-16 units) would leave every URL after a Chinese
 * name at a different column. Widths follow Unicode's East Asian Width (get-east-asian-width).
 */
import { eastAsianWidth } from 'get-east-asian-width';

/** How many terminal columns `text` takes (wide and fullwidth characters count two). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += eastAsianWidth(ch.codePointAt(0)!);
  return width;
}

/** `text` padded with spaces to `columns` terminal columns (unchanged when already as wide). */
export function padColumns(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - displayWidth(text)));
}
