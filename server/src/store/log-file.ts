/**
 * The exported event log (docs/log-format.md): one JSON object per line (NDJSON), written by
 * `GET /api/contests/:id/log` and `leitai export log`, and its verification from the file alone.
 * A verifier in another language (scripts/verify-log.py) follows the same document.
 */
import { canonicalJson, ChainVerifier, type ChainBreak } from './hash-chain.ts';

/** One line of the export: the stored event with its data and metadata as canonical JSON text. */
export function logLine(row: {
  position: number;
  streamId: string;
  version: number;
  type: string;
  /** Canonical JSON text (as stored). */
  dataJson: string;
  metadataJson: string;
  hash: string;
}): string {
  // Field order fixed by docs/log-format.md; data and metadata are spliced in as stored, never re-parsed.
  return (
    `{"position":${row.position},"streamId":${JSON.stringify(row.streamId)},"version":${row.version},` +
    `"type":${JSON.stringify(row.type)},"data":${row.dataJson},"metadata":${row.metadataJson},` +
    `"hash":${JSON.stringify(row.hash)}}\n`
  );
}

/** A parsed event as it appears in memory (the `MemoryEventStore` export path), as one line. */
export function logLineOf(event: {
  position: number;
  streamId: string;
  version: number;
  type: string;
  data: unknown;
  metadata: unknown;
  hash: string;
}): string {
  return logLine({ ...event, dataJson: canonicalJson(event.data), metadataJson: canonicalJson(event.metadata) });
}

/** The verdict over an exported log. */
export interface LogFileReport {
  ok: boolean;
  streams: number;
  events: number;
  /** The last event of each stream that verified: what a published head hash is compared against. */
  heads: { streamId: string; version: number; hash: string }[];
  /** The first line that is not an event, breaks its chain, or (with `expectHead`) the missing head. */
  firstBroken?: ChainBreak & { line: number };
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Verifies an exported log from its text alone, as docs/log-format.md describes. With
 * `expectHead` (a head hash published earlier), the log must also reach an event with that
 * hash: a truncated tail or a re-hashed forgery chains correctly but cannot pass through it.
 */
export function verifyLogText(text: string, options: { expectHead?: string } = {}): LogFileReport {
  const verifier = new ChainVerifier();
  const heads = new Map<string, { version: number; hash: string }>();
  let broken: LogFileReport['firstBroken'];
  let reachedHead = false;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (let i = 0; i < lines.length && !broken; i++) {
    const line = i + 1;
    let row: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(lines[i]!.replace(/\r$/, ''));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      row = parsed as Record<string, unknown>;
    } catch {
      broken = { line, streamId: '', version: 0, position: 0, reason: 'not a JSON object' };
      break;
    }
    const { position, streamId, version, type, hash } = row;
    if (
      !Number.isSafeInteger(position) ||
      typeof streamId !== 'string' ||
      !Number.isSafeInteger(version) ||
      typeof type !== 'string' ||
      typeof hash !== 'string' ||
      !HEX64.test(hash) ||
      !('data' in row) ||
      typeof row['metadata'] !== 'object' ||
      row['metadata'] === null
    ) {
      broken = {
        line,
        streamId: typeof streamId === 'string' ? streamId : '',
        version: typeof version === 'number' ? version : 0,
        position: typeof position === 'number' ? position : 0,
        reason: 'a field is missing or of the wrong type',
      };
      break;
    }
    const ok = verifier.check({
      position: position as number,
      streamId,
      version: version as number,
      type,
      data: JSON.stringify(row['data']),
      metadata: JSON.stringify(row['metadata']),
      hash,
    });
    if (!ok) {
      const b = verifier.report().firstBroken!;
      broken = { ...b, line };
      break;
    }
    heads.set(streamId, { version: version as number, hash });
    if (hash === options.expectHead) reachedHead = true;
  }
  const report = verifier.report();
  const headList = [...heads].map(([streamId, h]) => ({ streamId, ...h }));
  if (!broken && options.expectHead !== undefined && !reachedHead) {
    const last = headList.at(-1);
    broken = {
      line: lines.length,
      streamId: last?.streamId ?? '',
      version: last?.version ?? 0,
      position: 0,
      reason: `the log does not reach the expected head ${options.expectHead}`,
    };
  }
  const base = { ok: !broken, streams: report.streams, events: report.events, heads: headList };
  return broken ? { ...base, firstBroken: broken } : base;
}
