/**
 * B9 of quality.md: gzip JS weight of each screen, read from the last build.
 *
 *   npm run build && npm run bench -- pages [--dist client/dist] [--json]
 *
 * Builds nothing. For every client/dist/*.html it takes the JS the page loads at start — its
 * `<script type="module" src>` and `<link rel="modulepreload" href>`, plus any chunk those import
 * statically — gzips each file (level 9) and sums. Lazy `import()` chunks are not counted.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** B9 targets in kB (1000 bytes) gzip; pages without one are reported but not judged. */
export const B9_TARGET_KB: Readonly<Record<string, number>> = { live: 100, play: 100, written: 100, overlay: 120 };

export interface PageWeight {
  page: string;
  files: number;
  gzipKB: number;
  rawKB: number;
  targetKB: number | null;
  ok: boolean | null;
}

const SCRIPT_SRC = /<script\b[^>]*\btype=["']?module["']?[^>]*\bsrc=["']([^"']+)["']/gi;
const PRELOAD_HREF = /<link\b[^>]*\brel=["']?modulepreload["']?[^>]*\bhref=["']([^"']+)["']/gi;
/** Static imports in a minified chunk: `import{a}from"./x.js"` and `import"./x.js"` (not `import(`). */
const STATIC_IMPORT = /\b(?:from|import)\s*["'](\.{1,2}\/[^"']+\.js)["']/g;

/** kB of 1000 bytes, as Vite reports them. */
const kb = (bytes: number): number => Math.round(bytes / 100) / 10;

/** URL path (`/assets/x.js`) → file under dist. */
function fileOf(dist: string, url: string): string {
  return join(dist, url.replace(/^\//, '').split(/[?#]/)[0] ?? '');
}

/** Gzip size of every JS file the page loads at start. */
export function measurePage(dist: string, htmlFile: string): PageWeight {
  const html = readFileSync(join(dist, htmlFile), 'utf8');
  const pending = [...html.matchAll(SCRIPT_SRC), ...html.matchAll(PRELOAD_HREF)]
    .map((m) => m[1] ?? '')
    .filter((url) => url.endsWith('.js') && !/^[a-z]+:\/\//i.test(url));
  const seen = new Set<string>();
  let gzip = 0;
  let raw = 0;
  while (pending.length > 0) {
    const url = posix.normalize(pending.pop() ?? '');
    if (seen.has(url)) continue;
    seen.add(url);
    const bytes = readFileSync(fileOf(dist, url));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    for (const m of bytes.toString('utf8').matchAll(STATIC_IMPORT)) {
      pending.push(posix.join(posix.dirname(url), m[1] ?? ''));
    }
  }
  const page = htmlFile.slice(0, -'.html'.length);
  const targetKB = B9_TARGET_KB[page] ?? null;
  const gzipKB = kb(gzip);
  return {
    page,
    files: seen.size,
    gzipKB,
    rawKB: kb(raw),
    targetKB,
    ok: targetKB === null ? null : gzipKB <= targetKB,
  };
}

/** CLI entry used by scripts/bench/run.ts: `[--dist <dir>] [--json]`. */
export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const distArg = args.indexOf('--dist');
  const dist = resolve(distArg >= 0 ? (args[distArg + 1] ?? '') : join(REPO, 'client/dist'));
  if (!existsSync(dist)) throw new Error(`${dist} does not exist: run \`npm run build\` first`);
  const pages = readdirSync(dist)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => measurePage(dist, file));
  for (const p of pages) {
    const verdict = p.ok === null ? '' : `  target ≤ ${p.targetKB} kB  ${p.ok ? 'OK' : 'OVER'}`;
    process.stdout.write(
      `${p.page.padEnd(8)} ${p.gzipKB.toFixed(1).padStart(6)} kB gzip (${p.rawKB.toFixed(1)} kB raw, ${p.files} files)${verdict}\n`,
    );
  }
  const ok = pages.every((p) => p.ok !== false);
  if (json) process.stdout.write(`${JSON.stringify({ bench: 'pages', dist, ok, pages })}\n`);
  await Promise.resolve();
}
