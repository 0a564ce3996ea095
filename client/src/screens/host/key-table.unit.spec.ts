import { expect, test } from 'vitest';
import { SCENES } from '@leitai/shared';
import { HOST_KEYS, isShortcutPress, keyRow, moderationKey, type KeyPress } from './key-table.ts';
import { knowledgeKeyAction } from './knowledge/knowledge-keys.ts';
import { shortcutFor } from './shortcuts.ts';
import { helpRows } from './shortcut-help.tsx';

const press = (key: string): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  targetTag: 'BODY',
  targetEditable: false,
});

test('every scene has a key (1–9, then 0 for the advancement scene)', () => {
  const sceneRows = HOST_KEYS.filter((r) => r.scope === 'global' && r.action.type === 'scene');
  expect(sceneRows.map((r) => r.scene)).toEqual([...SCENES]);
  expect(shortcutFor(press('0'))).toEqual({ type: 'scene', scene: 'advancement' });
});

test('each row of the table is what its key is bound to, and no two rows of a scope share a key', () => {
  for (const row of HOST_KEYS) {
    for (const key of row.keys) {
      expect(keyRow(row.scope, key)).toBe(row);
      if (row.scope === 'global') expect(shortcutFor(press(key))).toEqual(row.action);
      if (row.scope === 'knowledge') expect(knowledgeKeyAction(key)).toBe(row.action);
      if (key.length === 1 && key !== ' ') expect(keyRow(row.scope, key.toUpperCase())).toBe(row);
    }
  }
  for (const scope of ['global', 'knowledge', 'judging', 'moderation'] as const) {
    const keys = HOST_KEYS.filter((r) => r.scope === scope).flatMap((r) => r.keys);
    expect(new Set(keys).size).toBe(keys.length);
  }
});

test('no key outside the table is a shortcut (every printable key and the named keys)', () => {
  const bound = new Set(HOST_KEYS.flatMap((r) => r.keys.map((k) => `${r.scope}:${k}`)));
  const candidates = [
    ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
    'Enter',
    'Tab',
    'Backspace',
    'Delete',
    'ArrowUp',
    'ArrowDown',
    'ArrowLeft',
    'ArrowRight',
    'Escape',
    'Home',
    'End',
  ];
  for (const key of candidates) {
    const k = key.length === 1 ? key.toLowerCase() : key;
    if (shortcutFor(press(key))) expect(bound.has(`global:${k}`)).toBe(true);
    if (knowledgeKeyAction(key)) expect(bound.has(`knowledge:${k}`)).toBe(true);
    if (keyRow('judging', key)) expect(bound.has(`judging:${k}`)).toBe(true);
  }
});

test('Enter is never a shortcut: a focused button keeps it, and nothing ends or locks on Enter', () => {
  expect(isShortcutPress(press('Enter'))).toBe(false);
  expect(HOST_KEYS.some((r) => r.keys.includes('Enter'))).toBe(false);
});

test('the help lists the whole table (H only on a cluster core)', () => {
  expect(helpRows(true)).toEqual([...HOST_KEYS]);
  expect(helpRows(false)).toEqual(HOST_KEYS.filter((r) => !r.clusterOnly));
});

test('the moderation keys: a letter with Shift is its own row (Shift+A approves what is visible, A the selected one)', () => {
  expect(keyRow('moderation', moderationKey('A', true))?.action).toBe('approveVisible');
  expect(keyRow('moderation', moderationKey('a', false))?.action).toBe('approve');
  expect(keyRow('moderation', moderationKey('A', false))?.action).toBe('approve');
  expect(keyRow('moderation', moderationKey('Escape', true))?.action).toBe('closeHistory');
  expect(keyRow('moderation', moderationKey('x', false))).toBeUndefined();
  expect(
    helpRows(false)
      .filter((r) => r.scope === 'moderation')
      .map((r) => r.shown),
  ).toContain('Shift+A');
});
