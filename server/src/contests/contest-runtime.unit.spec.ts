/**
 * Deadlines fire on the contest's clock, not on the timer alone: a timer that runs before the
 * clock reaches its instant (Node truncates delays to whole milliseconds; a test or a stepped
 * clock can lag) re-arms instead of deciding early.
 */
import { expect, test } from 'vitest';
import { DEMO_CONTEST, type ContestState, sleep } from '@leitai/shared';
import { MemoryEventStore } from '../store/memory-event-store.ts';
import { MemorySeatRegistry } from '../seats/seat-registry.ts';
import { ContestService } from './contest-service.ts';

test('a buzz is decided only once the clock reaches decideAt, however early its timer runs', async () => {
  const clock = { t: 1_000_000, now: () => clock.t };
  const service = new ContestService(new MemoryEventStore(), new MemorySeatRegistry(), clock);
  const created = await service.create(DEMO_CONTEST, { contestId: 'rt' });
  expect(created.ok).toBe(true);
  const runtime = service.get('rt')!;
  const host = { role: 'host' as const };
  const run = async (command: Parameters<typeof runtime.execute>[0], actor: Parameters<typeof runtime.execute>[1]) => {
    const ack = await runtime.execute(command, actor);
    if (!ack.ok) throw new Error(`${command.type}: ${ack.error.message}`);
  };
  await run({ type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } }, host);
  await run({ type: 'PrepareQuestion', data: { segmentId: 'knowledge-buzzer', questionId: 'q21' } }, host);
  await run({ type: 'ShowQuestion', data: { run: 1 } }, host);
  await run({ type: 'ArmBuzzer', data: { run: 1 } }, host);
  clock.t += 400; // past the open instant (openDelayMs 300)
  const contestant = DEMO_CONTEST.contestants[0]!.id;
  await run(
    { type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: null } },
    { role: 'contestant', subjectId: contestant },
  );
  const buzz = () => (runtime.state as ContestState).knowledge.active?.buzz;
  const phase = () => (runtime.state as ContestState).knowledge.active?.phase;
  const decideAt = buzz()?.decideAt;
  expect(decideAt).toBeGreaterThan(clock.t);
  const grace = decideAt! - clock.t;

  // The clock stands still: the timer runs (after `grace` real ms) and must not decide.
  await sleep(grace + 60);
  expect(phase()).toBe('armed');
  clock.t = decideAt! - 1;
  await sleep(grace + 60);
  expect(phase()).toBe('armed');

  // The clock reaches the instant: the next run of the timer decides.
  clock.t = decideAt!;
  for (let i = 0; i < 100 && phase() === 'armed'; i++) await sleep(10);
  expect(phase()).toBe('answering');
  runtime.stop();
});
