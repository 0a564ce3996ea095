/**
 * R15 of quality.md: SIGKILL the server several times while takers are writing a written test.
 * After every restart: every acknowledged answer is in its paper (the last acknowledged choice
 * per question, read back from the file by an independent connection), no paper is lost or
 * duplicated (one PaperOpened per stream, one stream per taker who opened), no command landed
 * twice (a change retried with its command id after the crash lands once), and the remaining
 * time is right (the deadline is first opening + duration, as before the crash). Fast in
 * `npm test` (3 rounds); `npm run chaos`'s long mode runs 10.
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { evolvePaper, type Paper, type PaperEvent } from '@leitai/shared';
import { ContestService, SqliteSeatRegistry, systemClock } from '@leitai/server';
import { SqliteEventStore } from '../../server/src/store/sqlite-event-store.ts';
import { connectScreen, newCommandId, tempDir } from '../support/harness.ts';
import { startServerProcess } from '../support/server-process.ts';
import { chaosScale, sleep } from '../support/chaos-support.ts';
import { connectTaker, writtenContest, WRITTEN_SEGMENT as SEG, type Taker } from '../support/written-takers.ts';

const dir = tempDir('leitai-written-crash-');
const dbFile = join(dir, 'written.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TAKERS = ['a1', 'a2', 'b1', 'b2', 'e1', 'e2', 'e3', 'h1'];
const CHOICES: Record<string, string[][]> = {
  q01: [['A'], ['B'], ['C'], ['D']],
  q03: [['true'], ['false']],
  q09: [['A'], ['B'], ['C'], ['D']],
  q10: [['true'], ['false']],
  wm1: [['A'], ['A', 'C'], ['B', 'D'], []],
};

/** Every paper of the segment, folded from the file by a plain read-only connection. */
function readPapers(): Map<string, { paper: Paper | null; events: { type: string; commandId?: string }[] }> {
  const db = new Database(dbFile, { readonly: true });
  const rows = db
    .prepare(
      "SELECT stream_id, version, type, data, metadata FROM events WHERE stream_id LIKE 'paper-%' ORDER BY position",
    )
    .all() as { stream_id: string; version: number; type: string; data: string; metadata: string }[];
  db.close();
  const out = new Map<string, { paper: Paper | null; events: { type: string; commandId?: string }[] }>();
  for (const r of rows) {
    const takerId = r.stream_id.split('/').at(-1)!;
    const entry = out.get(takerId) ?? { paper: null, events: [] };
    entry.paper = evolvePaper(
      entry.paper,
      { type: r.type, data: JSON.parse(r.data) as unknown } as PaperEvent,
      r.version,
    );
    const meta = JSON.parse(r.metadata) as { commandId?: string };
    entry.events.push(meta.commandId ? { type: r.type, commandId: meta.commandId } : { type: r.type });
    out.set(takerId, entry);
  }
  return out;
}

test('R15: SIGKILL during a written test — every acknowledged answer kept, no paper lost or doubled, time right', async () => {
  // The contest and its open test are made offline, on the file, as an operator would have.
  const store = new SqliteEventStore(dbFile);
  const seats = new SqliteSeatRegistry(dbFile);
  const service = new ContestService(store, seats, systemClock);
  const created = await service.create(writtenContest(), { contestId: 'season' });
  if (!created.ok) throw new Error(created.error.message);
  await store.close();
  seats.close();
  const hostToken = created.contest.seats.find((s) => s.role === 'host')!.token;

  /** The last acknowledged choice per taker and question: what must be in the paper. */
  const expected = new Map<string, Record<string, string[]>>();
  /** Changes sent but not acknowledged when the server died: retried with the same id. */
  let unacked: { takerId: string; commandId: string; questionId: string; choice: string[] }[] = [];
  const deadlines = new Map<string, number>();
  const acked = new Set<string>();
  let tokens: Record<string, string> = {};

  const rounds = chaosScale(3, 10);
  for (let round = 0; round < rounds; round++) {
    const server = await startServerProcess(dbFile);
    if (round === 0) {
      const host = await connectScreen(server.url, { token: hostToken });
      expect((await host.send({ type: 'OpenWrittenTest', data: { segmentId: SEG } })).ok).toBe(true);
      host.close();
      const res = await fetch(`${server.url}/api/contests/season/written/${SEG}/links`, {
        headers: { authorization: `Bearer ${hostToken}` },
      });
      const { links } = (await res.json()) as { links: { takerId: string; url: string }[] };
      tokens = Object.fromEntries(links.map((l) => [l.takerId, l.url.slice(l.url.indexOf('#token=') + 7)]));
    } else {
      // After each restart: the invariants, then the takers resume.
      checkPapers(expected, deadlines, unacked);
    }
    const takers = new Map<string, Taker>();
    for (const id of TAKERS) {
      const t = await connectTaker(server.url, tokens[id]!, `device-${id}`);
      const ack = await t.open();
      if (!ack.ok) throw new Error(ack.error.message);
      // Remaining time is the server's: the same deadline before and after every crash.
      if (deadlines.has(id)) expect(ack.paper.deadline, id).toBe(deadlines.get(id));
      else deadlines.set(id, ack.paper.deadline!);
      takers.set(id, t);
    }
    // Retry what the crash left unacknowledged, with the same command ids (as the page's queue does).
    for (const u of unacked) {
      const ack = await takers.get(u.takerId)!.save(u.questionId, u.choice, u.commandId);
      expect(ack.ok).toBe(true);
      acked.add(u.commandId);
      expected.set(u.takerId, { ...expected.get(u.takerId), [u.questionId]: u.choice });
    }
    unacked = [];
    // The paper resumes exactly: every acknowledged answer, as the taker's page shows it.
    for (const [id, t] of takers) {
      const ack = await t.open();
      if (!ack.ok) throw new Error(ack.error.message);
      const want = Object.fromEntries(Object.entries(expected.get(id) ?? {}).filter(([, c]) => c.length > 0));
      expect(ack.paper.answers, id).toEqual(want);
    }
    // Every taker writes, one change after another, until the kill.
    let stop = false;
    const writers = TAKERS.map(async (id, i) => {
      const t = takers.get(id)!;
      for (let n = 0; !stop; n++) {
        const questionId = Object.keys(CHOICES)[(n + i) % 5]!;
        const options = CHOICES[questionId]!;
        const choice = options[(n * 7 + i + round) % options.length]!;
        const commandId = newCommandId();
        const change = { takerId: id, commandId, questionId, choice };
        unacked.push(change);
        const ack = await t.save(questionId, choice, commandId).catch(() => null);
        if (!ack?.ok) return; // the server is gone: this change stays unacknowledged
        unacked.splice(unacked.indexOf(change), 1);
        acked.add(commandId);
        expected.set(id, { ...expected.get(id), [questionId]: choice });
      }
    });
    await sleep(300 + Math.floor(Math.random() * 700));
    await server.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    for (const t of takers.values()) t.close();
  }
  const server = await startServerProcess(dbFile);
  try {
    checkPapers(expected, deadlines, unacked);
    expect(acked.size).toBeGreaterThan(TAKERS.length * rounds);
  } finally {
    await server.kill('SIGTERM');
  }
}, 300_000);

function checkPapers(
  expected: Map<string, Record<string, string[]>>,
  deadlines: Map<string, number>,
  unacked: readonly { takerId: string; commandId: string; questionId: string; choice: string[] }[],
): void {
  const papers = readPapers();
  // One stream per taker who opened; nobody else's.
  expect([...papers.keys()].sort()).toEqual([...TAKERS].sort());
  for (const id of TAKERS) {
    const { paper, events } = papers.get(id)!;
    expect(
      events.filter((e) => e.type === 'PaperOpened'),
      id,
    ).toHaveLength(1);
    const ids = events.flatMap((e) => (e.commandId ? [e.commandId] : []));
    expect(new Set(ids).size, `${id}: a command landed twice`).toBe(ids.length);
    // A change the crash left unacknowledged may still have become durable (committed, its ack
    // lost with the process): then it is the newest answer to its question.
    const answers = { ...expected.get(id) };
    for (const u of unacked) if (u.takerId === id && ids.includes(u.commandId)) answers[u.questionId] = u.choice;
    const want = Object.fromEntries(Object.entries(answers).filter(([, c]) => c.length > 0));
    const have = Object.fromEntries(Object.entries(paper!.answers).filter(([, c]) => c.length > 0));
    expect(have, `${id}: acknowledged answers`).toEqual(want);
    expect(paper!.openedAt + 1_200_000).toBe(deadlines.get(id));
  }
}
