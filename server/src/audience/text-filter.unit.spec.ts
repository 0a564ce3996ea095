import { describe, expect, it } from 'vitest';
import { DEFAULT_WORDS } from './default-words.ts';
import { cleanText, normalise, WordFilter } from './text-filter.ts';

const filter = new WordFilter([...DEFAULT_WORDS, '作弊']);

describe('cleanText', () => {
  it('removes control, bidi and zero-width characters and folds whitespace', () => {
    expect(cleanText('\u202e好\u200b看\u0007\u2066 \n  真的\ufeff ')).toBe('好看 真的');
    expect(cleanText('\u200b\u200d')).toBe('');
    expect(cleanText('a\u{E0041}b')).toBe('ab');
  });
});

describe('normalise', () => {
  it('full-width, traditional, separators and repeats', () => {
    expect(normalise('ＳＢ')).toBe('sb');
    expect(normalise('點擊鏈接')).toBe('点击链接');
    expect(normalise('傻 . 逼！')).toBe('傻逼');
    expect(normalise('傻傻傻逼逼')).toBe('傻逼');
  });
});

describe('WordFilter (R9)', () => {
  const caught = [
    '你就是个傻逼',
    '你就是个ＳＢ',
    '傻\u200b逼',
    '傻\u202e逼',
    '傻 . 逼',
    '傻-逼',
    '傻傻傻逼逼逼',
    'shabi',
    'SHA BI',
    '沙比',
    's b',
    's.b.',
    '加 微 信',
    '加ｖｘ',
    '點擊鏈接',
    '這是作弊',
    'zuobi',
    '作   弊',
    'www.example.com',
    'http://x.cn',
    '13800138000',
    'ｆｕｃｋ',
    'f u c k',
  ];
  it.each(caught)('catches %j', (text) => {
    expect(filter.check(text).ok).toBe(false);
  });

  const fine = [
    '选手们加油',
    '讲得真好，学习了',
    'usb接口',
    '三个人',
    '今天天气很好',
    'made in China',
    '1921年',
    '加油加油',
  ];
  it.each(fine)('lets %j through', (text) => {
    expect(filter.check(text)).toEqual({ ok: true, hits: [] });
  });

  it('finds a word that ends inside a longer partial match (failure links followed)', () => {
    const f = new WordFilter(['abcd', 'bc']);
    expect(f.check('abcx')).toEqual({ ok: false, hits: ['bc'] });
  });

  it('an empty list lets everything through but links', () => {
    const f = new WordFilter([]);
    expect(f.check('傻逼').ok).toBe(true);
    expect(f.check('www.x.com').ok).toBe(false);
  });
});
