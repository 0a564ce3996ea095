import { expect, test } from 'vitest';
import type { ContestFile, Question } from '../model/contest-file-schema.ts';
import { validateContestFile } from '../model/validate-contest-file.ts';
import { DEMO_CONTEST, THREE_STAGE_CONTEST } from '../demo/index.ts';
import { applyQuestionDraw, drawQuestions, questionFitsRule } from './draw-questions.ts';
import { describeProblems, problemLabel, problemLine, problemMessageZh } from './problem-text.ts';

const bank: Question[] = Array.from({ length: 60 }, (_, i) => ({
  id: `q${i}`,
  kind: 'single',
  text: `题 ${i}`,
  options: [
    { key: 'A', text: '甲' },
    { key: 'B', text: '乙' },
  ],
  answer: ['A'],
  difficulty: (i % 3) + 1,
  tags: [i % 2 === 0 ? '党史' : '法律'],
}));

test('drawQuestions: same bank, rules and seed give the same draw; another seed another', () => {
  const rules = [
    { tag: '党史', difficulty: 1, count: 4 },
    { tag: '法律', count: 5 },
  ];
  const a = drawQuestions(bank, rules, 'final-2026');
  const b = drawQuestions(bank, rules, 'final-2026');
  const c = drawQuestions(bank, rules, 'other-seed');
  expect(a).toEqual(b);
  expect(a.questionIds).toHaveLength(9);
  expect(new Set(a.questionIds).size).toBe(9);
  expect(a.questionIds).not.toEqual(c.questionIds);
  const byId = new Map(bank.map((q) => [q.id, q]));
  for (const id of a.questionIds.slice(0, 4)) expect(byId.get(id)).toMatchObject({ difficulty: 1, tags: ['党史'] });
  for (const id of a.questionIds.slice(4)) expect(byId.get(id)?.tags).toEqual(['法律']);
  expect(a.shortfalls).toEqual([]);
});

test('drawQuestions: never a question twice or an excluded one; a rule that runs short says so', () => {
  // 10 questions are 党史 and difficulty 1 (i = 0, 6, 12, ...).
  const all = bank.filter((q) => questionFitsRule(q, { tag: '党史', difficulty: 1 })).map((q) => q.id);
  expect(all).toHaveLength(10);
  const r = drawQuestions(bank, [{ tag: '党史', difficulty: 1, count: 12 }], 's', ['q0', 'q6']);
  expect(r.questionIds.sort()).toEqual(all.filter((id) => id !== 'q0' && id !== 'q6').sort());
  expect(r.shortfalls).toEqual([{ rule: 0, wanted: 12, found: 8 }]);
});

test('applyQuestionDraw records the seed and rules on the segment and keeps reserves out', () => {
  const file: ContestFile = JSON.parse(JSON.stringify(DEMO_CONTEST)) as ContestFile;
  file.questions = bank;
  const stage = file.stages[0]!;
  const seg = stage.segments.find((s) => s.kind === 'required')!;
  if (seg.kind !== 'required') throw new Error('demo has a required segment');
  seg.reserveQuestionIds = ['q2', 'q4'];
  for (const s of file.stages.flatMap((st) => st.segments)) if (s !== seg && s.kind !== 'judged') s.questionIds = [];
  const { file: next, result } = applyQuestionDraw(file, seg.id, [{ tag: '党史', count: 20 }], 'abc');
  const drawn = next.stages[0]!.segments.find((s) => s.id === seg.id)!;
  expect(drawn).toMatchObject({
    questionIds: result.questionIds,
    questionDraw: { seed: 'abc', rules: [{ tag: '党史', count: 20 }] },
  });
  expect(result.questionIds).not.toContain('q2');
  expect(result.questionIds).not.toContain('q4');
  expect(result.questionIds).toHaveLength(20);
  expect(file.stages[0]!.segments.find((s) => s.id === seg.id)).not.toHaveProperty('questionDraw');
});

test('problems read in Chinese with the stage, segment and field named', () => {
  const file: ContestFile = JSON.parse(JSON.stringify(DEMO_CONTEST)) as ContestFile;
  const stage = file.stages[0]!;
  stage.segments[0]!.weight += 5;
  const v = validateContestFile(file);
  expect(v.ok).toBe(false);
  if (v.ok) return;
  const texts = describeProblems(file, v.problems);
  const weight = texts.find((p) => p.path === 'stages[0].segments[0].weight');
  expect(weight).toBeDefined();
  const seg = stage.segments[0]!;
  expect(weight!.label.zh).toBe(
    `第 1 阶段「${stage.name}」 · 环节「${seg.name}」（${{ required: '必答', buzzer: '抢答', judged: '评分', written: '笔试' }[seg.kind]}） · 权重`,
  );
  expect(weight!.message.zh).toMatch(/^各环节权重之和须为 100（现为 105）$/);
  expect(problemLine(weight!, 'zh-CN')).toContain('：各环节权重之和须为 100');
  expect(problemLine(weight!, 'en')).toContain('sum to 105, not 100');
});

test('shape problems and references get Chinese text; an unknown message stays as it is', () => {
  const file = JSON.parse(JSON.stringify(DEMO_CONTEST)) as ContestFile as unknown as Record<string, unknown>;
  (file['contestants'] as { name: string }[])[1]!.name = '';
  const v = validateContestFile(file);
  if (v.ok) throw new Error('must fail');
  const [p] = describeProblems(file, v.problems);
  expect(p).toMatchObject({ path: 'contestants[1].name', message: { zh: '不能为空' } });
  expect(p!.label.zh).toBe('第 2 位选手「c02」 · 名称');
  expect(problemMessageZh("unknown question 'q9'")).toBe('题库中没有题目「q9」');
  expect(problemMessageZh('must be at least 1')).toBe('不能小于 1');
  expect(problemMessageZh('something new')).toBe('something new');
  expect(problemLabel(file, '')).toEqual({ zh: '比赛文件', en: 'contest file' });
});

test("a written test's full marks that are not its paper's total read in Chinese with both numbers", () => {
  const file = JSON.parse(JSON.stringify(THREE_STAGE_CONTEST)) as ContestFile;
  const seg = file.stages[0]!.segments[0]!;
  if (seg.kind !== 'written') throw new Error('written expected');
  seg.settings = { durationSeconds: 1200 };
  const v = validateContestFile(file);
  if (v.ok) throw new Error('must fail');
  const [p] = describeProblems(file, v.problems);
  expect(p!.path).toBe('stages[0].segments[0].fullMarks');
  expect(problemLine(p!, 'zh-CN')).toBe(
    '第 1 阶段「初赛」 · 环节「理论测试」（笔试） · 满分：满分 100 与试卷总分 5 不一致（5 道题 × 每题 1 分）',
  );
  expect(problemLine(p!, 'en')).toBe(
    'stage 1 "初赛" · segment "理论测试" · full marks: full marks 100 of written segment \'prelim-written\' are not its paper\'s total 5 (5 questions × 1 point)',
  );
  expect(
    problemMessageZh("full marks 100 of written segment 'w' are not its paper's total 5 (5 questions × 1 point)"),
  ).toBe('满分 100 与试卷总分 5 不一致（5 道题 × 每题 1 分）');
  expect(
    problemMessageZh(
      "full marks 100 of written segment 'w' are no paper's total: its draw gives 40 to 60 (2 to 3 questions × 20 points)",
    ),
  ).toBe('满分 100 不是任何一份试卷的总分：按抽题规则，每份试卷 2–3 道题 × 每题 20 分，总分 40–60');
});
