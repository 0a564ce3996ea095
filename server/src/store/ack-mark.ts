/**
 * The acknowledged mark: a small file beside the store (`<file>.ack`) holding the global
 * position and hash of the last event the store committed, rewritten after every group commit.
 *
 * Why a separate file: SQLite keeps recent commits in the `-wal` file until a checkpoint. If
 * that file is lost after a crash (deleted by hand, a copy of the main file alone, a bad
 * restore), the store opens cleanly at an older position, its chains verify, and everything
 * acknowledged since the last checkpoint is gone without a trace. The mark does not live in
 * the WAL, so it still says how far the store had acknowledged; the store refuses to open
 * behind it (`StoreBehindError`) unless the operator accepts the loss explicitly.
 *
 * The mark is written with one positioned write per commit (in the page cache at once, so it
 * survives a process crash) and flushed to disk by a background fdatasync, at most one in
 * flight: the acknowledgement does not wait for a second fsync. After a power loss the mark
 * can only be older than the store (it is written after the commit), never ahead of it, so it
 * never refuses a store that is intact.
 */
import { closeSync, existsSync, fdatasync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';

/** Where the mark of a store file lives. */
export const ackMarkFile = (storeFile: string): string => `${storeFile}.ack`;

/** The last acknowledged event: its global position and hash. */
export interface AckPosition {
  position: number;
  hash: string;
}

/** Fixed size: every write overwrites the same bytes, so the file never needs truncating. */
const MARK_BYTES = 160;

/** Reads a mark; undefined when there is none, null when the file is there but unreadable. */
export function readAckMark(file: string): AckPosition | undefined | null {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<AckPosition>;
    if (Number.isSafeInteger(parsed.position) && typeof parsed.hash === 'string') {
      return { position: parsed.position!, hash: parsed.hash };
    }
  } catch {
    // Falls through: a torn or edited mark is reported as unreadable.
  }
  return null;
}

/** Writes a mark once and syncs it (restore, accepting a loss). */
export function writeAckMarkNow(file: string, mark: AckPosition): void {
  const writer = new AckMarkWriter(file);
  writer.write(mark);
  writer.close();
}

/** Keeps the mark file open and rewrites it after each commit. */
export class AckMarkWriter {
  private fd: number | undefined;
  private syncing = false;
  private dirty = false;

  constructor(readonly file: string) {}

  write(mark: AckPosition): void {
    const text = JSON.stringify({ position: mark.position, hash: mark.hash });
    const bytes = Buffer.alloc(MARK_BYTES, 0x20);
    bytes.write(text, 'utf8');
    bytes[MARK_BYTES - 1] = 0x0a;
    this.fd ??= openSync(this.file, existsSync(this.file) ? 'r+' : 'w');
    writeSync(this.fd, bytes, 0, MARK_BYTES, 0);
    this.dirty = true;
    this.sync();
  }

  private sync(): void {
    if (this.syncing || !this.dirty || this.fd === undefined) return;
    this.syncing = true;
    this.dirty = false;
    fdatasync(this.fd, () => {
      this.syncing = false;
      this.sync();
    });
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
