/**
 * Validation of a contest file: first its shape against the TypeBox schema, then, only when
 * the shape is right, the rules a schema cannot express (unique ids, references that resolve,
 * weights that sum to 100, answers that fit the question kind...). Every problem is reported
 * at once, each with a readable path such as `stages[2].segments[0].weight`, so an organiser
 * can fix a file in one pass.
 */
import type { TSchema } from '@sinclair/typebox';
import { Value, type ValueError, ValueErrorType } from '@sinclair/typebox/value';
import { ContestFileSchema, type ContestFile, type Question, type Segment, type Stage } from './contest-file-schema.ts';
import { resolveRequiredSettings, resolveWrittenSettings } from './segment-defaults.ts';
import { paperLength } from '../contest/written/paper-draw.ts';

/** One thing wrong with a contest file: where (`stages[0].segments[1].weight`, '' for the whole file) and what. */
export interface ContestFileProblem {
  path: string;
  message: string;
}

/** Outcome of `validateContestFile`: the typed contest, or every problem found. */
export type ContestFileValidation = { ok: true; contest: ContestFile } | { ok: false; problems: ContestFileProblem[] };

/** Check a parsed contest file (any JSON value) and report every problem with its path. */
export function validateContestFile(input: unknown): ContestFileValidation {
  const shape = shapeProblems(ContestFileSchema, input);
  if (shape.length > 0) return { ok: false, problems: shape };
  const contest = input as ContestFile;
  const problems = semanticProblems(contest);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, contest };
}

/** One line per problem, `path: message`, for logs and command-line tools. */
export function formatContestFileProblem(problem: ContestFileProblem): string {
  return problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
}

/** Convert a JSON pointer (`/stages/2/segments/0/weight`) to `stages[2].segments[0].weight`. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^(0|[1-9][0-9]*)$/.test(key)) out += `[${key}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Shape

interface RawProblem {
  pointer: string;
  message: string;
  missing: boolean;
}

function shapeProblems(schema: TSchema, value: unknown): ContestFileProblem[] {
  const found = rawShapeProblems(schema, value, '');
  // A missing property also fails its own type check ("must be a string"); "is required" says it all.
  const missing = new Set(found.filter((f) => f.missing).map((f) => f.pointer));
  const seen = new Set<string>();
  const problems: ContestFileProblem[] = [];
  for (const f of found) {
    if (missing.has(f.pointer) && !f.missing) continue;
    const problem = { path: pointerToPath(f.pointer), message: f.message };
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function rawShapeProblems(schema: TSchema, value: unknown, prefix: string): RawProblem[] {
  const found: RawProblem[] = [];
  for (const error of Value.Errors(schema, value)) {
    const pointer = prefix + error.path;
    if (error.type === ValueErrorType.Union) found.push(...unionProblems(error, pointer));
    else {
      const missing = error.type === ValueErrorType.ObjectRequiredProperty;
      found.push({ pointer, message: describeError(error, pointer), missing });
    }
  }
  return found;
}

/**
 * TypeBox reports a failed union as one error holding every branch's errors. Literal unions
 * become "must be one of ..."; object unions discriminated by a `kind` literal are checked
 * against the branch the value names, so the organiser sees that branch's real problems.
 */
function unionProblems(error: ValueError, pointer: string): RawProblem[] {
  const branches = (error.schema.anyOf ?? []) as TSchema[];
  const literals = branches.map((b) => (b as { const?: unknown }).const);
  const problem = (at: string, message: string): RawProblem[] => [{ pointer: at, message, missing: false }];
  if (branches.length > 0 && literals.every((l) => l !== undefined)) {
    return problem(pointer, `must be one of ${literals.map(quote).join(', ')}`);
  }
  const kinds = branches.map((b) => kindLiteral(b));
  if (branches.length > 0 && kinds.every((k) => k !== undefined)) {
    const options = kinds.map(quote).join(', ');
    if (!isRecord(error.value)) return problem(pointer, 'must be an object');
    if (!('kind' in error.value)) return problem(`${pointer}/kind`, `is required (one of ${options})`);
    const index = kinds.indexOf(error.value['kind'] as string);
    const branch = branches[index];
    if (index < 0 || !branch) return problem(`${pointer}/kind`, `must be one of ${options}`);
    return rawShapeProblems(branch, error.value, pointer);
  }
  return problem(pointer, 'does not match any allowed form');
}

function kindLiteral(schema: TSchema): string | undefined {
  const kind = (schema as { properties?: Record<string, { const?: unknown }> }).properties?.['kind']?.const;
  return typeof kind === 'string' ? kind : undefined;
}

function describeError(error: ValueError, pointer: string): string {
  const s = error.schema as Record<string, unknown>;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'is required';
    case ValueErrorType.ObjectAdditionalProperties:
      return 'is not an allowed property';
    case ValueErrorType.Object:
      return pointer === '' ? 'the contest file must be a JSON object' : 'must be an object';
    case ValueErrorType.Array:
      return 'must be an array';
    case ValueErrorType.ArrayMinItems:
      return `must have at least ${String(s['minItems'])} item${s['minItems'] === 1 ? '' : 's'}`;
    case ValueErrorType.ArrayMaxItems:
      return `must have at most ${String(s['maxItems'])} items`;
    case ValueErrorType.String:
      return 'must be a string';
    case ValueErrorType.StringMinLength:
      return s['minLength'] === 1 ? 'must not be empty' : `must be at least ${String(s['minLength'])} characters`;
    case ValueErrorType.StringMaxLength:
      return `must be at most ${String(s['maxLength'])} characters`;
    case ValueErrorType.StringPattern:
      return describePattern(String(s['pattern']), error.value);
    case ValueErrorType.Number:
      return 'must be a number';
    case ValueErrorType.Integer:
      return 'must be a whole number';
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerMinimum:
      return `must be at least ${String(s['minimum'])}`;
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMaximum:
      return `must be at most ${String(s['maximum'])}`;
    case ValueErrorType.NumberExclusiveMinimum:
    case ValueErrorType.IntegerExclusiveMinimum:
      return `must be greater than ${String(s['exclusiveMinimum'])}`;
    case ValueErrorType.NumberExclusiveMaximum:
    case ValueErrorType.IntegerExclusiveMaximum:
      return `must be less than ${String(s['exclusiveMaximum'])}`;
    case ValueErrorType.Literal:
      return pointer === '/format'
        ? `must be ${JSON.stringify(s['const'])} (the supported format version)`
        : `must be ${JSON.stringify(s['const'])}`;
    default:
      return error.message;
  }
}

function describePattern(pattern: string, value: unknown): string {
  if (pattern.startsWith('^[A-Za-z0-9]')) {
    return `${JSON.stringify(value)} is not a valid id (letters, digits, "_" and "-", 1-64 characters, starting with a letter or digit)`;
  }
  if (pattern === '^[A-Z]$') return `${JSON.stringify(value)} is not a single capital letter A-Z`;
  return `must match ${pattern}`;
}

// ---------------------------------------------------------------------------------------------
// Semantics (the shape is known to be valid here)

type Report = (path: string, message: string) => void;

function semanticProblems(contest: ContestFile): ContestFileProblem[] {
  const problems: ContestFileProblem[] = [];
  const report: Report = (path, message) => problems.push({ path, message });

  checkDecimals(contest, report);
  const contestantIds = uniqueIds(contest.contestants, 'contestants', 'contestant', report);
  checkSeats(contest, report);
  const judgeIds = uniqueIds(contest.judges, 'judges', 'judge', report);
  const questions = new Map<string, Question>();
  for (const q of contest.questions) if (!questions.has(q.id)) questions.set(q.id, q);
  uniqueIds(contest.questions, 'questions', 'question', report);
  contest.questions.forEach((q, i) => checkQuestion(q, `questions[${i}]`, report));
  const stageIds = uniqueIds(contest.stages, 'stages', 'stage', report);
  const segmentIds = checkSegmentIdsUnique(contest, report);

  contest.stages.forEach((stage, s) => {
    checkStage(contest, stage, s, { contestantIds, judgeIds, questions, stageIds }, report);
  });
  checkAwards(contest, segmentIds, report);
  return problems;
}

interface Known {
  contestantIds: Set<string>;
  judgeIds: Set<string>;
  questions: Map<string, Question>;
  stageIds: Set<string>;
}

/** Report duplicate ids within one collection; return the set of ids. */
function uniqueIds(items: readonly { id: string }[], path: string, noun: string, report: Report): Set<string> {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const earlier = first.get(item.id);
    if (earlier === undefined) first.set(item.id, i);
    else report(`${path}[${i}].id`, `duplicate ${noun} id '${item.id}' (also ${path}[${earlier}])`);
  });
  return new Set(first.keys());
}

/** Report an id listed twice in one list of references. */
function noRepeats(ids: readonly string[], path: string, what: string, report: Report): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) report(`${path}[${i}]`, `'${id}' is listed twice in ${what}`);
    seen.add(id);
  });
}

function checkSeats(contest: ContestFile, report: Report): void {
  const taken = new Map<number, string>();
  contest.contestants.forEach((c, i) => {
    if (c.seat === undefined) return;
    const holder = taken.get(c.seat);
    if (holder !== undefined)
      report(`contestants[${i}].seat`, `seat ${c.seat} of '${c.id}' is already taken by '${holder}'`);
    else taken.set(c.seat, c.id);
  });
}

function checkSegmentIdsUnique(contest: ContestFile, report: Report): Set<string> {
  const first = new Map<string, string>();
  contest.stages.forEach((stage, s) =>
    stage.segments.forEach((segment, g) => {
      const path = `stages[${s}].segments[${g}]`;
      const earlier = first.get(segment.id);
      if (earlier === undefined) first.set(segment.id, path);
      else
        report(
          `${path}.id`,
          `duplicate segment id '${segment.id}' (also ${earlier}); segment ids are unique across the contest`,
        );
    }),
  );
  return new Set(first.keys());
}

// --- numbers -------------------------------------------------------------------------------

/** Points as integer hundredths, or undefined when the number has more than two decimals. */
function hundredths(value: number): number | undefined {
  const scaled = Math.round(value * 100);
  // Tolerance for binary floats: 0.07 * 100 is 7.000000000000001.
  return Math.abs(value * 100 - scaled) < 1e-6 ? scaled : undefined;
}

/** Render integer hundredths as a plain decimal: 9500 → "95", 9950 → "99.5". */
function formatHundredths(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  if (cents === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

function checkDecimals(contest: ContestFile, report: Report): void {
  const check = (value: number | undefined, path: string): void => {
    if (value !== undefined && hundredths(value) === undefined) report(path, `${value} has more than two decimals`);
  };
  contest.questions.forEach((q, i) => check(q.points, `questions[${i}].points`));
  contest.stages.forEach((stage, s) => {
    stage.parts?.forEach((part, p) => check(part.basePoints, `stages[${s}].parts[${p}].basePoints`));
    stage.segments.forEach((segment, g) => {
      const path = `stages[${s}].segments[${g}]`;
      check(segment.fullMarks, `${path}.fullMarks`);
      check(segment.weight, `${path}.weight`);
      const settings: Record<string, unknown> = segment.settings ?? {};
      for (const key of ['pointsCorrect', 'pointsWrong', 'pointsTimeout', 'falseStartPenalty', 'pointsPerQuestion']) {
        const value = settings[key];
        if (typeof value === 'number') check(value, `${path}.settings.${key}`);
      }
      if (segment.kind === 'judged') {
        segment.settings?.criteria?.forEach((c, k) => check(c.max, `${path}.settings.criteria[${k}].max`));
      }
    });
  });
}

// --- questions -----------------------------------------------------------------------------

function checkQuestion(q: Question, path: string, report: Report): void {
  const keys = (q.options ?? []).map((o) => o.key);
  const seen = new Set<string>();
  q.options?.forEach((o, k) => {
    if (seen.has(o.key))
      report(`${path}.options[${k}].key`, `option key '${o.key}' of question '${q.id}' is used twice`);
    seen.add(o.key);
  });
  const answerAmongOptions = (): void => {
    q.answer.forEach((a, k) => {
      if (!seen.has(a)) {
        report(
          `${path}.answer[${k}]`,
          `answer '${a}' of question '${q.id}' is not one of its option keys (${keys.join(', ')})`,
        );
      }
    });
    noRepeats(q.answer, `${path}.answer`, `the answer of question '${q.id}'`, report);
  };
  switch (q.kind) {
    case 'single':
      if (!q.options) report(`${path}.options`, `single-choice question '${q.id}' needs options`);
      if (q.answer.length !== 1) {
        report(
          `${path}.answer`,
          `single-choice question '${q.id}' needs exactly one answer key, got ${q.answer.length}`,
        );
      }
      if (q.options) answerAmongOptions();
      break;
    case 'multiple':
      if (!q.options) report(`${path}.options`, `multiple-choice question '${q.id}' needs options`);
      if (q.answer.length === 0)
        report(`${path}.answer`, `multiple-choice question '${q.id}' needs at least one answer key`);
      if (q.options) answerAmongOptions();
      break;
    case 'truefalse':
      if (q.options)
        report(`${path}.options`, `true/false question '${q.id}' takes no options (its keys are "true" and "false")`);
      if (q.answer.length !== 1 || (q.answer[0] !== 'true' && q.answer[0] !== 'false')) {
        report(`${path}.answer`, `true/false question '${q.id}' needs the answer ["true"] or ["false"]`);
      }
      break;
    case 'open':
      if (q.options) report(`${path}.options`, `open question '${q.id}' takes no options`);
      if (q.answer.length > 0) {
        report(
          `${path}.answer`,
          `open question '${q.id}' must have an empty answer (the host marks it; put the answer in reference)`,
        );
      }
      if (q.reference === undefined || q.reference.trim() === '') {
        report(`${path}.reference`, `open question '${q.id}' needs a reference answer for the host`);
      }
      break;
  }
}

// --- stages --------------------------------------------------------------------------------

function checkStage(contest: ContestFile, stage: Stage, s: number, known: Known, report: Report): void {
  const at = `stages[${s}]`;
  const stageSegmentIds = new Set(stage.segments.map((g) => g.id));

  // Groups: unique ids, known contestants, nobody in two groups of the stage.
  uniqueIds(stage.groups, `${at}.groups`, `group in stage '${stage.id}'`, report);
  const groupOf = new Map<string, string>();
  stage.groups.forEach((group, g) => {
    group.contestantIds.forEach((id, k) => {
      const path = `${at}.groups[${g}].contestantIds[${k}]`;
      if (!known.contestantIds.has(id)) return report(path, `unknown contestant '${id}'`);
      const other = groupOf.get(id);
      if (other === group.id) report(path, `contestant '${id}' is listed twice in group '${group.id}'`);
      else if (other !== undefined)
        report(path, `contestant '${id}' is already in group '${other}' of stage '${stage.id}'`);
      else groupOf.set(id, group.id);
    });
  });
  stage.seededContestantIds?.forEach((id, k) => {
    if (!known.contestantIds.has(id)) report(`${at}.seededContestantIds[${k}]`, `unknown contestant '${id}'`);
  });
  if (stage.seededContestantIds) {
    noRepeats(
      stage.seededContestantIds,
      `${at}.seededContestantIds`,
      `the seeded entrants of stage '${stage.id}'`,
      report,
    );
  }

  // Parts: unique ids, every segment's part exists, every part is fed by a segment.
  const partIds = uniqueIds(stage.parts ?? [], `${at}.parts`, `part in stage '${stage.id}'`, report);
  const fedParts = new Set<string>();
  stage.segments.forEach((segment, g) => {
    if (segment.part === undefined) return;
    if (partIds.has(segment.part)) fedParts.add(segment.part);
    else report(`${at}.segments[${g}].part`, `unknown part '${segment.part}' in stage '${stage.id}'`);
  });
  stage.parts?.forEach((part, p) => {
    // Scoring keys a segment without a part by its own id, so the two id spaces must not meet.
    if (stageSegmentIds.has(part.id)) {
      report(
        `${at}.parts[${p}].id`,
        `part id '${part.id}' is also a segment id in stage '${stage.id}' (a segment without a part is scored under its own id)`,
      );
    }
    if (!fedParts.has(part.id)) {
      report(`${at}.parts[${p}]`, `part '${part.id}' is not fed by any segment of stage '${stage.id}'`);
    }
  });

  // Weights sum to exactly 100, compared in hundredths so 33.33 + 33.33 + 33.34 is exact.
  const sum = stage.segments.reduce((acc, g) => acc + (hundredths(g.weight) ?? Math.round(g.weight * 100)), 0);
  if (sum !== 10000) {
    report(`${at}.segments[0].weight`, `weights of stage '${stage.id}' sum to ${formatHundredths(sum)}, not 100`);
  }

  const receivesAdvancers = contest.stages.some(
    (other, o) =>
      other.advancement !== undefined &&
      (other.advancement.toStageId === undefined ? o + 1 === s : other.advancement.toStageId === stage.id),
  );
  const listedRoster = new Set(
    [...groupOf.keys(), ...(stage.seededContestantIds ?? [])].filter((id) => known.contestantIds.has(id)),
  );
  stage.segments.forEach((segment, g) => {
    checkSegment(contest, stage, segment, `${at}.segments[${g}]`, known, report);
    // Enough questions for everyone, when the file lists the whole roster (no advancers join later).
    if (segment.kind === 'required' && segment.questionIds.length > 0 && !receivesAdvancers) {
      const perContestant = resolveRequiredSettings(segment).questionsPerContestant;
      const needed = perContestant * listedRoster.size;
      if (segment.questionIds.length < needed) {
        report(
          `${at}.segments[${g}].questionIds`,
          `required segment '${segment.id}' has ${segment.questionIds.length} questions but needs ${needed} (${perContestant} per contestant × ${listedRoster.size} contestants)`,
        );
      }
    }
  });

  stage.tieBreaks?.forEach((id, k) => {
    if (!stageSegmentIds.has(id)) report(`${at}.tieBreaks[${k}]`, `unknown segment '${id}' in stage '${stage.id}'`);
  });
  if (stage.tieBreaks) noRepeats(stage.tieBreaks, `${at}.tieBreaks`, `the tie-breaks of stage '${stage.id}'`, report);

  const adv = stage.advancement;
  if (adv) {
    adv.bySegmentIds?.forEach((id, k) => {
      if (!stageSegmentIds.has(id)) {
        report(`${at}.advancement.bySegmentIds[${k}]`, `unknown segment '${id}' in stage '${stage.id}'`);
      }
    });
    if (adv.bySegmentIds) {
      noRepeats(adv.bySegmentIds, `${at}.advancement.bySegmentIds`, `the advancement of stage '${stage.id}'`, report);
    }
    if (adv.toStageId !== undefined) {
      const target = contest.stages.findIndex((t) => t.id === adv.toStageId);
      if (target < 0) report(`${at}.advancement.toStageId`, `unknown stage '${adv.toStageId}'`);
      else if (target <= s) {
        report(
          `${at}.advancement.toStageId`,
          `stage '${stage.id}' can only advance to a later stage, not '${adv.toStageId}'`,
        );
      }
    } else if (s === contest.stages.length - 1) {
      report(`${at}.advancement`, `stage '${stage.id}' is the last stage: there is no stage to advance to`);
    }
  }
}

function checkSegment(
  contest: ContestFile,
  stage: Stage,
  segment: Segment,
  at: string,
  known: Known,
  report: Report,
): void {
  if (segment.kind === 'judged') {
    segment.judgeIds?.forEach((id, k) => {
      if (!known.judgeIds.has(id)) report(`${at}.judgeIds[${k}]`, `unknown judge '${id}'`);
    });
    if (segment.judgeIds) noRepeats(segment.judgeIds, `${at}.judgeIds`, `the panel of segment '${segment.id}'`, report);
    const panel = segment.judgeIds ?? contest.judges.map((j) => j.id);
    if (panel.length === 0) {
      report(
        segment.judgeIds ? `${at}.judgeIds` : at,
        `judged segment '${segment.id}' has no judges (list them in judgeIds or in the contest's judges)`,
      );
    }
    const criteria = segment.settings?.criteria;
    if (criteria) {
      uniqueIds(criteria, `${at}.settings.criteria`, `criterion in segment '${segment.id}'`, report);
      const sum = criteria.reduce((acc, c) => acc + (hundredths(c.max) ?? Math.round(c.max * 100)), 0);
      const full = hundredths(segment.fullMarks) ?? Math.round(segment.fullMarks * 100);
      if (sum !== full) {
        report(
          `${at}.settings.criteria`,
          `criteria maxima of segment '${segment.id}' sum to ${formatHundredths(sum)}, not its full marks ${formatHundredths(full)}`,
        );
      }
    }
    const trim = segment.settings?.trim;
    if (trim && trim.drop > 0 && trim.minScores <= 2 * trim.drop) {
      report(
        `${at}.settings.trim.minScores`,
        `segment '${segment.id}' drops ${trim.drop} highest and ${trim.drop} lowest, so minScores must be more than ${2 * trim.drop}, not ${trim.minScores}`,
      );
    }
    return;
  }
  segment.questionIds.forEach((id, k) => {
    const question = known.questions.get(id);
    if (!question) return report(`${at}.questionIds[${k}]`, `unknown question '${id}'`);
    if (segment.kind === 'written' && question.kind === 'open') {
      report(
        `${at}.questionIds[${k}]`,
        `written segment '${segment.id}' cannot use open question '${id}': a written test is graded automatically`,
      );
    }
  });
  noRepeats(segment.questionIds, `${at}.questionIds`, `segment '${segment.id}' of stage '${stage.id}'`, report);
  if (segment.kind === 'written') checkWrittenFullMarks(segment, at, known, report);
  if (segment.kind === 'required' || segment.kind === 'buzzer') {
    const asked = new Set(segment.questionIds);
    (segment.reserveQuestionIds ?? []).forEach((id, k) => {
      if (!known.questions.has(id)) return report(`${at}.reserveQuestionIds[${k}]`, `unknown question '${id}'`);
      if (asked.has(id)) {
        report(
          `${at}.reserveQuestionIds[${k}]`,
          `question '${id}' is both asked and a reserve in segment '${segment.id}'`,
        );
      }
    });
    noRepeats(
      segment.reserveQuestionIds ?? [],
      `${at}.reserveQuestionIds`,
      `reserves of segment '${segment.id}' of stage '${stage.id}'`,
      report,
    );
  }
}

/**
 * A written score is the points earned on the paper, and the weighted total divides it by the
 * segment's full marks, so the full marks must be what a paper is worth: its number of
 * questions × `pointsPerQuestion`. With draws the number is known without drawing unless a
 * category draw follows a draw without category and may find its category short; then only full
 * marks that no paper can be worth are refused. A segment with no questions yet is not checked.
 */
function checkWrittenFullMarks(
  segment: Extract<Segment, { kind: 'written' }>,
  at: string,
  known: Known,
  report: Report,
): void {
  if (segment.questionIds.length === 0) return;
  const settings = resolveWrittenSettings(segment);
  const per = hundredths(settings.pointsPerQuestion);
  const full = hundredths(segment.fullMarks);
  if (per === undefined || full === undefined) return; // reported as too many decimals
  // The questions a paper is drawn from, as the server gives them to drawPaper.
  const questions = segment.questionIds.flatMap((id) => {
    const q = known.questions.get(id);
    return q ? [q] : [];
  });
  const { min, max } = paperLength(questions, settings.draw);
  const points = `× ${formatHundredths(per)} point${per === 100 ? '' : 's'}`;
  if (min === max) {
    if (min * per !== full) {
      report(
        `${at}.fullMarks`,
        `full marks ${formatHundredths(full)} of written segment '${segment.id}' are not its paper's total ${formatHundredths(min * per)} (${min} question${min === 1 ? '' : 's'} ${points})`,
      );
    }
  } else if (full < min * per || full > max * per) {
    report(
      `${at}.fullMarks`,
      `full marks ${formatHundredths(full)} of written segment '${segment.id}' are no paper's total: its draw gives ${formatHundredths(min * per)} to ${formatHundredths(max * per)} (${min} to ${max} questions ${points})`,
    );
  }
}

// --- awards --------------------------------------------------------------------------------

function checkAwards(contest: ContestFile, segmentIds: Set<string>, report: Report): void {
  const awards = contest.awards;
  if (!awards) return;
  uniqueIds(awards.tiers, 'awards.tiers', 'award tier', report);
  awards.tiers.forEach((tier, t) => {
    if (tier.count === undefined && t < awards.tiers.length - 1) {
      report(`awards.tiers[${t}].count`, `only the last tier may omit count ('${tier.id}' is not last)`);
    }
  });
  if (awards.singleItem) {
    uniqueIds(awards.singleItem, 'awards.singleItem', 'single-item award', report);
    awards.singleItem.forEach((award, a) => {
      if (!segmentIds.has(award.segmentId)) {
        report(`awards.singleItem[${a}].segmentId`, `unknown segment '${award.segmentId}' for award '${award.id}'`);
      }
    });
  }
}

// --- helpers -------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}
