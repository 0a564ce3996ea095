import { expect, test } from 'vitest';
import fc from 'fast-check';
import type { ContestFile } from './contest-file-schema.ts';
import {
  formatContestFileProblem,
  pointerToPath,
  validateContestFile,
  type ContestFileProblem,
} from './validate-contest-file.ts';
import { DEMO_CONTEST, THREE_STAGE_CONTEST } from '../demo/index.ts';

/** A deep, freely mutable copy of the demo (or the three-stage example); both are plain JSON. */
function demo(): ContestFile {
  return JSON.parse(JSON.stringify(DEMO_CONTEST)) as ContestFile;
}
function threeStage(): ContestFile {
  return JSON.parse(JSON.stringify(THREE_STAGE_CONTEST)) as ContestFile;
}
type Json = Record<string, unknown>;
/** The object at a path inside a contest, untyped, for breaking the shape on purpose. */
function node(contest: ContestFile, ...path: (string | number)[]): Json {
  let at: unknown = contest;
  for (const step of path) at = (at as Json)[step];
  if (typeof at !== 'object' || at === null) throw new Error(`no object at ${path.join('.')}`);
  return at as Json;
}
function problemsOf(input: unknown): ContestFileProblem[] {
  const result = validateContestFile(input);
  return result.ok ? [] : result.problems;
}
function segmentOf(contest: ContestFile, stage: number, segment: number) {
  const found = contest.stages[stage]?.segments[segment];
  if (!found) throw new Error(`no segment ${stage}/${segment}`);
  return found;
}
function questionAt(contest: ContestFile, id: string) {
  const index = contest.questions.findIndex((q) => q.id === id);
  const question = contest.questions[index];
  if (!question) throw new Error(`no question ${id}`);
  return { index, question };
}

// --- valid files ---------------------------------------------------------------------------

test('a valid file is returned as the typed contest', () => {
  const contest = demo();
  expect(validateContestFile(contest)).toEqual({ ok: true, contest });
});

test('weights with two decimals that sum to 100 are exact (33.33 + 33.33 + 33.34)', () => {
  const contest = demo();
  const stage = contest.stages[0]!;
  stage.segments = stage.segments.slice(1);
  delete stage.segments[0]!.part;
  stage.parts = [];
  stage.tieBreaks = [];
  stage.segments[0]!.weight = 33.33;
  stage.segments[1]!.weight = 33.33;
  stage.segments[2]!.weight = 33.34;
  expect(problemsOf(contest)).toEqual([]);
});

// --- shape ---------------------------------------------------------------------------------

test('a file that is not an object is rejected as a whole', () => {
  expect(problemsOf([])).toEqual([{ path: '', message: 'the contest file must be a JSON object' }]);
});

test('a missing property is reported once, as required', () => {
  const contest = demo();
  delete node(contest, 'stages', 0, 'segments', 2)['name'];
  expect(problemsOf(contest)).toEqual([{ path: 'stages[0].segments[2].name', message: 'is required' }]);
});

test('an unknown property is reported at its own path', () => {
  const contest = demo();
  node(contest, 'contestants', 1)['nickname'] = '小王';
  expect(problemsOf(contest)).toEqual([{ path: 'contestants[1].nickname', message: 'is not an allowed property' }]);
});

test('an invalid id names the offending value', () => {
  const contest = demo();
  contest.judges[0]!.id = 'judge one';
  expect(problemsOf(contest)).toEqual([
    {
      path: 'judges[0].id',
      message:
        '"judge one" is not a valid id (letters, digits, "_" and "-", 1-64 characters, starting with a letter or digit)',
    },
  ]);
});

test('an unsupported format version says which one is supported', () => {
  const contest = demo();
  node(contest)['format'] = 2;
  expect(problemsOf(contest)).toEqual([{ path: 'format', message: 'must be 1 (the supported format version)' }]);
});

test('a value outside a literal union lists the allowed values', () => {
  const contest = demo();
  node(contest, 'questions', 0)['kind'] = 'essay';
  expect(problemsOf(contest)).toEqual([
    { path: 'questions[0].kind', message: "must be one of 'single', 'multiple', 'truefalse', 'open'" },
  ]);
});

test('a segment is checked against the branch its kind names, not every union branch', () => {
  const contest = demo();
  node(contest, 'stages', 0, 'segments', 3, 'settings', 'trim')['drop'] = -1;
  node(contest, 'stages', 0, 'segments', 3)['questionIds'] = [];
  expect(problemsOf(contest)).toEqual([
    { path: 'stages[0].segments[3].questionIds', message: 'is not an allowed property' },
    { path: 'stages[0].segments[3].settings.trim.drop', message: 'must be at least 0' },
  ]);
});

test('a segment of an unknown kind lists the segment kinds', () => {
  const contest = demo();
  node(contest, 'stages', 0, 'segments', 0)['kind'] = 'quiz';
  expect(problemsOf(contest)).toEqual([
    { path: 'stages[0].segments[0].kind', message: "must be one of 'required', 'buzzer', 'judged', 'written'" },
  ]);
});

test('a segment without a kind says kind is required', () => {
  const contest = demo();
  delete node(contest, 'stages', 0, 'segments', 1)['kind'];
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[0].segments[1].kind',
      message: "is required (one of 'required', 'buzzer', 'judged', 'written')",
    },
  ]);
});

test('semantic rules are not checked while the shape is wrong', () => {
  const contest = demo();
  contest.title = '';
  segmentOf(contest, 0, 0).weight = 11;
  expect(problemsOf(contest)).toEqual([{ path: 'title', message: 'must not be empty' }]);
});

test('JSON pointers become dotted paths with indices and quoted odd keys', () => {
  expect(pointerToPath('/stages/2/segments/0/weight')).toBe('stages[2].segments[0].weight');
  expect(pointerToPath('/$schema')).toBe('$schema');
  expect(pointerToPath('/a~1b/x y')).toBe('["a/b"]["x y"]');
  expect(pointerToPath('')).toBe('');
});

test('a problem formats as "path: message"', () => {
  expect(formatContestFileProblem({ path: 'title', message: 'must not be empty' })).toBe('title: must not be empty');
  expect(formatContestFileProblem({ path: '', message: 'bad' })).toBe('bad');
});

// --- numbers -------------------------------------------------------------------------------

test('points with more than two decimals are rejected', () => {
  const contest = demo();
  segmentOf(contest, 0, 0).fullMarks = 20.001;
  expect(problemsOf(contest)).toEqual([
    { path: 'stages[0].segments[0].fullMarks', message: '20.001 has more than two decimals' },
  ]);
});

test('weights of a stage that do not sum to 100 are reported at its first segment weight', () => {
  const contest = threeStage();
  segmentOf(contest, 2, 1).weight = 15;
  expect(problemsOf(contest)).toEqual([
    { path: 'stages[2].segments[0].weight', message: "weights of stage 'final' sum to 95, not 100" },
  ]);
});

test('rubric criteria maxima must sum to the full marks', () => {
  const contest = demo();
  const action = segmentOf(contest, 0, 3);
  if (action.kind !== 'judged') throw new Error('expected judged');
  action.settings!.criteria![0]!.max = 35.5;
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[0].segments[3].settings.criteria',
      message: "criteria maxima of segment 'action' sum to 95.5, not its full marks 100",
    },
  ]);
});

test('a trim rule must leave scores to average', () => {
  const contest = demo();
  const reflection = segmentOf(contest, 0, 2);
  if (reflection.kind !== 'judged') throw new Error('expected judged');
  reflection.settings!.trim = { drop: 2, minScores: 4 };
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[0].segments[2].settings.trim.minScores',
      message: "segment 'reflection' drops 2 highest and 2 lowest, so minScores must be more than 4, not 4",
    },
  ]);
});

// --- unique ids ----------------------------------------------------------------------------

test('contestant ids are unique', () => {
  const contest = demo();
  contest.contestants[4]!.id = 'c01';
  expect(problemsOf(contest)).toContainEqual({
    path: 'contestants[4].id',
    message: "duplicate contestant id 'c01' (also contestants[0])",
  });
});

test('judge ids are unique', () => {
  const contest = demo();
  contest.judges[6]!.id = 'j2';
  expect(problemsOf(contest)).toEqual([{ path: 'judges[6].id', message: "duplicate judge id 'j2' (also judges[1])" }]);
});

test('question ids are unique', () => {
  const contest = demo();
  contest.questions[39]!.id = 'q37';
  expect(problemsOf(contest)).toEqual([
    { path: 'questions[39].id', message: "duplicate question id 'q37' (also questions[36])" },
  ]);
});

test('stage ids are unique', () => {
  const contest = threeStage();
  contest.stages[1]!.id = 'preliminary';
  expect(problemsOf(contest)).toContainEqual({
    path: 'stages[1].id',
    message: "duplicate stage id 'preliminary' (also stages[0])",
  });
});

test('segment ids are unique across the whole contest', () => {
  const contest = threeStage();
  segmentOf(contest, 1, 0).id = 'prelim-written';
  expect(problemsOf(contest)).toContainEqual({
    path: 'stages[1].segments[0].id',
    message:
      "duplicate segment id 'prelim-written' (also stages[0].segments[0]); segment ids are unique across the contest",
  });
});

test('group ids are unique within a stage', () => {
  const contest = threeStage();
  contest.stages[0]!.groups[3]!.id = 'education';
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[0].groups[3].id',
      message: "duplicate group in stage 'preliminary' id 'education' (also stages[0].groups[2])",
    },
  ]);
});

test('part ids are unique within a stage', () => {
  const contest = demo();
  contest.stages[0]!.parts!.push({ id: 'knowledge', name: '又一个比知识' });
  expect(problemsOf(contest)).toContainEqual({
    path: 'stages[0].parts[1].id',
    message: "duplicate part in stage 'final' id 'knowledge' (also stages[0].parts[0])",
  });
});

test('two contestants cannot share a seat', () => {
  const contest = demo();
  contest.contestants[2]!.seat = 1;
  expect(problemsOf(contest)).toEqual([
    { path: 'contestants[2].seat', message: "seat 1 of 'c03' is already taken by 'c01'" },
  ]);
});

test('award tier ids are unique', () => {
  const contest = demo();
  contest.awards!.tiers[1]!.id = 'first';
  expect(problemsOf(contest)).toEqual([
    { path: 'awards.tiers[1].id', message: "duplicate award tier id 'first' (also awards.tiers[0])" },
  ]);
});

// --- references ----------------------------------------------------------------------------

test('a group member must be a known contestant', () => {
  const contest = demo();
  contest.stages[0]!.groups[0]!.contestantIds[9] = 'c99';
  expect(problemsOf(contest)).toEqual([
    { path: 'stages[0].groups[0].contestantIds[9]', message: "unknown contestant 'c99'" },
  ]);
});

test('a contestant is in at most one group of a stage', () => {
  const contest = threeStage();
  contest.stages[0]!.groups[1]!.contestantIds.push('a1');
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[0].groups[1].contestantIds[2]',
      message: "contestant 'a1' is already in group 'chengguan' of stage 'preliminary'",
    },
  ]);
});

test('a contestant is listed once in a group', () => {
  const contest = threeStage();
  contest.stages[0]!.groups[0]!.contestantIds.push('a1');
  expect(problemsOf(contest)).toEqual([
    { path: 'stages[0].groups[0].contestantIds[2]', message: "contestant 'a1' is listed twice in group 'chengguan'" },
  ]);
});

test('a seeded entrant must be a known contestant', () => {
  const contest = threeStage();
  contest.stages[1]!.seededContestantIds = ['d1', 'd3'];
  expect(problemsOf(contest)).toEqual([
    { path: 'stages[1].seededContestantIds[1]', message: "unknown contestant 'd3'" },
  ]);
});

test('a segment question must exist in the question bank', () => {
  const contest = demo();
  const buzzer = segmentOf(contest, 0, 1);
  if (buzzer.kind !== 'buzzer') throw new Error('expected buzzer');
  buzzer.questionIds.push('q404');
  expect(problemsOf(contest)).toEqual([
    { path: 'stages[0].segments[1].questionIds[16]', message: "unknown question 'q404'" },
  ]);
});

test('a question is used once within a segment', () => {
  const contest = demo();
  const buzzer = segmentOf(contest, 0, 1);
  if (buzzer.kind !== 'buzzer') throw new Error('expected buzzer');
  buzzer.questionIds.push('q21');
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[0].segments[1].questionIds[16]',
      message: "'q21' is listed twice in segment 'knowledge-buzzer' of stage 'final'",
    },
  ]);
});

test('a panel judge must be a known judge', () => {
  const contest = demo();
  const action = segmentOf(contest, 0, 3);
  if (action.kind !== 'judged') throw new Error('expected judged');
  action.judgeIds = ['j1', 'j2', 'j8'];
  expect(problemsOf(contest)).toEqual([{ path: 'stages[0].segments[3].judgeIds[2]', message: "unknown judge 'j8'" }]);
});

test('a judged segment needs at least one judge', () => {
  const contest = demo();
  contest.judges = [];
  expect(problemsOf(contest)).toContainEqual({
    path: 'stages[0].segments[2]',
    message: "judged segment 'reflection' has no judges (list them in judgeIds or in the contest's judges)",
  });
});

test("a segment's part must be a part of its stage", () => {
  const contest = demo();
  segmentOf(contest, 0, 2).part = 'thinking';
  expect(problemsOf(contest)).toEqual([
    { path: 'stages[0].segments[2].part', message: "unknown part 'thinking' in stage 'final'" },
  ]);
});

test('a part must be fed by at least one segment', () => {
  const contest = demo();
  contest.stages[0]!.parts!.push({ id: 'spare', name: '备用' });
  expect(problemsOf(contest)).toEqual([
    { path: 'stages[0].parts[1]', message: "part 'spare' is not fed by any segment of stage 'final'" },
  ]);
});

test('a part id cannot also be a segment id of its stage', () => {
  const contest = demo();
  contest.stages[0]!.parts![0]!.id = 'reflection';
  segmentOf(contest, 0, 0).part = 'reflection';
  segmentOf(contest, 0, 1).part = 'reflection';
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[0].parts[0].id',
      message:
        "part id 'reflection' is also a segment id in stage 'final' (a segment without a part is scored under its own id)",
    },
  ]);
});

test('a tie-break must be a segment of the same stage', () => {
  const contest = threeStage();
  contest.stages[2]!.tieBreaks = ['final-lecture', 'semi-lecture'];
  expect(problemsOf(contest)).toEqual([
    { path: 'stages[2].tieBreaks[1]', message: "unknown segment 'semi-lecture' in stage 'final'" },
  ]);
});

test('advancement by segments names segments of the same stage', () => {
  const contest = threeStage();
  contest.stages[1]!.advancement!.bySegmentIds = ['semi-written', 'prelim-lecture'];
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[1].advancement.bySegmentIds[1]',
      message: "unknown segment 'prelim-lecture' in stage 'semifinal'",
    },
  ]);
});

test('advancement must lead to a known stage', () => {
  const contest = threeStage();
  contest.stages[0]!.advancement!.toStageId = 'quarterfinal';
  expect(problemsOf(contest)).toEqual([
    { path: 'stages[0].advancement.toStageId', message: "unknown stage 'quarterfinal'" },
  ]);
});

test('advancement must lead to a later stage', () => {
  const contest = threeStage();
  contest.stages[1]!.advancement!.toStageId = 'preliminary';
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[1].advancement.toStageId',
      message: "stage 'semifinal' can only advance to a later stage, not 'preliminary'",
    },
  ]);
});

test('the last stage cannot advance without a target', () => {
  const contest = demo();
  contest.stages[0]!.advancement = { perGroup: 3 };
  expect(problemsOf(contest)).toEqual([
    { path: 'stages[0].advancement', message: "stage 'final' is the last stage: there is no stage to advance to" },
  ]);
});

test('a single-item award names a known segment', () => {
  const contest = demo();
  contest.awards!.singleItem![0]!.segmentId = 'speech';
  expect(problemsOf(contest)).toEqual([
    { path: 'awards.singleItem[0].segmentId', message: "unknown segment 'speech' for award 'best-speech'" },
  ]);
});

test('only the last award tier may omit its count', () => {
  const contest = demo();
  delete contest.awards!.tiers[1]!.count;
  expect(problemsOf(contest)).toEqual([
    { path: 'awards.tiers[1].count', message: "only the last tier may omit count ('second' is not last)" },
  ]);
});

// --- questions -----------------------------------------------------------------------------

test('a single-choice question has exactly one answer key', () => {
  const contest = demo();
  const { index, question } = questionAt(contest, 'q01');
  question.answer = ['A', 'B'];
  expect(problemsOf(contest)).toEqual([
    {
      path: `questions[${index}].answer`,
      message: "single-choice question 'q01' needs exactly one answer key, got 2",
    },
  ]);
});

test('an answer key must be one of the options', () => {
  const contest = demo();
  const { index, question } = questionAt(contest, 'q05');
  question.answer = ['A', 'E'];
  expect(problemsOf(contest)).toEqual([
    {
      path: `questions[${index}].answer[1]`,
      message: "answer 'E' of question 'q05' is not one of its option keys (A, B, C, D)",
    },
  ]);
});

test('a choice question needs options', () => {
  const contest = demo();
  const { index, question } = questionAt(contest, 'q02');
  delete question.options;
  expect(problemsOf(contest)).toEqual([
    { path: `questions[${index}].options`, message: "single-choice question 'q02' needs options" },
  ]);
});

test('option keys of a question are unique', () => {
  const contest = demo();
  const { index, question } = questionAt(contest, 'q04');
  question.options![3]!.key = 'A';
  expect(problemsOf(contest)).toEqual([
    { path: `questions[${index}].options[3].key`, message: "option key 'A' of question 'q04' is used twice" },
  ]);
});

test('a multiple-choice question has at least one answer key', () => {
  const contest = demo();
  const { index, question } = questionAt(contest, 'q06');
  question.answer = [];
  expect(problemsOf(contest)).toEqual([
    { path: `questions[${index}].answer`, message: "multiple-choice question 'q06' needs at least one answer key" },
  ]);
});

test('a true/false question takes no options', () => {
  const contest = demo();
  const { index, question } = questionAt(contest, 'q03');
  question.options = [
    { key: 'A', text: '对' },
    { key: 'B', text: '错' },
  ];
  expect(problemsOf(contest)).toEqual([
    {
      path: `questions[${index}].options`,
      message: 'true/false question \'q03\' takes no options (its keys are "true" and "false")',
    },
  ]);
});

test('a true/false answer is ["true"] or ["false"]', () => {
  const contest = demo();
  const { index, question } = questionAt(contest, 'q07');
  question.answer = ['yes'];
  expect(problemsOf(contest)).toEqual([
    {
      path: `questions[${index}].answer`,
      message: 'true/false question \'q07\' needs the answer ["true"] or ["false"]',
    },
  ]);
});

test('an open question has an empty answer', () => {
  const contest = demo();
  const { index, question } = questionAt(contest, 'q08');
  question.answer = ['全心全意为人民服务'];
  expect(problemsOf(contest)).toEqual([
    {
      path: `questions[${index}].answer`,
      message: "open question 'q08' must have an empty answer (the host marks it; put the answer in reference)",
    },
  ]);
});

test('an open question needs a reference answer', () => {
  const contest = demo();
  const { index, question } = questionAt(contest, 'q12');
  question.reference = '  ';
  expect(problemsOf(contest)).toEqual([
    { path: `questions[${index}].reference`, message: "open question 'q12' needs a reference answer for the host" },
  ]);
});

test('a written test cannot use open questions', () => {
  const contest = threeStage();
  const written = segmentOf(contest, 0, 0);
  if (written.kind !== 'written') throw new Error('expected written');
  written.questionIds[0] = 'q22';
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[0].segments[0].questionIds[0]',
      message:
        "written segment 'prelim-written' cannot use open question 'q22': a written test is graded automatically",
    },
  ]);
});

test("a written test's full marks are its paper's total: questions × points per question", () => {
  const contest = threeStage();
  const written = segmentOf(contest, 0, 0);
  if (written.kind !== 'written') throw new Error('expected written');
  // 5 questions × 20 = 100: valid. At the default 1 point a paper is worth 5, not 100.
  written.settings = { durationSeconds: 1200 };
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[0].segments[0].fullMarks',
      message: "full marks 100 of written segment 'prelim-written' are not its paper's total 5 (5 questions × 1 point)",
    },
  ]);
  written.fullMarks = 5;
  expect(problemsOf(contest)).toEqual([]);
  written.settings = { pointsPerQuestion: 2.5 };
  written.fullMarks = 12.5;
  expect(problemsOf(contest)).toEqual([]);
  written.fullMarks = 12.55;
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[0].segments[0].fullMarks',
      message:
        "full marks 12.55 of written segment 'prelim-written' are not its paper's total 12.5 (5 questions × 2.5 points)",
    },
  ]);
  // A paper with no questions yet (a new segment in the editor) is not checked.
  written.questionIds = [];
  expect(problemsOf(contest)).toEqual([]);
});

test("a written test's draws give the paper's number of questions; a draw that can vary refuses only impossible full marks", () => {
  const contest = threeStage();
  const written = segmentOf(contest, 0, 0);
  if (written.kind !== 'written') throw new Error('expected written');
  // q01, q03 are 党史; q09, q10, q11 党章党规. 2 + 2 questions × 20 = 80.
  written.settings = {
    pointsPerQuestion: 20,
    draw: [
      { category: '党史', count: 2 },
      { category: '党章党规', count: 2 },
    ],
  };
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[0].segments[0].fullMarks',
      message:
        "full marks 100 of written segment 'prelim-written' are not its paper's total 80 (4 questions × 20 points)",
    },
  ]);
  // Asking more than a category has gives what it has: 2 + 3 = 5 questions.
  written.settings.draw = [
    { category: '党史', count: 4 },
    { category: '党章党规', count: 3 },
  ];
  expect(problemsOf(contest)).toEqual([]);
  // One from anywhere, then two 党史: the first may take a 党史 question, so 2 or 3 questions (40 to 60).
  written.settings.draw = [{ count: 1 }, { category: '党史', count: 2 }];
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[0].segments[0].fullMarks',
      message:
        "full marks 100 of written segment 'prelim-written' are no paper's total: its draw gives 40 to 60 (2 to 3 questions × 20 points)",
    },
  ]);
  written.fullMarks = 60;
  expect(problemsOf(contest)).toEqual([]);
});

test('a required round has enough questions for every listed contestant', () => {
  const contest = demo();
  const required = segmentOf(contest, 0, 0);
  if (required.kind !== 'required') throw new Error('expected required');
  required.questionIds = required.questionIds.slice(0, 18);
  expect(problemsOf(contest)).toEqual([
    {
      path: 'stages[0].segments[0].questionIds',
      message:
        "required segment 'knowledge-required' has 18 questions but needs 20 (2 per contestant × 10 contestants)",
    },
  ]);
});

// --- all at once, and robustness -----------------------------------------------------------

test('several problems are all reported in one pass', () => {
  const contest = demo();
  contest.contestants[1]!.id = 'c01';
  segmentOf(contest, 0, 3).weight = 60;
  contest.awards!.singleItem![1]!.segmentId = 'nope';
  const paths = problemsOf(contest).map((p) => p.path);
  expect(paths).toEqual(
    expect.arrayContaining(['contestants[1].id', 'stages[0].segments[0].weight', 'awards.singleItem[1].segmentId']),
  );
});

/** Required at the top level ("title" is also an optional judge field, so top level only). */
const REQUIRED_ROOT_KEYS = ['format', 'title', 'contestants', 'judges', 'questions', 'stages'];
/** Required wherever they occur in the demo. */
const REQUIRED_KEYS = new Set([
  'id',
  'name',
  'organisation',
  'kind',
  'text',
  'answer',
  'key',
  'groups',
  'segments',
  'contestantIds',
  'fullMarks',
  'weight',
  'questionIds',
  'max',
  'drop',
  'minScores',
  'tiers',
  'segmentId',
  'by',
]);

type Slot = [Record<string, unknown>, string];

/** Every [object, key] in a contest whose key is a required property. */
function requiredSlots(contest: ContestFile): Slot[] {
  const root = node(contest);
  const out: Slot[] = REQUIRED_ROOT_KEYS.map((k): Slot => [root, k]);
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) visit(v);
    else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      for (const [k, v] of Object.entries(record)) {
        if (REQUIRED_KEYS.has(k)) out.push([record, k]);
        visit(v);
      }
    }
  };
  for (const k of REQUIRED_ROOT_KEYS) visit(root[k]);
  return out;
}

test('deleting any required field never throws and always yields a problem', () => {
  const slots = requiredSlots(demo()).length;
  expect(slots).toBeGreaterThan(300);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: slots - 1 }), (i) => {
      const contest = demo();
      const [owner, key] = requiredSlots(contest)[i]!;
      delete owner[key];
      expect(problemsOf(contest).length).toBeGreaterThan(0);
    }),
    { numRuns: 500 },
  );
});

test('changing any segment weight never throws and always yields a problem', () => {
  const segments = DEMO_CONTEST.stages[0]!.segments.length;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: segments - 1 }), fc.integer({ min: 0, max: 10000 }), (i, newHundredths) => {
      const contest = demo();
      const segment = segmentOf(contest, 0, i);
      fc.pre(Math.round(segment.weight * 100) !== newHundredths);
      segment.weight = newHundredths / 100;
      expect(problemsOf(contest).length).toBeGreaterThan(0);
    }),
  );
});

test('arbitrary JSON never throws and is never accepted', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      expect(problemsOf(value).length).toBeGreaterThan(0);
    }),
  );
});

test('reserve questions (备用题) must exist, differ from the asked ones and not repeat', () => {
  const contest = demo();
  const segment = contest.stages[0]!.segments.find((s) => s.kind === 'required');
  if (!segment || segment.kind !== 'required') throw new Error('the demo has a required segment');
  const asked = segment.questionIds[0]!;
  const spare = contest.questions.find((q) => !segment.questionIds.includes(q.id) && q.kind !== 'open')!.id;
  segment.reserveQuestionIds = [spare];
  expect(problemsOf(contest)).toEqual([]);
  segment.reserveQuestionIds = ['nope', asked, spare, spare];
  const messages = problemsOf(contest).map((p) => p.message);
  expect(messages).toEqual(
    expect.arrayContaining([
      "unknown question 'nope'",
      `question '${asked}' is both asked and a reserve in segment '${segment.id}'`,
    ]),
  );
  expect(messages.some((m) => m.includes(spare))).toBe(true);
});
