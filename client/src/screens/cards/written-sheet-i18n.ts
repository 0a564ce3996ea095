/** The written test's QR sheet (笔试二维码表), Chinese first, English available. */
import { useMemo } from 'react';
import { useLocale, type Locale } from '../../core/i18n/i18n.ts';

const zh = {
  title: '笔试个人二维码',
  noLink: '请从主持台「笔试」页的「打印二维码表」打开此页。',
  loading: '正在读取考生链接…',
  error: '无法读取考生链接：{message}',
  allGroups: '全部分组',
  count: '共 {n} 人',
  print: '打印',
  note: 'A4 纵向，每页 10 张，沿虚线裁开，发给本人。',
  openNote: 'A4 纵向，一页海报，张贴在考场或会场入口。',
  takerId: '考号',
  group: '分组',
  link: '个人链接（扫不了时输入）',
  how: '手机扫码进入笔试，或在笔试页输入个人码 · 仅限本人使用',
  code: '个人码',
  openTitle: '扫码报名参加笔试',
  openHow: '扫码后填写姓名和单位即可作答；也可在笔试页面输入参赛码。',
  joinCode: '参赛码',
} as const;
export type SheetKey = keyof typeof zh;
const en: Record<SheetKey, string> = {
  title: 'Written test QR codes',
  noLink: "Open this page from the host panel's Written tab (Print QR sheet).",
  loading: 'Loading the takers’ links…',
  error: 'Cannot load the takers’ links: {message}',
  allGroups: 'All groups',
  count: '{n} takers',
  print: 'Print',
  note: 'A4 portrait, 10 a page; cut along the dashed lines and hand each to its taker.',
  openNote: 'A4 portrait, one poster: put it up at the entrance.',
  takerId: 'ID',
  group: 'Group',
  link: 'Personal link (type it if the code will not scan)',
  how: 'Scan to open your test, or type your code on the test page · for you only',
  code: 'Code',
  openTitle: 'Scan to register for the written test',
  openHow: 'Scan, enter your name and unit, and answer; or type the join code on the test page.',
  joinCode: 'Join code',
};

export function sheetText(locale: Locale, key: SheetKey, vars?: Record<string, string | number>): string {
  const template = locale === 'en' ? en[key] : zh[key];
  return vars ? template.replace(/\{(\w+)\}/g, (s, n: string) => String(vars[n] ?? s)) : template;
}

export function useSheetT() {
  const locale = useLocale((s) => s.locale);
  return useMemo(
    () => (key: SheetKey, vars?: Record<string, string | number>) => sheetText(locale, key, vars),
    [locale],
  );
}
