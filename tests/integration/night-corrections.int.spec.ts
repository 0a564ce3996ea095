/**
 * Corrections on the night through the real socket protocol (real server on port 0, real SQLite,
 * socket.io-client): a flawed required question voided (its mark reversed exactly, the reserve
 * asked next), a contestant's and a unit's name corrected, a segment's timer changed, a judge's
 * pad replaced (the old link refused, the new one scoring on with the scores kept) and a new
 * judge taking a seat over. Every role's screen — host, stage, overlay, a contestant's phone,
 * the judges' pads, an audience phone — is checked to show the change, the reserve is checked to
 * reach no screen but the host's before it is shown, and the log, the ledger and the results
 * sheet are checked to the hundredth.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_CONTEST, nextKnowledgeStep, type ContestFile, type ContestState } from '@leitai/shared';
import { connectRaw, connectScreen, expectConnectError, type Screen } from '../support/harness.ts';
import { must, sendPaced } from '../support/judging-play.ts';
import { startKnowledgeContest, type KnowledgeContest } from '../support/knowledge-phones.ts';
import { PROTOCOL_VERSION } from '@leitai/shared';

const definition: ContestFile = {
  ...DEMO_CONTEST,
  stages: DEMO_CONTEST.stages.map((st) => ({
    ...st,
    segments: st.segments.map((g) =>
      g.kind === 'required' ? { ...g, settings: { ...g.settings, answerSeconds: 30 }, reserveQuestionIds: ['q35'] } : g,
    ),
  })),
};

let contest: KnowledgeContest;
let host: Screen;
const screens = new Map<string, Screen>();
let judge1: Screen;

/** Every screen but the host's, by label. */
const others = (): [string, Screen][] => [...screens.entries()].filter(([label]) => label !== 'host');

/** Wait until every screen has folded up to `version`. */
async function everyoneAt(version: number): Promise<void> {
  await Promise.all([...screens.values()].map((s) => s.waitForVersion(version, 8000)));
}

const nameOf = (s: ContestState, id: string) => s.definition.contestants.find((c) => c.id === id)?.name;

beforeAll(async () => {
  contest = await startKnowledgeContest(definition, 'night');
  host = await connectScreen(contest.url, { token: contest.token('host') });
  screens.set('host', host);
  screens.set('stage', await connectScreen(contest.url, { token: contest.token('stage') }));
  screens.set('overlay', await connectScreen(contest.url, { token: contest.token('overlay') }));
  screens.set('c01', await connectScreen(contest.url, { token: contest.token('contestant', 'c01') }));
  judge1 = await connectScreen(contest.url, { token: contest.token('judge', 'j1') });
  screens.set('j2', await connectScreen(contest.url, { token: contest.token('judge', 'j2') }));
  const joinCode = contest.server.service.get('night')!.state!.joinCode;
  screens.set('audience', await connectScreen(contest.url, { joinCode }));
});

afterAll(async () => {
  judge1?.close();
  for (const s of screens.values()) s.close();
  await contest?.cleanup();
});

test('a voided question: its mark reversed exactly on every screen, the reserve asked next and shown only once asked', async () => {
  await must(host, { type: 'StartSegment', data: { segmentId: 'knowledge-required' } });
  await must(host, {
    type: 'PrepareQuestion',
    data: { segmentId: 'knowledge-required', questionId: 'q01', contestantId: 'c01' },
  });
  await must(host, { type: 'ShowQuestion', data: { run: 1 } });
  await must(host, { type: 'MarkAnswer', data: { run: 1, result: 'correct' } });
  const before = await must(host, { type: 'FinishQuestion', data: { run: 1 } });
  await everyoneAt(before);
  for (const [label, s] of screens) expect(s.state().scores['knowledge-required']?.['c01'], label).toBe(1000);

  // A reason is required, and a run that never was is refused; neither changes anything.
  const noReason = await sendPaced(host, { type: 'VoidQuestion', data: { run: 1, reason: '  ' } });
  expect(noReason).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: '现场更正必须填写原因' } });
  expect(await sendPaced(host, { type: 'VoidQuestion', data: { run: 7, reason: 'x' } })).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });

  const at = await must(host, { type: 'VoidQuestion', data: { run: 1, reason: '标准答案有误' } });
  expect(at).toBe(before + 1);
  await everyoneAt(at);
  for (const [label, s] of screens) {
    const state = s.state();
    expect(state.scores['knowledge-required']?.['c01'], label).toBe(0);
    expect(state.knowledge.voided, label).toEqual([
      expect.objectContaining({ run: 1, questionId: 'q01', number: 1, reason: '标准答案有误', shown: true }),
    ]);
    expect(state.knowledge.voided[0]!.reversals, label).toEqual([{ entry: 1, contestantId: 'c01', points: -1000 }]);
  }
  expect(host.state().knowledge.voided[0]!.replacementId).toBe('q35');
  // The reserve is named to no screen but the host's before it is asked.
  for (const [label, s] of others()) {
    expect(s.state().knowledge.voided[0]!.replacementId, label).toBe('');
    expect(JSON.stringify(s.state()), label).not.toContain('q35');
    expect(JSON.stringify(s.events), label).not.toContain('q35');
  }
  // The server's ledger: the entry marked annulled, the score back to exactly 0 hundredths.
  const server = contest.server.service.get('night')!.state!;
  expect(server.knowledge.ledger).toEqual([expect.objectContaining({ entry: 1, points: 1000, undone: true })]);
  expect(server.scores['knowledge-required']?.['c01']).toBe(0);

  // "Next" on the host asks the reserve, of the same contestant; once shown every screen but the audience's has its card.
  const next = nextKnowledgeStep(host.state(), 'knowledge-required');
  expect(next).toEqual({ segmentId: 'knowledge-required', questionId: 'q35', contestantId: 'c01' });
  await must(host, { type: 'PrepareQuestion', data: next! });
  const shown = await must(host, { type: 'ShowQuestion', data: { run: 2 } });
  await everyoneAt(shown);
  const q35 = DEMO_CONTEST.questions.find((q) => q.id === 'q35')!;
  for (const [label, s] of screens) {
    expect(s.state().knowledge.active?.questionId, label).toBe('q35');
    if (label !== 'audience') expect(s.state().knowledge.cards['q35']?.text, label).toBe(q35.text);
  }
  await must(host, { type: 'MarkAnswer', data: { run: 2, result: 'correct' } });
  const done = await must(host, { type: 'FinishQuestion', data: { run: 2 } });
  await everyoneAt(done);
  for (const [label, s] of screens) expect(s.state().scores['knowledge-required']?.['c01'], label).toBe(1000);
});

test("a contestant's and a unit's name corrected: every screen shows the new name at once", async () => {
  const unit = definition.contestants.find((c) => c.id === 'c02')!.organisation;
  const sameUnit = definition.contestants.filter((c) => c.organisation === unit).map((c) => c.id);
  await must(host, {
    type: 'CorrectContestantName',
    data: { contestantId: 'c01', name: '张晓明', reason: '姓名录入错误' },
  });
  const at = await must(host, { type: 'CorrectUnitName', data: { from: unit, to: '县委组织部', reason: '单位全称' } });
  await everyoneAt(at);
  for (const [label, s] of screens) {
    const state = s.state();
    expect(nameOf(state, 'c01'), label).toBe('张晓明');
    for (const id of sameUnit)
      expect(state.definition.contestants.find((c) => c.id === id)?.organisation, label).toBe('县委组织部');
    expect(
      state.amendments.map((a) => a.type),
      label,
    ).toEqual(['ContestantRenamed', 'UnitRenamed']);
  }
});

test("a segment's timer changed: the next answer timer runs the new seconds", async () => {
  const at = await must(host, {
    type: 'ChangeSegmentTimer',
    data: { segmentId: 'knowledge-required', seconds: 45, reason: '题目较长，延长答题时间' },
  });
  await everyoneAt(at);
  const next = nextKnowledgeStep(host.state(), 'knowledge-required')!;
  await must(host, { type: 'PrepareQuestion', data: next });
  await must(host, { type: 'ShowQuestion', data: { run: 3 } });
  const started = await must(host, { type: 'StartAnswerTimer', data: { run: 3 } });
  await everyoneAt(started);
  const event = screens.get('stage')!.events.find((e) => e.version === started)!;
  expect(event.type).toBe('AnswerTimerStarted');
  const data = event.data as { deadlineAt: number; at: number };
  expect(data.deadlineAt - data.at).toBe(45_000);
  await must(host, { type: 'MarkAnswer', data: { run: 3, result: 'wrong' } });
  await must(host, { type: 'FinishQuestion', data: { run: 3 } });
});

test("a judge's pad replaced: the old link stops working, the new one scores on, the scores kept; a new judge takes a seat", async () => {
  await must(host, { type: 'StartSegment', data: { segmentId: 'reflection' } });
  await must(host, { type: 'StartPerformance', data: { segmentId: 'reflection', contestantId: 'c01', timed: false } });
  await must(judge1, { type: 'SubmitJudgeScore', data: { segmentId: 'reflection', contestantId: 'c01', score: 9050 } });
  const oldToken = contest.token('judge', 'j1');
  const cutOff = new Promise<void>((resolve) => judge1.socket.once('disconnect', () => resolve()));
  const at = await must(host, { type: 'ReplaceJudgeSeat', data: { judgeId: 'j1', reason: '平板电量耗尽' } });
  await cutOff;
  const refused = await expectConnectError(
    connectRaw(contest.url, { protocolVersion: PROTOCOL_VERSION, token: oldToken }),
  );
  expect(refused.data?.code).toBe('UNAUTHENTICATED');

  // The host reads the new link with the seats; it opens the same seat, the score already given kept.
  const res = await fetch(`${contest.url}/api/contests/night/seats`, {
    headers: { Authorization: `Bearer ${contest.token('host')}` },
  });
  const { seats } = (await res.json()) as { seats: { role: string; subjectId?: string; url: string }[] };
  const j1Links = seats.filter((s) => s.role === 'judge' && s.subjectId === 'j1');
  expect(j1Links).toHaveLength(1);
  const newToken = new URL(j1Links[0]!.url).hash.replace('#token=', '');
  expect(newToken).not.toBe(oldToken);
  judge1 = await connectScreen(contest.url, { token: newToken });
  await judge1.waitForVersion(at);
  expect(judge1.state().judging.performances['reflection']?.['c01']?.marks['j1']).toMatchObject({ score: 9050 });
  await must(judge1, { type: 'SubmitJudgeScore', data: { segmentId: 'reflection', contestantId: 'c01', score: 9100 } });

  // A new judge takes seat j2 over: every screen shows the new name.
  const taken = await must(host, {
    type: 'ReplaceJudgeSeat',
    data: { judgeId: 'j2', name: '王建平', title: '市委党校副教授', reason: '原评委临时回避' },
  });
  await screens.get('host')!.waitForVersion(taken);
  for (const label of ['host', 'stage', 'overlay', 'c01']) {
    const s = await screens.get(label)!.waitForVersion(taken);
    expect(s.definition.judges.find((j) => j.id === 'j2')?.name, label).toBe('王建平');
    expect(
      s.judging.seatChanges.map((c) => c.to),
      label,
    ).toEqual(['陈立新', '王建平']);
  }
});

test('the results sheet lists every correction with its reason, and the void in the score corrections to the hundredth', async () => {
  const res = await fetch(`${contest.url}/api/contests/night/results/final`, {
    headers: { Authorization: `Bearer ${contest.token('host')}` },
  });
  expect(res.status).toBe(200);
  const sheet = (await res.json()) as {
    night: { kind: string; subject: string; change: string; reason: string }[];
    corrections: { kind: string; contestantId: string; delta: number; before: number; after: number; reason: string }[];
  };
  expect(sheet.night.map((l) => [l.kind, l.reason])).toEqual([
    ['void-question', '标准答案有误'],
    ['contestant-name', '姓名录入错误'],
    ['unit-name', '单位全称'],
    ['segment-timer', '题目较长，延长答题时间'],
    ['judge-seat', '平板电量耗尽'],
    ['judge-seat', '原评委临时回避'],
  ]);
  // Named in the organiser's terms, never by id.
  expect(sheet.night[0]!.subject).toBe(`比知识 · 必答 第 1 题（${definition.contestants[0]!.name}）`);
  expect(sheet.night[1]!.change).toBe(`${definition.contestants[0]!.name} → 张晓明`);
  expect(sheet.night[3]!.change).toBe('答题时间 30 秒 → 45 秒（此后生效）');
  expect(sheet.corrections).toEqual([
    expect.objectContaining({
      kind: 'void',
      contestantId: 'c01',
      delta: -1000,
      before: 1000,
      after: 0,
      reason: '标准答案有误',
    }),
  ]);
  const csv = await fetch(`${contest.url}/api/contests/night/results/final/csv`, {
    headers: { Authorization: `Bearer ${contest.token('host')}` },
  });
  const text = await csv.text();
  expect(text).toContain('现场更正记录');
  expect(text).toContain('原评委临时回避');
  const xlsx = await fetch(`${contest.url}/api/contests/night/results/final/xlsx`, {
    headers: { Authorization: `Bearer ${contest.token('host')}` },
  });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await xlsx.arrayBuffer());
  const sheet6 = wb.getWorksheet('现场更正')!;
  const cells: string[] = [];
  sheet6.eachRow((row) => cells.push(JSON.stringify(row.values)));
  expect(cells.join('\n')).toContain('标准答案有误');
  expect(cells.join('\n')).toContain('更换评委席位');
});

test('the log holds each correction once, in order, with its reason and who made it', () => {
  const log = contest.server.service.get('night')!.eventsAfter(0);
  const night = log.filter((e) =>
    ['QuestionVoided', 'ContestantRenamed', 'UnitRenamed', 'SegmentTimerChanged', 'JudgeSeatReplaced'].includes(e.type),
  );
  expect(night.map((e) => [e.type, (e.data as { reason: string }).reason, e.metadata.actor.role])).toEqual([
    ['QuestionVoided', '标准答案有误', 'host'],
    ['ContestantRenamed', '姓名录入错误', 'host'],
    ['UnitRenamed', '单位全称', 'host'],
    ['SegmentTimerChanged', '题目较长，延长答题时间', 'host'],
    ['JudgeSeatReplaced', '平板电量耗尽', 'host'],
    ['JudgeSeatReplaced', '原评委临时回避', 'host'],
  ]);
  // The ledger sums to the state: every knowledge entry standing plus every reversal, to the hundredth.
  const state = contest.server.service.get('night')!.state!;
  const standing = state.knowledge.ledger
    .filter((e) => !e.undone && e.segmentId === 'knowledge-required' && e.contestantId === 'c01')
    .reduce((sum, e) => sum + e.points, 0);
  expect(state.scores['knowledge-required']?.['c01']).toBe(standing);
  expect(standing).toBe(1000);
});
