/**
 * A small three-stage contest modelled on the Xuancheng 大比武 of domain.md: each grassroots
 * committee's preliminary recommends one secretary; the semifinal runs per liaison group
 * (联系片组), where directly affiliated branch secretaries enter seeded, and the top 2 of
 * each group by written test + lecture advance; the final crowns the winners and the best
 * lecture. `examples/three-stage-contest.json` is generated from this file.
 */
import type { ContestFile, Question } from '../model/contest-file-schema.ts';
import { DEMO_QUESTIONS } from './demo-contest.ts';

function pick(...ids: string[]): Question[] {
  return ids.map((id) => {
    const question = DEMO_QUESTIONS.find((q) => q.id === id);
    if (!question) throw new Error(`demo question ${id} is missing`);
    return question;
  });
}

/** Three stages (初赛 → 复赛 → 决赛) with liaison groups, seeded entrants and advancement by two segments. */
export const THREE_STAGE_CONTEST: ContestFile = {
  format: 1,
  title: '“当好领头雁”党支部书记大比武',
  organiser: '中共江城市直机关工委（演示数据）',
  locale: 'zh-CN',
  contestants: [
    { id: 'a1', name: '钱晓东', organisation: '城关镇党委 · 东街社区党支部', group: '第一联系片组' },
    { id: 'a2', name: '孔丽娜', organisation: '城关镇党委 · 西湖村党支部', group: '第一联系片组' },
    { id: 'b1', name: '冯建平', organisation: '工业园区党工委 · 电子厂党支部', group: '第一联系片组' },
    { id: 'b2', name: '朱雅婷', organisation: '工业园区党工委 · 物流公司党支部', group: '第一联系片组' },
    { id: 'e1', name: '秦志强', organisation: '教育工委 · 实验小学党支部', group: '第二联系片组' },
    { id: 'e2', name: '尤佳', organisation: '教育工委 · 第三中学党支部', group: '第二联系片组' },
    { id: 'e3', name: '许明', organisation: '教育工委 · 职业中专党支部', group: '第二联系片组' },
    { id: 'h1', name: '何俊', organisation: '卫健党委 · 人民医院外科党支部', group: '第二联系片组' },
    { id: 'h2', name: '吕芳', organisation: '卫健党委 · 疾控中心党支部', group: '第二联系片组' },
    { id: 'h3', name: '施乐', organisation: '卫健党委 · 妇幼保健院党支部', group: '第二联系片组' },
    { id: 'd1', name: '张宏', organisation: '市档案馆党支部（直属）', group: '第一联系片组' },
    { id: 'd2', name: '曹颖', organisation: '市图书馆党支部（直属）', group: '第二联系片组' },
  ],
  judges: [
    { id: 'j1', name: '陈立新', title: '市委党校教授' },
    { id: 'j2', name: '林秀英', title: '市委党史研究室主任' },
    { id: 'j3', name: '郑国华', title: '市委组织部副部长' },
    { id: 'j4', name: '许文涛', title: '省委党校党建教研部教授' },
    { id: 'j5', name: '何雅琴', title: '市直机关工委副书记' },
  ],
  questions: pick('q01', 'q03', 'q09', 'q10', 'q11', 'q13', 'q17', 'q18', 'q19', 'q20', 'q21', 'q22', 'q24', 'q27'),
  stages: [
    {
      id: 'preliminary',
      name: '初赛',
      groups: [
        { id: 'chengguan', name: '城关镇党委', contestantIds: ['a1', 'a2'] },
        { id: 'industrial-park', name: '工业园区党工委', contestantIds: ['b1', 'b2'] },
        { id: 'education', name: '教育工委', contestantIds: ['e1', 'e2', 'e3'] },
        { id: 'health', name: '卫健党委', contestantIds: ['h1', 'h2', 'h3'] },
      ],
      segments: [
        {
          id: 'prelim-written',
          name: '理论测试',
          kind: 'written',
          fullMarks: 100,
          weight: 40,
          questionIds: ['q01', 'q03', 'q09', 'q10', 'q11'],
          settings: { durationSeconds: 1200, pointsPerQuestion: 20 },
        },
        {
          id: 'prelim-lecture',
          name: '微党课',
          kind: 'judged',
          fullMarks: 100,
          weight: 60,
          judgeIds: ['j1', 'j2', 'j3'],
          settings: { trim: { drop: 0, minScores: 1 }, performanceSeconds: 600 },
        },
      ],
      advancement: { perGroup: 1, toStageId: 'semifinal' },
    },
    {
      id: 'semifinal',
      name: '复赛',
      groups: [
        { id: 'liaison-1', name: '第一联系片组', contestantIds: ['d1'] },
        { id: 'liaison-2', name: '第二联系片组', contestantIds: ['d2'] },
      ],
      seededContestantIds: ['d1', 'd2'],
      segments: [
        {
          id: 'semi-written',
          name: '理论测试',
          kind: 'written',
          fullMarks: 100,
          weight: 30,
          questionIds: ['q13', 'q17', 'q18', 'q19', 'q20'],
          settings: { durationSeconds: 1200, pointsPerQuestion: 20 },
        },
        {
          id: 'semi-lecture',
          name: '微党课',
          kind: 'judged',
          fullMarks: 100,
          weight: 50,
          settings: { performanceSeconds: 600, warningSeconds: 60 },
        },
        { id: 'semi-interview', name: '现场答辩', kind: 'judged', fullMarks: 100, weight: 20 },
      ],
      tieBreaks: ['semi-lecture', 'semi-written'],
      advancement: { perGroup: 2, bySegmentIds: ['semi-written', 'semi-lecture'], toStageId: 'final' },
    },
    {
      id: 'final',
      name: '决赛',
      groups: [{ id: 'finalists', name: '决赛选手', contestantIds: [] }],
      parts: [{ id: 'knowledge', name: '知识抢答', basePoints: 100 }],
      segments: [
        {
          id: 'final-lecture',
          name: '党课展示',
          kind: 'judged',
          fullMarks: 100,
          weight: 80,
          settings: {
            criteria: [
              { id: 'content', name: '内容', max: 40 },
              { id: 'delivery', name: '表达', max: 30 },
              { id: 'impact', name: '效果', max: 30 },
            ],
            performanceSeconds: 900,
            warningSeconds: 120,
          },
        },
        {
          id: 'final-buzzer',
          name: '知识抢答',
          kind: 'buzzer',
          part: 'knowledge',
          fullMarks: 50,
          weight: 20,
          questionIds: ['q21', 'q22', 'q24', 'q27'],
        },
      ],
      tieBreaks: ['final-lecture'],
    },
  ],
  awards: {
    tiers: [
      { id: 'first', name: '一等奖', count: 1 },
      { id: 'second', name: '二等奖', count: 1 },
      { id: 'excellence', name: '优秀奖' },
    ],
    singleItem: [{ id: 'best-lecture', name: '最佳党课', segmentId: 'final-lecture' }],
  },
  audience: { commentMode: 'auto' },
};
