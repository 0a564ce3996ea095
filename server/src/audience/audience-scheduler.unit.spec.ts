import { afterEach, expect, test, vi } from 'vitest';
import { createAudienceScheduler } from './audience-scheduler.ts';

afterEach(() => {
  vi.useRealTimers();
});

test('one timer runs every task on its own multiple of the tick, earlier tasks first; removed tasks stop', () => {
  vi.useFakeTimers();
  const s = createAudienceScheduler(100);
  const runs: string[] = [];
  s.every(100, () => runs.push('events'));
  const stopFrames = s.every(200, () => runs.push('frames'));
  s.every(1000, () => runs.push('likes'));
  vi.advanceTimersByTime(400);
  expect(runs).toEqual(['events', 'events', 'frames', 'events', 'events', 'frames']);
  runs.length = 0;
  stopFrames();
  vi.advanceTimersByTime(600);
  expect(runs).toEqual(['events', 'events', 'events', 'events', 'events', 'events', 'likes']);
  s.stop();
  runs.length = 0;
  vi.advanceTimersByTime(1000);
  expect(runs).toEqual([]);
});

test('a task that throws does not stop the others', () => {
  vi.useFakeTimers();
  const s = createAudienceScheduler(100);
  const runs: number[] = [];
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  s.every(100, () => {
    throw new Error('boom');
  });
  s.every(100, () => runs.push(1));
  vi.advanceTimersByTime(200);
  expect(runs).toEqual([1, 1]);
  expect(write).toHaveBeenCalled();
  write.mockRestore();
  s.stop();
});
