/**
 * What each audience event shows, and to whom: the audience's view table. Audience events never
 * leave the server as they are (they hold device ids); screens receive frames built from them:
 *
 * - the **audience frame** (`audience:frame`), to every screen and phone of the contest: shown
 *   comments without their sender, likes, cheers, the pinned comment, the kill switch, the
 *   comment mode, the play-along round and leaderboard;
 * - the **moderation frame** (`moderation:queue`), to the host alone: the review queue (with
 *   device ids and the words that held a comment), the counters and the word list.
 *
 * The table has an entry for every event type and each entry names both frames, `null` where an
 * event shows nothing there: no default, so a new event that does not say what it shows does not
 * compile, and what it does not mark reaches no screen.
 */
import type { Receivers } from '../contest/kernel/capability.ts';
import { HOST_ONLY } from '../contest/kernel/capability.ts';
import type { ContestState } from '../contest/state.ts';
import { cheerStage, contestQuestion } from './decide-audience.ts';
import {
  LEADERBOARD_SIZE,
  leaderboard,
  nicknameOf,
  showComment,
  type AudienceComment,
  type AudienceEvent,
  type AudienceState,
  type ShownComment,
} from './model.ts';
import { weighAward } from './popularity-weights.ts';
import {
  playAlongQuestionOf,
  type AudienceFrame,
  type AudienceMe,
  type ModerationFrame,
  type PlayAlongView,
} from './protocol.ts';

/** What changed for the audience frame since the last tick. */
export interface FrameDelta {
  comments: ShownComment[];
  likes: boolean;
  cheers: boolean;
  pinned: boolean;
  killed: boolean;
  mode: boolean;
  playAlong: boolean;
  /** A round opened: its frame carries the question (later frames of the round omit it). */
  playAlongQuestion: boolean;
  leaderboard: boolean;
}

/** What changed for the moderation frame (host only) since the last tick. */
export interface ModerationDelta {
  queueAdded: AudienceComment[];
  queueRemoved: string[];
  words: boolean;
  stats: boolean;
  trusted: boolean;
  popularity: boolean;
}

export interface AudienceDelta {
  frame: FrameDelta;
  moderation: ModerationDelta;
}

export const emptyAudienceDelta = (): AudienceDelta => ({
  frame: {
    comments: [],
    likes: false,
    cheers: false,
    pinned: false,
    killed: false,
    mode: false,
    playAlong: false,
    playAlongQuestion: false,
    leaderboard: false,
  },
  moderation: { queueAdded: [], queueRemoved: [], words: false, stats: false, trusted: false, popularity: false },
});

/** Marks what one event changed in a frame's delta: `before` and `after` are the states around it. */
type Mark<D, E> = (delta: D, event: E, before: AudienceState, after: AudienceState) => void;

/** How one event type shows: in the audience frame (every role), in the host's moderation frame, or `null`: not there. */
export interface AudienceEventView<E extends AudienceEvent> {
  readonly frame: Mark<FrameDelta, E> | null;
  readonly moderation: Mark<ModerationDelta, E> | null;
}

/** The view table: one entry for every audience event type, no default. */
export type AudienceEventViews = {
  readonly [K in AudienceEvent['type']]: AudienceEventView<Extract<AudienceEvent, { type: K }>>;
};

/** Who receives each frame. */
export const AUDIENCE_FRAME_RECEIVERS: { readonly frame: Receivers; readonly moderation: Receivers } = {
  frame: 'all',
  moderation: HOST_ONLY,
};

export const AUDIENCE_EVENT_VIEWS: AudienceEventViews = {
  CommentPosted: {
    frame: (d, e) => {
      if (e.data.status === 'approved') d.comments.push(showComment(e.data.comment));
    },
    moderation: (d, e) => {
      if (e.data.status === 'queued') d.queueAdded.push(e.data.comment);
      d.stats = true;
    },
  },
  CommentsDecided: {
    frame: (d, e, before) => {
      if (!e.data.approve) return;
      const ids = new Set(e.data.ids);
      for (const c of before.queue) if (ids.has(c.id)) d.comments.push(showComment(c));
    },
    moderation: (d, e, before) => {
      const ids = new Set(e.data.ids);
      for (const c of before.queue) if (ids.has(c.id)) d.queueRemoved.push(c.id);
      d.stats = true;
    },
  },
  PlatformLikesCounted: {
    frame: null,
    moderation: (d) => {
      d.popularity = true;
    },
  },
  LikesTallied: {
    frame: null,
    moderation: (d) => {
      d.popularity = true;
    },
  },
  SendersMuted: {
    frame: null,
    moderation: (d) => {
      d.stats = true;
    },
  },
  SenderTrusted: {
    frame: null,
    moderation: (d) => {
      d.trusted = true;
    },
  },
  CommentPinned: {
    frame: (d) => {
      d.pinned = true;
    },
    moderation: null,
  },
  SenderBanned: {
    frame: (d, _e, before, after) => {
      d.pinned = d.pinned || before.pinned !== after.pinned;
    },
    moderation: (d, e, before) => {
      for (const c of before.queue) if (c.deviceId === e.data.deviceId) d.queueRemoved.push(c.id);
      d.stats = true;
    },
  },
  NicknameSet: {
    frame: (d, e, _before, after) => {
      d.leaderboard = d.leaderboard || after.scores[e.data.deviceId] !== undefined;
    },
    moderation: null,
  },
  WordsChanged: {
    frame: null,
    moderation: (d) => {
      d.words = true;
    },
  },
  CommentModeSet: {
    frame: (d) => {
      d.mode = true;
    },
    moderation: null,
  },
  KillSwitchSet: {
    frame: (d, e) => {
      d.killed = true;
      d.pinned = true;
      // Whatever was about to be shown is dropped with the rest.
      if (e.data.active) d.comments = [];
    },
    moderation: null,
  },
  LikesCounted: {
    frame: (d) => {
      d.likes = true;
    },
    moderation: null,
  },
  CheerCast: {
    frame: (d) => {
      d.cheers = true;
    },
    // The host's view of how the popularity award would count (popularity-weights.ts).
    moderation: (d) => {
      d.popularity = true;
    },
  },
  PlayAlongOpened: {
    frame: (d) => {
      d.playAlong = true;
      d.playAlongQuestion = true;
    },
    moderation: null,
  },
  PlayAlongAnswered: {
    frame: (d) => {
      d.playAlong = true;
    },
    moderation: null,
  },
  PlayAlongClosed: {
    frame: (d) => {
      d.playAlong = true;
      d.leaderboard = true;
    },
    moderation: null,
  },
};

/** Mark in `delta` what `event` changed, by the table. */
export function markAudienceEvent(
  delta: AudienceDelta,
  event: AudienceEvent,
  before: AudienceState,
  after: AudienceState,
): void {
  const view = AUDIENCE_EVENT_VIEWS[event.type] as AudienceEventView<AudienceEvent>;
  view.frame?.(delta.frame, event, before, after);
  view.moderation?.(delta.moderation, event, before, after);
}

/** The play-along round as screens and phones see it; `withQuestion`: include the question asked. */
export function playAlongView(
  s: AudienceState,
  contest: ContestState | null | undefined,
  withQuestion = true,
): PlayAlongView | null {
  const r = s.round;
  if (!r) return null;
  let tally: Record<string, number> | null = null;
  if (r.answer) {
    tally = {};
    for (const a of Object.values(r.answers)) for (const k of a.answer) tally[k] = (tally[k] ?? 0) + 1;
  }
  const def = withQuestion ? contestQuestion(contest, r.questionId) : undefined;
  const question = def ? playAlongQuestionOf(def) : null;
  return {
    roundId: r.roundId,
    questionId: r.questionId,
    ...(question ? { question } : {}),
    open: r.answer === null,
    answers: Object.keys(r.answers).length,
    answer: r.answer,
    tally,
  };
}

function cheersView(s: AudienceState, contest: ContestState | null | undefined): NonNullable<AudienceFrame['cheers']> {
  const stageId = cheerStage(contest);
  return { stageId, counts: stageId ? (s.cheers[stageId]?.counts ?? {}) : {} };
}

/** Every field of the audience frame, for a screen that just connected. */
export function fullAudienceFrame(
  s: AudienceState,
  contest: ContestState | null | undefined,
  seq: number,
): AudienceFrame {
  return {
    seq,
    full: true,
    comments: [],
    // Stored likes only: nothing reaches a screen before it is durable (R10), and a phone's
    // own taps are shown by the phone until their acknowledgement, which comes with the same flush.
    likes: s.likes,
    cheers: cheersView(s, contest),
    pinned: s.pinned,
    killed: s.killed,
    mode: s.mode,
    playAlong: playAlongView(s, contest),
    leaderboard: leaderboard(s, LEADERBOARD_SIZE),
  };
}

/** Whether the delta changes the audience frame. */
export const frameChanged = (d: FrameDelta): boolean =>
  d.comments.length > 0 || d.likes || d.cheers || d.pinned || d.killed || d.mode || d.playAlong || d.leaderboard;

/** The audience frame of one tick: only what changed (`seq` is the frame's number). */
export function audienceFrameOf(
  d: FrameDelta,
  s: AudienceState,
  contest: ContestState | null | undefined,
  seq: number,
): AudienceFrame {
  const frame: AudienceFrame = { seq, comments: s.killed ? [] : d.comments };
  if (d.likes) frame.likes = s.likes;
  if (d.cheers) frame.cheers = cheersView(s, contest);
  if (d.pinned) frame.pinned = s.pinned;
  if (d.killed) frame.killed = s.killed;
  if (d.mode) frame.mode = s.mode;
  if (d.playAlong) frame.playAlong = playAlongView(s, contest, d.playAlongQuestion);
  if (d.leaderboard) frame.leaderboard = leaderboard(s, LEADERBOARD_SIZE);
  return frame;
}

/** The moderation frame of one tick, or null when nothing the host sees changed. */
export function moderationFrameOf(
  d: ModerationDelta,
  stats: () => ModerationFrame['stats'],
  words: () => string[],
  trustedOf: () => string[] = () => [],
  popularity: () => NonNullable<ModerationFrame['popularity']> = () => ({ stageId: null, breakdown: {} }),
): ModerationFrame | null {
  const queueChanged = d.queueAdded.length > 0 || d.queueRemoved.length > 0;
  if (!queueChanged && !d.stats && !d.words && !d.trusted && !d.popularity) return null;
  // A comment queued and decided within one tick is neither added nor removed.
  const removed = new Set(d.queueRemoved);
  const addedIds = new Set(d.queueAdded.map((c) => c.id));
  const moderation: ModerationFrame = {
    added: d.queueAdded.filter((c) => !removed.has(c.id)),
    removed: d.queueRemoved.filter((id) => !addedIds.has(id)),
    stats: stats(),
  };
  if (d.words) moderation.words = words();
  if (d.trusted) moderation.trusted = [...trustedOf()];
  if (d.popularity) moderation.popularity = popularity();
  return moderation;
}

/** The whole moderation frame, for a host that just connected. */
export const fullModerationFrame = (
  s: AudienceState,
  stats: ModerationFrame['stats'],
  words: string[],
  popularity?: NonNullable<ModerationFrame['popularity']>,
): ModerationFrame => ({
  full: true,
  added: s.queue,
  removed: [],
  recent: s.recent.slice(-50),
  stats,
  words,
  trusted: Object.keys(s.trusted),
  ...(popularity ? { popularity } : {}),
});

/** How the popularity award would count the cheer stage now, by cheers or by likes as the contest file says (the host's moderation view). */
export const popularityView = (
  s: AudienceState,
  contest: ContestState | null | undefined,
): NonNullable<ModerationFrame['popularity']> => {
  const stageId = cheerStage(contest);
  const by = contest?.definition.awards?.popularity?.by ?? 'cheers';
  return { stageId, breakdown: stageId ? weighAward(s, stageId, by) : {} };
};

/** The audience's counters as the moderator sees them; `counters` and `sockets` are the server's (not events). */
export function moderationStats(
  s: AudienceState,
  counters: { blocked: number; rateLimited: number; cutOff: number },
  sockets: number,
): ModerationFrame['stats'] {
  return {
    queued: s.queue.length,
    posted: s.stats.posted,
    approved: s.stats.approved,
    rejected: s.stats.rejected,
    banned: Object.keys(s.banned).length,
    sockets,
    ...counters,
  };
}

/** A phone's own standing (`audience:me`). */
export function audienceMe(s: AudienceState, deviceId: string): AudienceMe {
  const cheers: Record<string, string> = {};
  for (const [stageId, c] of Object.entries(s.cheers)) {
    const pick = c.byDevice[deviceId];
    if (pick) cheers[stageId] = pick;
  }
  const score = s.scores[deviceId];
  return {
    nickname: nicknameOf(s, deviceId),
    cheers,
    points: score?.points ?? 0,
    answered: score?.answered ?? 0,
    roundAnswer: s.round?.answers[deviceId]?.answer ?? null,
  };
}
