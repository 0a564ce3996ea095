import { describe, expect, it } from 'vitest';
import { DEFAULT_WORDS } from './default-words.ts';
import { parseWordEntry as parseEntry, parseWordListText, wordListText } from '@leitai/shared';
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

describe('three outcomes', () => {
  const f = new WordFilter(['傻逼', '?黑幕', '+揭开…黑幕', '+废物利用', '废物']);

  it('refuses a refusing word, holds a reviewing one, passes the rest', () => {
    expect(f.judge('你个傻逼')).toEqual({ outcome: 'refuse', hits: ['傻逼'] });
    expect(f.judge('这比赛有黑幕')).toEqual({ outcome: 'review', hits: ['黑幕'] });
    expect(f.judge('选手加油')).toEqual({ outcome: 'pass', hits: [] });
  });

  it('a refusing word outranks a reviewing one in the same comment', () => {
    expect(f.judge('黑幕，傻逼').outcome).toBe('refuse');
  });

  it('an allowed phrase outranks the words inside it, gaps and separators included', () => {
    expect(f.judge('废物利用也是节约').outcome).toBe('pass');
    expect(f.judge('揭开……黑幕').outcome).toBe('pass');
    expect(f.judge('揭开旧社会的黑幕').outcome).toBe('pass');
    expect(f.judge('废 物 利 用').outcome).toBe('pass');
    // Only inside the phrase: the same word elsewhere in the comment still counts.
    expect(f.judge('废物利用？你就是废物').outcome).toBe('refuse');
    expect(f.judge('揭开黑幕，然后有黑幕').outcome).toBe('review');
  });

  it('check() says ok only for a pass', () => {
    expect(f.check('有黑幕').ok).toBe(false);
    expect(f.check('废物利用').ok).toBe(true);
  });
});

describe('evasion classes', () => {
  const caught = (text: string) => filter.judge(text).outcome !== 'pass';

  it.each(['傻B', '主持人是傻b吧', 'S逼', 'sha逼', '脑c', 'nao残', 'ta妈的', '他m的', '去s吧', '操ni妈', '王b蛋'])(
    'letters mixed into a Chinese word: %j',
    (text) => expect(filter.judge(text).outcome).toBe('refuse'),
  );

  it.each([
    'f*ck',
    'f**k',
    'sh1t',
    '$hit',
    'b!tch',
    'phuck',
    'fvck',
    '傻X',
    '傻*',
    '*逼',
    '他**的',
    '5b',
    '2B青年',
    '傻13',
    'cnm',
    'n m s l',
  ])('leetspeak and masks: %j', (text) => expect(caught(text)).toBe(true));

  it.each(['ѕb', 'ЅВ', 'fսck', 'fυck', 'sһit', 'ѕһіt', 'іdіot', 'ꜱʙ', '𝐬𝐛', 'ⓢⓑ', 'www.ехаmрlе.соm', 'shаbі'])(
    'look-alike letters of other scripts (Cyrillic, Greek, Armenian, small capitals): %j',
    (text) => expect(caught(text)).toBe(true),
  );

  it.each([
    '加微 一三八零零一三八零零零',
    '扣扣 九五二七八八六六',
    'QQ 3 8 4 7 2 9 1 0',
    '壹叁捌零零壹叁捌零零零',
    '138-0013-8000',
    '①③⑧⓪⓪①③⑧⓪⓪⓪',
    '加我 幺三八幺二三四五六七八',
  ])('contact numbers in Chinese numerals or spaced digits: %j', (text) =>
    expect(filter.judge(text).outcome).toBe('refuse'),
  );

  it.each([
    'www . abc . com',
    'abc点com',
    'abc dot com',
    'abc(dot)cn',
    'abc。cn',
    'abc丶top',
    'h t t p : / / a b c . c n',
    '3w点abc点com',
    'abc at qq dot com',
  ])('links with spaces, 点 or dot: %j', (text) => expect(filter.judge(text).outcome).toBe('refuse'));

  it.each(['傻叉', '贱人', '狗东西', '弱智评委', '草泥马', '神经病', '人渣', '王八蛋', 'idiot', 'stupid'])(
    'insults the first list did not have: %j',
    (text) => expect(filter.judge(text).outcome).toBe('refuse'),
  );

  it.each(['卧槽', '真垃圾', '有黑幕', '闭嘴吧'])('mild words are held, not refused: %j', (text) =>
    expect(filter.judge(text).outcome).toBe('review'),
  );

  it.each([
    '1921年7月中共一大在上海召开',
    '1949.10.1 开国大典',
    '1921-1949',
    '一二九运动',
    '6666666',
    '88888888',
    '第3题选C，3比2领先',
    '抗美援朝保家卫国',
    '答错扣几分',
    '废物利用也是节约',
    '揭开旧社会的黑幕',
    '垃圾分类从我做起',
    '孙子兵法',
    '七点半开始，我在单位群看直播',
    '2B铅笔',
  ])('ordinary comments pass: %j', (text) => expect(filter.judge(text)).toEqual({ outcome: 'pass', hits: [] }));
});

describe('word-list entries and text', () => {
  it('parses refuse, review and allow entries, ignoring blanks and comments', () => {
    expect(parseEntry('傻逼')).toEqual({ kind: 'refuse', text: '傻逼' });
    expect(parseEntry(' ?黑幕 ')).toEqual({ kind: 'review', text: '黑幕' });
    expect(parseEntry('＋废物利用')).toEqual({ kind: 'allow', text: '废物利用' });
    expect(parseEntry('# a comment')).toBeNull();
    expect(parseEntry('?')).toBeNull();
    expect(parseEntry('   ')).toBeNull();
  });

  it('reads an imported text (lines, commas, comments) and writes it back one entry a line', () => {
    const text = '# 组委会词表\n作弊, 抄袭、?内定\n+作弊检查\n\n\u200b作弊\r\n';
    const entries = parseWordListText(text);
    expect(entries).toEqual(['作弊', '抄袭', '?内定', '+作弊检查']);
    expect(wordListText(entries)).toBe('作弊\n抄袭\n?内定\n+作弊检查\n');
    expect(parseWordListText(wordListText(entries))).toEqual(entries);
    const f = new WordFilter(entries);
    expect(f.judge('这是作弊').outcome).toBe('refuse');
    expect(f.judge('冠军是内定的').outcome).toBe('review');
    expect(f.judge('加强作弊检查').outcome).toBe('pass');
  });

  it('a doubled-character word does not match its single character', () => {
    const f = new WordFilter(['?扣扣']);
    expect(f.judge('扣扣号多少').outcome).toBe('review');
    expect(f.judge('答错扣分吗').outcome).toBe('pass');
  });
});
