/**
 * The knowledge capability's view tables. The question bank is the host's alone (the contest
 * file's view drops it for everyone else): a question reaches a screen only once shown, as the
 * card `QuestionShown` carries; before that it is not even named. The audience's phones get no
 * card at all: play-along carries its own question, held back with the stream.
 */
import type { Actor } from '../kernel/actor.ts';
import type { EventViews, StateViews } from '../kernel/capability.ts';
import type { KnowledgeContest, KnowledgeEvent, KnowledgeSlice, VoidedQuestion } from './types.ts';

/** Roles that see a prepared question before it is shown. */
const previews = (viewer: Actor): boolean => viewer.role === 'host' || viewer.role === 'system';

export const KNOWLEDGE_EVENT_VIEWS: EventViews<KnowledgeEvent> = {
  QuestionPrepared: {
    to: 'all',
    redact: (e, viewer) => (previews(viewer) ? e : { ...e, data: { ...e.data, questionId: '' } }),
  },
  QuestionShown: {
    to: 'all',
    redact: (e, viewer) => {
      if (viewer.role !== 'audience') return e;
      const { question: _question, ...data } = e.data;
      return { type: e.type, data };
    },
  },
  AnswerTimerStarted: { to: 'all' },
  AnswerTimerStopped: { to: 'all' },
  AnswerSubmitted: { to: 'all' },
  AnswerMarked: { to: 'all' },
  AnswerRevealed: { to: 'all' },
  QuestionFinished: { to: 'all' },
  BuzzerArmed: { to: 'all' },
  BuzzPressed: { to: 'all' },
  BuzzDecided: { to: 'all' },
  BuzzerClosed: { to: 'all' },
  PhotoFinishFound: { to: 'all' },
  ScoreUndone: { to: 'all' },
  StageSoundSet: { to: 'all' },
  // Every screen learns a question was voided and its scores reversed; the reserve that replaces
  // it stays the host's until it is shown, and a voided question never shown stays unnamed.
  QuestionVoided: { to: 'all', redact: (e, viewer) => (previews(viewer) ? e : { ...e, data: voidedAsSeen(e.data) }) },
  StreamDelaySet: { to: 'all' },
};

/** A voided question as a screen other than the host's may know it. */
const voidedAsSeen = (v: VoidedQuestion): VoidedQuestion => ({
  ...v,
  questionId: v.shown ? v.questionId : '',
  replacementId: v.replacementId === null ? null : '',
});

export const KNOWLEDGE_STATE_VIEWS: StateViews<KnowledgeSlice, KnowledgeContest> = {
  knowledge: {
    fields: {
      runs: 'all',
      cards: (cards, viewer) => (viewer.role === 'audience' ? {} : cards),
      // The question of a run in preview is the host's alone.
      active: (active, viewer) =>
        active && active.phase === 'preview' && !previews(viewer) ? { ...active, questionId: '' } : active,
      finished: (finished, viewer) =>
        previews(viewer) || finished.every((f) => f.shown)
          ? finished
          : finished.map((f) => (f.shown ? f : { ...f, questionId: '' })),
      ledger: 'all',
      soundMuted: 'all',
      voided: (voided, viewer) => (previews(viewer) ? voided : voided.map(voidedAsSeen)),
      streamDelaySeconds: 'all',
    },
  },
};
