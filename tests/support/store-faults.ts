/**
 * Faults on a real store file for the R12/R13 tests: the built command line as a child process,
 * a small tmpfs (a disk that fills or goes read-only), and raw edits as a bad tool would make.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs the built CLI (`node server/dist/leitai.mjs …`, what `npm start` runs); never throws. */
export function runLeitai(
  args: string[],
  timeoutMs = 30_000,
): Promise<{ code: number | null; out: string; timedOut: boolean }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['server/dist/leitai.mjs', ...args],
      { cwd: ROOT, timeout: timeoutMs, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const e = error as (Error & { code?: number | string; killed?: boolean }) | null;
        const code = e ? (typeof e.code === 'number' ? e.code : null) : 0;
        done({ code, out: `${stdout}${stderr}`, timedOut: e?.killed === true });
      },
    );
  });
}

/** A tmpfs of `sizeMb` mounted on a fresh directory (root only); null where mounting is impossible. */
export interface SmallDisk {
  dir: string;
  remountReadOnly(): void;
  unmount(): void;
}

export function mountSmallDisk(sizeMb: number): SmallDisk | null {
  const dir = mkdtempSync(join(tmpdir(), 'leitai-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    remountReadOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'ignore' }),
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
