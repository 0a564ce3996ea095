/**
 * One taker's paper: a pure decider over a stream of its own (`paper-<contest>-<segment>-<taker>`
 * on the server). The contest-level facts it needs (is the test open, this taker's extra time,
 * void, reopened) come in a `PaperContext` read off the contest state; the paper's own stream
 * holds only what the taker's devices and the server's clock did to it.
 */
import type { Question } from '../../model/contest-file-schema.ts';
import type { ResolvedWrittenSettings } from '../../model/segment-defaults.ts';
import { fail, ok, type Decision } from '../kernel/decision.ts';
import { drawPaper } from './paper-draw.ts';
import type { WrittenRun } from './types.ts';

export type SubmitReason = 'taker' | 'focus' | 'time' | 'close';

export interface Paper {
  segmentId: string;
  takerId: string;
  /** The per-taker seed the layout was drawn from (recorded, so it can be drawn again). */
  seed: number;
  /** Open registration: what the taker typed. */
  name: string | null;
  unit: string | null;
  openedAt: number;
  questionIds: string[];
  optionOrder: Record<string, string[]>;
  /** Question id → chosen option keys (sorted). */
  answers: Record<string, string[]>;
  saves: number;
  focusLosses: number;
  /** The device holding the paper now (a second device takes it over). */
  device: string;
  takeovers: number;
  lastSeenAt: number;
  /** The last submit; it counts for the round it names (a reopen starts a new round). */
  submitted: { at: number; reason: SubmitReason; round: number } | null;
  /** Stream version of the last event folded in. */
  version: number;
}

export type PaperCommand =
  | { type: 'OpenPaper'; data: { device: string; seed: number; name?: string; unit?: string } }
  | { type: 'SaveAnswer'; data: { questionId: string; choice: string[] } }
  | { type: 'ReportFocusLoss'; data: Record<string, never> }
  | { type: 'SubmitPaper'; data: Record<string, never> }
  /** The server's: time is up (the taker's own, or the test closed). */
  | { type: 'ExpirePaper'; data: { reason: 'time' | 'close' } };

export type PaperEvent =
  | {
      type: 'PaperOpened';
      data: {
        segmentId: string;
        takerId: string;
        seed: number;
        questionIds: string[];
        optionOrder: Record<string, string[]>;
        device: string;
        name?: string;
        unit?: string;
        at: number;
      };
    }
  | { type: 'PaperTakenOver'; data: { device: string; previous: string; at: number } }
  | { type: 'AnswerSaved'; data: { questionId: string; choice: string[]; at: number } }
  | { type: 'FocusLost'; data: { count: number; at: number } }
  | { type: 'PaperSubmitted'; data: { reason: SubmitReason; round: number; at: number } };

/** What a paper decision needs besides the paper: the clock, the segment and the contest's run of it. */
export interface PaperContext {
  now: number;
  segmentId: string;
  takerId: string;
  run: WrittenRun;
  settings: ResolvedWrittenSettings;
  /** The segment's questions, in the segment's order. */
  questions: readonly Question[];
}

/** The round a paper is in: how often the host has reopened it. */
export const paperRound = (run: WrittenRun, takerId: string): number => run.reopened[takerId] ?? 0;

/** Whether the paper's submit counts now (a reopen after it starts a new round). */
export const isSubmitted = (paper: Paper, run: WrittenRun): boolean =>
  paper.submitted !== null && paper.submitted.round >= paperRound(run, paper.takerId);

/**
 * When this taker's time runs out, server time: the window's close, or first opening + duration,
 * plus any extra time the host gave; never after the test has closed.
 */
export function paperDeadline(
  paper: Pick<Paper, 'openedAt' | 'takerId'> | null,
  run: WrittenRun,
  settings: Pick<ResolvedWrittenSettings, 'timing' | 'durationSeconds'>,
  now: number,
): number | null {
  if (run.status === 'closed') return run.closedAt;
  const extra = paper ? (run.extensions[paper.takerId] ?? 0) : 0;
  if (settings.timing === 'window') return run.closesAt;
  const start = paper?.openedAt ?? now;
  const own = start + settings.durationSeconds * 1000 + extra;
  return run.closesAt === null ? own : Math.min(own, run.closesAt);
}

/** Where a paper stands, for the proctor and the taker. */
export type PaperStatus = 'writing' | 'submitted' | 'void';
export function paperStatus(paper: Paper, run: WrittenRun): PaperStatus {
  if (Object.hasOwn(run.voided, paper.takerId)) return 'void';
  return isSubmitted(paper, run) ? 'submitted' : 'writing';
}

/** A choice as stored: distinct keys, sorted (so the same choice is the same event). */
const normalise = (choice: readonly string[]): string[] => [...new Set(choice)].sort();

/** Decide a paper command. Pure: time, seed and device come from the caller. */
export function decidePaper(paper: Paper | null, command: PaperCommand, ctx: PaperContext): Decision<PaperEvent> {
  const { now: at, run } = ctx;
  if (command.type === 'OpenPaper') {
    if (run.status !== 'open') return fail('INVALID_STATE', `written test '${ctx.segmentId}' is not open`);
    if (paper) {
      if (paper.device === command.data.device) return ok();
      return ok({ type: 'PaperTakenOver', data: { device: command.data.device, previous: paper.device, at } });
    }
    const layout = drawPaper(ctx.questions, ctx.settings, command.data.seed);
    const { name, unit } = command.data;
    return ok({
      type: 'PaperOpened',
      data: {
        segmentId: ctx.segmentId,
        takerId: ctx.takerId,
        seed: command.data.seed,
        ...layout,
        device: command.data.device,
        ...(name ? { name } : {}),
        ...(unit ? { unit } : {}),
        at,
      },
    });
  }
  if (!paper) return fail('INVALID_STATE', 'the paper has not been opened');
  const submitted = isSubmitted(paper, run);
  const round = paperRound(run, paper.takerId);
  switch (command.type) {
    case 'SubmitPaper':
      // A second submit, or one after the server's, is answered as done: the paper is in.
      if (submitted) return ok();
      return ok({ type: 'PaperSubmitted', data: { reason: 'taker', round, at } });
    case 'ExpirePaper':
      if (submitted) return ok();
      return ok({ type: 'PaperSubmitted', data: { reason: command.data.reason, round, at } });
    case 'SaveAnswer': {
      if (Object.hasOwn(run.voided, paper.takerId)) return fail('INVALID_STATE', 'this paper is void');
      if (submitted) return fail('INVALID_STATE', 'this paper has been submitted');
      const deadline = paperDeadline(paper, run, ctx.settings, at);
      if (run.status !== 'open' || (deadline !== null && at > deadline)) return fail('INVALID_STATE', 'time is up');
      const { questionId } = command.data;
      const keys = paper.optionOrder[questionId];
      if (!keys) return fail('NOT_FOUND', `question '${questionId}' is not on this paper`);
      const choice = normalise(command.data.choice);
      for (const c of choice) if (!keys.includes(c)) return fail('BAD_REQUEST', `'${c}' is not an option`);
      const kind = ctx.questions.find((q) => q.id === questionId)?.kind;
      if (kind !== 'multiple' && choice.length > 1) return fail('BAD_REQUEST', 'choose one option');
      const before = paper.answers[questionId] ?? [];
      if (before.length === choice.length && before.every((c, i) => c === choice[i])) return ok();
      return ok({ type: 'AnswerSaved', data: { questionId, choice, at } });
    }
    case 'ReportFocusLoss': {
      if (submitted || run.status !== 'open') return ok();
      const count = paper.focusLosses + 1;
      const limit = ctx.settings.focusLossLimit;
      const events: PaperEvent[] = [{ type: 'FocusLost', data: { count, at } }];
      if (limit !== null && count >= limit)
        events.push({ type: 'PaperSubmitted', data: { reason: 'focus', round, at } });
      return ok(...events);
    }
  }
}

/** Fold one paper event. Pure; `version` is the event's stream version. */
export function evolvePaper(paper: Paper | null, event: PaperEvent, version: number): Paper | null {
  if (event.type === 'PaperOpened') {
    const d = event.data;
    return {
      segmentId: d.segmentId,
      takerId: d.takerId,
      seed: d.seed,
      name: d.name ?? null,
      unit: d.unit ?? null,
      openedAt: d.at,
      questionIds: d.questionIds,
      optionOrder: d.optionOrder,
      answers: {},
      saves: 0,
      focusLosses: 0,
      device: d.device,
      takeovers: 0,
      lastSeenAt: d.at,
      submitted: null,
      version,
    };
  }
  if (!paper) return paper;
  const p: Paper = { ...paper, version, lastSeenAt: Math.max(paper.lastSeenAt, event.data.at) };
  switch (event.type) {
    case 'PaperTakenOver':
      p.device = event.data.device;
      p.takeovers++;
      return p;
    case 'AnswerSaved': {
      // A cleared answer is no answer: the question leaves the paper's answers, as unanswered.
      const { [event.data.questionId]: _cleared, ...rest } = p.answers;
      p.answers = event.data.choice.length > 0 ? { ...rest, [event.data.questionId]: event.data.choice } : rest;
      p.saves++;
      return p;
    }
    case 'FocusLost':
      p.focusLosses = event.data.count;
      return p;
    case 'PaperSubmitted':
      p.submitted = { at: event.data.at, reason: event.data.reason, round: event.data.round };
      return p;
  }
}

/** A paper's question as its taker sees it: no key, options in the taker's order. */
export interface TakerQuestion {
  id: string;
  kind: Question['kind'];
  text: string;
  options: { key: string; text: string }[];
}

/** The taker's questions for a paper (never the key: that comes only with a release `withKey`). */
export function takerQuestions(paper: Paper, questions: ReadonlyMap<string, Question>): TakerQuestion[] {
  return paper.questionIds.flatMap((id) => {
    const q = questions.get(id);
    if (!q) return [];
    const texts = new Map((q.options ?? []).map((o) => [o.key, o.text]));
    const options = (paper.optionOrder[id] ?? []).map((key) => ({ key, text: texts.get(key) ?? key }));
    return [{ id, kind: q.kind, text: q.text, options }];
  });
}
