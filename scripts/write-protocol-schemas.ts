/**
 * Writes the JSON Schema of every payload the server sends to docs/protocol-schemas/<name>.schema.json:
 * - the results payloads and the small socket frames, from the TypeBox schemas the code is
 *   checked against (shared/src/results/results-schemas.ts, shared/src/protocol/socket-frame-schemas.ts),
 *   draft 2020-12;
 * - every other socket frame and acknowledgement and the HTTP API's answers, from the
 *   TypeScript types the server builds them with (scripts/lib/type-schemas.ts), draft-07.
 * and docs/protocol-files.md, the bodies that are files with every table's columns generated from
 * the code that writes them (scripts/lib/file-columns.ts).
 * shared/src/results/results-schemas.unit.spec.ts and tests/integration/protocol-schemas-fresh.int.spec.ts
 * fail when the committed files are stale.
 *
 * Usage: tsx scripts/write-protocol-schemas.ts          write the files
 *        tsx scripts/write-protocol-schemas.ts --check  exit 1 if any file on disk differs
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { payloadJsonSchemas } from '../shared/src/results/results-schemas.ts';
import { typeJsonSchemas } from './lib/type-schemas.ts';
import { protocolFilesMarkdown } from './lib/file-columns.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'docs', 'protocol-schemas');

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  let stale = 0;
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = Object.entries({ ...payloadJsonSchemas(), ...typeJsonSchemas() }).map(
    ([name, schema]) => [`docs/protocol-schemas/${name}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`],
  );
  files.push(['docs/protocol-files.md', await protocolFilesMarkdown(join(root, 'docs', 'protocol-files.md'))]);
  for (const [file, text] of files) {
    const path = join(root, file);
    const old = await readFile(path, 'utf8').catch(() => '');
    if (old === text) continue;
    if (check) {
      console.error(`stale: ${file}`);
      stale++;
    } else {
      await writeFile(path, text);
      console.log(`wrote ${file}`);
    }
  }
  if (stale > 0) process.exit(1);
}

await main();
