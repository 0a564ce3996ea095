/**
 * A roster taker's short typed code (besides the personal link): printed with the links, typed on
 * the taker page (`POST /api/written/code`), exchanged for the seat's token, which opens the
 * paper over `/written`; wrong codes are counted against the address (locked after 10 a minute);
 * the codes survive a restart, and a seat table from before the codes gets codes when opened.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import Database from 'better-sqlite3';
import { TAKER_CODE_ALPHABET, normalizeTakerCode } from '@leitai/shared';
import { startLeitaiServer, type LeitaiServerHandle } from '@leitai/server';
import { SqliteTakerSeats } from '../../server/src/seats/taker-seats.ts';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { tempDir } from '../support/harness.ts';
import { connectTaker, writtenContest, WRITTEN_SEGMENT as SEG } from '../support/written-takers.ts';

let dir: string;
let server: LeitaiServerHandle;
let hostToken: string;
interface Link {
  takerId: string;
  url: string;
  code: string;
}
let links: Link[];

const linksOf = async (): Promise<Link[]> => {
  const res = await fetch(`${server.url}/api/contests/season/written/${SEG}/links`, {
    headers: { authorization: `Bearer ${hostToken}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { links: Link[] }).links;
};
const enter = (code: unknown) =>
  fetch(`${server.url}/api/written/code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });

beforeAll(async () => {
  dir = tempDir();
  server = await startLeitaiServer({ dbFile: join(dir, 'leitai.sqlite'), port: 0 });
  const created = await server.service.create(writtenContest(), { contestId: 'season' });
  if (!created.ok) throw new Error(created.error.message);
  hostToken = created.contest.seats.find((s) => s.role === 'host')!.token;
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('every roster taker gets a short code of 8 unambiguous characters, unique, printed as ABCD-EFGH', async () => {
  links = await linksOf();
  expect(links.length).toBe(10);
  for (const l of links) {
    expect(l.code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(l.code).not.toMatch(/[01IO]/);
  }
  expect(new Set(links.map((l) => l.code)).size).toBe(links.length);
  expect(TAKER_CODE_ALPHABET).toHaveLength(32);
  // The same code every time (a printed sheet stays valid).
  expect((await linksOf()).map((l) => l.code)).toEqual(links.map((l) => l.code));
});

test('a typed code (any case, with or without the hyphen or spaces) gives the seat; the paper opens with it', async () => {
  const a2 = links.find((l) => l.takerId === 'a2')!;
  const typed = ` ${a2.code.toLowerCase().replace('-', ' ')} `;
  expect(normalizeTakerCode(typed)).toBe(a2.code.replace('-', ''));
  const res = await enter(typed);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { takerId: string; token: string; url: string; segmentId: string };
  expect(body).toMatchObject({ takerId: 'a2', segmentId: SEG, url: a2.url });
  expect(a2.url.endsWith(`#token=${body.token}`)).toBe(true);
  const t = await connectTaker(server.url, body.token, 'phone-code');
  try {
    const ack = await t.open();
    expect(ack).toMatchObject({ ok: true, paper: { takerId: 'a2' } });
  } finally {
    t.close();
  }
});

test('a wrong or malformed code is refused with a typed error; after 10 wrong codes the address waits a minute', async () => {
  const bad = await enter('ABCD-EFGH');
  expect(bad.status).toBe(404);
  expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  // Not even of the alphabet (0, O, 1, I) or too long: the same answer, counted the same.
  expect((await enter('O0I1-2345')).status).toBe(404);
  const tooLong = await enter('x'.repeat(40));
  expect(tooLong.status).toBe(400);
  for (let i = 0; i < 8; i++) await enter(`ZZZZ-ZZZ${TAKER_CODE_ALPHABET[i]}`);
  // Locked now: even the right code waits.
  const right = links.find((l) => l.takerId === 'b1')!.code;
  const locked = await enter(right);
  expect(locked.status).toBe(429);
  expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
});

test('codes survive a restart, and a seat table from before the codes gets a code for every seat', async () => {
  const file = join(dir, 'old-seats.sqlite');
  const old = new Database(file);
  old.exec(`CREATE TABLE taker_seats (token TEXT PRIMARY KEY, contest_id TEXT NOT NULL, segment_id TEXT NOT NULL,
    taker_id TEXT NOT NULL, UNIQUE (contest_id, segment_id, taker_id));`);
  old.prepare('INSERT INTO taker_seats VALUES (?, ?, ?, ?)').run('tok-1', 'c', 's', 't1');
  old.prepare('INSERT INTO taker_seats VALUES (?, ?, ?, ?)').run('tok-2', 'c', 's', 't2');
  old.close();
  const seats = new SqliteTakerSeats(file);
  const [s1, s2] = [seats.byToken('tok-1')!, seats.byToken('tok-2')!];
  expect(s1.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
  expect(s2.code).not.toBe(s1.code);
  expect(seats.byCode(s1.code)?.token).toBe('tok-1');
  const fresh = await seats.issue('c', 's', 't3');
  expect(seats.byCode(fresh.code)?.takerId).toBe('t3');
  seats.close();
  const reopened = new SqliteTakerSeats(file);
  expect(reopened.byToken('tok-1')?.code).toBe(s1.code);
  expect(reopened.byCode(fresh.code)?.token).toBe(fresh.token);
  reopened.close();
});
