import type { Question, Segment } from '../../model/contest-file-schema.ts';
import { resolveBuzzerSettings, resolveRequiredSettings, resolveWhileMarking } from '../../model/segment-defaults.ts';
import { toHundredths } from '../../scoring/hundredths.ts';
import { fail, ok, refuse, type DecideContext, type Decision } from '../kernel/decision.ts';
import { operatorError, reasonError } from '../kernel/definition-edit.ts';
import { findSegment, stageRoster } from '../kernel/lookup.ts';
import {
  boundedWindow,
  correctPress,
  graceWindow,
  holdDeadline,
  isFalseStart,
  isPhotoFinish,
  pressTime,
  rankPresses,
} from './buzz-arbitration.ts';
import { questionCard } from './question-card.ts';
import { usedQuestionIds } from './run-of-show.ts';
import type {
  ActiveQuestion,
  AnswerResult,
  BuzzState,
  KnowledgeCommand,
  KnowledgeContest,
  KnowledgeEmits,
  KnowledgeEvent,
  PhotoFinish,
  PhotoFinishRule,
  PressDecision,
  PressRecord,
} from './types.ts';

/** Presses recorded per contestant and attempt; mashing beyond this is acknowledged and dropped. */
export const MAX_PRESSES_RECORDED = 5;

type KnowledgeSegment = Extract<Segment, { kind: 'required' | 'buzzer' }>;

/** The knowledge segment `segmentId` and its stage id, or undefined. */
export function knowledgeSegment(
  state: KnowledgeContest,
  segmentId: string,
): { segment: KnowledgeSegment; stageId: string } | undefined {
  const found = findSegment(state.definition, segmentId);
  if (!found) return undefined;
  const { segment } = found;
  if (segment.kind !== 'required' && segment.kind !== 'buzzer') return undefined;
  return { segment, stageId: found.stage.id };
}

/** Exact-set grading of a choice or true/false answer. */
export function gradeChoice(question: Question, choice: readonly string[]): boolean {
  const want = [...new Set(question.answer)].sort();
  const got = [...new Set(choice)].sort();
  return want.length > 0 && want.length === got.length && want.every((k, i) => k === got[i]);
}

/** Answer time of a run's segment, ms. */
function answerMs(segment: KnowledgeSegment): number {
  return segment.kind === 'required'
    ? resolveRequiredSettings(segment).answerSeconds * 1000
    : resolveBuzzerSettings(segment).answerSeconds * 1000;
}

/** The segment's rule for the answer timer while the host marks an oral answer. */
function whileMarking(segment: KnowledgeSegment): 'pause' | 'run' {
  return resolveWhileMarking(segment);
}

/** Points (hundredths) for a result in a segment. A buzzer time-out counts as a wrong answer. */
export function pointsFor(segment: KnowledgeSegment, result: AnswerResult): number {
  if (segment.kind === 'required') {
    const s = resolveRequiredSettings(segment);
    return toHundredths(result === 'correct' ? s.pointsCorrect : result === 'wrong' ? s.pointsWrong : s.pointsTimeout);
  }
  const s = resolveBuzzerSettings(segment);
  return toHundredths(result === 'correct' ? s.pointsCorrect : s.pointsWrong);
}

/** Contestants who may still buzz on the active question. */
export function eligibleBuzzers(state: KnowledgeContest, active: ActiveQuestion): string[] {
  const found = knowledgeSegment(state, active.segmentId);
  if (!found) return [];
  return stageRoster(state, found.stageId).filter((id) => !active.lockedOut.includes(id));
}

function marked(
  segment: KnowledgeSegment,
  active: ActiveQuestion,
  contestantId: string,
  result: AnswerResult,
  by: 'host' | 'phone' | 'timer',
): KnowledgeEvent {
  return {
    type: 'AnswerMarked',
    data: { run: active.run, segmentId: segment.id, contestantId, result, points: pointsFor(segment, result), by },
  };
}

const TERMINAL = new Set(['marked', 'closed']);

export function decideKnowledgeCommand(
  state: KnowledgeContest,
  command: KnowledgeCommand,
  ctx: DecideContext,
): Decision<KnowledgeEmits> {
  const k = state.knowledge;
  const def = state.definition;
  const now = ctx.now;

  if (command.type === 'PrepareQuestion') {
    const { segmentId, questionId, contestantId } = command.data;
    const found = knowledgeSegment(state, segmentId);
    if (!found) return fail('NOT_FOUND', `no knowledge segment '${segmentId}'`);
    if (state.segmentStatus[segmentId] !== 'running')
      return fail('INVALID_STATE', `segment '${segmentId}' is not running`);
    const question = def.questions.find((q) => q.id === questionId);
    if (!question) return fail('NOT_FOUND', `no question '${questionId}'`);
    const events: KnowledgeEmits[] = [];
    if (k.active) {
      if (!TERMINAL.has(k.active.phase) && k.active.phase !== 'preview') {
        return fail('INVALID_STATE', `question run ${k.active.run} is still in progress`);
      }
      events.push({ type: 'QuestionFinished', data: { run: k.active.run } });
    }
    const run = k.runs + 1;
    // "第 N 题": its place in the segment's order, else the next after the runs so far.
    const place = found.segment.questionIds.indexOf(questionId);
    const number = place >= 0 ? place + 1 : k.finished.filter((f) => f.segmentId === segmentId).length + 1;
    if (found.segment.kind === 'required') {
      if (!contestantId) return fail('BAD_REQUEST', 'a required-round question needs a contestant');
      if (!stageRoster(state, found.stageId).includes(contestantId)) {
        return fail('NOT_FOUND', `contestant '${contestantId}' is not on the roster of this stage`);
      }
      events.push({
        type: 'QuestionPrepared',
        data: { run, segmentId, round: 'required', questionId, contestantId, number },
      });
      if (state.currentContestantId !== contestantId) {
        events.push({ type: 'CurrentContestantSet', data: { contestantId } });
      }
      return ok(...events);
    }
    if (contestantId) return fail('BAD_REQUEST', 'a buzzer question is not assigned to a contestant');
    events.push({
      type: 'QuestionPrepared',
      data: { run, segmentId, round: 'buzzer', questionId, contestantId: null, number },
    });
    if (state.currentContestantId !== null) events.push({ type: 'CurrentContestantSet', data: { contestantId: null } });
    return ok(...events);
  }

  if (command.type === 'SetStageSound') {
    if (k.soundMuted === command.data.muted) return ok();
    return ok({ type: 'StageSoundSet', data: { muted: command.data.muted } });
  }

  if (command.type === 'VoidQuestion') return decideVoid(state, command.data, now);
  if (command.type === 'SetStreamDelay') {
    // A contest-level setting, changeable on the fly; recorded so a restarted server holds the same delay.
    if ((k.streamDelaySeconds ?? 0) === command.data.seconds) return ok();
    return ok({ type: 'StreamDelaySet', data: { seconds: command.data.seconds, at: now } });
  }

  if (command.type === 'UndoScore') {
    const last = [...k.ledger].reverse().find((e) => !e.undone);
    if (!last) return fail('INVALID_STATE', 'no scoring decision to undo');
    return ok({
      type: 'ScoreUndone',
      data: {
        entry: last.entry,
        segmentId: last.segmentId,
        contestantId: last.contestantId,
        points: -last.points,
        reason: command.data.reason,
      },
    });
  }

  // Every other command acts on the active run.
  const active = k.active;
  if (!active || active.run !== command.data.run) {
    return fail('INVALID_STATE', `question run ${command.data.run} is not the active one`);
  }
  const found = knowledgeSegment(state, active.segmentId);
  if (!found) return fail('NOT_FOUND', `no knowledge segment '${active.segmentId}'`);
  const { segment } = found;
  const question = def.questions.find((q) => q.id === active.questionId);
  if (!question) return fail('NOT_FOUND', `no question '${active.questionId}'`);

  switch (command.type) {
    case 'ShowQuestion': {
      if (active.phase !== 'preview') return fail('INVALID_STATE', 'the question is already shown');
      const events: KnowledgeEmits[] = [
        {
          type: 'QuestionShown',
          data: { run: active.run, questionId: active.questionId, at: now, question: questionCard(question) },
        },
      ];
      if (state.scene !== 'question') events.push({ type: 'SceneChosen', data: { scene: 'question' } });
      return ok(...events);
    }
    case 'StartAnswerTimer': {
      const canStart =
        (active.phase === 'shown' && active.round === 'required') ||
        (active.phase === 'answering' && active.deadlineAt === null);
      if (!canStart) return fail('INVALID_STATE', 'the answer timer cannot start now');
      const ms = active.remainingMs ?? answerMs(segment);
      return ok({
        type: 'AnswerTimerStarted',
        data: { run: active.run, timer: active.timer + 1, deadlineAt: now + ms, at: now },
      });
    }
    case 'StopAnswerTimer': {
      if (active.phase !== 'answering' || active.deadlineAt === null) {
        return fail('INVALID_STATE', 'the answer timer is not running');
      }
      return ok({
        type: 'AnswerTimerStopped',
        data: { run: active.run, remainingMs: Math.max(0, active.deadlineAt - now) },
      });
    }
    case 'BeginMarking': {
      // The host starts judging an answer given aloud: by the segment's rule the answer timer
      // pauses (no automatic time-out while the host decides) or keeps running.
      if (active.phase !== 'answering' || !active.contestantId) {
        return fail('INVALID_STATE', 'there is no answer to mark now');
      }
      if (active.deadlineAt === null || whileMarking(segment) === 'run') return ok();
      return ok({
        type: 'AnswerTimerStopped',
        data: { run: active.run, remainingMs: Math.max(0, active.deadlineAt - now) },
      });
    }
    case 'SubmitAnswer': {
      if (ctx.actor.role !== 'contestant' || ctx.actor.subjectId !== active.contestantId) {
        return fail('FORBIDDEN', 'only the contestant answering may submit');
      }
      const open = active.round === 'required' ? ['shown', 'answering'] : ['answering'];
      if (!open.includes(active.phase)) return fail('INVALID_STATE', 'not answering now');
      if (question.kind === 'open') return fail('INVALID_STATE', 'an open question is answered aloud');
      const keys = question.kind === 'truefalse' ? ['true', 'false'] : (question.options ?? []).map((o) => o.key);
      const choice = [...new Set(command.data.choice)].sort();
      if (!choice.every((c) => keys.includes(c))) return fail('BAD_REQUEST', 'unknown option');
      if (question.kind !== 'multiple' && choice.length !== 1) return fail('BAD_REQUEST', 'choose exactly one option');
      const contestantId = active.contestantId;
      return ok(
        { type: 'AnswerSubmitted', data: { run: active.run, contestantId, choice, at: now } },
        marked(segment, active, contestantId, gradeChoice(question, choice) ? 'correct' : 'wrong', 'phone'),
      );
    }
    case 'MarkAnswer': {
      const markable = active.round === 'required' ? ['shown', 'answering'] : ['answering'];
      if (!markable.includes(active.phase) || !active.contestantId) {
        return fail('INVALID_STATE', 'there is no answer to mark now');
      }
      return ok(marked(segment, active, active.contestantId, command.data.result, 'host'));
    }
    case 'TimeOutAnswer': {
      if (active.phase !== 'answering' || active.timer !== command.data.timer || !active.contestantId) {
        return fail('INVALID_STATE', 'that answer timer is no longer running');
      }
      return ok(marked(segment, active, active.contestantId, 'timeout', 'timer'));
    }
    case 'RevealAnswer': {
      if (!TERMINAL.has(active.phase)) return fail('INVALID_STATE', 'mark the answer (or close the buzzer) first');
      if (active.revealed) return ok();
      return ok({
        type: 'AnswerRevealed',
        data: {
          run: active.run,
          questionId: question.id,
          answer: [...question.answer],
          ...(question.reference !== undefined ? { reference: question.reference } : {}),
          ...(question.explanation !== undefined ? { explanation: question.explanation } : {}),
        },
      });
    }
    case 'FinishQuestion':
      return ok({ type: 'QuestionFinished', data: { run: active.run } });
    case 'ArmBuzzer': {
      if (active.round !== 'buzzer') return fail('INVALID_STATE', 'this is not a buzzer question');
      const rebound = active.phase === 'marked' && active.result !== 'correct';
      if (active.phase !== 'shown' && !rebound) return fail('INVALID_STATE', 'the buzzer cannot be armed now');
      if (eligibleBuzzers(state, active).length === 0) return fail('INVALID_STATE', 'nobody is left to buzz');
      const s = resolveBuzzerSettings(segment);
      const openAt = now + s.openDelayMs;
      return ok({
        type: 'BuzzerArmed',
        data: {
          run: active.run,
          attempt: (active.buzz?.attempt ?? 0) + 1,
          openAt,
          closeAt: openAt + s.buzzSeconds * 1000,
          // For ArmBuzzer the gateway passes the slowest connected contestant phone's link.
          graceMs: graceWindow(ctx.link?.rttMs),
          rebound,
          // A gateway that probes every phone at the first press holds the decision for their answers.
          ...(ctx.link?.absenceProofs && Number.isFinite(ctx.link.rttMs)
            ? { holdMs: boundedWindow(ctx.link.rttMs) }
            : {}),
        },
      });
    }
    case 'Buzz': {
      const buzz = active.buzz;
      const me = ctx.actor.subjectId;
      if (ctx.actor.role !== 'contestant' || !me) return fail('FORBIDDEN', 'only a contestant may buzz');
      if (!buzz || buzz.attempt !== command.data.attempt) return fail('INVALID_STATE', 'that buzzer round is over');
      if (!stageRoster(state, found.stageId).includes(me)) return fail('FORBIDDEN', 'not on the roster of this stage');
      const decidedOrArmed = active.phase === 'armed' || (buzz.order !== null && active.phase === 'answering');
      if (!decidedOrArmed) return fail('INVALID_STATE', 'the buzzer is not armed');
      // Past the buzz window nothing is recorded, decided or not: a press held back by a dead link
      // (a phone that was offline) must not join the order behind the winner minutes later (R3).
      if (now > buzz.closeAt) return fail('INVALID_STATE', 'the buzzer has closed');
      const mine = buzz.presses.filter((p) => p.contestantId === me);
      if (mine.length >= MAX_PRESSES_RECORDED) return ok();
      // The claim as recorded, by the one rounding rule of the press times (pressTime): a claim
      // kept is then its corrected time exactly. The arrival keeps the server clock's fraction:
      // two presses with the same corrected millisecond are ranked by which arrived first.
      const claimedAt = command.data.pressedAt === null ? null : pressTime(command.data.pressedAt);
      const arrivedAt = now;
      const corrected = correctPress({
        claimedAt,
        arrivedAt,
        windowMs: ctx.link?.rttMs ?? Number.POSITIVE_INFINITY,
        synced: ctx.link?.synced ?? false,
        ...(ctx.link?.errorMs !== undefined ? { errorMs: ctx.link.errorMs } : {}),
        ...(ctx.link?.uncertaintyMs !== undefined ? { uncertaintyMs: ctx.link.uncertaintyMs } : {}),
        ...(ctx.link?.lagMs !== undefined ? { lagMs: ctx.link.lagMs } : {}),
      });
      let decision: PressDecision;
      if (active.lockedOut.includes(me)) decision = 'lockedOut';
      else if (mine.some((p) => p.decision === 'accepted' || p.decision === 'after')) decision = 'duplicate';
      else if (isFalseStart(corrected.correctedAt, buzz.openAt)) decision = 'falseStart';
      else if (buzz.order !== null || (buzz.decideAt !== null && now > buzz.decideAt)) decision = 'after';
      else decision = 'accepted';
      const penalty = decision === 'falseStart' ? toHundredths(resolveBuzzerSettings(segment).falseStartPenalty) : 0;
      const first = decision === 'accepted' && buzz.decideAt === null;
      return ok({
        type: 'BuzzPressed',
        data: {
          run: active.run,
          attempt: buzz.attempt,
          segmentId: segment.id,
          press: {
            contestantId: me,
            claimedAt,
            arrivedAt,
            windowMs: corrected.windowMs,
            correctedAt: corrected.correctedAt,
            mode: corrected.mode,
            decision,
            boundMs: corrected.boundMs,
            ...(ctx.link?.errorMs !== undefined && corrected.mode !== 'arrival' ? { errorMs: ctx.link.errorMs } : {}),
          },
          points: penalty === 0 ? 0 : -penalty,
          decideAt: first
            ? buzz.holdMs !== undefined
              ? holdDeadline(now, corrected.correctedAt, buzz.holdMs)
              : now + buzz.graceMs
            : null,
        },
      });
    }
    case 'DecideBuzz': {
      const buzz = active.buzz;
      if (active.phase !== 'armed' || !buzz || buzz.attempt !== command.data.attempt || buzz.decideAt === null) {
        return fail('INVALID_STATE', 'no buzz to decide');
      }
      if (buzz.photoFinish) return fail('INVALID_STATE', 'the host settles this photo finish');
      const ranked = rankPresses(buzz.presses.filter((p) => p.decision === 'accepted'));
      if (!ranked[0]) return fail('INVALID_STATE', 'no valid press');
      // A second photo finish on a re-buzzed question is settled by the earlier estimate.
      const asked = photoFinishRule(segment);
      const rule = asked === 'rebuzz' && active.rebuzzedAfter ? 'earlier' : asked;
      const photoFinish = photoFinishOf(buzz.presses, ranked[0]?.contestantId, ranked[1]?.contestantId, rule);
      if (photoFinish && rule !== 'earlier') {
        const found: KnowledgeEmits = {
          type: 'PhotoFinishFound',
          data: { run: active.run, attempt: buzz.attempt, photoFinish, at: now },
        };
        if (rule === 'host') return ok(found);
        const s = resolveBuzzerSettings(segment);
        const openAt = now + s.openDelayMs;
        return ok<KnowledgeEmits>(found, {
          type: 'BuzzerArmed',
          data: {
            run: active.run,
            attempt: buzz.attempt + 1,
            openAt,
            closeAt: openAt + s.buzzSeconds * 1000,
            graceMs: buzz.graceMs,
            rebound: false,
            ...(buzz.holdMs !== undefined ? { holdMs: buzz.holdMs } : {}),
          },
        });
      }
      return ok(...buzzDecided(state, segment, active, buzz, ranked[0].contestantId, now, photoFinish));
    }
    case 'SettlePhotoFinish': {
      const buzz = active.buzz;
      const { attempt, contestantId } = command.data;
      if (active.phase !== 'armed' || !buzz || buzz.attempt !== attempt || !buzz.photoFinish || buzz.order !== null) {
        return fail('INVALID_STATE', 'there is no photo finish to settle');
      }
      if (!buzz.photoFinish.presses.some((p) => p.contestantId === contestantId)) {
        return fail('BAD_REQUEST', 'choose one of the two presses of the photo finish');
      }
      return ok(
        ...buzzDecided(state, segment, active, buzz, contestantId, now, {
          ...buzz.photoFinish,
          chosenId: contestantId,
        }),
      );
    }
    case 'CloseBuzzer': {
      const buzz = active.buzz;
      if (active.phase !== 'armed' || !buzz || buzz.attempt !== command.data.attempt || buzz.decideAt !== null) {
        return fail('INVALID_STATE', 'the buzzer is not waiting for a press');
      }
      return ok({ type: 'BuzzerClosed', data: { run: active.run, attempt: buzz.attempt, at: now } });
    }
  }
}

/** The contest's photo-finish rule for a buzzer segment (default: the earlier estimate wins). */
function photoFinishRule(segment: KnowledgeSegment): PhotoFinishRule {
  return (segment.kind === 'buzzer' ? segment.settings?.photoFinish : undefined) ?? 'earlier';
}

/**
 * The decision: `winnerId` answers; the other valid presses follow by corrected time, then the
 * presses that arrived after the decision was due, each with its gap to the winner.
 */
function buzzDecided(
  state: KnowledgeContest,
  segment: KnowledgeSegment,
  active: ActiveQuestion,
  buzz: BuzzState,
  winnerId: string,
  now: number,
  photoFinish: PhotoFinish | undefined,
): KnowledgeEmits[] {
  const ranked = rankPresses(buzz.presses.filter((p) => p.decision === 'accepted'));
  const winner = ranked.find((p) => p.contestantId === winnerId) ?? ranked[0]!;
  const gap = <P extends { correctedAt: number }>(p: P) => ({ ...p, gapMs: p.correctedAt - winner.correctedAt });
  const late = rankPresses(buzz.presses.filter((p) => p.decision === 'after')).map(gap);
  const order = [winner, ...ranked.filter((p) => p !== winner), ...late].map(gap);
  const events: KnowledgeEmits[] = [
    {
      type: 'BuzzDecided',
      data: {
        run: active.run,
        attempt: buzz.attempt,
        winnerId: winner.contestantId,
        order,
        deadlineAt: now + answerMs(segment),
        at: now,
        ...(photoFinish ? { photoFinish } : {}),
      },
    },
  ];
  if (state.currentContestantId !== winner.contestantId) {
    events.push({ type: 'CurrentContestantSet', data: { contestantId: winner.contestantId } });
  }
  return events;
}

/**
 * The photo finish of the two leading presses, or undefined when they are told apart. A press
 * from a log written before bounds were recorded counts as bound 0 (never a photo finish).
 */
function photoFinishOf(
  presses: readonly PressRecord[],
  firstId: string | undefined,
  secondId: string | undefined,
  rule: PhotoFinishRule,
): PhotoFinish | undefined {
  const pick = (id: string | undefined) => presses.find((p) => p.contestantId === id && p.decision === 'accepted');
  const a = pick(firstId);
  const b = pick(secondId);
  if (!a || !b) return undefined;
  const first = { contestantId: a.contestantId, correctedAt: a.correctedAt, boundMs: a.boundMs ?? 0 };
  const second = { contestantId: b.contestantId, correctedAt: b.correctedAt, boundMs: b.boundMs ?? 0 };
  return isPhotoFinish(first, second) ? { presses: [first, second], rule } : undefined;
}

/**
 * Void a question asked on the night: the run's every ledger entry still standing is reversed
 * exactly, and the segment's first reserve question not yet used takes the voided one's place
 * in the order (so the host's "next" asks it, to the same contestant in a required round).
 */
function decideVoid(
  state: KnowledgeContest,
  data: Extract<KnowledgeCommand, { type: 'VoidQuestion' }>['data'],
  now: number,
): Decision<KnowledgeEmits> {
  const k = state.knowledge;
  const reason = data.reason.trim();
  const noReason = reasonError(reason);
  if (noReason) return refuse(noReason);
  const active = k.active && k.active.run === data.run ? k.active : null;
  const done = active ? undefined : k.finished.find((f) => f.run === data.run);
  const asked = active ?? done;
  if (!asked) return refuse(operatorError('NOT_FOUND', `没有第 ${data.run} 轮出题`, `no question run ${data.run}`));
  if (k.voided.some((v) => v.run === data.run))
    return refuse(operatorError('INVALID_STATE', '这道题已作废', `question run ${data.run} is already voided`));
  const found = knowledgeSegment(state, asked.segmentId);
  if (!found) return fail('NOT_FOUND', `no knowledge segment '${asked.segmentId}'`);
  const { segment } = found;
  if (state.segmentStatus[segment.id] !== 'running')
    return refuse(
      operatorError(
        'INVALID_STATE',
        `「${segment.name}」未在进行，不能作废其中的题`,
        `segment '${segment.name}' is not running; its questions cannot be voided now`,
      ),
    );
  const voidedIds = new Set(k.voided.map((v) => v.questionId));
  const used = usedQuestionIds(state, segment.id);
  const replacementId =
    (segment.reserveQuestionIds ?? []).find(
      (id) =>
        id !== asked.questionId &&
        !segment.questionIds.includes(id) &&
        !used.has(id) &&
        !voidedIds.has(id) &&
        state.definition.questions.some((q) => q.id === id),
    ) ?? null;
  if (replacementId === null && !data.withoutReplacement)
    return refuse(
      operatorError(
        'INVALID_STATE',
        `「${segment.name}」没有可用的备用题；如仍要作废，请选择“作废且不补题”`,
        `segment '${segment.name}' has no reserve question left; void it without replacement to go on`,
      ),
    );
  const place = segment.questionIds.indexOf(asked.questionId);
  const number = active ? active.number : place >= 0 ? place + 1 : 0;
  const reversals = k.ledger
    .filter((e) => e.run === data.run && !e.undone)
    .map((e) => ({ entry: e.entry, contestantId: e.contestantId, points: -e.points }));
  return ok({
    type: 'QuestionVoided',
    data: {
      run: data.run,
      segmentId: segment.id,
      questionId: asked.questionId,
      number,
      shown: active ? active.shownAt !== null : (done?.shown ?? false),
      contestantId: asked.round === 'required' ? asked.contestantId : null,
      replacementId,
      reversals,
      reason,
      at: now,
    },
  });
}
