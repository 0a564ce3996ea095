/** Helpers shared by the crash tests: an independent read of the log, and the demo on a file. */
import Database from 'better-sqlite3';
import { DEMO_CONTEST, type PositionedEvent } from '@leitai/shared';
import { ContestService, SqliteSeatRegistry, systemClock } from '@leitai/server';
import { SqliteEventStore } from '../../server/src/store/sqlite-event-store.ts';

/** Read a contest's log with a plain read-only connection, independent of the code under test. */
export function readContestLog(dbFile: string, contestId = 'demo'): PositionedEvent[] {
  const db = new Database(dbFile, { readonly: true });
  const rows = db
    .prepare('SELECT version, type, data, metadata FROM events WHERE stream_id = ? ORDER BY version')
    .all(`contest-${contestId}`) as { version: number; type: string; data: string; metadata: string }[];
  db.close();
  return rows.map(
    (r) =>
      ({
        type: r.type,
        data: JSON.parse(r.data) as unknown,
        metadata: JSON.parse(r.metadata) as unknown,
        version: r.version,
      }) as PositionedEvent,
  );
}

/** Create the demo contest (id 'demo') in a SQLite file, offline; returns the host's seat token. */
export async function createDemoOnFile(dbFile: string): Promise<string> {
  const store = new SqliteEventStore(dbFile);
  const seats = new SqliteSeatRegistry(dbFile);
  const service = new ContestService(store, seats, systemClock);
  const created = await service.create(DEMO_CONTEST, { contestId: 'demo' });
  if (!created.ok) throw new Error(created.error.message);
  await store.close();
  seats.close();
  return created.contest.seats.find((s) => s.role === 'host')!.token;
}
