/**
 * The platform sources of each contest, kept server-side beside the seats (never in the event
 * log, whose exports are published): one row per source, its keys sealed with AES-256-GCM.
 * The sealing key comes from env `LEITAI_INGEST_KEY` (64 hex digits), else from a key file
 * beside the database (`<db>.ingest-key`, mode 0600, made on first use), so a copy of the
 * database alone does not carry usable keys. In memory when the server has no database (tests).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { IngestPlatform } from './adapter.ts';

export type SourceKind = 'bilibili' | 'webhook';

/** What only the server may read: the platform keys. */
export interface SourceSecrets {
  /** bilibili: the open-platform app and the organiser's identity code. */
  appId?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  code?: string;
  /** webhook: the HMAC-SHA256 signing secret shared with the platform. */
  secret?: string;
}

/** What the host may see of a source's configuration (no keys). */
export interface SourceSettings {
  /** bilibili: base URL of the open-platform API. */
  baseUrl?: string;
  /** Platform likes add to the contest's likes (the popularity award by likes counts them). */
  countLikes: boolean;
}

export interface SourceRecord {
  id: string;
  contestId: string;
  kind: SourceKind;
  platform: IngestPlatform;
  name: string;
  settings: SourceSettings;
  secrets: SourceSecrets;
  /** Started by the host (restarted after a server restart). */
  enabled: boolean;
  createdAt: number;
}

export interface SourceStore {
  list(contestId?: string): SourceRecord[];
  put(record: SourceRecord): void;
  remove(contestId: string, id: string): void;
  close(): void;
}

export class MemorySourceStore implements SourceStore {
  private readonly rows = new Map<string, SourceRecord>();
  list(contestId?: string): SourceRecord[] {
    return [...this.rows.values()].filter((r) => contestId === undefined || r.contestId === contestId);
  }
  put(record: SourceRecord): void {
    this.rows.set(`${record.contestId}/${record.id}`, structuredClone(record));
  }
  remove(contestId: string, id: string): void {
    this.rows.delete(`${contestId}/${id}`);
  }
  close(): void {}
}

/** AES-256-GCM: iv (12) + tag (16) + ciphertext, base64. */
export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function unseal(key: Buffer, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

function sealingKey(dbFile: string): Buffer {
  const env = process.env.LEITAI_INGEST_KEY;
  if (env && /^[0-9a-f]{64}$/iu.test(env)) return Buffer.from(env, 'hex');
  const file = `${dbFile}.ingest-key`;
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}

interface Row {
  contest_id: string;
  source_id: string;
  kind: string;
  platform: string;
  name: string;
  settings: string;
  secrets: string;
  enabled: number;
  created_at: number;
}

export class SqliteSourceStore implements SourceStore {
  private readonly db: Database.Database;
  private key: Buffer | null = null;

  constructor(private readonly file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS ingest_sources (
      contest_id TEXT NOT NULL,
      source_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      platform TEXT NOT NULL,
      name TEXT NOT NULL,
      settings TEXT NOT NULL,
      secrets TEXT NOT NULL,
      enabled INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (contest_id, source_id)
    )`);
  }

  private sealing(): Buffer {
    this.key ??= sealingKey(this.file);
    return this.key;
  }

  list(contestId?: string): SourceRecord[] {
    const rows = (
      contestId === undefined
        ? this.db.prepare('SELECT * FROM ingest_sources ORDER BY created_at').all()
        : this.db.prepare('SELECT * FROM ingest_sources WHERE contest_id = ? ORDER BY created_at').all(contestId)
    ) as Row[];
    return rows.map((r) => ({
      id: r.source_id,
      contestId: r.contest_id,
      kind: r.kind as SourceKind,
      platform: r.platform as IngestPlatform,
      name: r.name,
      settings: JSON.parse(r.settings) as SourceSettings,
      secrets: JSON.parse(unseal(this.sealing(), r.secrets)) as SourceSecrets,
      enabled: r.enabled === 1,
      createdAt: r.created_at,
    }));
  }

  put(r: SourceRecord): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO ingest_sources
         (contest_id, source_id, kind, platform, name, settings, secrets, enabled, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.contestId,
        r.id,
        r.kind,
        r.platform,
        r.name,
        JSON.stringify(r.settings),
        seal(this.sealing(), JSON.stringify(r.secrets)),
        r.enabled ? 1 : 0,
        r.createdAt,
      );
  }

  remove(contestId: string, id: string): void {
    this.db.prepare('DELETE FROM ingest_sources WHERE contest_id = ? AND source_id = ?').run(contestId, id);
  }

  close(): void {
    this.db.close();
  }
}
