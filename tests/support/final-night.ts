/**
 * A whole demo final played through sockets, for the screen tests that need every scene filled:
 * knowledge scores for a few contestants, both judged segments scored and revealed for all ten,
 * so standings, awards and the ceremony have something to show. Also a live question to put on
 * the question scene.
 */
import type { ContestState, Scene } from '@leitai/shared';
import { connectScreen, type Screen, type TestContest } from './harness.ts';
import { must, playPerformance } from './judging-play.ts';

export interface FinalNight {
  host: Screen;
  judges: Map<string, Screen>;
  state(): ContestState;
  /** Put a scene on the stage and overlay; resolves once the command is acknowledged. */
  scene(scene: Scene): Promise<void>;
  /** Prepare and show the next required question to `contestantId` and start its answer timer. */
  showQuestion(contestantId: string): Promise<number>;
  close(): void;
}

const JUDGES = ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7'];
const CONTESTANTS = ['c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07', 'c08', 'c09', 'c10'];

/** Scores (hundredths) that differ by contestant and judge, so ranks and dropped scores are distinct. */
const score = (ci: number, ji: number, base: number) => base + ((ci * 137 + ji * 53) % 900);

export async function connectFinalNight(t: TestContest): Promise<FinalNight> {
  const host = await connectScreen(t.server.url, { token: t.token('host') });
  const judges = new Map<string, Screen>();
  for (const j of JUDGES) judges.set(j, await connectScreen(t.server.url, { token: t.token('judge', j) }));
  let questions = 0;
  return {
    host,
    judges,
    state: () => host.state(),
    async scene(scene) {
      await must(host, { type: 'ChooseScene', data: { scene } });
    },
    async showQuestion(contestantId) {
      const s = host.state();
      if (s.currentSegmentId !== 'knowledge-required')
        await must(host, { type: 'StartSegment', data: { segmentId: 'knowledge-required' } });
      const active = host.state().knowledge.active;
      if (active) await must(host, { type: 'FinishQuestion', data: { run: active.run } });
      questions += 1;
      const questionId = `q${String(questions).padStart(2, '0')}`;
      let position = await must(host, {
        type: 'PrepareQuestion',
        data: { segmentId: 'knowledge-required', questionId, contestantId },
      });
      const run = (await host.waitForVersion(position)).knowledge.active?.run ?? 0;
      await must(host, { type: 'ShowQuestion', data: { run } });
      position = await must(host, { type: 'StartAnswerTimer', data: { run } });
      await host.waitForVersion(position);
      return run;
    },
    close() {
      host.close();
      for (const j of judges.values()) j.close();
    },
  };
}

/** Knowledge points for the first three, then every judged performance scored and revealed. */
export async function playFinal(night: FinalNight): Promise<void> {
  const { host, judges } = night;
  for (const [i, c] of ['c01', 'c02', 'c03'].entries()) {
    const run = await night.showQuestion(c);
    await must(host, { type: 'MarkAnswer', data: { run, result: i === 1 ? 'wrong' : 'correct' } });
    await must(host, { type: 'FinishQuestion', data: { run } });
  }
  for (const segmentId of ['reflection', 'action']) {
    const position = await must(host, { type: 'StartSegment', data: { segmentId } });
    for (const j of judges.values()) await j.waitForVersion(position);
    for (const [ci, c] of CONTESTANTS.entries()) {
      const scores = Object.fromEntries(
        JUDGES.map((j, ji) => [j, score(ci, ji, segmentId === 'action' ? 8000 : 8400)]),
      );
      const p = await playPerformance(host, judges, segmentId, c, scores, { rubric: segmentId === 'action' });
      await host.waitForVersion(p);
    }
  }
}
