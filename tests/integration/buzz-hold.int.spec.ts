/**
 * The held buzz decision on a real server (B6): the decision waits for every phone to be in or
 * provably absent, not for the slowest claim window. One phone's link was slow when the server
 * first measured it (its claim window stays wide: the longest round trip remembered) and is fast
 * now. At the first valid press the server probes every phone; all answer within tens of ms, so
 * the buzz is decided long before the window-based deadline would fall due. And a phone that
 * pressed before reading the probe is in the order even when its press arrived second.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_CONTEST, type ContestFile } from '@leitai/shared';
import { connectScreen, type Screen } from '../support/harness.ts';
import { must } from '../support/judging-play.ts';
import {
  TestPhone,
  sleep,
  sleepUntil,
  startKnowledgeContest,
  type KnowledgeContest,
} from '../support/knowledge-phones.ts';

const definition: ContestFile = {
  ...DEMO_CONTEST,
  stages: DEMO_CONTEST.stages.map((stage) => ({
    ...stage,
    segments: stage.segments.map((s) =>
      s.kind === 'buzzer' ? { ...s, settings: { ...s.settings, buzzSeconds: 5, answerSeconds: 5 } } : s,
    ),
  })),
};

let k: KnowledgeContest;
let host: Screen;
const phones = new Map<string, TestPhone>();

beforeAll(async () => {
  k = await startKnowledgeContest(definition, 'hold');
  host = await connectScreen(k.url, { token: k.token('host') });
  for (const [id, up, down] of [
    ['c01', 10, 10],
    ['c02', 30, 30],
    ['c03', 250, 250], // slow while the server measures it
  ] as const) {
    phones.set(
      id,
      await TestPhone.connect(k.url, k.token('contestant', id), id, { upMs: up, downMs: down, skewMs: 0 }),
    );
  }
  // The server's probe burst (4 probes 150 ms apart) measures c03 at ~500 ms; then its link gets fast.
  await sleep(1500);
  const c03 = phones.get('c03')!;
  c03.profile.upMs = 10;
  c03.profile.downMs = 10;
});

afterAll(async () => {
  host?.close();
  for (const p of phones.values()) p.close();
  await k?.cleanup();
});

test('the decision comes with the last absence proof, not at the slowest window; an earlier press arriving second still wins', async () => {
  await must(host, { type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } });
  await must(host, { type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } });
  const run = host.state().knowledge.active!.run;
  await must(host, { type: 'ShowQuestion', data: { run } });
  await must(host, { type: 'ArmBuzzer', data: { run } });
  const armed = host.state().knowledge.active!.buzz!;
  // The hold is bounded by c03's remembered window (≥ its slow round trips), not the 150 ms grace cap.
  expect(armed.holdMs).toBeGreaterThanOrEqual(400);
  await sleepUntil(armed.openAt + 100);
  // c02 presses first on a 30 ms uplink; c01 presses 10 ms later on a 10 ms uplink: c01's press
  // arrives first, c02's about 10 ms later — before c02 can answer the probe sent at c01's arrival.
  await Promise.all([
    phones.get('c02')!.press(run, armed.attempt),
    sleep(10).then(() => phones.get('c01')!.press(run, armed.attempt)),
  ]);
  const s = await (async () => {
    for (let i = 0; i < 200; i++) {
      const st = host.state();
      if (st.knowledge.active?.buzz?.winnerId) return st;
      await sleep(10);
    }
    throw new Error('no decision');
  })();
  const buzz = s.knowledge.active!.buzz!;
  expect(buzz.winnerId).toBe('c02');
  expect(buzz.order!.map((o) => o.contestantId)).toEqual(['c02', 'c01']);
  const firstArrival = Math.min(...buzz.presses.filter((p) => p.decision === 'accepted').map((p) => p.arrivedAt));
  const decidedAt = host.state().knowledge.active!.deadlineAt! - 5000;
  // Decided by the proofs: well before the window-based deadline (first arrival + ≥ 400 ms).
  expect(decidedAt - firstArrival).toBeLessThan(300);
  expect(buzz.decideAt! - firstArrival).toBeGreaterThanOrEqual(350);
});
