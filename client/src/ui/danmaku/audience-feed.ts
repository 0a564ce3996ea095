/**
 * The audience side of a screen's session: folds `audience:frame` (merged ticks), `audience:me`
 * and `moderation:queue` into a small store, and hands new comments to listeners (the danmaku
 * canvas) without putting them in React state.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  Ack,
  AudienceComment,
  AudienceFrame,
  AudienceMe,
  CommentMode,
  LeaderRow,
  ModerationFrame,
  PlayAlongView,
  ShownComment,
  SyncAck,
} from '@leitai/shared';
import type { ClientSocket, ScreenSession } from '../../core/screen-session.ts';

export interface AudienceFeedState {
  likes: number;
  cheers: { stageId: string | null; counts: Record<string, number> };
  pinned: ShownComment | null;
  killed: boolean;
  mode: CommentMode;
  playAlong: PlayAlongView | null;
  leaderboard: LeaderRow[];
  /** The latest comments, newest last (for lists on phones and the host). */
  recent: ShownComment[];
  me: AudienceMe | null;
  /** Host only: the review queue, oldest first, and the moderation counters and words. */
  queue: AudienceComment[];
  shown: AudienceComment[];
  stats: ModerationFrame['stats'] | null;
  words: string[];
  /** Host only: the senders whose comments skip review (device ids). */
  trusted: string[];
  /** Host only: how the popularity award would count the cheer stage now. */
  popularity: ModerationFrame['popularity'] | null;
}

export interface AudienceFeed {
  store: StoreApi<AudienceFeedState>;
  /** Called with each frame's new comments (and `clear` on the kill switch). */
  onComments(listener: (comments: ShownComment[], clear: boolean) => void): () => void;
  /** Emit an audience or moderation event and wait for its ack (typed loosely: one path for all). */
  request<T extends object = object>(event: string, payload: unknown, timeoutMs?: number): Promise<Ack<T>>;
  /** Host only: the nickname and platform last seen for a sender (from the queue and the shown list), if any. */
  senderOf(deviceId: string): { nickname: string; source?: AudienceComment['source'] } | undefined;
}

/** How many senders' names the host's feed remembers (for the trusted list), the oldest dropped first. */
const SENDER_NAMES = 20_000;

const RECENT = 30;

export function createAudienceFeed(socket: ClientSocket | null): AudienceFeed {
  const store = createStore<AudienceFeedState>()(() => ({
    likes: 0,
    cheers: { stageId: null, counts: {} },
    pinned: null,
    killed: false,
    mode: 'review',
    playAlong: null,
    leaderboard: [],
    recent: [],
    me: null,
    queue: [],
    shown: [],
    stats: null,
    words: [],
    trusted: [],
    popularity: null,
  }));
  const senders = new Map<string, { nickname: string; source?: AudienceComment['source'] }>();
  const remember = (list: readonly AudienceComment[]) => {
    for (const c of list) {
      senders.delete(c.deviceId);
      senders.set(c.deviceId, c.source ? { nickname: c.nickname, source: c.source } : { nickname: c.nickname });
    }
    if (senders.size > SENDER_NAMES) {
      for (const k of senders.keys()) {
        senders.delete(k);
        if (senders.size <= SENDER_NAMES) break;
      }
    }
  };
  const listeners = new Set<(comments: ShownComment[], clear: boolean) => void>();

  const onFrame = (f: AudienceFrame) => {
    const prev = store.getState();
    const next: Partial<AudienceFeedState> = {};
    if (f.likes !== undefined) next.likes = Math.max(f.full ? 0 : prev.likes, f.likes);
    if (f.cheers) next.cheers = f.cheers;
    if (f.pinned !== undefined) next.pinned = f.pinned;
    if (f.killed !== undefined) next.killed = f.killed;
    if (f.mode) next.mode = f.mode;
    if (f.playAlong !== undefined) {
      // Frames after a round's first carry only its counts: keep the question already received.
      const question = prev.playAlong?.roundId === f.playAlong?.roundId ? prev.playAlong?.question : undefined;
      next.playAlong = f.playAlong && !f.playAlong.question && question ? { ...f.playAlong, question } : f.playAlong;
      // A new round: this device has not answered it yet.
      if (prev.me && f.playAlong && f.playAlong.roundId !== prev.playAlong?.roundId) {
        next.me = { ...prev.me, roundAnswer: null };
      }
      // A round just closed: count this device's point.
      const me = next.me ?? prev.me;
      if (me && f.playAlong && f.playAlong.answer && prev.playAlong?.open && me.roundAnswer) {
        const right = [...me.roundAnswer].sort().join() === [...f.playAlong.answer].sort().join();
        next.me = { ...me, points: me.points + (right ? 1 : 0), answered: me.answered + 1 };
      }
    }
    if (f.leaderboard) next.leaderboard = f.leaderboard;
    const clear = f.killed === true;
    if (clear) next.recent = [];
    if (f.comments.length > 0) next.recent = [...(next.recent ?? prev.recent), ...f.comments].slice(-RECENT);
    store.setState(next);
    if (f.comments.length > 0 || clear) for (const l of listeners) l(f.comments, clear);
  };
  const onModeration = (f: ModerationFrame) => {
    const prev = store.getState();
    const removed = new Set(f.removed);
    const base = f.full ? [] : prev.queue;
    const next: Partial<AudienceFeedState> = {
      queue: base.filter((c) => !removed.has(c.id)).concat(f.added),
      stats: f.stats,
    };
    if (f.words) next.words = f.words;
    if (f.recent) next.shown = f.recent;
    if (f.trusted) next.trusted = f.trusted;
    if (f.popularity) next.popularity = f.popularity;
    remember(f.added);
    if (f.recent) remember(f.recent);
    store.setState(next);
  };

  if (socket) {
    socket.on('audience:frame', onFrame);
    socket.on('audience:me', (me) => store.setState({ me }));
    socket.on('moderation:queue', onModeration);
    // Frames sent before this feed existed are gone: ask for the whole view once connected.
    const sync = () => {
      void (socket.timeout(5000) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<SyncAck> })
        .emitWithAck('audience:sync', {})
        .then((r) => {
          if (!r.ok) return;
          onFrame(r.frame);
          if (r.me) store.setState({ me: r.me });
          if (r.moderation) onModeration(r.moderation);
        })
        .catch(() => undefined);
    };
    if (socket.connected) sync();
    else socket.once('connect', sync);
  }

  return {
    store,
    senderOf: (deviceId) => senders.get(deviceId),
    onComments(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async request<T extends object>(event: string, payload: unknown, timeoutMs = 5000): Promise<Ack<T>> {
      if (!socket || !socket.connected) {
        return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'not connected' } };
      }
      try {
        const emitter = socket.timeout(timeoutMs) as unknown as {
          emitWithAck: (e: string, p: unknown) => Promise<Ack<T>>;
        };
        return await emitter.emitWithAck(event, payload);
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'timed out' } };
      }
    },
  };
}

const feeds = new WeakMap<ScreenSession, AudienceFeed>();

/** The one feed of a session (created on first use, so frames are caught from the start). */
export function audienceFeedFor(session: ScreenSession): AudienceFeed {
  let feed = feeds.get(session);
  if (!feed) {
    feed = createAudienceFeed(session.socket);
    feeds.set(session, feed);
  }
  return feed;
}
