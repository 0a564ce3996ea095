import { expect, test } from 'vitest';
import demoJson from '../../../examples/demo-contest.json' with { type: 'json' };
import threeStageJson from '../../../examples/three-stage-contest.json' with { type: 'json' };
import { validateContestFile } from '../model/validate-contest-file.ts';
import { DEMO_CONTEST, DEMO_QUESTIONS, THREE_STAGE_CONTEST } from './index.ts';

test('the demo contest is a valid contest file', () => {
  expect(validateContestFile(DEMO_CONTEST)).toEqual({ ok: true, contest: DEMO_CONTEST });
});

test('the three-stage example is a valid contest file', () => {
  expect(validateContestFile(THREE_STAGE_CONTEST)).toEqual({ ok: true, contest: THREE_STAGE_CONTEST });
});

test('examples/demo-contest.json is the demo contest plus a $schema pointer (run scripts/write-schema.ts)', () => {
  expect(demoJson).toEqual({ $schema: '../docs/contest-file.schema.json', ...DEMO_CONTEST });
});

test('examples/three-stage-contest.json is the three-stage contest plus a $schema pointer', () => {
  expect(threeStageJson).toEqual({ $schema: '../docs/contest-file.schema.json', ...THREE_STAGE_CONTEST });
});

test('the example JSON files validate as they are on disk', () => {
  expect(validateContestFile(demoJson).ok).toBe(true);
  expect(validateContestFile(threeStageJson).ok).toBe(true);
});

test('the demo has ten finalists, each with a mentor, and seven judges', () => {
  expect(DEMO_CONTEST.contestants).toHaveLength(10);
  expect(DEMO_CONTEST.contestants.every((c) => (c.mentor ?? '').length > 0)).toBe(true);
  expect(DEMO_CONTEST.judges).toHaveLength(7);
});

test('the demo bank has at least 36 questions of all four kinds', () => {
  expect(DEMO_QUESTIONS.length).toBeGreaterThanOrEqual(36);
  expect(new Set(DEMO_QUESTIONS.map((q) => q.kind))).toEqual(new Set(['single', 'multiple', 'truefalse', 'open']));
});

test('every demo question carries an explanation', () => {
  expect(DEMO_QUESTIONS.filter((q) => !q.explanation)).toEqual([]);
});

test('the demo weighs 比知识 15, 悟思想 15 and 述行动 70, as in the municipal final', () => {
  const stage = DEMO_CONTEST.stages[0]!;
  const weightOf = (pred: (s: (typeof stage.segments)[number]) => boolean) =>
    stage.segments.filter(pred).reduce((sum, s) => sum + s.weight, 0);
  expect(weightOf((s) => s.part === 'knowledge')).toBe(15);
  expect(weightOf((s) => s.name === '悟思想')).toBe(15);
  expect(weightOf((s) => s.name === '述行动')).toBe(70);
});

test('the demo required round has two questions for each of the ten finalists', () => {
  const required = DEMO_CONTEST.stages[0]!.segments.find((s) => s.kind === 'required');
  expect(required?.kind === 'required' && required.questionIds.length).toBe(20);
  expect(required?.kind === 'required' && required.settings?.questionsPerContestant).toBe(2);
});
