/**
 * Writes the generated contest-file artefacts from their TypeScript sources, so they cannot drift:
 *   docs/contest-file.schema.json    the published JSON Schema (from ContestFileSchema)
 *   examples/demo-contest.json       the demo contest (from DEMO_CONTEST)
 *   examples/three-stage-contest.json
 *
 * Usage: tsx scripts/write-schema.ts            write the files
 *        tsx scripts/write-schema.ts --check    exit 1 if any file on disk differs (for CI)
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { contestFileJsonSchema } from '../shared/src/model/contest-file-schema.ts';
import { formatContestFileProblem, validateContestFile } from '../shared/src/model/validate-contest-file.ts';
import { DEMO_CONTEST, THREE_STAGE_CONTEST } from '../shared/src/demo/index.ts';
import type { ContestFile } from '../shared/src/model/contest-file-schema.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** An example file points editors at the schema, then holds the contest exactly as in the source. */
function example(contest: ContestFile): Record<string, unknown> {
  const checked = validateContestFile(contest);
  if (!checked.ok) {
    throw new Error(
      `example contest '${contest.title}' is invalid:\n${checked.problems.map(formatContestFileProblem).join('\n')}`,
    );
  }
  return { $schema: '../docs/contest-file.schema.json', ...contest };
}

/** The schema is exempt from prettier (.prettierignore); the examples are formatted like the rest of the repo. */
async function render(path: string, value: unknown, pretty: boolean): Promise<string> {
  const json = `${JSON.stringify(value, null, 2)}\n`;
  if (!pretty) return json;
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(json, { ...options, filepath: path });
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files: { path: string; value: unknown; pretty: boolean }[] = [
    { path: join(root, 'docs/contest-file.schema.json'), value: contestFileJsonSchema(), pretty: false },
    { path: join(root, 'examples/demo-contest.json'), value: example(DEMO_CONTEST), pretty: true },
    { path: join(root, 'examples/three-stage-contest.json'), value: example(THREE_STAGE_CONTEST), pretty: true },
  ];
  let stale = 0;
  for (const file of files) {
    const text = await render(file.path, file.value, file.pretty);
    const name = relative(root, file.path);
    if (check) {
      const onDisk = await readFile(file.path, 'utf8').catch(() => undefined);
      if (onDisk !== text) {
        stale += 1;
        console.error(`${name} is out of date: run tsx scripts/write-schema.ts`);
      }
    } else {
      await mkdir(dirname(file.path), { recursive: true });
      await writeFile(file.path, text);
      console.log(`wrote ${name}`);
    }
  }
  if (stale > 0) process.exitCode = 1;
}

await main();
