import { describe, expect, it } from 'vitest';
import {
  defaultNickname,
  evolveAudience,
  initialAudienceState,
  leaderboard,
  RECENT_LIMIT,
  type AudienceComment,
  type AudienceEvent,
  type AudienceState,
} from './model.ts';

const fold = (events: AudienceEvent[], s: AudienceState = initialAudienceState('review')) =>
  events.reduce(evolveAudience, s);
const comment = (id: string, deviceId = 'd1', text = '好'): AudienceComment => ({
  id,
  deviceId,
  nickname: `n-${deviceId}`,
  text,
  color: 'white',
  at: 0,
});

describe('audience fold', () => {
  it('queues in review, shows on approval, drops on rejection', () => {
    const s = fold([
      { type: 'CommentPosted', data: { comment: comment('a'), status: 'queued' } },
      { type: 'CommentPosted', data: { comment: comment('b'), status: 'queued' } },
      { type: 'CommentPosted', data: { comment: comment('c'), status: 'queued' } },
      { type: 'CommentsDecided', data: { ids: ['a', 'c'], approve: true } },
      { type: 'CommentsDecided', data: { ids: ['b'], approve: false } },
    ]);
    expect(s.queue).toEqual([]);
    expect(s.recent.map((c) => c.id)).toEqual(['a', 'c']);
    expect(s.stats).toEqual({ posted: 3, approved: 2, rejected: 1 });
    expect(s.version).toBe(5);
  });

  it('a ban drops the sender’s queued comments and unpins them', () => {
    const s = fold([
      { type: 'CommentPosted', data: { comment: comment('a', 'bad'), status: 'approved' } },
      { type: 'CommentPinned', data: { id: 'a' } },
      { type: 'CommentPosted', data: { comment: comment('b', 'bad'), status: 'queued' } },
      { type: 'CommentPosted', data: { comment: comment('c', 'good'), status: 'queued' } },
      { type: 'SenderBanned', data: { deviceId: 'bad', reason: 'host' } },
    ]);
    expect(s.queue.map((c) => c.id)).toEqual(['c']);
    expect(s.pinned).toBeNull();
    expect(s.banned).toEqual({ bad: 'host' });
  });

  it('the kill switch unpins; the recent list is bounded', () => {
    const many: AudienceEvent[] = Array.from({ length: RECENT_LIMIT + 50 }, (_, i) => ({
      type: 'CommentPosted',
      data: { comment: comment(`c${i}`), status: 'approved' },
    }));
    const s = fold([
      ...many,
      { type: 'CommentPinned', data: { id: `c${RECENT_LIMIT + 49}` } },
      { type: 'KillSwitchSet', data: { active: true } },
    ]);
    expect(s.recent).toHaveLength(RECENT_LIMIT);
    expect(s.recent[0]?.id).toBe('c50');
    expect(s.killed).toBe(true);
    expect(s.pinned).toBeNull();
  });

  it('one cheer per device per stage; likes add up', () => {
    const s = fold([
      { type: 'CheerCast', data: { deviceId: 'd1', stageId: 'final', contestantId: 'c01' } },
      { type: 'CheerCast', data: { deviceId: 'd1', stageId: 'final', contestantId: 'c02' } },
      { type: 'CheerCast', data: { deviceId: 'd2', stageId: 'final', contestantId: 'c01' } },
      { type: 'CheerCast', data: { deviceId: 'd1', stageId: 'semi', contestantId: 'c02' } },
      { type: 'LikesCounted', data: { count: 120 } },
      { type: 'LikesCounted', data: { count: 7 } },
    ]);
    expect(s.cheers.final?.counts).toEqual({ c01: 2 });
    expect(s.cheers.semi?.counts).toEqual({ c02: 1 });
    expect(s.likes).toBe(127);
  });

  it('word-list changes are relative to the defaults', () => {
    const s = fold([
      { type: 'WordsChanged', data: { added: ['甲', '乙'], removed: [] } },
      { type: 'WordsChanged', data: { added: [], removed: ['甲', '傻逼'] } },
    ]);
    expect(s.words).toEqual({ added: ['乙'], removed: ['甲', '傻逼'] });
  });

  it('play-along: one answer per device, graded on close, leaderboard by points then time', () => {
    const s = fold([
      { type: 'NicknameSet', data: { deviceId: 'd3', nickname: '老党员' } },
      { type: 'PlayAlongOpened', data: { roundId: 'r1', questionId: 'q1', at: 1000 } },
      { type: 'PlayAlongAnswered', data: { roundId: 'r1', deviceId: 'd1', answer: ['B'], at: 4000 } },
      { type: 'PlayAlongAnswered', data: { roundId: 'r1', deviceId: 'd1', answer: ['A'], at: 4100 } },
      { type: 'PlayAlongAnswered', data: { roundId: 'r1', deviceId: 'd2', answer: ['A'], at: 2000 } },
      { type: 'PlayAlongAnswered', data: { roundId: 'r1', deviceId: 'd3', answer: ['B'], at: 3000 } },
      { type: 'PlayAlongClosed', data: { roundId: 'r1', answer: ['B'], at: 9000 } },
      { type: 'PlayAlongAnswered', data: { roundId: 'r1', deviceId: 'd4', answer: ['B'], at: 9500 } },
      { type: 'PlayAlongOpened', data: { roundId: 'r2', questionId: 'q2', at: 10_000 } },
      { type: 'PlayAlongAnswered', data: { roundId: 'r2', deviceId: 'd2', answer: ['true'], at: 11_000 } },
      { type: 'PlayAlongAnswered', data: { roundId: 'r2', deviceId: 'd1', answer: ['false'], at: 12_000 } },
      { type: 'PlayAlongClosed', data: { roundId: 'r2', answer: ['true'], at: 13_000 } },
    ]);
    // d1: right in r1 after 3000 ms, wrong in r2; d2: wrong, then right after 1000 ms;
    // d3: right after 2000 ms. Points tie at 1: less time first.
    expect(s.scores.d1).toEqual({ nickname: defaultNickname('d1'), points: 1, ms: 3000, answered: 2 });
    expect(s.scores.d4).toBeUndefined();
    expect(leaderboard(s)).toEqual([
      { rank: 1, nickname: defaultNickname('d2'), points: 1, ms: 1000 },
      { rank: 2, nickname: '老党员', points: 1, ms: 2000 },
      { rank: 3, nickname: defaultNickname('d1'), points: 1, ms: 3000 },
    ]);
    expect(s.rounds).toBe(2);
  });

  it('full ties share a rank', () => {
    const s = fold([
      { type: 'PlayAlongOpened', data: { roundId: 'r1', questionId: 'q1', at: 0 } },
      { type: 'PlayAlongAnswered', data: { roundId: 'r1', deviceId: 'a', answer: ['A'], at: 500 } },
      { type: 'PlayAlongAnswered', data: { roundId: 'r1', deviceId: 'b', answer: ['A'], at: 500 } },
      { type: 'PlayAlongAnswered', data: { roundId: 'r1', deviceId: 'c', answer: ['A'], at: 900 } },
      { type: 'PlayAlongClosed', data: { roundId: 'r1', answer: ['A'], at: 1000 } },
    ]);
    expect(leaderboard(s).map((r) => r.rank)).toEqual([1, 1, 3]);
  });

  it('generated nicknames are Chinese, stable per device', () => {
    expect(defaultNickname('device-abc')).toBe(defaultNickname('device-abc'));
    expect(defaultNickname('device-abc')).toMatch(/^[\u4e00-\u9fa5]{2}观众\d{4}$/);
  });
});
