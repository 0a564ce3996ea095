/**
 * Buzzer tests on a spawned cluster (cluster-support.ts): the seat links the core prints, the
 * events a screen received, and a poll with a deadline.
 */
import { expect } from 'vitest';
import { DEMO_CONTEST, sleep, type PositionedEvent } from '@leitai/shared';
import type { Screen } from './harness.ts';

/** A contestant's seat token, from the seat links the core prints. */
export function contestantToken(out: string, name: string): string {
  const line = out.split('\n').find((l) => l.includes(name) && l.includes('play.html#token='));
  const m = /play\.html#token=([A-Za-z0-9_-]+)/.exec(line ?? '');
  if (!m?.[1]) throw new Error(`no seat link for ${name}`);
  return m[1];
}

/** The first event of `type` the screen received that `pick` accepts. */
export const eventOf = <T extends PositionedEvent['type']>(s: Screen, type: T, pick: (e: PositionedEvent) => boolean) =>
  s.events.find((e) => e.type === type && pick(e)) as Extract<PositionedEvent, { type: T }> | undefined;

/** Poll `get` every 10 ms until it gives a value; throws after `timeoutMs`. */
export async function until<T>(what: string, get: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(10);
  }
}

/** The host (on any process) opens the demo's first stage and buzzer segment, shows q21 and arms the buzzer. */
export async function armDemoBuzzer(host: Screen) {
  const ok = async (p: Promise<{ ok: boolean }>) => expect(await p).toMatchObject({ ok: true });
  await ok(host.send({ type: 'StartStage', data: { stageId: DEMO_CONTEST.stages[0]!.id } }));
  await ok(host.send({ type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } }));
  await ok(host.send({ type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } }));
  const prepared = await until('prepared', () => eventOf(host, 'QuestionPrepared', () => true));
  const run = prepared.data.run;
  await ok(host.send({ type: 'ShowQuestion', data: { run } }));
  await ok(host.send({ type: 'ArmBuzzer', data: { run } }));
  const armed = await until('armed', () =>
    eventOf(host, 'BuzzerArmed', (e) => e.type === 'BuzzerArmed' && e.data.run === run),
  );
  return { run, armed };
}
