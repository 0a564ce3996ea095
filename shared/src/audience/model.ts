/**
 * The audience's own domain: comments (danmaku), likes, cheers and play-along. It never goes
 * through the contest decider: the server keeps it in its own stream `audience-<contestId>`,
 * written in batches, and folds it with `evolveAudience` below (pure, so a restart rebuilds the
 * same state from the stream).
 */
import type { CommentMode } from '../model/contest-file-schema.ts';

/** The stream that holds one contest's audience events. */
export const audienceStreamId = (contestId: string): string => `audience-${contestId}`;

/** Colours a comment may take (a few, all readable on the deep red stage). */
export const COMMENT_COLORS = ['white', 'gold', 'red', 'cyan', 'green'] as const;
export type CommentColor = (typeof COMMENT_COLORS)[number];

/** Longest comment (after cleaning), in characters, and longest nickname. */
export const MAX_COMMENT_CHARS = 40;
export const MAX_NICKNAME_CHARS = 12;
/** Most comments waiting in the review queue; beyond it new ones are refused until it drains. */
export const MAX_QUEUE = 5000;
/** Most taps one `audience:like` message may carry. */
export const MAX_LIKES_PER_MESSAGE = 50;
/** Rows of the audience leaderboard sent to screens. */
export const LEADERBOARD_SIZE = 10;

/** Platforms whose danmaku come in through a source (server/src/ingest): the badge a comment carries. */
export const COMMENT_SOURCES = ['bilibili', 'douyin', 'kuaishou', 'wechat'] as const;
export type CommentSource = (typeof COMMENT_SOURCES)[number];

/** A comment as stored and as the host sees it (the sender's device id is host-only). */
export interface AudienceComment {
  id: string;
  deviceId: string;
  nickname: string;
  text: string;
  color: CommentColor;
  at: number;
  /** The words for which the filter held it for review (host only; absent when only the mode queued it). */
  held?: string[];
  /** The platform it came from (absent: Leitai's own audience page). */
  source?: CommentSource;
}

/** A comment as the stage, overlay and phones see it: no device id. */
export interface ShownComment {
  id: string;
  nickname: string;
  text: string;
  color: CommentColor;
  source?: CommentSource;
}

export const showComment = (c: AudienceComment): ShownComment => ({
  id: c.id,
  nickname: c.nickname,
  text: c.text,
  color: c.color,
  ...(c.source ? { source: c.source } : {}),
});

export type AudienceEvent =
  | { type: 'CommentPosted'; data: { comment: AudienceComment; status: 'approved' | 'queued' } }
  | { type: 'CommentsDecided'; data: { ids: string[]; approve: boolean } }
  | { type: 'CommentPinned'; data: { id: string | null } }
  | { type: 'SenderBanned'; data: { deviceId: string; reason: 'host' | 'auto' } }
  | { type: 'NicknameSet'; data: { deviceId: string; nickname: string } }
  | { type: 'WordsChanged'; data: { added: string[]; removed: string[] } }
  | { type: 'CommentModeSet'; data: { mode: CommentMode } }
  | { type: 'KillSwitchSet'; data: { active: boolean } }
  | { type: 'LikesCounted'; data: { count: number } }
  | {
      type: 'CheerCast';
      data: {
        deviceId: string;
        stageId: string;
        contestantId: string;
        /** The sender's address, as a tag (popularity-weights.ts groups by it); absent in older logs. */
        addressTag?: string;
        /** When the server first issued this device's identity (its age weighs the cheer). */
        since?: number;
        at?: number;
      };
    }
  | { type: 'PlatformLikesCounted'; data: { stageId: string; contestantId: string; count: number } }
  | {
      /**
       * Likes from Leitai's own audience page during one contestant's turn, summed over a flush
       * (about a second) per sender address and device age: never one event per tap.
       */
      type: 'LikesTallied';
      data: { stageId: string; contestantId: string; at: number; byAddress: LikeTallyRow[] };
    }
  | {
      type: 'SendersMuted';
      data: {
        deviceIds: string[];
        addressTag: string;
        until: number;
        level: number;
        strikes: number;
        /** When the gate decided it (absent in older logs): devices first named there from then on are held too. */
        at?: number;
      };
    }
  | { type: 'SenderTrusted'; data: { deviceId: string; trusted: boolean } }
  | { type: 'PlayAlongOpened'; data: { roundId: string; questionId: string; at: number } }
  | { type: 'PlayAlongAnswered'; data: { roundId: string; deviceId: string; answer: string[]; at: number } }
  | { type: 'PlayAlongClosed'; data: { roundId: string; answer: string[]; at: number } };

export type AudienceEventType = AudienceEvent['type'];

/** One cheer as cast: who, for whom, from which address (a tag), how old the device was. */
export interface CheerVote {
  deviceId: string;
  contestantId: string;
  addressTag: string;
  since: number;
  at: number;
}

/**
 * One address's likes in a tally, by the age of the sending device when it tapped (its signed
 * identity dates it, popularity-weights.ts): `mature` (10 minutes or older), `young` (1 to 10
 * minutes), `newborn` (younger). `tag` is the address tag (`device:<id>` for an exempt address).
 */
export interface LikeTallyRow {
  tag: string;
  mature: number;
  young: number;
  newborn: number;
}

/** Likes per stage, contestant and address tag, summed over the log's `LikesTallied` events. */
export type LikeTally = Record<string, Record<string, Record<string, Omit<LikeTallyRow, 'tag'>>>>;

/** What the moderator sees of one sender when clicking them. */
export interface SenderHistory {
  nickname: string;
  source?: CommentSource;
  posted: number;
  approved: number;
  rejected: number;
  /** Last comments, newest last, with what became of them. */
  comments: { id: string; text: string; at: number; status: 'shown' | 'queued' | 'approved' | 'rejected' }[];
  /** What the host or the server did: banned, muted, trusted… */
  actions: { action: 'banned' | 'muted' | 'trusted' | 'untrusted'; at: number; detail?: string }[];
}

/** How many comments and actions a sender's history keeps. */
export const SENDER_HISTORY_LIMIT = 30;

export interface PlayAlongRound {
  roundId: string;
  questionId: string;
  openedAt: number;
  /** Null while open; the correct keys once closed. */
  answer: string[] | null;
  /** Answers of this round by device: the keys and the time taken (ms since opening). */
  answers: Record<string, { answer: string[]; ms: number }>;
}

export interface PlayAlongScore {
  nickname: string;
  points: number;
  /** Sum of answering times of the correct answers: the tie-break, lower first. */
  ms: number;
  answered: number;
}

export interface LeaderRow {
  rank: number;
  nickname: string;
  points: number;
  ms: number;
}

export interface AudienceState {
  version: number;
  mode: CommentMode;
  killed: boolean;
  /** Word-list changes relative to the shipped default list. */
  words: { added: string[]; removed: string[] };
  /** The review queue, oldest first (host only). */
  queue: AudienceComment[];
  pinned: ShownComment | null;
  /** Recently shown comments (bounded), for pinning and banning by id. */
  recent: AudienceComment[];
  banned: Record<string, 'host' | 'auto'>;
  nicknames: Record<string, string>;
  likes: number;
  /** Per stage: each device's one cheer, the counts per contestant, and each cheer as cast (for weighing). */
  cheers: Record<string, { byDevice: Record<string, string>; counts: Record<string, number>; votes?: CheerVote[] }>;
  /** Platform likes while a contestant was on stage (`currentContestantId`), per stage and contestant. */
  platformLikes: Record<string, Record<string, number>>;
  /** Page likes during a contestant's turn, per stage, contestant and address (`LikesTallied`). */
  likeTally: LikeTally;
  /** Senders muted by strikes from their address: until when (ms). */
  muted: Record<string, number>;
  /**
   * Addresses (tags) whose mute also holds the devices first named there from `from` on, until
   * `until` (a phone that drops its identity is a fresh device there): whichever process holds its socket.
   */
  mutedAddresses: Record<string, { from: number; until: number }>;
  /** Senders the host trusts: their comments skip the review queue (a filter hold still holds). */
  trusted: Record<string, true>;

  round: PlayAlongRound | null;
  rounds: number;
  scores: Record<string, PlayAlongScore>;
  stats: { posted: number; approved: number; rejected: number };
}

/** How many shown comments the state remembers (for pin and ban by id). */
export const RECENT_LIMIT = 200;

export const initialAudienceState = (mode: CommentMode = 'review'): AudienceState => ({
  version: 0,
  mode,
  killed: false,
  words: { added: [], removed: [] },
  queue: [],
  pinned: null,
  recent: [],
  banned: {},
  nicknames: {},
  likes: 0,
  cheers: {},
  platformLikes: {},
  likeTally: {},
  muted: {},
  mutedAddresses: {},
  trusted: {},
  round: null,
  rounds: 0,
  scores: {},
  stats: { posted: 0, approved: 0, rejected: 0 },
});

/** Generated Chinese nickname, stable for a device: an auspicious word plus four digits. */
const NICK_WORDS = ['红星', '金穗', '青松', '晨光', '远航', '朝阳', '春风', '丹心', '星火', '长城', '山河', '初心'];
export function defaultNickname(deviceId: string): string {
  let h = 2166136261;
  for (let i = 0; i < deviceId.length; i++) {
    h ^= deviceId.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  const word = NICK_WORDS[h % NICK_WORDS.length] ?? '观众';
  return `${word}观众${String(Math.floor(h / NICK_WORDS.length) % 10000).padStart(4, '0')}`;
}

export const nicknameOf = (state: AudienceState, deviceId: string): string =>
  state.nicknames[deviceId] ?? defaultNickname(deviceId);

const sameKeys = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

const pushRecent = (recent: AudienceComment[], c: AudienceComment): AudienceComment[] => {
  const next = recent.length >= RECENT_LIMIT ? recent.slice(recent.length - RECENT_LIMIT + 1) : recent.slice();
  next.push(c);
  return next;
};

/** Fold one audience event. Pure; the same fold runs on restart over the stored stream. */
export function evolveAudience(state: AudienceState, event: AudienceEvent): AudienceState {
  const s: AudienceState = { ...state, version: state.version + 1 };
  switch (event.type) {
    case 'CommentPosted': {
      const { comment, status } = event.data;
      s.stats = { ...s.stats, posted: s.stats.posted + 1 };
      if (status === 'queued') s.queue = [...s.queue, comment];
      else {
        s.recent = pushRecent(s.recent, comment);
        s.stats = { ...s.stats, approved: s.stats.approved + 1 };
      }
      return s;
    }
    case 'CommentsDecided': {
      const ids = new Set(event.data.ids);
      const decided = s.queue.filter((c) => ids.has(c.id));
      s.queue = s.queue.filter((c) => !ids.has(c.id));
      if (event.data.approve) {
        for (const c of decided) s.recent = pushRecent(s.recent, c);
        s.stats = { ...s.stats, approved: s.stats.approved + decided.length };
      } else s.stats = { ...s.stats, rejected: s.stats.rejected + decided.length };
      return s;
    }
    case 'CommentPinned': {
      const c = event.data.id === null ? undefined : s.recent.find((r) => r.id === event.data.id);
      s.pinned = c ? showComment(c) : null;
      return s;
    }
    case 'SenderBanned': {
      const { deviceId, reason } = event.data;
      s.banned = { ...s.banned, [deviceId]: reason };
      const dropped = s.queue.filter((c) => c.deviceId === deviceId).length;
      s.queue = s.queue.filter((c) => c.deviceId !== deviceId);
      s.stats = { ...s.stats, rejected: s.stats.rejected + dropped };
      if (s.pinned && s.recent.some((c) => c.id === s.pinned?.id && c.deviceId === deviceId)) s.pinned = null;
      return s;
    }
    case 'NicknameSet': {
      s.nicknames = { ...s.nicknames, [event.data.deviceId]: event.data.nickname };
      const score = s.scores[event.data.deviceId];
      if (score) s.scores = { ...s.scores, [event.data.deviceId]: { ...score, nickname: event.data.nickname } };
      return s;
    }
    case 'WordsChanged': {
      const added = new Set(s.words.added);
      const removed = new Set(s.words.removed);
      for (const w of event.data.added) {
        added.add(w);
        removed.delete(w);
      }
      for (const w of event.data.removed) {
        added.delete(w);
        removed.add(w);
      }
      s.words = { added: [...added], removed: [...removed] };
      return s;
    }
    case 'CommentModeSet': {
      s.mode = event.data.mode;
      return s;
    }
    case 'KillSwitchSet': {
      s.killed = event.data.active;
      if (event.data.active) s.pinned = null;
      return s;
    }
    case 'LikesCounted': {
      s.likes += event.data.count;
      return s;
    }
    case 'CheerCast': {
      const { deviceId, stageId, contestantId } = event.data;
      const prev = s.cheers[stageId] ?? { byDevice: {}, counts: {} };
      if (prev.byDevice[deviceId] !== undefined) return s;
      const at = event.data.at ?? 0;
      // A cheer from an older log has no address: its device stands for its own address, and it is full-aged.
      const vote: CheerVote = {
        deviceId,
        contestantId,
        addressTag: event.data.addressTag ?? `device:${deviceId}`,
        since: event.data.since ?? Number.NEGATIVE_INFINITY,
        at,
      };
      s.cheers = {
        ...s.cheers,
        [stageId]: {
          byDevice: { ...prev.byDevice, [deviceId]: contestantId },
          counts: { ...prev.counts, [contestantId]: (prev.counts[contestantId] ?? 0) + 1 },
          votes: [...(prev.votes ?? []), vote],
        },
      };
      return s;
    }
    case 'PlatformLikesCounted': {
      const { stageId, contestantId, count } = event.data;
      const stage = s.platformLikes[stageId] ?? {};
      s.platformLikes = {
        ...s.platformLikes,
        [stageId]: { ...stage, [contestantId]: (stage[contestantId] ?? 0) + count },
      };
      return s;
    }
    case 'LikesTallied': {
      const { stageId, contestantId, byAddress } = event.data;
      const stage = s.likeTally[stageId] ?? {};
      const rows = { ...stage[contestantId] };
      for (const r of byAddress) {
        const prev = rows[r.tag] ?? { mature: 0, young: 0, newborn: 0 };
        rows[r.tag] = {
          mature: prev.mature + r.mature,
          young: prev.young + r.young,
          newborn: prev.newborn + r.newborn,
        };
      }
      s.likeTally = { ...s.likeTally, [stageId]: { ...stage, [contestantId]: rows } };
      return s;
    }
    case 'SendersMuted': {
      const { deviceIds, until, addressTag, at } = event.data;
      s.muted = { ...s.muted };
      for (const d of deviceIds) s.muted[d] = Math.max(s.muted[d] ?? 0, until);
      if (at !== undefined) {
        // As the gate holds fresh devices (audience-strikes.ts): a hold still on keeps its start.
        const prev = s.mutedAddresses[addressTag];
        const on = prev !== undefined && prev.until > at;
        s.mutedAddresses = {
          ...s.mutedAddresses,
          [addressTag]: { from: on ? prev.from : at, until: on ? Math.max(prev.until, until) : until },
        };
      }
      return s;
    }
    case 'SenderTrusted': {
      const { deviceId, trusted } = event.data;
      const next = { ...s.trusted };
      if (trusted) next[deviceId] = true;
      else delete next[deviceId];
      s.trusted = next;
      return s;
    }
    case 'PlayAlongOpened': {
      s.round = {
        roundId: event.data.roundId,
        questionId: event.data.questionId,
        openedAt: event.data.at,
        answer: null,
        answers: {},
      };
      s.rounds += 1;
      return s;
    }
    case 'PlayAlongAnswered': {
      const r = s.round;
      if (!r || r.roundId !== event.data.roundId || r.answer || r.answers[event.data.deviceId]) return s;
      s.round = {
        ...r,
        answers: {
          ...r.answers,
          [event.data.deviceId]: { answer: event.data.answer, ms: Math.max(0, event.data.at - r.openedAt) },
        },
      };
      return s;
    }
    case 'PlayAlongClosed': {
      const r = s.round;
      if (!r || r.roundId !== event.data.roundId || r.answer) return s;
      s.round = { ...r, answer: event.data.answer };
      const scores = { ...s.scores };
      for (const [deviceId, a] of Object.entries(r.answers)) {
        const prev = scores[deviceId] ?? { nickname: nicknameOf(s, deviceId), points: 0, ms: 0, answered: 0 };
        const right = sameKeys(a.answer, event.data.answer);
        scores[deviceId] = {
          nickname: nicknameOf(s, deviceId),
          points: prev.points + (right ? 1 : 0),
          ms: prev.ms + (right ? a.ms : 0),
          answered: prev.answered + 1,
        };
      }
      s.scores = scores;
      return s;
    }
  }
}

/** Whether an answer is right: the same set of keys. */
export const answerIsRight = (answer: readonly string[], correct: readonly string[]): boolean =>
  sameKeys(answer, correct);

/** Top `size` of the audience by points, ties by less time, then by nickname; shared ranks on full ties. */
export function leaderboard(state: AudienceState, size = LEADERBOARD_SIZE): LeaderRow[] {
  const rows = Object.values(state.scores)
    .filter((r) => r.points > 0)
    .sort(
      (a, b) => b.points - a.points || a.ms - b.ms || (a.nickname < b.nickname ? -1 : a.nickname > b.nickname ? 1 : 0),
    );
  const out: LeaderRow[] = [];
  for (let i = 0; i < rows.length && out.length < size; i++) {
    const r = rows[i];
    if (!r) break;
    const prev = out[out.length - 1];
    const rank = prev && prev.points === r.points && prev.ms === r.ms ? prev.rank : i + 1;
    out.push({ rank, nickname: r.nickname, points: r.points, ms: r.ms });
  }
  return out;
}
