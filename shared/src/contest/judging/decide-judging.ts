import { fail, ok, refuse, type DecideContext, type Decision } from '../kernel/decision.ts';
import { operatorError, reasonError } from '../kernel/definition-edit.ts';
import { findSegment, findStage, stageRoster } from '../kernel/lookup.ts';
import type { Segment } from '../../model/contest-file-schema.ts';
import { resolveJudgePanel, resolveJudgedSettings } from '../../model/segment-defaults.ts';
import { isValidJudgeScore, sumCriteria } from '../../scoring/judge-score.ts';
import { toHundredths } from '../../scoring/hundredths.ts';
import { correctionRangeError, isHundredthsIn, scoreRangeError } from '../../scoring/score-errors.ts';
import { trimmedMean } from '../../scoring/trimmed-mean.ts';
import type { JudgingCommand, JudgingContest, JudgingEmits, JudgingResult, Performance } from './types.ts';

/** Largest correction or corrected score accepted, in hundredths (±100000 points). */
const MAX_LEDGER = 10_000_000;

type JudgedSegment = Extract<Segment, { kind: 'judged' }>;

function judgedSegment(state: JudgingContest, segmentId: string): JudgedSegment | string {
  const found = findSegment(state.definition, segmentId);
  if (!found) return `no segment '${segmentId}'`;
  if (found.segment.kind !== 'judged') return `segment '${segmentId}' is not a judged segment`;
  return found.segment;
}

function onRoster(state: JudgingContest, segmentId: string, contestantId: string): boolean {
  const found = findSegment(state.definition, segmentId);
  return found !== undefined && stageRoster(state, found.stage.id).includes(contestantId);
}

export function performanceOf(state: JudgingContest, segmentId: string, contestantId: string): Performance | undefined {
  const bySegment = state.judging.performances[segmentId];
  return bySegment && Object.hasOwn(bySegment, contestantId) ? bySegment[contestantId] : undefined;
}

export function recusedJudges(state: JudgingContest, segmentId: string, contestantId: string): string[] {
  const bySegment = state.judging.recusals[segmentId];
  return (bySegment && Object.hasOwn(bySegment, contestantId) ? bySegment[contestantId] : undefined) ?? [];
}

/** The result of locking: the trimmed mean of the scores actually given, in panel order. */
export function computeResult(state: JudgingContest, segment: JudgedSegment, perf: Performance): JudgingResult {
  const recused = new Set(recusedJudges(state, segment.id, perf.contestantId));
  const panel = resolveJudgePanel(state.definition, segment).filter((j) => !recused.has(j));
  const scores: JudgingResult['scores'] = [];
  const missingJudgeIds: string[] = [];
  for (const judgeId of panel) {
    const mark = Object.hasOwn(perf.marks, judgeId) ? perf.marks[judgeId] : undefined;
    if (!mark) {
      missingJudgeIds.push(judgeId);
      continue;
    }
    scores.push(
      mark.criteria ? { judgeId, score: mark.score, criteria: mark.criteria } : { judgeId, score: mark.score },
    );
  }
  const mean = trimmedMean(
    scores.map((s) => s.score),
    resolveJudgedSettings(segment).trim,
  );
  return {
    score: mean.score,
    scores,
    droppedJudgeIds: mean.dropped.flatMap((i) => scores[i]?.judgeId ?? []),
    missingJudgeIds,
    trimApplied: mean.ruleApplied,
  };
}

export function ledgerScore(state: JudgingContest, segmentId: string, contestantId: string): number {
  const bySegment = state.scores[segmentId];
  return (bySegment && Object.hasOwn(bySegment, contestantId) ? bySegment[contestantId] : undefined) ?? 0;
}

export function decideJudgingCommand(
  state: JudgingContest,
  command: JudgingCommand,
  ctx: DecideContext,
): Decision<JudgingEmits> {
  const now = ctx.now;
  switch (command.type) {
    case 'StartPerformance': {
      const { segmentId, contestantId } = command.data;
      const segment = judgedSegment(state, segmentId);
      if (typeof segment === 'string') return fail('NOT_FOUND', segment);
      if (state.segmentStatus[segmentId] !== 'running')
        return fail('INVALID_STATE', `start segment '${segmentId}' first`);
      if (!onRoster(state, segmentId, contestantId))
        return fail('NOT_FOUND', `contestant '${contestantId}' is not on this stage's roster`);
      const perf = performanceOf(state, segmentId, contestantId);
      if (perf && perf.status !== 'open')
        return fail('INVALID_STATE', `the scores of '${contestantId}' are already locked`);
      const settings = resolveJudgedSettings(segment);
      const timed = command.data.timed ?? true;
      const deadlineAt = timed && settings.performanceSeconds ? now + settings.performanceSeconds * 1000 : null;
      const warningAt =
        deadlineAt !== null &&
        settings.warningSeconds !== undefined &&
        settings.warningSeconds < settings.performanceSeconds!
          ? deadlineAt - settings.warningSeconds * 1000
          : null;
      const events: JudgingEmits[] = [];
      if (state.currentContestantId !== contestantId)
        events.push({ type: 'CurrentContestantSet', data: { contestantId } });
      events.push({ type: 'PerformanceStarted', data: { segmentId, contestantId, at: now, deadlineAt, warningAt } });
      return ok(...events);
    }
    case 'SubmitJudgeScore': {
      const { segmentId, contestantId } = command.data;
      const judgeId = ctx.actor.subjectId;
      if (ctx.actor.role !== 'judge' || !judgeId) return fail('FORBIDDEN', 'only a judge may score, as themselves');
      const segment = judgedSegment(state, segmentId);
      if (typeof segment === 'string') return fail('NOT_FOUND', segment);
      if (!resolveJudgePanel(state.definition, segment).includes(judgeId))
        return fail('FORBIDDEN', `judge '${judgeId}' is not on the panel of '${segmentId}'`);
      if (recusedJudges(state, segmentId, contestantId).includes(judgeId))
        return fail('FORBIDDEN', `judge '${judgeId}' is recused (回避) for '${contestantId}'`);
      const perf = performanceOf(state, segmentId, contestantId);
      if (!perf) return fail('INVALID_STATE', `the performance of '${contestantId}' has not started`);
      if (perf.status !== 'open') return fail('INVALID_STATE', `the scores of '${contestantId}' are locked`);
      const fullMarks = toHundredths(segment.fullMarks);
      const criteriaDef = resolveJudgedSettings(segment).criteria;
      let score: number;
      let criteria: Record<string, number> | undefined;
      if (criteriaDef.length > 0) {
        if (!command.data.criteria) return fail('BAD_REQUEST', 'this segment is scored per criterion');
        for (const c of criteriaDef) {
          const mark = Object.hasOwn(command.data.criteria, c.id) ? command.data.criteria[c.id] : undefined;
          if (mark !== undefined && !isValidJudgeScore(mark, toHundredths(c.max)))
            return refuse(scoreRangeError(toHundredths(c.max), { zh: c.name, en: c.name }, `/data/criteria/${c.id}`));
        }
        try {
          score = sumCriteria(criteriaDef, command.data.criteria);
        } catch (e) {
          return fail('BAD_REQUEST', e instanceof Error ? e.message : 'invalid criteria marks');
        }
        criteria = { ...command.data.criteria };
        if (command.data.score !== undefined && command.data.score !== score)
          return fail('BAD_REQUEST', `score ${command.data.score} is not the sum of the criteria (${score})`);
      } else {
        if (command.data.criteria) return fail('BAD_REQUEST', 'this segment has no rubric criteria');
        if (command.data.score === undefined) return fail('BAD_REQUEST', 'a score is required');
        score = command.data.score;
      }
      if (!isValidJudgeScore(score, fullMarks)) return refuse(scoreRangeError(fullMarks, undefined, '/data/score'));
      return ok({
        type: 'JudgeScoreSubmitted',
        data: { segmentId, contestantId, judgeId, at: now, score, ...(criteria ? { criteria } : {}) },
      });
    }
    case 'SetRecusal': {
      const { segmentId, contestantId, judgeId, recused } = command.data;
      const segment = judgedSegment(state, segmentId);
      if (typeof segment === 'string') return fail('NOT_FOUND', segment);
      if (!resolveJudgePanel(state.definition, segment).includes(judgeId))
        return fail('NOT_FOUND', `judge '${judgeId}' is not on the panel of '${segmentId}'`);
      if (!onRoster(state, segmentId, contestantId))
        return fail('NOT_FOUND', `contestant '${contestantId}' is not on this stage's roster`);
      const perf = performanceOf(state, segmentId, contestantId);
      if (perf && perf.status !== 'open')
        return fail('INVALID_STATE', `the scores of '${contestantId}' are already locked`);
      if (recusedJudges(state, segmentId, contestantId).includes(judgeId) === recused) return ok();
      return ok({ type: 'JudgeRecusalSet', data: { segmentId, contestantId, judgeId, recused } });
    }
    case 'LockJudging': {
      const { segmentId, contestantId } = command.data;
      const segment = judgedSegment(state, segmentId);
      if (typeof segment === 'string') return fail('NOT_FOUND', segment);
      const perf = performanceOf(state, segmentId, contestantId);
      if (!perf) return fail('INVALID_STATE', `the performance of '${contestantId}' has not started`);
      if (perf.status !== 'open') return ok();
      const result = computeResult(state, segment, perf);
      if (result.score === null) return fail('INVALID_STATE', 'no judge has scored yet: nothing to lock');
      return ok({ type: 'JudgingLocked', data: { segmentId, contestantId, at: now, result } });
    }
    case 'RevealScores': {
      const { segmentId, contestantId } = command.data;
      const perf = performanceOf(state, segmentId, contestantId);
      if (!perf || perf.status === 'open' || !perf.result)
        return fail('INVALID_STATE', `lock the scores of '${contestantId}' before revealing them`);
      const events: JudgingEmits[] = [];
      events.push({ type: 'ScoresRevealed', data: { segmentId, contestantId, at: now, result: perf.result } });
      return ok(...events);
    }
    case 'SetJudgeCaption': {
      const { segmentId, contestantId, judgeId, text } = command.data;
      if (text === null || text.trim() === '') return ok({ type: 'JudgeCaptionSet', data: { caption: null } });
      const segment = judgedSegment(state, segmentId);
      if (typeof segment === 'string') return fail('NOT_FOUND', segment);
      if (judgeId !== null && !state.definition.judges.some((j) => j.id === judgeId))
        return fail('NOT_FOUND', `no judge '${judgeId}'`);
      return ok({
        type: 'JudgeCaptionSet',
        data: { caption: { segmentId, contestantId, judgeId, text: text.trim() } },
      });
    }
    case 'CorrectScore': {
      const { segmentId, contestantId, score, delta } = command.data;
      const reason = command.data.reason.trim();
      if (!reason) return fail('BAD_REQUEST', 'a correction needs a reason');
      const found = findSegment(state.definition, segmentId);
      if (!found) return fail('NOT_FOUND', `no segment '${segmentId}'`);
      if (!onRoster(state, segmentId, contestantId))
        return fail('NOT_FOUND', `contestant '${contestantId}' is not on this stage's roster`);
      if ((score === undefined) === (delta === undefined))
        return fail('BAD_REQUEST', 'give either the new score or the change, not both');
      const perf = performanceOf(state, segmentId, contestantId);
      if (perf && perf.status !== 'revealed')
        return fail('INVALID_STATE', `lock and reveal the scores of '${contestantId}' before correcting them`);
      const before = ledgerScore(state, segmentId, contestantId);
      const given = score ?? delta ?? 0;
      if (!isHundredthsIn(given, -MAX_LEDGER, MAX_LEDGER))
        return refuse(correctionRangeError(MAX_LEDGER, score !== undefined ? '/data/score' : '/data/delta'));
      const after = score ?? before + (delta ?? 0);
      const change = after - before;
      if (!isHundredthsIn(after, -MAX_LEDGER, MAX_LEDGER)) return refuse(correctionRangeError(MAX_LEDGER));
      if (change === 0) return fail('BAD_REQUEST', 'the correction changes nothing');
      return ok({
        type: 'ScoreCorrected',
        data: {
          correctionId: `k${state.judging.corrections.length + 1}`,
          segmentId,
          contestantId,
          delta: change,
          before,
          after,
          reason,
          by: ctx.actor.role,
          at: now,
        },
      });
    }
    case 'UndoCorrection': {
      const reason = command.data.reason.trim();
      if (!reason) return fail('BAD_REQUEST', 'an undo needs a reason');
      const original = state.judging.corrections.find((c) => c.correctionId === command.data.correctionId);
      if (!original) return fail('NOT_FOUND', `no correction '${command.data.correctionId}'`);
      if (original.undoes) return fail('INVALID_STATE', 'an undo cannot be undone; make a new correction');
      if (state.judging.corrections.some((c) => c.undoes === original.correctionId))
        return fail('INVALID_STATE', `correction '${original.correctionId}' is already undone`);
      const before = ledgerScore(state, original.segmentId, original.contestantId);
      return ok({
        type: 'ScoreCorrected',
        data: {
          correctionId: `k${state.judging.corrections.length + 1}`,
          segmentId: original.segmentId,
          contestantId: original.contestantId,
          delta: -original.delta,
          before,
          after: before - original.delta,
          reason,
          by: ctx.actor.role,
          at: now,
          undoes: original.correctionId,
        },
      });
    }
    case 'ReplaceJudgeSeat': {
      const { judgeId } = command.data;
      const reason = command.data.reason.trim();
      const noReason = reasonError(reason);
      if (noReason) return refuse(noReason);
      const judge = state.definition.judges.find((j) => j.id === judgeId);
      if (!judge) return refuse(operatorError('NOT_FOUND', `没有评委「${judgeId}」`, `no judge '${judgeId}'`));
      const name = command.data.name?.trim();
      const title = command.data.title?.trim();
      const newJudge = !!name && name !== judge.name;
      return ok({
        type: 'JudgeSeatReplaced',
        data: {
          judgeId,
          from: judge.name,
          to: newJudge ? name : judge.name,
          newJudge,
          reason,
          at: now,
          ...(newJudge && title ? { title } : {}),
        },
      });
    }
    case 'SetCeremonyStep': {
      if (state.judging.ceremonyStep === command.data.step) return ok();
      return ok({ type: 'CeremonyStepSet', data: { step: command.data.step } });
    }
    case 'RecordPopularityCounts': {
      const { stageId, by } = command.data;
      const award = state.definition.awards?.popularity;
      if (!award) return fail('INVALID_STATE', 'the contest file has no popularity award (awards.popularity)');
      if (!findStage(state.definition, stageId)) return fail('NOT_FOUND', `no stage '${stageId}'`);
      if (by !== award.by) return fail('BAD_REQUEST', `the popularity award counts ${award.by}, not ${by}`);
      const roster = new Set(stageRoster(state, stageId));
      const counts: Record<string, number> = {};
      for (const [id, n] of Object.entries(command.data.counts)) {
        if (!roster.has(id)) return fail('NOT_FOUND', `contestant '${id}' is not on the roster of '${stageId}'`);
        if (!Number.isSafeInteger(n) || n < 0)
          return fail('BAD_REQUEST', `count of '${id}' must be a whole number ≥ 0`);
        counts[id] = n;
      }
      return ok({ type: 'PopularityRecorded', data: { stageId, by, counts, at: now } });
    }
  }
}
