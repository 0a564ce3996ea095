/**
 * 人气奖 through real sockets: audience phones cheer (one cheer per phone per stage), the host
 * asks the server to freeze the counts, and the server records them in the contest log as the
 * system (PopularityRecorded). The host never sends numbers. Expected values are by hand:
 * 4 phones cheer c03, 2 cheer c07, 1 cheers c01 → c03 wins with 4.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ceremonySteps, stageResults, type StageResults } from '@leitai/shared';
import { ask, newDeviceId } from '../support/audience-clients.ts';
import { connectScreen, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';

let t: TestContest;
let host: Screen;
let stage: Screen;
const phones: Screen[] = [];

beforeAll(async () => {
  t = await startWithDemo();
  host = await connectScreen(t.server.url, { token: t.token('host') });
  stage = await connectScreen(t.server.url, { token: t.token('stage') });
  for (let i = 0; i < 8; i++)
    phones.push(await connectScreen(t.server.url, { joinCode: t.joinCode, deviceId: newDeviceId() }));
});

afterAll(async () => {
  for (const s of [host, stage, ...phones]) s.close();
  await t.cleanup();
});

const api = (path: string) =>
  fetch(`${t.server.url}${path}`, { headers: { Authorization: `Bearer ${t.token('host')}` } });

test('cheers from the audience → host freezes → PopularityRecorded with exactly the counts → 人气奖 in the results', async () => {
  const picks = ['c03', 'c03', 'c07', 'c03', 'c01', 'c07', 'c03'];
  for (const [i, contestantId] of picks.entries()) {
    expect(await ask(phones[i]!.socket, 'audience:cheer', { contestantId })).toEqual({ ok: true });
  }

  // Nobody but the host may ask, and nobody may send the system command with their own numbers.
  expect(await ask(phones[7]!.socket, 'moderation:popularity', { stageId: 'final' })).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
  const forged = await host.send({
    type: 'RecordPopularityCounts',
    data: { stageId: 'final', by: 'cheers', counts: { c01: 999 } },
  } as unknown as Parameters<Screen['send']>[0]);
  expect(forged).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  expect(await ask(host.socket, 'moderation:popularity', { stageId: 'nope' })).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });

  const ack = await ask(host.socket, 'moderation:popularity', { stageId: 'final' });
  expect(ack).toMatchObject({ ok: true, counts: { c03: 4, c07: 2, c01: 1 } });
  const position = ack['position'] as number;
  await Promise.all([host, stage, ...phones].map((s) => s.waitForVersion(position)));

  const recorded = host.events.filter((e) => e.type === 'PopularityRecorded');
  expect(recorded).toHaveLength(1);
  expect(recorded[0]!.data).toMatchObject({ stageId: 'final', by: 'cheers', counts: { c03: 4, c07: 2, c01: 1 } });
  expect(Object.keys((recorded[0]!.data as { counts: object }).counts).sort()).toEqual(['c01', 'c03', 'c07']);

  // Identical on every screen: the same folded popularity for host, stage and a phone.
  for (const s of [stage, phones[0]!]) expect(s.state().judging.popularity).toEqual(host.state().judging.popularity);

  const results = stageResults(stage.state(), 'final')!;
  expect(results.popularity?.winners).toEqual([{ id: 'c03', count: 4 }]);
  expect(results.rows.find((r) => r.id === 'c03')?.singleItems).toEqual([{ id: 'popularity', name: '人气奖' }]);
  // No scores yet: every contestant has the knowledge base (10.00) and ties at rank 1, and no
  // tier is given before the stage's first score (all ten would share 一等奖); the popularity
  // award does not wait for scores. Its place before the tiers: stage-results.unit.spec.ts.
  expect(ceremonySteps(results).map((s) => [s.kind, s.name])).toEqual([['popularity', '人气奖']]);
  expect(ceremonySteps(results)[0]!.winners).toEqual([{ id: 'c03', rank: 1, score: 4 }]);

  // The results sheet and the CSV carry it.
  const sheet = (await (await api('/api/contests/demo/results/final')).json()) as { results: StageResults };
  expect(sheet.results.popularity?.winners).toEqual([{ id: 'c03', count: 4 }]);
  const csv = await (await api('/api/contests/demo/results/final/csv')).text();
  expect(csv).toContain('人气奖 助力票数');
  expect(csv).toMatch(/,4,人气奖\r\n/);
});

test('re-recording replaces the counts; both recordings stay in the log', async () => {
  expect(await ask(phones[7]!.socket, 'audience:cheer', { contestantId: 'c07' })).toEqual({ ok: true });
  const ack = await ask(host.socket, 'moderation:popularity', { stageId: 'final' });
  expect(ack).toMatchObject({ ok: true, counts: { c03: 4, c07: 3, c01: 1 } });
  await stage.waitForVersion(ack['position'] as number);
  expect(host.events.filter((e) => e.type === 'PopularityRecorded')).toHaveLength(2);
  expect(stage.state().judging.popularity?.['final']?.counts).toEqual({ c03: 4, c07: 3, c01: 1 });
  expect(stageResults(stage.state(), 'final')!.popularity?.winners).toEqual([{ id: 'c03', count: 4 }]);
});
