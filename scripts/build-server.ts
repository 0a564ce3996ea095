/**
 * Builds the server for production: the command line (`server/src/cli/leitai.ts`) and the read
 * worker's thread, bundled with esbuild into `server/dist/*.mjs`, so `npm start` runs plain
 * Node. Running the TypeScript sources through tsx costs ~50 MB of resident memory per process
 * (transformed sources and source maps kept alive), a quarter of B3's budget for 20k sockets.
 * Packages stay external (installed by `npm ci`, native modules included); the workspace's
 * own `@leitai/shared` is bundled. Code-splitting keeps the cluster roles' modules (Redis
 * client, proxy) in chunks that load only when a role asks for them.
 *
 *   node scripts/build-server.ts   (run by `npm run build`)
 */
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
export const SERVER_DIST = resolve(ROOT, 'server/dist');

export async function buildServer(): Promise<void> {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'server/package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  rmSync(SERVER_DIST, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: {
      leitai: 'server/src/cli/leitai.ts',
      // The programmatic API (`startLeitaiServer`), as the B3 memory bench measures it.
      app: 'server/src/app.ts',
      // Loaded by server/src/store/read-worker.ts with `new Worker(URL)`, next to its chunk.
      'read-worker-thread': 'server/src/store/read-worker-thread.ts',
      // Loaded by server/src/ingest/judge-thread.ts the same way.
      'judge-worker-thread': 'server/src/ingest/judge-worker-thread.ts',
    },
    outdir: SERVER_DIST,
    outExtension: { '.js': '.mjs' },
    // Flat: a chunk's `import.meta.url` resolves the worker entry and client/dist the same way
    // as the sources do (two levels under the repository root).
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: Object.keys(pkg.dependencies),
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  process.stdout.write(`server built: server/dist (${(bytes / 1024).toFixed(0)} KB with source maps)\n`);
}

if (import.meta.filename === process.argv[1]) await buildServer();
