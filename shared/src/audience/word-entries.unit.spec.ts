import { describe, expect, it } from 'vitest';
import { formatWordEntry, parseWordEntry, parseWordListText, tidyWordEntry, wordListText } from './word-entries.ts';

describe('word-list entries', () => {
  it('a plain word refuses, ?word holds, +phrase allows; full-width markers too', () => {
    expect(parseWordEntry('作弊')).toEqual({ kind: 'refuse', text: '作弊' });
    expect(parseWordEntry('？ 内定')).toEqual({ kind: 'review', text: '内定' });
    expect(parseWordEntry('＋废物利用')).toEqual({ kind: 'allow', text: '废物利用' });
    expect(tidyWordEntry(' ？ 内定 ')).toBe('?内定');
    expect(formatWordEntry({ kind: 'allow', text: '揭开…黑幕' })).toBe('+揭开…黑幕');
  });

  it('blanks, bare markers and comments are not entries', () => {
    for (const raw of ['', '  ', '?', '+ ', '# 注释', '\u200b']) expect(parseWordEntry(raw)).toBeNull();
  });

  it('a text file round-trips: header comments skipped, separators split, duplicates dropped', () => {
    const text = wordListText(['作弊', '?内定', '+作弊检查'], ['Leitai word list']);
    expect(text).toBe('# Leitai word list\n作弊\n?内定\n+作弊检查\n');
    expect(parseWordListText(text)).toEqual(['作弊', '?内定', '+作弊检查']);
    expect(parseWordListText('抄袭，抄袭、?内定\t+不是内定\r\n')).toEqual(['抄袭', '?内定', '+不是内定']);
  });
});
