/**
 * The words of the results exports (CSV and XLSX) in each language they are offered in:
 * zh-CN (the default) and English (`?lang=en`). Only headings, sheet names, titles, notes and
 * fixed labels change with the language; every number, name and reason is the same.
 */
import {
  NIGHT_CORRECTION_KIND_NAMES,
  type CorrectionLine,
  type NightCorrectionKind,
  type NightCorrectionLine,
} from '@leitai/shared';

export type ExportLang = 'zh-CN' | 'en';
export const EXPORT_LANGS: readonly ExportLang[] = ['zh-CN', 'en'];

export interface ResultsLabels {
  rank: string;
  seat: string;
  name: string;
  unit: string;
  score: (what: string) => string;
  /** A judged segment's score column. */
  scoreHeading: string;
  basePoints: (part: string) => string;
  subtotal: (part: string) => string;
  fullMarks: (part: string) => string;
  weight: (part: string) => string;
  weighted: (part: string) => string;
  total: string;
  award: string;
  singleItems: string;
  totalsTitle: (stage: string) => string;
  totalsSheet: string;
  totalRule: string;
  /** Joins a list in one cell. */
  listSeparator: string;
  roles: Record<string, string>;
  correctionKinds: Record<CorrectionLine['kind'], string>;
  correctionsTitle: (stage: string) => string;
  correctionsSheet: string;
  correctionsHeader: string[];
  noCorrections: string;
  nightTitle: (stage: string) => string;
  nightSheet: string;
  nightHeader: string[];
  nightKinds: Record<NightCorrectionKind, string>;
  /** A correction on the night's subject and change in words (names, reasons and segment names stay as written). */
  nightWords: (line: NightCorrectionLine) => { subject: string; change: string };
  noNightCorrections: string;
  judgedTitle: (stage: string, segment: string) => string;
  droppedMarks: string;
  trimmedMean: string;
  corrections: string;
  recused: string;
  missing: string;
  dropped: string;
  judgedNote: string;
  /** A mark with its note, e.g. a dropped one. */
  withNote: (text: string, note: string) => string;
  outcome: { advances: string; tied: string; out: string };
  advancementSheet: string;
  advancementTitle: (stage: string, to: string | null) => string;
  group: string;
  groupRank: string;
  rankingScore: string;
  advancesTo: (to: string | null) => string;
  seeded: string;
  recordSheet: string;
  recordTitle: (stage: string) => string;
  recordHeader: string[];
  confirmed: string;
  tie: (names: string, seats: number) => string;
  tieAll: string;
  tieHost: (names: string) => string;
  rosterCorrection: string;
  removed: (names: string) => string;
  added: (names: string) => string;
  clauseSeparator: string;
  popularityTitle: (stage: string, award: string) => string;
  cheers: string;
  likes: string;
}

const secondsEn = (s: number | null): string => (s === null ? 'untimed' : `${s} s`);

/** A correction on the night worded in English from its data (as the host's results tab words it). */
function nightWordsEn(line: NightCorrectionLine): { subject: string; change: string } {
  const d = line.detail;
  switch (d.kind) {
    case 'contestant-name':
      return { subject: d.from, change: `${d.from} → ${d.to}` };
    case 'unit-name':
      return {
        subject: d.from,
        change: `${d.from} → ${d.to} (${d.contestants} contestant${d.contestants === 1 ? '' : 's'})`,
      };
    case 'judge-seat':
      return {
        subject: `Judge ${d.from}`,
        change: d.newJudge
          ? `taken over by ${d.to}; scores kept, the old pad cut off`
          : 'new pad; scores kept, the old pad cut off',
      };
    case 'segment-timer':
      return {
        subject: d.segment,
        change: `${d.setting === 'answerSeconds' ? 'answer time' : 'performance time'} ${secondsEn(d.from)} → ${secondsEn(d.to)} (from then on)`,
      };
    case 'void-question': {
      const who = d.contestant ? ` (${d.contestant})` : '';
      const next = d.replaced ? 'replaced by a reserve' : 'not replaced';
      return {
        subject: d.number > 0 ? `${d.segment} Q${d.number}${who}` : `${d.segment} a question${who}`,
        change:
          d.reversed > 0
            ? `${d.reversed} score${d.reversed === 1 ? '' : 's'} reversed, ${next}`
            : `no score to reverse, ${next}`,
      };
    }
  }
}

const ZH: ResultsLabels = {
  rank: '名次',
  seat: '序号',
  name: '姓名',
  unit: '单位',
  score: (what) => `${what} 得分`,
  scoreHeading: '得分',
  basePoints: (part) => `${part} 基础分`,
  subtotal: (part) => `${part} 合计`,
  fullMarks: (part) => `${part} 满分`,
  weight: (part) => `${part} 权重(%)`,
  weighted: (part) => `${part} 加权分`,
  total: '总分',
  award: '奖项',
  singleItems: '单项奖',
  totalsTitle: (stage) => `${stage} 总成绩`,
  totalsSheet: '总成绩',
  totalRule:
    '总分 = Σ 权重(%) × 合计 ÷ 满分；合计 = 基础分 + 各环节得分。各部分按精确值相加，总分四舍五入保留两位小数；“加权分”为各部分四舍五入后的显示值，其和与总分可能相差 0.01。空白表示尚未得分，按 0 计。',
  listSeparator: '、',
  roles: { host: '主持', system: '系统', judge: '评委' },
  correctionKinds: { correction: '更正', undo: '撤销更正', 'knowledge-undo': '撤销判分', void: '作废题目' },
  correctionsTitle: (stage) => `${stage} 成绩更正记录`,
  correctionsSheet: '更正记录',
  correctionsHeader: ['日志版本', '时间', '环节', '序号', '姓名', '类别', '更正前', '变化', '更正后', '原因', '操作人'],
  noCorrections: '无更正。',
  nightTitle: (stage) => `${stage} 现场更正记录`,
  nightSheet: '现场更正',
  nightHeader: ['日志版本', '时间', '类别', '对象', '更正内容', '原因'],
  nightKinds: NIGHT_CORRECTION_KIND_NAMES,
  // The server words each line in zh-CN when it builds it (shared/src/results/night-corrections.ts).
  nightWords: (line) => ({ subject: line.subject, change: line.change }),
  noNightCorrections: '无现场更正。',
  judgedTitle: (stage, segment) => `${stage} ${segment} 评委评分`,
  droppedMarks: '去掉的分数',
  trimmedMean: '去尾平均',
  corrections: '更正',
  recused: '回避',
  missing: '缺评',
  dropped: '去掉',
  judgedNote: '标注“（去掉）”的分数为按规则去掉的最高分、最低分；得分 = 去尾平均 + 更正。',
  withNote: (text, note) => `${text}（${note}）`,
  outcome: { advances: '晋级', tied: '并列（待定）', out: '' },
  advancementSheet: '晋级名单',
  advancementTitle: (stage, to) => `${stage} 晋级名单 ${to ?? ''}`.trim(),
  group: '组别',
  groupRank: '组内名次',
  rankingScore: '排名分',
  advancesTo: (to) => (to ? `晋级${to}` : '晋级'),
  seeded: '直通',
  recordSheet: '晋级确认记录',
  recordTitle: (stage) => `${stage} 晋级确认 记录`,
  recordHeader: ['事项', '内容', '理由'],
  confirmed: '确认晋级',
  tie: (names, seats) => `并列（${names} 争 ${seats} 个名额）`,
  tieAll: '并列者全部晋级',
  tieHost: (names) => `主持选择：${names}`,
  rosterCorrection: '名单更正',
  removed: (names) => `退出：${names}`,
  added: (names) => `递补：${names}`,
  clauseSeparator: '；',
  popularityTitle: (stage, award) => `${stage} ${award} 助力票数`,
  cheers: '助力票数',
  likes: '点赞数',
};

const EN: ResultsLabels = {
  rank: 'Rank',
  seat: 'No.',
  name: 'Name',
  unit: 'Unit',
  score: (what) => `${what} score`,
  scoreHeading: 'Score',
  basePoints: (part) => `${part} base points`,
  subtotal: (part) => `${part} subtotal`,
  fullMarks: (part) => `${part} full marks`,
  weight: (part) => `${part} weight (%)`,
  weighted: (part) => `${part} weighted`,
  total: 'Total',
  award: 'Award',
  singleItems: 'Single-item awards',
  totalsTitle: (stage) => `${stage} totals`,
  totalsSheet: 'Totals',
  totalRule:
    'Total = Σ weight (%) × subtotal ÷ full marks; subtotal = base points + the segments’ scores. The parts are added exactly and the total is rounded to two decimals; each “weighted” column is its part rounded for display, so their sum may differ from the total by 0.01. A blank means not scored yet and counts as 0.',
  listSeparator: ', ',
  roles: { host: 'host', system: 'system', judge: 'judge' },
  correctionKinds: {
    correction: 'correction',
    undo: 'correction undone',
    'knowledge-undo': 'marking undone',
    void: 'question voided',
  },
  correctionsTitle: (stage) => `${stage} score corrections`,
  correctionsSheet: 'Corrections',
  correctionsHeader: [
    'Log version',
    'Time',
    'Segment',
    'No.',
    'Name',
    'Kind',
    'Before',
    'Change',
    'After',
    'Reason',
    'By',
  ],
  noCorrections: 'No corrections.',
  nightTitle: (stage) => `${stage} corrections on the night`,
  nightSheet: 'Night corrections',
  nightHeader: ['Log version', 'Time', 'Kind', 'Subject', 'Change', 'Reason'],
  nightKinds: {
    'contestant-name': 'contestant renamed',
    'unit-name': 'unit renamed',
    'void-question': 'question voided',
    'judge-seat': 'judge seat replaced',
    'segment-timer': 'segment timer changed',
  },
  nightWords: nightWordsEn,
  noNightCorrections: 'No corrections on the night.',
  judgedTitle: (stage, segment) => `${stage} ${segment} judges’ marks`,
  droppedMarks: 'Dropped marks',
  trimmedMean: 'Trimmed mean',
  corrections: 'Corrections',
  recused: 'recused',
  missing: 'missing',
  dropped: 'dropped',
  judgedNote:
    'Marks noted “(dropped)” are the highest and lowest dropped by the rule; score = trimmed mean + corrections.',
  withNote: (text, note) => `${text} (${note})`,
  outcome: { advances: 'advances', tied: 'tied (to be decided)', out: '' },
  advancementSheet: 'Advancement',
  advancementTitle: (stage, to) => (to ? `${stage} advancing to ${to}` : `${stage} advancement`),
  group: 'Group',
  groupRank: 'Rank in group',
  rankingScore: 'Ranking score',
  advancesTo: (to) => (to ? `Advances to ${to}` : 'Advances'),
  seeded: 'seeded',
  recordSheet: 'Advancement record',
  recordTitle: (stage) => `${stage} advancement confirmed: record`,
  recordHeader: ['Item', 'Content', 'Reason'],
  confirmed: 'Advancement confirmed',
  tie: (names, seats) => `Tie (${names} for ${seats} place${seats === 1 ? '' : 's'})`,
  tieAll: 'all tied contestants advance',
  tieHost: (names) => `host chose: ${names}`,
  rosterCorrection: 'Roster correction',
  removed: (names) => `withdrawn: ${names}`,
  added: (names) => `added: ${names}`,
  clauseSeparator: '; ',
  popularityTitle: (stage, award) => `${stage} ${award} cheer counts`,
  cheers: 'Cheers',
  likes: 'Likes',
};

export const RESULTS_LABELS: Record<ExportLang, ResultsLabels> = { 'zh-CN': ZH, en: EN };
