/** Run the real server as a child process (`leitai start`), so a test can SIGKILL it. */
import { spawnLeitai, type LeitaiProcess } from '../../scripts/lib/leitai-process.ts';

export type ServerProcess = LeitaiProcess;

/** Start `leitai start` on a free loopback port over `dbFile` and wait until it prints its port. */
export function startServerProcess(
  dbFile: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  return spawnLeitai(['start', '--data', dbFile, '--port', '0', '--host', '127.0.0.1', ...extraArgs], {
    env: { ...process.env, NODE_ENV: 'test', ...env },
    timeoutMs: 30_000,
  });
}
