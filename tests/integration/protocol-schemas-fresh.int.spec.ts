/**
 * The committed docs/protocol-schemas/*.schema.json generated from TypeScript types are the ones
 * scripts/write-protocol-schemas.ts generates now (the TypeBox-generated ones:
 * shared/src/results/results-schemas.unit.spec.ts). Its own file: the TypeScript checker runs for
 * tens of seconds on the test's thread, which would starve a live server's sockets beside it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { protocolFilesMarkdown } from '../../scripts/lib/file-columns.ts';
import { typeJsonSchemas, TYPE_SCHEMA_NAMES } from '../../scripts/lib/type-schemas.ts';
import { FROM_TYPES } from '../support/protocol-schema-files.ts';

test('the committed schemas generated from the TypeScript types are current (run scripts/write-protocol-schemas.ts)', () => {
  const generated = typeJsonSchemas();
  expect(Object.keys(FROM_TYPES).sort()).toEqual([...TYPE_SCHEMA_NAMES].sort());
  for (const [name, schema] of Object.entries(generated)) expect(FROM_TYPES[name], name).toEqual(schema);
}, 300_000);

test('docs/protocol-files.md (the file bodies, the columns of every table, from the code) is current (run scripts/write-protocol-schemas.ts)', async () => {
  const path = join(import.meta.dirname, '..', '..', 'docs', 'protocol-files.md');
  expect(await readFile(path, 'utf8')).toBe(await protocolFilesMarkdown(path));
});
