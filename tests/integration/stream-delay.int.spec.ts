/**
 * Play-along stream delay, on a real server and real sockets: with the contest's delay set to
 * 2 s (a recorded host command), a livestream viewer's phone gets the play-along question 2 s
 * after the hall's phone and the stage (± 200 ms), can still answer after the host closes (the
 * close waits for the delay), and gets the answer 2 s after the host's close; the hall phone
 * (`hall: true`, the `?hall=1` link) stays live. Setting the delay back to 0 sends everything at once.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { PlayAlongView } from '@leitai/shared';
import { ask, latest, recordFrames, type FrameRecorder } from '../support/audience-clients.ts';
import { connectScreen, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';
import { must } from '../support/judging-play.ts';

const DELAY_MS = 2000;
const TOLERANCE_MS = 200;

let t: TestContest;
let host: Screen;
let hostFrames: FrameRecorder;
const open: FrameRecorder[] = [];

beforeAll(async () => {
  t = await startWithDemo();
  host = await connectScreen(t.server.url, { token: t.token('host') });
  hostFrames = await recordFrames(t.server.url, { token: t.token('host') });
}, 30_000);

afterAll(async () => {
  for (const r of open) r.close();
  hostFrames?.close();
  host?.close();
  await t?.cleanup();
});

const join = async (hall: boolean): Promise<FrameRecorder> => {
  const rec = await recordFrames(t.server.url, { joinCode: t.joinCode, ...(hall ? { hall: true } : {}) });
  open.push(rec);
  return rec;
};

/** When the first frame matching `pick` arrived (performance.now()). */
const arrival = (rec: FrameRecorder, pick: (v: PlayAlongView | null | undefined) => boolean): number | undefined =>
  rec.frames.find((f) => 'playAlong' in f.frame && pick(f.frame.playAlong))?.at;

test('question and answer frames reach the stream phones the configured delay late; the hall stays live', async () => {
  await must(host, { type: 'SetStreamDelay', data: { seconds: DELAY_MS / 1000 } });
  expect(host.state().knowledge.streamDelaySeconds).toBe(2);
  const stream = await join(false);
  const hall = await join(true);
  const q = t.server.service.get(t.contestId)!.state!.definition.questions.find((x) => x.kind === 'single')!;

  const opened = await ask(hostFrames.socket, 'playalong:open', { questionId: q.id });
  expect(opened).toMatchObject({ ok: true, roundId: 'r1' });
  const isQuestion = (v: PlayAlongView | null | undefined) => v?.roundId === 'r1' && !!v.question;
  await hall.waitFor(() => arrival(hall, isQuestion) !== undefined, 3000, 'question on the hall phone');
  await hostFrames.waitFor(() => arrival(hostFrames, isQuestion) !== undefined, 3000, 'question on the host');
  // Held back: nothing of the round on the stream phone before the delay.
  expect(arrival(stream, isQuestion)).toBeUndefined();
  await stream.waitFor(() => arrival(stream, isQuestion) !== undefined, DELAY_MS + 3000, 'question on the stream');
  const questionLag = arrival(stream, isQuestion)! - arrival(hall, isQuestion)!;
  expect(Math.abs(questionLag - DELAY_MS)).toBeLessThanOrEqual(TOLERANCE_MS);
  expect(latest(stream, 'playAlong')).toMatchObject({ roundId: 'r1', open: true, question: { text: q.text } });

  // The host closes; the close waits for the delay, so the stream phone still answers in its window.
  const closeSent = performance.now();
  const closed = await ask(hostFrames.socket, 'playalong:close', {});
  expect(closed).toMatchObject({ ok: true });
  expect(typeof closed.closesAt).toBe('number');
  expect(await ask(hostFrames.socket, 'playalong:close', {})).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE' },
  });
  expect(await ask(stream.socket, 'playalong:answer', { roundId: 'r1', answer: q.answer })).toEqual({ ok: true });
  const isAnswer = (v: PlayAlongView | null | undefined) => v?.roundId === 'r1' && v.answer !== null;
  await stream.waitFor(() => arrival(stream, isAnswer) !== undefined, DELAY_MS + 3000, 'answer on the stream');
  const answerLag = arrival(stream, isAnswer)! - closeSent;
  // The answer goes out with the first tick (≤ 200 ms) after the deferred close.
  expect(answerLag).toBeGreaterThanOrEqual(DELAY_MS - TOLERANCE_MS);
  expect(answerLag).toBeLessThanOrEqual(DELAY_MS + 200 + TOLERANCE_MS);
  expect(latest(stream, 'playAlong')).toMatchObject({ open: false, answer: q.answer, answers: 1 });
  // Never the answer before the stream showed it.
  const firstAnswerFrame = stream.frames.findIndex((f) => isAnswer(f.frame.playAlong));
  expect(stream.frames.findIndex((f) => isQuestion(f.frame.playAlong))).toBeLessThan(firstAnswerFrame);

  // A stream phone joining now gets the round as the stream shows it.
  const late = await join(false);
  expect(late.frames[0]?.frame.playAlong).toMatchObject({ roundId: 'r1', answer: q.answer });
}, 30_000);

test('with the delay back at 0 the stream phones get the question with the hall', async () => {
  await must(host, { type: 'SetStreamDelay', data: { seconds: 0 } });
  const stream = await join(false);
  const hall = await join(true);
  const q = t.server.service.get(t.contestId)!.state!.definition.questions.filter((x) => x.kind === 'single')[1]!;
  expect(await ask(hostFrames.socket, 'playalong:open', { questionId: q.id })).toMatchObject({ ok: true });
  const isQuestion = (v: PlayAlongView | null | undefined) => v?.roundId === 'r2' && !!v.question;
  await stream.waitFor(() => arrival(stream, isQuestion) !== undefined, 3000, 'question on the stream');
  await hall.waitFor(() => arrival(hall, isQuestion) !== undefined, 3000, 'question on the hall');
  expect(Math.abs(arrival(stream, isQuestion)! - arrival(hall, isQuestion)!)).toBeLessThan(TOLERANCE_MS);
}, 20_000);
