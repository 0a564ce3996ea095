/**
 * Writes the JSON Schema of every payload the server sends to docs/protocol-schemas/<name>.schema.json:
 * - the results payloads and the small socket frames, from the TypeBox schemas the code is
 *   checked against (shared/src/results/results-schemas.ts, shared/src/protocol/socket-frame-schemas.ts),
 *   draft 2020-12;
 * - every other socket frame and acknowledgement and the HTTP API's answers, from the
 *   TypeScript types the server builds them with (scripts/lib/type-schemas.ts), draft-07.
 * shared/src/results/results-schemas.unit.spec.ts and tests/integration/protocol-frames.int.spec.ts
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

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'docs', 'protocol-schemas');

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  let stale = 0;
  await mkdir(dir, { recursive: true });
  for (const [name, schema] of Object.entries({ ...payloadJsonSchemas(), ...typeJsonSchemas() })) {
    const path = join(dir, `${name}.schema.json`);
    const text = `${JSON.stringify(schema, null, 2)}\n`;
    const old = await readFile(path, 'utf8').catch(() => '');
    if (old === text) continue;
    if (check) {
      console.error(`stale: docs/protocol-schemas/${name}.schema.json`);
      stale++;
    } else {
      await writeFile(path, text);
      console.log(`wrote docs/protocol-schemas/${name}.schema.json`);
    }
  }
  if (stale > 0) process.exit(1);
}

await main();
