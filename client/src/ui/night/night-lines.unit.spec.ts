import { expect, test } from 'vitest';
import { DEMO_CONTEST, nightCorrections, type ContestEvent, type PositionedEvent } from '@leitai/shared';
import { nightTFor } from './night-i18n.ts';
import { nightSheetText } from './night-lines.ts';

const host = { role: 'host' as const };
const at = (n: number) => Date.UTC(2026, 11, 6, 11, n);
const log = (events: ContestEvent[]): PositionedEvent[] =>
  events.map((e, i) => ({ ...e, version: i + 1, metadata: { actor: host, at: at(i) } }));

// The demo final: c02's name and unit, 悟思想's timer, judges j1's and j2's seats, 必答 Q3 voided.
const events = log([
  { type: 'ContestCreated', data: { contestId: 'd', joinCode: 'ABCD', definition: DEMO_CONTEST, createdAt: 0 } },
  {
    type: 'ContestantRenamed',
    data: { contestantId: 'c02', from: '王志刚', to: '王志钢', reason: '姓名录入错误', at: at(1) },
  },
  {
    type: 'UnitRenamed',
    data: { from: '江北区向阳社区党委', to: '江北区向阳社区党总支', contestantIds: ['c02'], reason: '全称', at: at(2) },
  },
  {
    type: 'SegmentTimerChanged',
    data: { segmentId: 'reflection', setting: 'performanceSeconds', from: 180, to: 240, reason: '延长', at: at(3) },
  },
  {
    type: 'JudgeSeatReplaced',
    data: { judgeId: 'j1', from: '陈立新', to: '陈立新', newJudge: false, reason: '平板没电', at: at(4) },
  },
  {
    type: 'JudgeSeatReplaced',
    data: { judgeId: 'j2', from: '甲', to: '乙', newJudge: true, reason: '评委身体不适', at: at(5) },
  },
  {
    type: 'QuestionVoided',
    data: {
      run: 3,
      segmentId: 'knowledge-required',
      questionId: 'q-none',
      number: 3,
      shown: true,
      contestantId: 'c02',
      replacementId: null,
      reversals: [{ entry: 1, contestantId: 'c02', points: -1000 }],
      reason: '题目答案有误',
      at: at(6),
    },
  },
] as ContestEvent[]);

const lines = nightCorrections(events, 'final');

test('in Chinese the sheet reads exactly as the exports write it', () => {
  const zh = nightTFor('zh-CN');
  expect(lines.map((l) => l.kind)).toEqual([
    'contestant-name',
    'unit-name',
    'segment-timer',
    'judge-seat',
    'judge-seat',
    'void-question',
  ]);
  for (const l of lines) expect(nightSheetText(l, zh)).toEqual({ subject: l.subject, change: l.change });
});

test('in English every line is worded in English, names and reasons as given', () => {
  const en = nightTFor('en');
  expect(lines.map((l) => nightSheetText(l, en))).toEqual([
    { subject: '王志刚', change: '王志刚 → 王志钢' },
    { subject: '江北区向阳社区党委', change: '江北区向阳社区党委 → 江北区向阳社区党总支 (1 contestants)' },
    { subject: '悟思想', change: 'performance time 180 s → 240 s (from then on)' },
    { subject: 'Judge 陈立新', change: 'new pad; scores kept, the old pad cut off' },
    { subject: 'Judge 甲', change: 'taken over by 乙; scores kept, the old pad cut off' },
    { subject: '比知识 · 必答 Q3 (王志钢)', change: '1 score(s) reversed, not replaced' },
  ]);
  // Nothing Chinese is left but the names the organiser typed.
  const names = /王志刚|王志钢|江北区向阳社区党委|江北区向阳社区党总支|悟思想|陈立新|甲|乙|比知识 · 必答/g;
  for (const l of lines) {
    const { subject, change } = nightSheetText(l, en);
    expect(`${subject} ${change}`.replace(names, ''), l.kind).not.toMatch(/[\u4e00-\u9fff]/);
  }
});

test('a line without its data (an older server) keeps the wording it came with', () => {
  const old = { ...lines[0]!, detail: undefined } as unknown as (typeof lines)[number];
  expect(nightSheetText(old, nightTFor('en'))).toEqual({ subject: old.subject, change: old.change });
});
