/**
 * Child process of the crash-safety test (quality.md R1): appends in a loop from several
 * concurrent writers and prints every acknowledged append as `<commandId> <version> <position>`
 * until it is killed. Run as `node --import tsx crash-appender.ts <file>`.
 */
import { SqliteEventStore } from './sqlite-event-store.ts';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: crash-appender.ts <file>');
const store = new SqliteEventStore(file);

async function writer(streamId: string): Promise<never> {
  let version = store.streamVersion(streamId);
  for (;;) {
    const commandId = `${streamId}#${version + 1}`;
    const result = await store.append(
      streamId,
      [{ type: 'Ticked', data: { commandId, n: version + 1 }, metadata: { commandId } }],
      { expectedVersion: version, commandId },
    );
    // stdout on a pipe is synchronous on Linux: once written, the parent will see the line.
    process.stdout.write(`${commandId} ${result.version} ${result.position}\n`);
    version = result.version;
  }
}

process.stdout.write('ready\n');
await Promise.all(Array.from({ length: 8 }, (_, i) => writer(`crash:${i}`)));
