/**
 * A judge's seat replaced on the night (`JudgeSeatReplaced`): the seat's links are revoked and a
 * new one issued before the host's ack; and a replacement in the log whose links were never
 * replaced (the process stopped between the append and the revocation) is replaced at start-up.
 */
import { expect, test } from 'vitest';
import { DEMO_CONTEST } from '@leitai/shared';
import { MemoryEventStore } from '../store/memory-event-store.ts';
import { MemorySeatRegistry } from '../seats/seat-registry.ts';
import { ContestService } from './contest-service.ts';

const clock = { now: () => 1_000_000 };
const judgeSeats = (registry: MemorySeatRegistry, judgeId: string) =>
  registry.forContest('js').filter((s) => s.role === 'judge' && s.subjectId === judgeId);

test("replacing a judge's seat revokes its link and issues a new one before the ack; other seats untouched", async () => {
  const store = new MemoryEventStore();
  const registry = new MemorySeatRegistry();
  const service = new ContestService(store, registry, clock);
  expect((await service.create(DEMO_CONTEST, { contestId: 'js' })).ok).toBe(true);
  const [before] = judgeSeats(registry, 'j1');
  const ack = await service
    .get('js')!
    .execute({ type: 'ReplaceJudgeSeat', data: { judgeId: 'j1', reason: '平板故障' } }, { role: 'host' });
  expect(ack.ok).toBe(true);
  const after = judgeSeats(registry, 'j1');
  expect(after.map((s) => [s.token === before!.token, s.revoked])).toEqual([
    [true, true],
    [false, false],
  ]);
  expect(judgeSeats(registry, 'j2').map((s) => s.revoked)).toEqual([false]);

  // Start-up over the same log with a registry that missed the replacement: replaced now, once.
  const missed = new MemorySeatRegistry();
  const stale = missed.issueMany('js', [
    { role: 'judge', subjectId: 'j1' },
    { role: 'judge', subjectId: 'j2' },
  ]);
  const restarted = new ContestService(store, missed, clock);
  await restarted.loadAll();
  expect(judgeSeats(missed, 'j1').map((s) => [s.token === stale[0]!.token, s.revoked])).toEqual([
    [true, true],
    [false, false],
  ]);
  expect(judgeSeats(missed, 'j2').map((s) => s.revoked)).toEqual([false]);
  await new ContestService(store, missed, clock).loadAll();
  expect(judgeSeats(missed, 'j1')).toHaveLength(2);
});
