import { expect, test } from 'vitest';
import { en } from './en.ts';
import { readLocale, translate } from './i18n.ts';
import { zhCN } from './zh-cn.ts';

test('looks a key up in the chosen language', () => {
  expect(translate('zh-CN', 'scene.roster')).toBe('选手阵容');
  expect(translate('en', 'scene.roster')).toBe('Roster');
});

test('fills {slots} and leaves unknown slots visible', () => {
  expect(translate('zh-CN', 'clock.error', { ms: 12 })).toBe('时钟误差 ±12 ms');
  expect(translate('en', 'clock.error')).toBe('Clock ±{ms} ms');
});

test('both dictionaries define the same keys with non-empty text and the same slots', () => {
  expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  const slots = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [key, text] of Object.entries(zhCN)) {
    const english = en[key as keyof typeof zhCN];
    expect(english.length, key).toBeGreaterThan(0);
    expect(slots(english), key).toEqual(slots(text));
  }
});

test('the saved locale defaults to Chinese', () => {
  expect(readLocale(null)).toBe('zh-CN');
  expect(readLocale({ getItem: () => 'en' })).toBe('en');
  expect(readLocale({ getItem: () => 'fr' })).toBe('zh-CN');
  expect(
    readLocale({
      getItem: () => {
        throw new Error('denied');
      },
    }),
  ).toBe('zh-CN');
});
