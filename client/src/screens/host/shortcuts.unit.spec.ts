import { expect, test } from 'vitest';
import { shortcutFor, type KeyPress } from './shortcuts.ts';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  targetTag: 'BODY',
  targetEditable: false,
  ...extra,
});

test('1-5 choose the scenes in order', () => {
  expect(['1', '2', '3', '4', '5'].map((k) => shortcutFor(press(k)))).toEqual([
    { type: 'scene', scene: 'title' },
    { type: 'scene', scene: 'roster' },
    { type: 'scene', scene: 'contestant' },
    { type: 'scene', scene: 'scoreboard' },
    { type: 'scene', scene: 'blank' },
  ]);
  // Scenes added by the capabilities follow: 6 is the knowledge question scene.
  expect(shortcutFor(press('6'))).toEqual({ type: 'scene', scene: 'question' });
});

test('arrows step through the contestants, ? opens the help, Esc closes it', () => {
  expect(shortcutFor(press('ArrowLeft'))).toEqual({ type: 'step', step: -1 });
  expect(shortcutFor(press('ArrowRight'))).toEqual({ type: 'step', step: 1 });
  expect(shortcutFor(press('?'))).toEqual({ type: 'help' });
  expect(shortcutFor(press('Escape'))).toEqual({ type: 'close' });
});

test('H expands or collapses the cluster health, in either case', () => {
  expect(shortcutFor(press('h'))).toEqual({ type: 'cluster' });
  expect(shortcutFor(press('H'))).toEqual({ type: 'cluster' });
  expect(shortcutFor(press('h', { targetTag: 'TEXTAREA' }))).toBeNull();
});

test('typing in a field or holding a modifier is not a shortcut', () => {
  expect(shortcutFor(press('1', { targetTag: 'INPUT' }))).toBeNull();
  expect(shortcutFor(press('1', { targetEditable: true }))).toBeNull();
  expect(shortcutFor(press('1', { ctrlKey: true }))).toBeNull();
  expect(shortcutFor(press('ArrowRight', { metaKey: true }))).toBeNull();
});
