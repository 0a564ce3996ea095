/**
 * The written test through real sockets and a real SQLite file: personal links, a paper per taker
 * (no key on the wire), idempotent saves, a take-over, focus losses, extra time, a void, the
 * proctor's summary, the close (every paper submitted, graded, one ledger event), the release,
 * exports, and a restart that rebuilds every paper from its stream. Expected scores are worked
 * out by hand in the comments.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ProctorSummary } from '@leitai/shared';
import { startLeitaiServer, type LeitaiServerHandle } from '@leitai/server';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { connectScreen, newCommandId, tempDir, type Screen } from '../support/harness.ts';
import { connectTaker, writtenContest, WRITTEN_SEGMENT as SEG, type Taker } from '../support/written-takers.ts';

let dir: string;
let server: LeitaiServerHandle;
let host: Screen;
let stage: Screen;
let hostToken: string;
const takers: Taker[] = [];
const proctor: ProctorSummary[] = [];
let links: { takerId: string; url: string; qrSvg: string }[];

const tokenOf = (takerId: string) => {
  const url = links.find((l) => l.takerId === takerId)?.url ?? '';
  return url.slice(url.indexOf('#token=') + 7);
};
async function taker(takerId: string, device: string): Promise<Taker> {
  const t = await connectTaker(server.url, tokenOf(takerId), device);
  takers.push(t);
  return t;
}
const api = (path: string, token = hostToken) =>
  fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
const hostSend = async (command: Parameters<Screen['send']>[0]) => {
  const ack = await host.send(command);
  if (!ack.ok) throw new Error(ack.error.message);
  return ack;
};

beforeAll(async () => {
  dir = tempDir();
  server = await startLeitaiServer({ dbFile: join(dir, 'leitai.sqlite'), port: 0 });
  const created = await server.service.create(writtenContest(), { contestId: 'season' });
  if (!created.ok) throw new Error(created.error.message);
  hostToken = created.contest.seats.find((s) => s.role === 'host')!.token;
  host = await connectScreen(server.url, { token: hostToken });
  stage = await connectScreen(server.url, { token: created.contest.seats.find((s) => s.role === 'stage')!.token });
  host.socket.on('written:proctor', (s) => proctor.push(s));
});

afterAll(async () => {
  for (const t of takers) t.close();
  host.close();
  stage.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the host gets a personal link and QR code per roster taker; nobody else does', async () => {
  expect((await api(`/api/contests/season/written/${SEG}/links`, 'not-a-token-at-all-here')).status).toBe(401);
  const res = await api(`/api/contests/season/written/${SEG}/links`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { entry: string; links: typeof links };
  links = body.links;
  expect(body.entry).toBe('roster');
  expect(links.map((l) => l.takerId)).toEqual(['a1', 'a2', 'b1', 'b2', 'e1', 'e2', 'e3', 'h1', 'h2', 'h3']);
  expect(links[0]!.url).toMatch(/\/written\.html#token=/);
  expect(links[0]!.qrSvg).toContain('<svg');
  // The same link every time (a printed sheet stays valid).
  const again = (await (await api(`/api/contests/season/written/${SEG}/links`)).json()) as { links: typeof links };
  expect(again.links[0]!.url).toBe(links[0]!.url);
});

test('before the test opens a taker waits; a wrong token is refused at the handshake', async () => {
  await expect(connectTaker(server.url, 'x'.repeat(43), 'device-zz')).rejects.toThrow(/not valid/);
  const a1 = await taker('a1', 'phone-a1');
  const ack = await a1.open();
  expect(ack).toMatchObject({ ok: true, paper: { testStatus: 'pending', paperStatus: 'not-started', questions: [] } });
});

test('when the host opens it, each taker gets their own paper, shuffled from a recorded seed, with no key', async () => {
  await hostSend({ type: 'OpenWrittenTest', data: { segmentId: SEG } });
  const a1 = takers[0]!;
  await a1.waitForView((v) => v.testStatus === 'open');
  const ack = await a1.open();
  if (!ack.ok) throw new Error(ack.error.message);
  expect(ack.paper.paperStatus).toBe('writing');
  expect(ack.paper.questions.map((q) => q.id).sort()).toEqual(['q01', 'q03', 'q09', 'q10', 'wm1']);
  expect(JSON.stringify(ack.paper)).not.toMatch(/"answer"|"reference"|"explanation"/);
  expect(ack.paper.result).toBeNull();
  // Per-taker duration: 1200 s from the first opening.
  const opened = server.store.readStream('paper-season/prelim-written/a1')[0]!;
  expect(opened.type).toBe('PaperOpened');
  expect(ack.paper.deadline).toBe((opened.data as { at: number }).at + 1_200_000);
  expect(typeof (opened.data as { seed: number }).seed).toBe('number');
});

test('every answer is acknowledged once durable; a retried command id appends nothing', async () => {
  const a1 = takers[0]!;
  const id = newCommandId();
  const first = await a1.save('q01', ['B'], id);
  expect(first).toEqual({ ok: true, version: 2 });
  expect(await a1.save('q01', ['B'], id)).toEqual({ ok: true, version: 2 });
  for (const [q, c] of [
    ['q03', ['true']],
    ['q09', ['A']],
    ['q10', ['false']],
    ['wm1', ['A']],
  ] as const)
    expect((await a1.save(q, [...c])).ok).toBe(true);
  expect(server.store.readStream('paper-season/prelim-written/a1').map((e) => e.type)).toEqual([
    'PaperOpened',
    ...Array<string>(5).fill('AnswerSaved'),
  ]);
  expect(await a1.save('q01', ['Z'])).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  expect(await a1.save('q01', ['A', 'B'])).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
});

test('a second device takes the paper over with a notice; the first can no longer write', async () => {
  const a1 = takers[0]!;
  const tablet = await taker('a1', 'tablet-a1');
  const ack = await tablet.open();
  if (!ack.ok) throw new Error(ack.error.message);
  // The paper resumes exactly where it was.
  expect(ack.paper.answers).toEqual({ q01: ['B'], q03: ['true'], q09: ['A'], q10: ['false'], wm1: ['A'] });
  await expect.poll(() => a1.notices).toEqual(['taken-over']);
  expect(await a1.save('q09', ['B'])).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  expect(server.store.readStream('paper-season/prelim-written/a1').at(-1)?.type).toBe('PaperTakenOver');
});

test('focus losses are counted and the limit submits the paper', async () => {
  const b2 = await taker('b2', 'phone-b2');
  await b2.open();
  await b2.focus();
  await b2.focus();
  expect((await b2.focus()).ok).toBe(true);
  const v = await b2.waitForView((p) => p.paperStatus === 'submitted');
  expect(v.focusLosses).toBe(3);
});

test('the host extends a taker’s time and voids a paper, each with a reason; the proctor sees the counts', async () => {
  const a2 = await taker('a2', 'phone-a2');
  await a2.open();
  await a2.save('q01', ['B']);
  expect((await a2.submit()).ok).toBe(true);
  expect((await a2.submit()).ok).toBe(true);
  const h1 = await taker('h1', 'phone-h1');
  await h1.open();
  await h1.save('q01', ['B']);

  const tablet = takers[1]!;
  const before = tablet.views.at(-1)!.deadline!;
  await hostSend({ type: 'ExtendTakerTime', data: { segmentId: SEG, takerId: 'a1', seconds: 60, reason: '设备故障' } });
  await tablet.waitForView((v) => v.deadline === before + 60_000);
  await hostSend({ type: 'VoidPaper', data: { segmentId: SEG, takerId: 'h1', reason: '替考' } });
  await h1.waitForView((v) => v.paperStatus === 'void');
  expect(await h1.save('q03', ['true'])).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  // Not started: 10 - a1, b2, a2, h1 = 6; writing: a1; submitted: b2, a2; void: h1.
  await expect
    .poll(() => proctor.at(-1), { timeout: 4000 })
    .toMatchObject({ takers: 10, notStarted: 6, writing: 1, submitted: 2, void: 1 });
  const list = (await (await api(`/api/contests/season/written/${SEG}/takers?q=钱晓东`)).json()) as {
    takers: { takerId: string; answered: number; takeovers: number; extraSeconds: number }[];
  };
  expect(list.takers).toMatchObject([{ takerId: 'a1', answered: 5, takeovers: 1, extraSeconds: 60 }]);
});

test('at the close every paper is submitted and graded; the scores enter the ledger as one event, host only', async () => {
  await hostSend({ type: 'CloseWrittenTest', data: { segmentId: SEG } });
  // a1: q01 20 + q03 20 + q09 0 + q10 20 + wm1 half of 20 = 70.00; a2: q01 = 20.00; b2 nothing;
  // h1 void (its correct q01 does not count); the rest never opened.
  const expected = { a1: 7000, a2: 2000, b1: 0, b2: 0, e1: 0, e2: 0, e3: 0, h1: 0, h2: 0, h3: 0 };
  await expect.poll(() => host.state().scores[SEG], { timeout: 4000 }).toEqual(expected);
  expect(host.events.filter((e) => e.type === 'WrittenScoresRecorded')).toHaveLength(1);
  expect(server.store.readStream('paper-season/prelim-written/a1').at(-1)?.data).toMatchObject({ reason: 'close' });
  await takers[1]!.waitForView((v) => v.paperStatus === 'submitted' && v.testStatus === 'closed');
  await stage.waitForVersion(host.state().version);
  expect(stage.state().scores[SEG]).toBeUndefined();
});

test('results: ranking per group, item analysis, and an export with every taker’s answers', async () => {
  const res = (await (await api(`/api/contests/season/written/${SEG}/results`)).json()) as {
    ranking: { group: string; rows: { takerId: string; rank: number; score: number }[] }[];
    items: { questionId: string; takers: number; correct: number; chosen: Record<string, number> }[];
  };
  const first = res.ranking.find((g) => g.rows.some((r) => r.takerId === 'a1'))!;
  expect(first.rows.slice(0, 2).map((r) => [r.takerId, r.rank, r.score])).toEqual([
    ['a1', 1, 7000],
    ['a2', 2, 2000],
  ]);
  // q01 on 3 counted papers (a1, a2, b2; h1 void): chosen B twice, correct twice.
  expect(res.items.find((i) => i.questionId === 'q01')).toMatchObject({ takers: 3, correct: 2, chosen: { B: 2 } });
  const bytes = Buffer.from(await (await api(`/api/contests/season/written/${SEG}/export.csv`)).arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.toString('utf8');
  expect(csv).toContain('a1,钱晓东');
  expect(csv.split('\r\n').find((l) => l.startsWith('a1,'))).toMatch(/,70\.00,0,1,B,true,A,false,A$/);
  const xlsx = await api(`/api/contests/season/written/${SEG}/export.xlsx`);
  expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
});

test('after the release the taker sees their score, the key and their answers; the stage sees the scores', async () => {
  await hostSend({ type: 'ReleaseWrittenResults', data: { segmentId: SEG, withKey: true } });
  const v = await takers[1]!.waitForView((p) => p.result !== null);
  expect(v.result).toEqual({
    score: 7000,
    maxScore: 10000,
    correct: 3,
    questions: 5,
    key: {
      ...Object.fromEntries(v.questions.map((q) => [q.id, []])),
      q01: ['B'],
      q03: ['true'],
      q09: ['B'],
      q10: ['false'],
      wm1: ['A', 'C'],
    },
  });
  await stage.waitForVersion(host.state().version);
  expect(stage.state().scores[SEG]).toMatchObject({ a1: 7000, a2: 2000 });
});

test('a restart rebuilds every paper from its stream', async () => {
  const before = server.written.service.papers('season', SEG);
  for (const t of takers) t.close();
  takers.length = 0;
  host.close();
  stage.close();
  await server.close();
  server = await startLeitaiServer({ dbFile: join(dir, 'leitai.sqlite'), port: 0 });
  const after = server.written.service.papers('season', SEG);
  expect(after).toEqual(before);
  host = await connectScreen(server.url, { token: hostToken });
  stage = await connectScreen(server.url, { token: hostToken });
  const a1 = await connectTaker(server.url, tokenOf('a1'), 'tablet-a1');
  takers.push(a1);
  const ack = await a1.open();
  expect(ack).toMatchObject({ ok: true, paper: { paperStatus: 'submitted', result: { score: 7000 } } });
});
