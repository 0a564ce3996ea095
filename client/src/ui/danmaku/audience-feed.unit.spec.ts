import { describe, expect, it } from 'vitest';
import type { AudienceFrame, ModerationFrame, ShownComment } from '@leitai/shared';
import type { ClientSocket } from '../../core/screen-session.ts';
import { createAudienceFeed } from './audience-feed.ts';

/** A socket stand-in that lets the test deliver server events. */
function fakeSocket() {
  const handlers = new Map<string, ((payload: unknown) => void)[]>();
  const socket = {
    connected: false,
    on(event: string, fn: (payload: unknown) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), fn]);
      return socket;
    },
    once(event: string, fn: (payload: unknown) => void) {
      return socket.on(event, fn);
    },
  };
  const deliver = (event: string, payload: unknown) => {
    for (const fn of handlers.get(event) ?? []) fn(payload);
  };
  return { socket: socket as unknown as ClientSocket, deliver };
}

const c = (id: string): ShownComment => ({ id, nickname: 'n', text: id, color: 'white' });
const full: AudienceFrame = {
  seq: 0,
  full: true,
  comments: [],
  likes: 10,
  cheers: { stageId: 'final', counts: {} },
  pinned: null,
  killed: false,
  mode: 'auto',
  playAlong: null,
  leaderboard: [],
};
/** A moderation frame's counters: every one 0 but those given. */
const queueStats = (counts: Partial<ModerationFrame['stats']> = {}): ModerationFrame['stats'] => ({
  queued: 0,
  posted: 0,
  approved: 0,
  rejected: 0,
  blocked: 0,
  rateLimited: 0,
  cutOff: 0,
  banned: 0,
  sockets: 0,
  ...counts,
});

describe('audience feed', () => {
  it('folds merged frames and hands comments to listeners; the kill switch clears', () => {
    const { socket, deliver } = fakeSocket();
    const feed = createAudienceFeed(socket);
    const seen: string[] = [];
    let clears = 0;
    feed.onComments((cs, clear) => {
      if (clear) clears += 1;
      seen.push(...cs.map((x) => x.id));
    });
    deliver('audience:frame', full);
    deliver('audience:frame', { seq: 1, comments: [c('a'), c('b')], likes: 15 });
    deliver('audience:frame', { seq: 2, comments: [], cheers: { stageId: 'final', counts: { c01: 3 } } });
    expect(feed.store.getState()).toMatchObject({ likes: 15, cheers: { counts: { c01: 3 } }, killed: false });
    expect(feed.store.getState().recent.map((x) => x.id)).toEqual(['a', 'b']);
    deliver('audience:frame', { seq: 3, comments: [], killed: true });
    expect(clears).toBe(1);
    expect(feed.store.getState()).toMatchObject({ killed: true, recent: [] });
    expect(seen).toEqual(['a', 'b']);
  });

  it('scores this device’s play-along answer when the round closes', () => {
    const { socket, deliver } = fakeSocket();
    const feed = createAudienceFeed(socket);
    deliver('audience:me', { nickname: 'x', cheers: {}, points: 2, answered: 3, roundAnswer: null });
    const round = { roundId: 'r4', questionId: 'q1', open: true, answers: 0, answer: null, tally: null };
    deliver('audience:frame', { seq: 1, comments: [], playAlong: round });
    feed.store.setState((s) => ({ me: s.me ? { ...s.me, roundAnswer: ['B'] } : null }));
    deliver('audience:frame', {
      seq: 2,
      comments: [],
      playAlong: { ...round, open: false, answers: 1, answer: ['B'], tally: { B: 1 } },
    });
    expect(feed.store.getState().me).toMatchObject({ points: 3, answered: 4 });
  });

  it('keeps the play-along question of a round across frames that omit it, and drops it for a new round', () => {
    const { socket, deliver } = fakeSocket();
    const feed = createAudienceFeed(socket);
    const question = { kind: 'single' as const, text: '问题？', options: [{ key: 'A', text: '甲' }] };
    const round = { roundId: 'r1', questionId: 'q1', open: true, answers: 0, answer: null, tally: null };
    deliver('audience:frame', { seq: 1, comments: [], playAlong: { ...round, question } });
    deliver('audience:frame', { seq: 2, comments: [], playAlong: { ...round, answers: 5 } });
    expect(feed.store.getState().playAlong).toMatchObject({ answers: 5, question });
    deliver('audience:frame', { seq: 3, comments: [], playAlong: { ...round, roundId: 'r2', questionId: 'q2' } });
    expect(feed.store.getState().playAlong?.question).toBeUndefined();
    deliver('audience:frame', { seq: 4, comments: [], playAlong: null });
    expect(feed.store.getState().playAlong).toBeNull();
  });

  it('keeps the moderation queue from added/removed deltas', () => {
    const { socket, deliver } = fakeSocket();
    const feed = createAudienceFeed(socket);
    const q = (id: string) => ({ ...c(id), deviceId: 'd', at: 0 });
    const stats = queueStats();
    deliver('moderation:queue', { full: true, added: [q('a')], removed: [], stats, words: ['w'] });
    deliver('moderation:queue', { added: [q('b'), q('c')], removed: ['a'], stats });
    expect(feed.store.getState().queue.map((x) => x.id)).toEqual(['b', 'c']);
    expect(feed.store.getState().words).toEqual(['w']);
  });

  it('keeps the host’s trusted senders, the popularity breakdown and the names of senders seen', () => {
    const { socket, deliver } = fakeSocket();
    const feed = createAudienceFeed(socket);
    const stats = queueStats({ queued: 1, posted: 1, sockets: 1 });
    const queued = {
      id: 'q1',
      deviceId: 'douyin:u1',
      nickname: '王小明',
      text: 'hi',
      color: 'white',
      at: 1,
      source: 'douyin',
    };
    const formation = {
      raw: 12,
      capped: 10,
      weighted: 1.63,
      platformLikes: 0,
      likeVotes: 0,
      total: 2,
      topAddresses: [],
    };
    deliver('moderation:queue', {
      full: true,
      added: [queued],
      removed: [],
      recent: [],
      stats,
      trusted: ['dev-a'],
      popularity: { stageId: 'final', breakdown: { c03: formation } },
      words: [],
    });
    expect(feed.store.getState()).toMatchObject({
      trusted: ['dev-a'],
      popularity: { breakdown: { c03: { capped: 10 } } },
    });
    expect(feed.senderOf('douyin:u1')).toEqual({ nickname: '王小明', source: 'douyin' });
    // A frame without them leaves them as they were; the queue's removal keeps the name known.
    deliver('moderation:queue', { added: [], removed: ['q1'], stats });
    expect(feed.store.getState()).toMatchObject({ queue: [], trusted: ['dev-a'], popularity: { stageId: 'final' } });
    expect(feed.senderOf('douyin:u1')?.nickname).toBe('王小明');
    deliver('moderation:queue', { added: [], removed: [], stats, trusted: [] });
    expect(feed.store.getState().trusted).toEqual([]);
    expect(feed.senderOf('nobody')).toBeUndefined();
  });
});
