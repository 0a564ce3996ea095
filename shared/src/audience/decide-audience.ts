/**
 * The audience's decider: the rules for comments, likes, cheers, play-along and moderation, as a
 * pure function of the audience state, a command and its context (the clock, the sender, the
 * contest state it reads). Shaped like a contest capability (kernel/capability.ts): commands and
 * who may send them, `decide`, `evolve` (model.ts) and a view table (views-audience.ts), but
 * over its own stream `audience-<contestId>`, never the contest's.
 *
 * The server does the I/O around it (server/src/audience/): the gate's limits and word filter,
 * the address guard, batching the events into the stream, and sending the frames.
 */
import type { Actor, Role } from '../contest/kernel/actor.ts';
import type { DecideContext, Decision } from '../contest/kernel/decision.ts';
import { fail, ok, refuse } from '../contest/kernel/decision.ts';
import { domainError, refusedError, retryLaterError, type DomainError } from '../contest/kernel/errors.ts';
import { stageRoster } from '../contest/kernel/lookup.ts';
import type { ContestState } from '../contest/state.ts';
import type { CommentMode, Question } from '../model/contest-file-schema.ts';
import {
  MAX_QUEUE,
  answerIsRight,
  nicknameOf,
  type AudienceEvent,
  type AudienceState,
  type CommentColor,
  type CommentSource,
} from './model.ts';
import { tidyWordEntry } from './word-entries.ts';
import { likeAgeClass } from './popularity-weights.ts';

/** The word filter's verdict on a comment's text (the server's filter judges; the decider rules on it). */
export interface FilterVerdict {
  outcome: 'pass' | 'review' | 'refuse';
  /** The entries that matched (for a comment held for review). */
  hits: string[];
}

/**
 * The audience's commands. The sender's device id is the actor's `subjectId`. Texts arrive
 * cleaned (the gate's `cleanText`), and the facts only the server can know (the comment's new
 * id, the filter's verdict, whether the sender's address carries a ban) are in the command. A
 * platform's comment (server/src/ingest) also names its `source` and the sender's `nickname`
 * there (made and checked by the server); a phone's takes the nickname it set.
 */
export type AudienceCommand =
  | {
      type: 'PostComment';
      data: {
        id: string;
        text: string;
        color: CommentColor;
        verdict: FilterVerdict;
        bannedAddress: boolean;
        source?: CommentSource;
        nickname?: string;
        /** The sender's address tag and when its identity was first issued (absent: an exempt address or a platform). */
        addressTag?: string;
        since?: number;
      };
    }
  | { type: 'CountLikes'; data: { count: number } }
  | { type: 'CastCheer'; data: { contestantId: string; addressTag?: string; since?: number } }
  | { type: 'CountPlatformLikes'; data: { count: number } }
  /** Page likes from one sender: its address tag and its device's age (absent: an exempt address, full-aged). */
  | { type: 'TallyLikes'; data: { count: number; addressTag: string; since?: number } }
  | {
      type: 'MuteSenders';
      data: { deviceIds: string[]; addressTag: string; until: number; level: number; strikes: number; at?: number };
    }
  | { type: 'TrustSender'; data: { deviceId: string; trusted: boolean } }
  | { type: 'SetNickname'; data: { nickname: string } }
  | { type: 'AnswerPlayAlong'; data: { roundId: string; answer: string[] } }
  | { type: 'DecideComments'; data: { ids: string[]; approve: boolean } }
  | { type: 'BanSender'; data: { commentId: string } }
  | { type: 'PinComment'; data: { commentId: string | null } }
  | { type: 'SetKillSwitch'; data: { active: boolean } }
  | { type: 'SetCommentMode'; data: { mode: CommentMode } }
  | { type: 'ChangeWords'; data: { add: string[]; remove: string[] } }
  | { type: 'OpenPlayAlong'; data: { questionId: string } }
  | { type: 'ClosePlayAlong'; data: Record<string, never> };

export type AudienceCommandType = AudienceCommand['type'];

const PHONE: readonly Role[] = ['audience'];
const HOST: readonly Role[] = ['host'];

/** Who may send each command (`system`: the server itself, e.g. the likes counted in a second). */
export const AUDIENCE_COMMAND_ROLES: { readonly [K in AudienceCommandType]: readonly Role[] } = {
  PostComment: PHONE,
  CountLikes: ['system'],
  CastCheer: PHONE,
  CountPlatformLikes: ['system'],
  TallyLikes: ['system'],
  MuteSenders: ['system'],
  TrustSender: HOST,
  SetNickname: PHONE,
  AnswerPlayAlong: PHONE,
  DecideComments: HOST,
  BanSender: HOST,
  PinComment: HOST,
  SetKillSwitch: HOST,
  SetCommentMode: HOST,
  ChangeWords: HOST,
  OpenPlayAlong: HOST,
  ClosePlayAlong: HOST,
};

/** What the audience decider reads besides its own state: the contest (stages, rosters, questions). */
export interface AudienceDecideContext extends DecideContext {
  contest: ContestState | null | undefined;
}

/** A refusal that says why in a typed field (`refusal`), so a phone never reads the prose. */
export const mutedError = (): DomainError => refusedError('muted', 'you may not comment');
export const filteredError = (message: string): DomainError => refusedError('filtered', message);
/** A refusal with when to try again as a typed field (`retryAfterMs`); the message says it for people. */
export const retryLater = (code: 'RATE_LIMITED' | 'UNAVAILABLE', message: string, retryAfterMs: number): DomainError =>
  retryLaterError(code, `${message}retry in ${Math.ceil(retryAfterMs)} ms`, retryAfterMs);

/** The stage cheers count for: the current one, else the first not finished, else the first. */
export function cheerStage(state: ContestState | null | undefined): string | null {
  if (!state) return null;
  const stages = state.definition.stages;
  return (
    state.currentStageId ?? stages.find((s) => state.stageStatus[s.id] !== 'finished')?.id ?? stages[0]?.id ?? null
  );
}

/** A question of the contest file by id. */
export const contestQuestion = (contest: ContestState | null | undefined, questionId: string): Question | undefined =>
  contest?.definition.questions.find((q) => q.id === questionId);

const deviceOf = (actor: Actor): string => actor.subjectId ?? '';

/** Decide one audience command. Pure: the same state, command and context give the same events. */
export function decideAudience(
  s: AudienceState,
  command: AudienceCommand,
  ctx: AudienceDecideContext,
): Decision<AudienceEvent> {
  const roles = AUDIENCE_COMMAND_ROLES[command.type];
  if (ctx.actor.role !== 'system' && !roles.includes(ctx.actor.role)) {
    return fail('FORBIDDEN', `${ctx.actor.role} may not ${command.type}`);
  }
  const at = ctx.now;
  const deviceId = deviceOf(ctx.actor);
  switch (command.type) {
    case 'PostComment': {
      const p = command.data;
      if (s.mode === 'closed') return fail('INVALID_STATE', 'comments are closed');
      if (s.banned[deviceId]) return refuse(mutedError());
      // Muted by strikes from its address (audience-strikes.ts), for a while.
      if ((s.muted[deviceId] ?? 0) > at) return refuse(mutedError());
      // A device first named at a muted address while the mute lasts (whichever edge it came through).
      const hold = p.addressTag !== undefined ? s.mutedAddresses[p.addressTag] : undefined;
      if (hold && hold.until > at && p.since !== undefined && p.since >= hold.from) return refuse(mutedError());
      // A new device id at the address of a banned one: the same sender, banned as well (the
      // reply is a refusal; `audienceReply` says so).
      if (p.bannedAddress) return ok({ type: 'SenderBanned', data: { deviceId, reason: 'auto' } });
      // The core's own list decides (an edge may hold an older one): refused, or held for a
      // moderator even in auto mode.
      if (p.verdict.outcome === 'refuse') return refuse(filteredError('comment not allowed'));
      const held = p.verdict.outcome === 'review';
      // A sender the host trusts skips the review mode's queue; what the filter holds is still held.
      const review = (s.mode === 'review' && !s.trusted[deviceId]) || held;
      if (review && s.queue.length >= MAX_QUEUE) {
        return refuse(retryLater('RATE_LIMITED', 'the review queue is full; ', 5000));
      }
      const comment = {
        id: p.id,
        deviceId,
        nickname: p.nickname ?? nicknameOf(s, deviceId),
        text: p.text,
        color: p.color,
        at,
        ...(held ? { held: p.verdict.hits } : {}),
        ...(p.source ? { source: p.source } : {}),
      };
      return ok({ type: 'CommentPosted', data: { comment, status: review ? 'queued' : 'approved' } });
    }
    case 'CountLikes':
      return command.data.count > 0 ? ok({ type: 'LikesCounted', data: { count: command.data.count } }) : ok();
    case 'CastCheer': {
      const stageId = cheerStage(ctx.contest);
      if (!ctx.contest || !stageId) return fail('INVALID_STATE', 'no stage');
      if (!stageRoster(ctx.contest, stageId).includes(command.data.contestantId)) {
        return fail('NOT_FOUND', 'no such contestant on this stage');
      }
      if (s.cheers[stageId]?.byDevice[deviceId]) return fail('CONFLICT', 'already cheered on this stage');
      const { contestantId, addressTag, since } = command.data;
      return ok({
        type: 'CheerCast',
        data: {
          deviceId,
          stageId,
          contestantId,
          // A weighed cheer (popularity-weights.ts) carries its address, its device's age and its time.
          ...(addressTag !== undefined ? { addressTag, at } : {}),
          ...(since !== undefined ? { since } : {}),
        },
      });
    }
    case 'CountPlatformLikes': {
      // Platform likes count for the contestant on stage while they are (docs/operator-guide.md, 人气奖).
      const stageId = ctx.contest?.currentStageId;
      const contestantId = ctx.contest?.currentContestantId;
      if (!stageId || !contestantId || command.data.count <= 0) return ok();
      return ok({ type: 'PlatformLikesCounted', data: { stageId, contestantId, count: command.data.count } });
    }
    case 'TallyLikes': {
      // Page likes count for the contestant whose turn it is, as platform likes do; the server sums
      // a flush's tallies per address into one event per turn (popularity-weights.ts, mergeLikeRows).
      const stageId = ctx.contest?.currentStageId;
      const contestantId = ctx.contest?.currentContestantId;
      const { count, addressTag, since } = command.data;
      if (!stageId || !contestantId || count <= 0) return ok();
      const row = { tag: addressTag, mature: 0, young: 0, newborn: 0 };
      row[likeAgeClass(since, at)] = count;
      return ok({ type: 'LikesTallied', data: { stageId, contestantId, at, byAddress: [row] } });
    }
    case 'MuteSenders':
      return command.data.deviceIds.length === 0
        ? ok()
        : ok({ type: 'SendersMuted', data: { ...command.data, at: command.data.at ?? at } });
    case 'TrustSender': {
      const { deviceId: sender, trusted } = command.data;
      if (!!s.trusted[sender] === trusted) return ok();
      return ok({ type: 'SenderTrusted', data: { deviceId: sender, trusted } });
    }
    case 'SetNickname':
      return ok({ type: 'NicknameSet', data: { deviceId, nickname: command.data.nickname } });
    case 'AnswerPlayAlong': {
      const r = s.round;
      if (!r || r.roundId !== command.data.roundId || r.answer)
        return fail('INVALID_STATE', 'this question is not open');
      if (r.answers[deviceId]) return fail('CONFLICT', 'already answered');
      const q = contestQuestion(ctx.contest, r.questionId);
      if (!q) return fail('NOT_FOUND', 'question not found');
      const keys = q.kind === 'truefalse' ? ['true', 'false'] : (q.options ?? []).map((o) => o.key);
      const answer = [...new Set(command.data.answer)];
      if (answer.some((k) => !keys.includes(k)) || (q.kind !== 'multiple' && answer.length !== 1)) {
        return fail('BAD_REQUEST', 'not an answer to this question');
      }
      return ok({ type: 'PlayAlongAnswered', data: { roundId: r.roundId, deviceId, answer, at } });
    }
    case 'DecideComments': {
      const queued = new Set(s.queue.map((c) => c.id));
      const ids = command.data.ids.filter((id) => queued.has(id));
      if (ids.length === 0) return fail('NOT_FOUND', 'no such comment in the queue');
      return ok({ type: 'CommentsDecided', data: { ids, approve: command.data.approve } });
    }
    case 'BanSender': {
      const c = [...s.queue, ...s.recent].find((x) => x.id === command.data.commentId);
      if (!c) return fail('NOT_FOUND', 'no such comment');
      return ok({ type: 'SenderBanned', data: { deviceId: c.deviceId, reason: 'host' } });
    }
    case 'PinComment': {
      const id = command.data.commentId;
      if (id !== null && !s.recent.some((c) => c.id === id))
        return fail('NOT_FOUND', 'only a shown comment can be pinned');
      return ok({ type: 'CommentPinned', data: { id } });
    }
    case 'SetKillSwitch':
      return ok({ type: 'KillSwitchSet', data: { active: command.data.active } });
    case 'SetCommentMode':
      return ok({ type: 'CommentModeSet', data: { mode: command.data.mode } });
    case 'ChangeWords': {
      const tidy = (ws: readonly string[]) => [
        ...new Set(ws.map((w) => tidyWordEntry(w)).filter((w): w is string => w !== null)),
      ];
      const added = tidy(command.data.add);
      const removed = tidy(command.data.remove);
      if (added.length + removed.length === 0) return fail('BAD_REQUEST', 'no words');
      return ok({ type: 'WordsChanged', data: { added, removed } });
    }
    case 'OpenPlayAlong': {
      if (s.round && !s.round.answer) return fail('INVALID_STATE', 'close the open question first');
      const q = contestQuestion(ctx.contest, command.data.questionId);
      if (!q) return fail('NOT_FOUND', 'question not found');
      if (q.kind === 'open' || q.answer.length === 0)
        return fail('BAD_REQUEST', 'only choice and true/false questions');
      return ok({ type: 'PlayAlongOpened', data: { roundId: `r${s.rounds + 1}`, questionId: q.id, at } });
    }
    case 'ClosePlayAlong': {
      const r = s.round;
      if (!r || r.answer) return fail('INVALID_STATE', 'no open question');
      const answer = contestQuestion(ctx.contest, r.questionId)?.answer ?? [];
      return ok({ type: 'PlayAlongClosed', data: { roundId: r.roundId, answer, at } });
    }
  }
}

/** The acknowledgement body of an accepted command (or the refusal it stands for), read off its events and the state after them. */
export type AudienceReply = { ok: true; [field: string]: unknown } | { ok: false; error: DomainError };

export function audienceReply(
  command: AudienceCommand,
  events: readonly AudienceEvent[],
  after: AudienceState,
): AudienceReply {
  const first = events[0];
  switch (command.type) {
    case 'PostComment':
      if (first?.type === 'CommentPosted') {
        return { ok: true, id: first.data.comment.id, status: first.data.status === 'queued' ? 'queued' : 'shown' };
      }
      // The sender was found to be a banned one: banned too, and refused.
      return { ok: false, error: mutedError() };
    case 'CountLikes':
    case 'CountPlatformLikes':
    case 'TallyLikes':
      return { ok: true, accepted: command.data.count };
    case 'SetNickname':
      return { ok: true, nickname: command.data.nickname };
    case 'OpenPlayAlong':
      return first?.type === 'PlayAlongOpened'
        ? { ok: true, roundId: first.data.roundId }
        : { ok: false, error: domainError('INTERNAL', 'no round opened') };
    case 'ClosePlayAlong': {
      const correct = first?.type === 'PlayAlongClosed' ? first.data.answer : [];
      return {
        ok: true,
        correct: Object.values(after.round?.answers ?? {}).filter((a) => answerIsRight(a.answer, correct)).length,
      };
    }
    case 'CastCheer':
    case 'MuteSenders':
    case 'TrustSender':
    case 'AnswerPlayAlong':
    case 'DecideComments':
    case 'BanSender':
    case 'PinComment':
    case 'SetKillSwitch':
    case 'SetCommentMode':
    case 'ChangeWords':
      return { ok: true };
  }
}
