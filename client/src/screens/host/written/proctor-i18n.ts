/** The proctor view's texts (笔试监考), Chinese first, English available. */
import { useMemo } from 'react';
import { useLocale, type Locale } from '../../../core/i18n/i18n.ts';

const zh = {
  tab: '笔试',
  none: '本场比赛没有笔试环节',
  pending: '未开考',
  open: '考试中',
  closed: '已收卷',
  released: '成绩已公布',
  openTest: '开考',
  closeTest: '收卷',
  release: '公布成绩',
  withKey: '同时公布答案',
  notStarted: '未开始',
  writing: '作答中',
  submitted: '已交卷',
  void: '作废',
  takers: '考生 {n}',
  saves: '保存 {n} 次',
  search: '搜索姓名、单位或编号',
  reason: '操作原因（必填）',
  extend: '+5 分钟',
  voidPaper: '作废',
  reopen: '重开',
  name: '姓名',
  unit: '单位',
  status: '状态',
  progress: '进度',
  lastSeen: '最近',
  focus: '离开',
  score: '得分',
  actions: '操作',
  links: '个人链接',
  hideLinks: '收起链接',
  sheet: '打印二维码表',
  joinCode: '开放报名：参赛码 {code}',
  items: '题目分析',
  question: '题目',
  correct: '正确率',
  chosen: '选项分布',
  ranking: '排名',
  exportCsv: '导出 CSV',
  exportXlsx: '导出 XLSX',
} as const;
export type ProctorKey = keyof typeof zh;
const en: Record<ProctorKey, string> = {
  tab: 'Written',
  none: 'This contest has no written test',
  pending: 'Not opened',
  open: 'Open',
  closed: 'Closed',
  released: 'Results released',
  openTest: 'Open test',
  closeTest: 'Close test',
  release: 'Release results',
  withKey: 'with the key',
  notStarted: 'Not started',
  writing: 'Writing',
  submitted: 'Submitted',
  void: 'Void',
  takers: '{n} takers',
  saves: '{n} saves',
  search: 'Search name, unit or id',
  reason: 'Reason (required)',
  extend: '+5 min',
  voidPaper: 'Void',
  reopen: 'Reopen',
  name: 'Name',
  unit: 'Unit',
  status: 'Status',
  progress: 'Progress',
  lastSeen: 'Last seen',
  focus: 'Left page',
  score: 'Score',
  actions: 'Actions',
  links: 'Personal links',
  hideLinks: 'Hide links',
  sheet: 'Print QR sheet',
  joinCode: 'Open registration: join code {code}',
  items: 'Item analysis',
  question: 'Question',
  correct: 'Correct',
  chosen: 'Choices',
  ranking: 'Ranking',
  exportCsv: 'Export CSV',
  exportXlsx: 'Export XLSX',
};

export function proctorText(locale: Locale, key: ProctorKey, vars?: Record<string, string | number>): string {
  const template = locale === 'en' ? en[key] : zh[key];
  return vars ? template.replace(/\{(\w+)\}/g, (s, n: string) => String(vars[n] ?? s)) : template;
}

export function useProctorT() {
  const locale = useLocale((s) => s.locale);
  return useMemo(
    () => (key: ProctorKey, vars?: Record<string, string | number>) => proctorText(locale, key, vars),
    [locale],
  );
}
