import { expect, test } from 'vitest';
import { AnswerQueue } from './answer-queue.ts';

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    map: m,
  };
}

test('changes survive a reload: the queue is read back from storage', () => {
  const s = memoryStorage();
  const q = new AnswerQueue(s, 'k');
  q.add({ kind: 'save', commandId: 'c1', questionId: 'q1', choice: ['A'] });
  q.add({ kind: 'focus', commandId: 'c2' });
  const again = new AnswerQueue(s, 'k');
  expect(again.size).toBe(2);
  expect(again.next()).toEqual({ kind: 'save', commandId: 'c1', questionId: 'q1', choice: ['A'] });
});

test('a newer answer replaces an unsent older one, never the one in flight', () => {
  const q = new AnswerQueue(memoryStorage(), 'k');
  q.add({ kind: 'save', commandId: 'c1', questionId: 'q1', choice: ['A'] });
  expect(q.next()?.commandId).toBe('c1');
  q.add({ kind: 'save', commandId: 'c2', questionId: 'q1', choice: ['B'] });
  q.add({ kind: 'save', commandId: 'c3', questionId: 'q1', choice: ['C'] });
  expect(q.size).toBe(2);
  expect(q.pendingAnswers()).toEqual({ q1: ['C'] });
  expect(q.next()).toBeNull();
  q.done('c1');
  expect(q.next()?.commandId).toBe('c3');
});

test('a failed send is retried with the same command id; an acknowledged one is gone from storage', () => {
  const s = memoryStorage();
  const q = new AnswerQueue(s, 'k');
  q.add({ kind: 'submit', commandId: 'c9' });
  expect(q.next()?.commandId).toBe('c9');
  q.retryLater('c9');
  expect(q.next()?.commandId).toBe('c9');
  expect(q.hasSubmit()).toBe(true);
  q.done('c9');
  expect(q.size).toBe(0);
  expect(s.map.has('k')).toBe(false);
});

test('unreadable storage starts an empty queue', () => {
  const s = memoryStorage();
  s.setItem('k', '{not json');
  expect(new AnswerQueue(s, 'k').size).toBe(0);
});
