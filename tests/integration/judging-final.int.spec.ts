/**
 * The demo final's judged segments (悟思想 reflection, 述行动 action) played through real sockets
 * with 7 judges: a revision before the lock, a recusal, a late judge (locked without), a
 * correction with reason and an undo. Every expected number below is worked out by hand in the
 * comments, not computed by the code under test.
 *
 * Knowledge segments are left unplayed: every contestant has the 比知识 part's base 100 of 150
 * points, i.e. 15 × 100 / 150 = 10.00 points of the total.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { PositionedEvent, StageResults } from '@leitai/shared';
import { connectScreen, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';
import { connectRecording, foreignScores, must, type RecordingScreen } from '../support/judging-play.ts';

const JUDGES = ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7'] as const;
type JudgeId = (typeof JUDGES)[number];

let t: TestContest;
let host: Screen;
let stage: RecordingScreen;
let audience: RecordingScreen;
const judges = new Map<JudgeId, RecordingScreen>();

beforeAll(async () => {
  t = await startWithDemo();
  host = await connectScreen(t.server.url, { token: t.token('host') });
  stage = await connectRecording(t.server.url, { token: t.token('stage') });
  audience = await connectRecording(t.server.url, { joinCode: t.joinCode });
  // j7 is late: not connected at first
  for (const j of JUDGES.slice(0, 6))
    judges.set(j, await connectRecording(t.server.url, { token: t.token('judge', j) }));
});

afterAll(async () => {
  host.close();
  stage.close();
  audience.close();
  for (const s of judges.values()) s.close();
  await t.cleanup();
});

const everyone = (): Screen[] => [host, stage, audience, ...judges.values()];
async function settle(position: number) {
  await Promise.all(everyone().map((s) => s.waitForVersion(position)));
}

async function score(segmentId: string, contestantId: string, j: JudgeId, value: number | Record<string, number>) {
  const screen = judges.get(j);
  if (!screen) throw new Error(`judge ${j} not connected`);
  return must(
    screen,
    typeof value === 'number'
      ? { type: 'SubmitJudgeScore', data: { segmentId, contestantId, score: value } }
      : { type: 'SubmitJudgeScore', data: { segmentId, contestantId, criteria: value } },
  );
}

const lockPositions: number[] = [];

async function perform(
  segmentId: string,
  contestantId: string,
  play: () => Promise<void>,
): Promise<{ locked: number; revealed: number }> {
  await settle(await must(host, { type: 'StartPerformance', data: { segmentId, contestantId } }));
  await play();
  const locked = await must(host, { type: 'LockJudging', data: { segmentId, contestantId } });
  lockPositions.push(locked);
  await settle(locked);
  // between lock and reveal, only the host has the score
  expect(host.state().scores[segmentId]?.[contestantId]).toBeTypeOf('number');
  for (const s of [stage, audience, ...judges.values()])
    expect(s.state().scores[segmentId]?.[contestantId]).toBeUndefined();
  const revealed = await must(host, { type: 'RevealScores', data: { segmentId, contestantId } });
  await settle(revealed);
  return { locked, revealed };
}

const c = (results: number, innovation: number, delivery: number) => ({ results, innovation, delivery });

test('悟思想: a revision, a recusal and a late judge', async () => {
  await settle(await must(host, { type: 'StartSegment', data: { segmentId: 'reflection' } }));

  // c01, all seven: j1 first gives 80.00 then revises to 88.00 before the lock.
  await perform('reflection', 'c01', async () => {
    judges.set('j7', await connectRecording(t.server.url, { token: t.token('judge', 'j7') }));
    await score('reflection', 'c01', 'j1', 8000);
    await score('reflection', 'c01', 'j2', 9000);
    await score('reflection', 'c01', 'j3', 8550);
    await score('reflection', 'c01', 'j4', 9200);
    await score('reflection', 'c01', 'j5', 8700);
    await score('reflection', 'c01', 'j6', 8900);
    await score('reflection', 'c01', 'j7', 9100);
    await settle(await score('reflection', 'c01', 'j1', 8800));
    // a judge reconnecting mid-scoring gets a snapshot with only their own score
    const again = await connectRecording(t.server.url, { token: t.token('judge', 'j2') });
    expect(foreignScores(again.frames, 'j2')).toEqual([]);
    expect(Object.keys(again.state().judging.performances['reflection']?.['c01']?.marks ?? {})).toEqual(['j2']);
    again.close();
    // the host sees who has scored, not the values
    const perf = host.state().judging.performances['reflection']?.['c01'];
    expect([...(perf?.submitted ?? [])].sort()).toEqual([...JUDGES]);
    expect(perf?.marks).toEqual({});
  });
  // 85.50 87 88 89 90 91 92 → drop j3 85.50 and j4 92 → (88+90+87+89+91)/5 = 445/5 = 89.00
  const r1 = host.state().judging.performances['reflection']?.['c01']?.result;
  expect(r1?.score).toBe(8900);
  expect(r1?.droppedJudgeIds).toEqual(['j3', 'j4']);

  // c02: j5 is recused (回避) and cannot score.
  await perform('reflection', 'c02', async () => {
    await settle(
      await must(host, {
        type: 'SetRecusal',
        data: { segmentId: 'reflection', contestantId: 'c02', judgeId: 'j5', recused: true },
      }),
    );
    const refused = await judges.get('j5')!.send({
      type: 'SubmitJudgeScore',
      data: { segmentId: 'reflection', contestantId: 'c02', score: 9900 },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await score('reflection', 'c02', 'j1', 9300);
    await score('reflection', 'c02', 'j2', 9450);
    await score('reflection', 'c02', 'j3', 9200);
    await score('reflection', 'c02', 'j4', 9500);
    await score('reflection', 'c02', 'j6', 9000);
    await settle(await score('reflection', 'c02', 'j7', 9325));
  });
  // six scores: drop j6 90 and j4 95 → (93 + 94.5 + 92 + 93.25)/4 = 372.75/4 = 93.1875 → 93.19
  const r2 = host.state().judging.performances['reflection']?.['c02']?.result;
  expect(r2?.score).toBe(9319);
  expect(r2?.droppedJudgeIds).toEqual(['j4', 'j6']);
  expect(r2?.missingJudgeIds).toEqual([]);

  // c03: j7 drops off and never scores; the host locks without them.
  judges.get('j7')!.close();
  judges.delete('j7');
  await perform('reflection', 'c03', async () => {
    await score('reflection', 'c03', 'j1', 8000);
    await score('reflection', 'c03', 'j2', 8200);
    await score('reflection', 'c03', 'j3', 8400);
    await score('reflection', 'c03', 'j4', 8600);
    await score('reflection', 'c03', 'j5', 8800);
    await settle(await score('reflection', 'c03', 'j6', 9000));
    // j7's device is gone: the host sees it at once
    const seated = Object.values(host.state().devices)
      .filter((d) => d.role === 'judge')
      .map((d) => d.subjectId);
    expect(seated).not.toContain('j7');
  });
  // drop 80 and 90 → (82+84+86+88)/4 = 85.00
  const r3 = host.state().judging.performances['reflection']?.['c03']?.result;
  expect(r3?.score).toBe(8500);
  expect(r3?.missingJudgeIds).toEqual(['j7']);

  // the stage shows every judge's score with the dropped ones, after the reveal
  const shown = stage.state().judging.performances['reflection']?.['c03']?.result;
  expect(shown?.scores.map((s) => [s.judgeId, s.score])).toEqual([
    ['j1', 8000],
    ['j2', 8200],
    ['j3', 8400],
    ['j4', 8600],
    ['j5', 8800],
    ['j6', 9000],
  ]);
  expect(shown?.droppedJudgeIds).toEqual(['j1', 'j6']);
});

test('述行动: scored per rubric criterion (40/30/30), summed', async () => {
  judges.set('j7', await connectRecording(t.server.url, { token: t.token('judge', 'j7') }));
  await settle(await must(host, { type: 'StartSegment', data: { segmentId: 'action' } }));
  await perform('action', 'c01', async () => {
    await score('action', 'c01', 'j1', c(3600, 2700, 2700)); // 90
    await score('action', 'c01', 'j2', c(3500, 2600, 2600)); // 87
    await score('action', 'c01', 'j3', c(3800, 2800, 2800)); // 94
    await score('action', 'c01', 'j4', c(3000, 2500, 2500)); // 80
    await score('action', 'c01', 'j5', c(3700, 2700, 2800)); // 92
    await score('action', 'c01', 'j6', c(3600, 2600, 2700)); // 89
    await settle(await score('action', 'c01', 'j7', c(3900, 2900, 2900))); // 97
  });
  await perform('action', 'c02', async () => {
    await score('action', 'c02', 'j1', c(3800, 2800, 2800)); // 94
    await score('action', 'c02', 'j2', c(3750, 2800, 2750)); // 93
    await score('action', 'c02', 'j3', c(3800, 2900, 2800)); // 95
    await score('action', 'c02', 'j4', c(3600, 2700, 2700)); // 90
    await score('action', 'c02', 'j5', c(3800, 2800, 2900)); // 95
    await score('action', 'c02', 'j6', c(3700, 2800, 2700)); // 92
    await settle(await score('action', 'c02', 'j7', c(3800, 2800, 2725))); // 93.25
  });
  await perform('action', 'c03', async () => {
    await score('action', 'c03', 'j1', c(3000, 2000, 2000)); // 70
    await score('action', 'c03', 'j2', c(3200, 2200, 2100)); // 75
    await score('action', 'c03', 'j3', c(3300, 2300, 2200)); // 78
    await score('action', 'c03', 'j4', c(3100, 2100, 2000)); // 72
    await score('action', 'c03', 'j5', c(3400, 2400, 2400)); // 82
    await score('action', 'c03', 'j6', c(3000, 2200, 2200)); // 74
    await settle(await score('action', 'c03', 'j7', c(3500, 2500, 2500))); // 85
  });
  const res = (id: string) => host.state().judging.performances['action']?.[id]?.result;
  // c01: drop 80 (j4) and 97 (j7) → (90+87+94+92+89)/5 = 452/5 = 90.40
  expect([res('c01')?.score, res('c01')?.droppedJudgeIds]).toEqual([9040, ['j4', 'j7']]);
  // c02: drop 90 (j4) and the first of the two 95s in panel order (j3) → (94+93+95+92+93.25)/5 = 93.45
  expect([res('c02')?.score, res('c02')?.droppedJudgeIds]).toEqual([9345, ['j3', 'j4']]);
  // c03: drop 70 (j1) and 85 (j7) → (75+78+72+82+74)/5 = 381/5 = 76.20
  expect([res('c03')?.score, res('c03')?.droppedJudgeIds]).toEqual([7620, ['j1', 'j7']]);
});

test('INDEPENDENCE: no judge socket ever received another judge score or a result before the reveal', () => {
  expect(lockPositions.length).toBe(6);
  for (const [j, screen] of judges) {
    for (const frame of screen.frames) {
      const payload =
        frame.name === 'contest:events'
          ? {
              ...(frame.payload as { events: PositionedEvent[] }),
              // the reveal (always after the lock) is where every judge's score becomes public
              events: (frame.payload as { events: PositionedEvent[] }).events.filter(
                (e) => e.type !== 'ScoresRevealed',
              ),
            }
          : withoutRevealed(frame.payload);
      expect(foreignScores(payload, j), `${j} ${frame.name}`).toEqual([]);
      if (frame.name === 'contest:events') {
        for (const e of (frame.payload as { events: PositionedEvent[] }).events) {
          if (e.type === 'JudgingLocked') expect(e.data).not.toHaveProperty('result');
          if (e.type === 'ScoresRevealed') expect(lockPositions.some((p) => p < e.version)).toBe(true);
        }
      }
    }
    // the judge did receive their own scores
    const own = screen.frames.some(
      (f) =>
        f.name === 'contest:events' &&
        (f.payload as { events: PositionedEvent[] }).events.some(
          (e) => e.type === 'JudgeScoreSubmitted' && e.data.judgeId === j && typeof e.data.score === 'number',
        ),
    );
    expect(own, j).toBe(true);
  }
  // the stage and the audience never saw a score before its reveal either
  for (const screen of [stage, audience]) {
    for (const frame of screen.frames) {
      if (frame.name !== 'contest:events') continue;
      for (const e of (frame.payload as { events: PositionedEvent[] }).events) {
        if (e.type === 'JudgeScoreSubmitted') expect(e.data).not.toHaveProperty('score');
        if (e.type === 'JudgingLocked') expect(e.data).not.toHaveProperty('result');
      }
    }
  }
});

/** A snapshot without the results already revealed (public by then): what is left must hold no foreign score. */
function withoutRevealed(payload: unknown): unknown {
  const copy = structuredClone(payload) as {
    state?: { judging: { performances: Record<string, Record<string, { status: string; result: unknown }>> } };
  };
  for (const bySegment of Object.values(copy.state?.judging.performances ?? {}))
    for (const perf of Object.values(bySegment)) if (perf.status === 'revealed') perf.result = null;
  return copy;
}

async function api(path: string, token = t.token('host')) {
  return fetch(`${t.server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
}

test('a correction with a reason and its undo; every screen follows the log', async () => {
  const noReason = await host.send({
    type: 'CorrectScore',
    data: { segmentId: 'action', contestantId: 'c03', delta: 200, reason: ' ' },
  });
  expect(noReason).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  await must(host, {
    type: 'CorrectScore',
    data: { segmentId: 'action', contestantId: 'c03', delta: 200, reason: '评委 j2 复核后更正' },
  });
  await settle(await must(host, { type: 'UndoCorrection', data: { correctionId: 'k1', reason: '更正有误，撤销' } }));
  const last = await must(host, {
    type: 'CorrectScore',
    data: { segmentId: 'reflection', contestantId: 'c01', score: 8950, reason: '监督组裁定：计时器故障，补回 0.50 分' },
  });
  await settle(last);
  for (const s of everyone()) {
    expect(s.state().scores['action']?.['c03']).toBe(7620);
    expect(s.state().scores['reflection']?.['c01']).toBe(8950);
  }

  const history = (await (await api('/api/contests/demo/history/c03')).json()) as {
    changes: {
      eventType: string;
      segmentId: string;
      before: number | null;
      after: number | null;
      reason?: string;
      undoes?: string;
      actor: { role: string };
    }[];
  };
  expect(
    history.changes.map((h) => [h.eventType, h.segmentId, h.before, h.after, h.reason ?? null, h.undoes ?? null]),
  ).toEqual([
    ['JudgingLocked', 'reflection', null, 8500, null, null],
    ['JudgingLocked', 'action', null, 7620, null, null],
    ['ScoreCorrected', 'action', 7620, 7820, '评委 j2 复核后更正', null],
    ['ScoreCorrected', 'action', 7820, 7620, '更正有误，撤销', 'k1'],
  ]);
  expect(history.changes.every((h) => h.actor.role === 'host')).toBe(true);
});

test('totals, ranks, awards and the ceremony order, as hand-computed', async () => {
  const res = await api('/api/contests/demo/results/final');
  expect(res.status).toBe(200);
  const sheet = (await res.json()) as { results: StageResults };
  const rows = sheet.results.rows;
  // c02: 10 + 15% × 93.19 (13.9785) + 70% × 93.45 (65.415) = 89.3935 → 89.39
  // c01: 10 + 15% × 89.50 (13.425)   + 70% × 90.40 (63.28)  = 86.705  → 86.71
  // c03: 10 + 15% × 85.00 (12.75)    + 70% × 76.20 (53.34)  = 76.09
  // c04…c10: 10.00, sharing 4th place
  expect(rows.map((r) => [r.id, r.total, r.rank, r.tier?.name ?? null])).toEqual([
    ['c02', 8939, 1, '一等奖'],
    ['c01', 8671, 2, '二等奖'],
    ['c03', 7609, 3, '二等奖'],
    ['c04', 1000, 4, '三等奖'],
    ['c05', 1000, 4, '三等奖'],
    ['c06', 1000, 4, '三等奖'],
    ['c07', 1000, 4, '三等奖'],
    ['c08', 1000, 4, '三等奖'],
    ['c09', 1000, 4, '三等奖'],
    ['c10', 1000, 4, '三等奖'],
  ]);
  expect(sheet.results.singleItems.map((a) => [a.name, a.winners.map((w) => [w.id, w.score])])).toEqual([
    ['最佳演讲奖', [['c02', 9319]]],
    ['最佳实绩奖', [['c02', 9345]]],
  ]);

  // the same numbers reach the stage's folded state
  const { stageResults, ceremonySteps } = await import('@leitai/shared');
  const onStage = stageResults(stage.state(), 'final')!;
  expect(onStage.rows.map((r) => [r.id, r.total, r.rank])).toEqual(rows.map((r) => [r.id, r.total, r.rank]));
  expect(ceremonySteps(onStage).map((s) => s.name)).toEqual(['最佳演讲奖', '最佳实绩奖', '三等奖', '二等奖', '一等奖']);
});

test('CSV (with a BOM) and XLSX carry the same numbers; only the host may fetch them', async () => {
  const csv = await api('/api/contests/demo/results/final/csv');
  expect(csv.headers.get('content-type')).toContain('text/csv');
  const bytes = new Uint8Array(await csv.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes);
  expect(text).toContain('1,2,');
  expect(text).toMatch(/\r\n1,\d+,.*,89\.39,一等奖,最佳演讲奖、最佳实绩奖\r\n/);
  expect(text).toContain('86.71');
  expect(text).toContain('93.19');
  expect(text).toContain('缺评');

  const xlsx = await api('/api/contests/demo/results/final/xlsx');
  expect(xlsx.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await xlsx.arrayBuffer());
  const totals = wb.worksheets[0]!;
  const values: unknown[] = [];
  totals.eachRow((row) => values.push(row.values));
  expect(JSON.stringify(values)).toContain('89.39');
  // totals, the two judged segments, and (issue 17) the corrections with their reasons
  expect(wb.worksheets.length).toBe(4);

  expect((await api('/api/contests/demo/results/final/csv', t.token('judge', 'j1'))).status).toBe(403);
  expect((await fetch(`${t.server.url}/api/contests/demo/results/final`)).status).toBe(401);
});
