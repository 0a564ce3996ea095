import { withSegment } from '../kernel/definition-edit.ts';
import { questionCard } from './question-card.ts';
import type {
  ActiveQuestion,
  KnowledgeContest,
  KnowledgeEvent,
  KnowledgeState,
  KnowledgeLedgerCause,
} from './types.ts';

export function initialKnowledge(): KnowledgeState {
  return { runs: 0, cards: {}, active: null, finished: [], ledger: [], soundMuted: false, voided: [] };
}

function addScore<S extends KnowledgeContest>(state: S, segmentId: string, contestantId: string, points: number): S {
  if (points === 0) return state;
  const segment = state.scores[segmentId] ?? {};
  return {
    ...state,
    scores: { ...state.scores, [segmentId]: { ...segment, [contestantId]: (segment[contestantId] ?? 0) + points } },
  };
}

function withLedger(
  k: KnowledgeState,
  run: number,
  segmentId: string,
  contestantId: string,
  points: number,
  cause: KnowledgeLedgerCause,
): KnowledgeState {
  if (points === 0) return k;
  const entry = (k.ledger[k.ledger.length - 1]?.entry ?? 0) + 1;
  return { ...k, ledger: [...k.ledger, { entry, run, segmentId, contestantId, points, cause, undone: false }] };
}

/** Fold one knowledge event. Pure; never mutates its input. */
export function evolveKnowledgeEvent<S extends KnowledgeContest>(state: S, event: KnowledgeEvent): S {
  const k = state.knowledge;
  const set = (knowledge: KnowledgeState): S => ({ ...state, knowledge });
  const active = k.active;
  const run = 'run' in event.data ? event.data.run : -1;
  const patch = (p: Partial<ActiveQuestion>): S =>
    active && active.run === run ? set({ ...k, active: { ...active, ...p } }) : state;

  switch (event.type) {
    case 'QuestionPrepared': {
      const d = event.data;
      return set({
        ...k,
        runs: Math.max(k.runs, d.run),
        active: {
          run: d.run,
          segmentId: d.segmentId,
          round: d.round,
          questionId: d.questionId,
          number: d.number ?? 0,
          phase: 'preview',
          contestantId: d.contestantId,
          deadlineAt: null,
          remainingMs: null,
          timer: 0,
          submitted: null,
          result: null,
          revealed: null,
          lockedOut: [],
          buzz: null,
          shownAt: null,
        },
      });
    }
    case 'QuestionShown': {
      if (!active || active.run !== run) return state;
      const { questionId } = event.data;
      // Logs older than the card: the server (which holds the whole bank) makes it from the file.
      const known = state.definition.questions.find((q) => q.id === questionId);
      const card = event.data.question ?? (known ? questionCard(known) : undefined);
      return set({
        ...k,
        cards: card ? { ...k.cards, [questionId]: card } : k.cards,
        active: { ...active, phase: 'shown', questionId, shownAt: event.data.at },
      });
    }
    case 'AnswerTimerStarted':
      return patch({
        phase: 'answering',
        deadlineAt: event.data.deadlineAt,
        remainingMs: null,
        timer: event.data.timer,
      });
    case 'AnswerTimerStopped':
      return patch({ deadlineAt: null, remainingMs: event.data.remainingMs });
    case 'AnswerSubmitted':
      return patch({ submitted: event.data.choice });
    case 'AnswerMarked': {
      if (!active || active.run !== event.data.run) return state;
      const { segmentId, contestantId, result, points } = event.data;
      const lockedOut =
        active.round === 'buzzer' && result !== 'correct' && !active.lockedOut.includes(contestantId)
          ? [...active.lockedOut, contestantId]
          : active.lockedOut;
      const knowledge = withLedger(k, active.run, segmentId, contestantId, points, result);
      return {
        ...addScore(state, segmentId, contestantId, points),
        knowledge: {
          ...knowledge,
          active: { ...active, phase: 'marked', result, deadlineAt: null, remainingMs: null, lockedOut },
        },
      };
    }
    case 'AnswerRevealed': {
      const { run: _run, questionId: _q, ...revealed } = event.data;
      return patch({ revealed });
    }
    case 'QuestionFinished': {
      if (!active || active.run !== event.data.run) return state;
      return set({
        ...k,
        active: null,
        finished: [
          ...k.finished,
          {
            run: active.run,
            segmentId: active.segmentId,
            round: active.round,
            questionId: active.questionId,
            shown: active.shownAt !== null,
            contestantId: active.contestantId,
            result: active.result ?? 'none',
          },
        ],
      });
    }
    case 'BuzzerArmed': {
      const d = event.data;
      return patch({
        phase: 'armed',
        contestantId: null,
        result: null,
        submitted: null,
        deadlineAt: null,
        remainingMs: null,
        buzz: {
          attempt: d.attempt,
          openAt: d.openAt,
          closeAt: d.closeAt,
          graceMs: d.graceMs,
          ...(d.holdMs !== undefined ? { holdMs: d.holdMs } : {}),
          rebound: d.rebound,
          decideAt: null,
          presses: [],
          order: null,
          winnerId: null,
        },
      });
    }
    case 'BuzzPressed': {
      if (!active?.buzz || active.run !== event.data.run || active.buzz.attempt !== event.data.attempt) return state;
      const { press, points, decideAt, segmentId } = event.data;
      const buzz = active.buzz;
      let order = buzz.order;
      if (order && press.decision === 'after') {
        const first = order[0]?.correctedAt ?? press.correctedAt;
        order = [
          ...order,
          {
            contestantId: press.contestantId,
            correctedAt: press.correctedAt,
            gapMs: press.correctedAt - first,
            mode: press.mode,
          },
        ];
      }
      const lockedOut =
        press.decision === 'falseStart' && !active.lockedOut.includes(press.contestantId)
          ? [...active.lockedOut, press.contestantId]
          : active.lockedOut;
      const knowledge = withLedger(k, active.run, segmentId, press.contestantId, points, 'falseStart');
      return {
        ...addScore(state, segmentId, press.contestantId, points),
        knowledge: {
          ...knowledge,
          active: {
            ...active,
            lockedOut,
            buzz: { ...buzz, presses: [...buzz.presses, press], order, decideAt: decideAt ?? buzz.decideAt },
          },
        },
      };
    }
    case 'BuzzDecided': {
      if (!active?.buzz) return state;
      const d = event.data;
      return patch({
        phase: 'answering',
        contestantId: d.winnerId,
        deadlineAt: d.deadlineAt,
        remainingMs: null,
        timer: active.timer + 1,
        buzz: {
          ...active.buzz,
          order: d.order,
          winnerId: d.winnerId,
          ...(d.photoFinish ? { photoFinish: d.photoFinish } : {}),
        },
      });
    }
    case 'BuzzerClosed':
      return patch({ phase: 'closed' });
    case 'PhotoFinishFound': {
      const d = event.data;
      if (!active?.buzz || active.run !== d.run || active.buzz.attempt !== d.attempt) return state;
      // `host`: the buzz waits for the host's choice; `rebuzz`: a BuzzerArmed follows.
      if (d.photoFinish.rule === 'rebuzz') return patch({ rebuzzedAfter: d.photoFinish });
      return patch({ buzz: { ...active.buzz, photoFinish: d.photoFinish } });
    }
    case 'ScoreUndone': {
      const { entry, segmentId, contestantId, points } = event.data;
      const ledger = k.ledger.map((e) => (e.entry === entry ? { ...e, undone: true } : e));
      return { ...addScore(state, segmentId, contestantId, points), knowledge: { ...k, ledger } };
    }
    case 'StageSoundSet':
      return set({ ...k, soundMuted: event.data.muted });
    case 'QuestionVoided':
      return foldVoid(state, event.data);
    case 'StreamDelaySet':
      return set({ ...k, streamDelaySeconds: event.data.seconds });
  }
}

/**
 * Fold a voided question: its ledger entries marked undone and their points reversed, the run
 * closed (when it was active) and marked voided, and the reserve put in its place in the
 * segment's order and taken off the reserve list. A screen that holds no question order (every
 * one but the host's) changes nothing there.
 */
function foldVoid<S extends KnowledgeContest>(
  state: S,
  v: Extract<KnowledgeEvent, { type: 'QuestionVoided' }>['data'],
): S {
  const k = state.knowledge;
  let scored: S = state;
  for (const r of v.reversals) scored = addScore(scored, v.segmentId, r.contestantId, r.points);
  const annulled = new Set(v.reversals.map((r) => r.entry));
  const ledger = k.ledger.map((e) => (annulled.has(e.entry) ? { ...e, undone: true } : e));
  const active = k.active;
  const finished =
    active && active.run === v.run
      ? [
          ...k.finished,
          {
            run: active.run,
            segmentId: active.segmentId,
            round: active.round,
            questionId: active.questionId,
            shown: active.shownAt !== null,
            contestantId: active.contestantId,
            result: active.result ?? ('none' as const),
            voided: true,
          },
        ]
      : k.finished.map((f) => (f.run === v.run ? { ...f, voided: true } : f));
  const replacement = v.replacementId;
  const definition = replacement
    ? withSegment(state.definition, v.segmentId, (g) => {
        if (g.kind !== 'required' && g.kind !== 'buzzer') return g;
        const at = v.questionId ? g.questionIds.indexOf(v.questionId) : -1;
        const questionIds =
          at >= 0
            ? g.questionIds.map((id, i) => (i === at ? replacement : id))
            : g.questionIds.length > 0
              ? [...g.questionIds, replacement]
              : g.questionIds;
        const reserve = (g.reserveQuestionIds ?? []).filter((id) => id !== replacement);
        return { ...g, questionIds, ...(g.reserveQuestionIds ? { reserveQuestionIds: reserve } : {}) };
      })
    : state.definition;
  return {
    ...scored,
    definition,
    knowledge: {
      ...k,
      ledger,
      finished,
      active: active && active.run === v.run ? null : active,
      voided: [...k.voided, v],
    },
  };
}
