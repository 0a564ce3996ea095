import { describe, expect, it } from 'vitest';
import { contestSpec, opening } from '../contest/contest-spec.ts';
import type { Actor } from '../contest/kernel/actor.ts';
import { deciderSpec } from '../contest/kernel/decider-spec.ts';
import type { ContestState } from '../contest/state.ts';
import { audienceCapability } from './audience-capability.ts';
import { audienceReply, type AudienceCommand, type FilterVerdict } from './decide-audience.ts';
import { MAX_QUEUE, defaultNickname, initialAudienceState, type AudienceComment, type AudienceEvent } from './model.ts';
import {
  AUDIENCE_EVENT_VIEWS,
  audienceFrameOf,
  type AudienceEventViews,
  emptyAudienceDelta,
  frameChanged,
  markAudienceEvent,
  moderationFrameOf,
} from './views-audience.ts';

const contest: ContestState = contestSpec.given(...opening()).state;

/** The audience decider's given/when/then, reading the demo contest with its final started. */
const spec = (mode: 'auto' | 'review' | 'closed' = 'auto', state: ContestState | null = contest) =>
  deciderSpec({
    decide: (s, c: AudienceCommand, ctx) => audienceCapability.decide(s, c, { ...ctx, contest: state }),
    evolve: (s, e: AudienceEvent) => audienceCapability.evolve(s, e),
    initialState: initialAudienceState(mode),
  });

const phone = (deviceId: string): Actor => ({ role: 'audience', subjectId: deviceId });
const HOST: Actor = { role: 'host' };
const pass: FilterVerdict = { outcome: 'pass', hits: [] };
const post = (id: string, text = '加油', verdict = pass, bannedAddress = false): AudienceCommand => ({
  type: 'PostComment',
  data: { id, text, color: 'white', verdict, bannedAddress },
});
const comment = (id: string, deviceId: string, text = '加油', at = 5, nickname = 'n'): AudienceComment => ({
  id,
  deviceId,
  nickname,
  text,
  color: 'white',
  at,
});

describe('audience decider: comments', () => {
  it('shows a comment at once in auto mode, queues it in review mode', () => {
    const shown = spec('auto').given().when(post('a'), phone('d1'), 5);
    const posted = shown.events[0];
    expect(posted).toMatchObject({ type: 'CommentPosted', data: { status: 'approved', comment: { id: 'a' } } });
    expect(audienceReply(post('a'), shown.events, initialAudienceState())).toEqual({
      ok: true,
      id: 'a',
      status: 'shown',
    });
    const queued = spec('review').given().when(post('b'), phone('d1'), 5);
    expect(queued.events[0]).toMatchObject({ data: { status: 'queued' } });
    expect(audienceReply(post('b'), queued.events, initialAudienceState())).toMatchObject({ status: 'queued' });
  });

  it('holds a comment the filter holds for review even in auto mode, with the words that held it', () => {
    spec('auto')
      .given()
      .when(post('a', '黑幕', { outcome: 'review', hits: ['黑幕'] }), phone('d1'), 7)
      .then({
        type: 'CommentPosted',
        data: {
          comment: { ...comment('a', 'd1', '黑幕', 7), nickname: defaultNickname('d1'), held: ['黑幕'] },
          status: 'queued',
        },
      });
  });

  it("a platform's comment keeps its source and the sender's nickname there; a phone's takes its own", () => {
    const platform: AudienceCommand = {
      type: 'PostComment',
      data: {
        id: 'p',
        text: '加油',
        color: 'white',
        verdict: pass,
        bannedAddress: false,
        source: 'bilibili',
        nickname: '小明',
      },
    };
    spec('auto')
      .given()
      .when(platform, phone('bilibili:42'), 3)
      .then({
        type: 'CommentPosted',
        data: {
          comment: { ...comment('p', 'bilibili:42', '加油', 3, '小明'), source: 'bilibili' },
          status: 'approved',
        },
      })
      .when(post('q'), phone('d1'), 4)
      .then({
        type: 'CommentPosted',
        data: { comment: comment('q', 'd1', '加油', 4, defaultNickname('d1')), status: 'approved' },
      });
  });

  it('refuses a filtered comment, a closed mode and a banned sender with typed refusals', () => {
    spec('auto')
      .given()
      .when(post('a', 'x', { outcome: 'refuse', hits: ['x'] }), phone('d1'))
      .thenFails('FORBIDDEN');
    spec('closed')
      .given()
      .when(post('a'), phone('d1'))
      .thenFails('INVALID_STATE', /closed/);
    const banned = spec('auto')
      .given({ type: 'SenderBanned', data: { deviceId: 'd1', reason: 'host' } })
      .when(post('a'), phone('d1'));
    expect(banned.decision).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', refusal: 'muted' } });
  });

  it('bans a new device id at a banned address and answers it as muted', () => {
    const step = spec('auto')
      .given()
      .when(post('a', '加油', pass, true), phone('d2'));
    expect(step.events).toEqual([{ type: 'SenderBanned', data: { deviceId: 'd2', reason: 'auto' } }]);
    expect(audienceReply(post('a', '加油', pass, true), step.events, initialAudienceState())).toMatchObject({
      ok: false,
      error: { refusal: 'muted' },
    });
  });

  it('refuses with a retry time once the review queue is full', () => {
    const full = Array.from({ length: MAX_QUEUE }, (_, i): AudienceEvent => ({
      type: 'CommentPosted',
      data: { comment: comment(`c${i}`, 'd9'), status: 'queued' },
    }));
    const step = spec('review')
      .given(...full)
      .when(post('z'), phone('d1'));
    expect(step.decision).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryAfterMs: 5000 } });
  });

  it('only a phone posts; only the host moderates', () => {
    spec('auto').given().when(post('a'), HOST).thenFails('FORBIDDEN');
    spec('auto')
      .given()
      .when({ type: 'SetKillSwitch', data: { active: true } }, phone('d1'))
      .thenFails('FORBIDDEN');
  });
});

describe('audience decider: moderation', () => {
  it('approves and rejects only queued comments, bans by comment, pins only shown ones', () => {
    const s = spec('review')
      .given()
      .when(post('a'), phone('d1'), 1)
      .thenAccepted()
      .when(post('b'), phone('d2'), 2)
      .thenAccepted();
    s.when({ type: 'DecideComments', data: { ids: ['zz'], approve: true } }, HOST).thenFails('NOT_FOUND');
    s.when({ type: 'PinComment', data: { commentId: 'a' } }, HOST).thenFails('NOT_FOUND', /shown/);
    s.when({ type: 'DecideComments', data: { ids: ['a', 'zz'], approve: true } }, HOST)
      .then({ type: 'CommentsDecided', data: { ids: ['a'], approve: true } })
      .when({ type: 'PinComment', data: { commentId: 'a' } }, HOST)
      .then({ type: 'CommentPinned', data: { id: 'a' } })
      .when({ type: 'BanSender', data: { commentId: 'b' } }, HOST)
      .then({ type: 'SenderBanned', data: { deviceId: 'd2', reason: 'host' } })
      .when({ type: 'BanSender', data: { commentId: 'nope' } }, HOST)
      .thenFails('NOT_FOUND');
    expect(s.state.queue).toEqual([]);
    expect(s.state.pinned?.id).toBe('a');
  });

  it('tidies word-list changes and refuses an empty change', () => {
    spec()
      .given()
      .when({ type: 'ChangeWords', data: { add: ['？ 黑幕', '？ 黑幕', ' '], remove: [] } }, HOST)
      .then({ type: 'WordsChanged', data: { added: ['?黑幕'], removed: [] } })
      .when({ type: 'ChangeWords', data: { add: [' '], remove: [] } }, HOST)
      .thenFails('BAD_REQUEST');
  });

  it('sets the mode and the kill switch', () => {
    spec()
      .given()
      .when({ type: 'SetCommentMode', data: { mode: 'closed' } }, HOST)
      .then({ type: 'CommentModeSet', data: { mode: 'closed' } })
      .when({ type: 'SetKillSwitch', data: { active: true } }, HOST)
      .then({ type: 'KillSwitchSet', data: { active: true } });
  });
});

describe('audience decider: cheers, likes, nicknames', () => {
  it('one cheer per device and stage, for a contestant on the current stage', () => {
    spec()
      .given()
      .when({ type: 'CastCheer', data: { contestantId: 'nobody' } }, phone('d1'))
      .thenFails('NOT_FOUND')
      .when({ type: 'CastCheer', data: { contestantId: 'c03' } }, phone('d1'))
      .then({ type: 'CheerCast', data: { deviceId: 'd1', stageId: 'final', contestantId: 'c03' } })
      .when({ type: 'CastCheer', data: { contestantId: 'c04' } }, phone('d1'))
      .thenFails('CONFLICT');
    spec('auto', null)
      .given()
      .when({ type: 'CastCheer', data: { contestantId: 'c03' } }, phone('d1'))
      .thenFails('INVALID_STATE');
  });

  it('likes are counted by the server, a nickname is set by its phone', () => {
    spec()
      .given()
      .when({ type: 'CountLikes', data: { count: 3 } }, phone('d1'))
      .thenFails('FORBIDDEN');
    spec()
      .given()
      .when({ type: 'CountLikes', data: { count: 3 } }, { role: 'system' })
      .then({ type: 'LikesCounted', data: { count: 3 } })
      .when({ type: 'SetNickname', data: { nickname: '小红' } }, phone('d1'))
      .then({ type: 'NicknameSet', data: { deviceId: 'd1', nickname: '小红' } });
  });
});

describe('audience decider: play-along', () => {
  it('opens a choice question, takes one valid answer per phone, closes with the key and counts the right ones', () => {
    const s = spec()
      .given()
      .when({ type: 'OpenPlayAlong', data: { questionId: 'q22' } }, HOST)
      .thenFails('BAD_REQUEST', /choice/)
      .when({ type: 'OpenPlayAlong', data: { questionId: 'q01' } }, HOST, 100)
      .then({ type: 'PlayAlongOpened', data: { roundId: 'r1', questionId: 'q01', at: 100 } })
      .when({ type: 'OpenPlayAlong', data: { questionId: 'q02' } }, HOST)
      .thenFails('INVALID_STATE')
      .when({ type: 'AnswerPlayAlong', data: { roundId: 'r1', answer: ['A', 'B'] } }, phone('d1'))
      .thenFails('BAD_REQUEST')
      .when({ type: 'AnswerPlayAlong', data: { roundId: 'r1', answer: ['B', 'B'] } }, phone('d1'), 400)
      .then({ type: 'PlayAlongAnswered', data: { roundId: 'r1', deviceId: 'd1', answer: ['B'], at: 400 } })
      .when({ type: 'AnswerPlayAlong', data: { roundId: 'r1', answer: ['C'] } }, phone('d1'))
      .thenFails('CONFLICT')
      .when({ type: 'AnswerPlayAlong', data: { roundId: 'r1', answer: ['C'] } }, phone('d2'), 500)
      .thenAccepted();
    const close = s.when({ type: 'ClosePlayAlong', data: {} }, HOST, 900);
    expect(close.events).toEqual([{ type: 'PlayAlongClosed', data: { roundId: 'r1', answer: ['B'], at: 900 } }]);
    expect(audienceReply({ type: 'ClosePlayAlong', data: {} }, close.events, s.state)).toEqual({
      ok: true,
      correct: 1,
    });
    s.when({ type: 'ClosePlayAlong', data: {} }, HOST).thenFails('INVALID_STATE');
    expect(s.state.scores['d1']).toMatchObject({ points: 1, ms: 300 });
  });
});

describe('audience view table', () => {
  it('has an entry for every event type, naming both frames', () => {
    const types: AudienceEvent['type'][] = [
      'CommentPosted',
      'CommentsDecided',
      'CommentPinned',
      'SenderBanned',
      'NicknameSet',
      'WordsChanged',
      'CommentModeSet',
      'KillSwitchSet',
      'LikesCounted',
      'CheerCast',
      'PlayAlongOpened',
      'PlayAlongAnswered',
      'PlayAlongClosed',
      'PlatformLikesCounted',
      'LikesTallied',
      'SendersMuted',
      'SenderTrusted',
    ];
    expect(Object.keys(AUDIENCE_EVENT_VIEWS).sort()).toEqual([...types].sort());
    for (const t of types) expect(Object.keys(AUDIENCE_EVENT_VIEWS[t]).sort()).toEqual(['frame', 'moderation']);
  });

  it('does not compile without an entry for every event, or without both frames named', () => {
    const { CheerCast: _dropped, ...missing } = AUDIENCE_EVENT_VIEWS;
    // @ts-expect-error an event type (CheerCast) without an entry
    const incomplete: AudienceEventViews = missing;
    // @ts-expect-error an entry must name both frames (null where the event shows nothing)
    const half: AudienceEventViews = { ...AUDIENCE_EVENT_VIEWS, CheerCast: { frame: null } };
    expect(Object.keys(incomplete)).not.toContain('CheerCast');
    expect(half.CheerCast.moderation).toBeUndefined();
  });

  it('a shown comment reaches the audience frame without its device id; a queued one only the host', () => {
    const delta = emptyAudienceDelta();
    const before = initialAudienceState('review');
    const queued: AudienceEvent = { type: 'CommentPosted', data: { comment: comment('q', 'd1'), status: 'queued' } };
    const shown: AudienceEvent = { type: 'CommentPosted', data: { comment: comment('s', 'd2'), status: 'approved' } };
    const mid = audienceCapability.evolve(before, queued);
    markAudienceEvent(delta, queued, before, mid);
    markAudienceEvent(delta, shown, mid, audienceCapability.evolve(mid, shown));
    const frame = audienceFrameOf(delta.frame, mid, contest, 1);
    expect(frame.comments).toEqual([{ id: 's', nickname: 'n', text: '加油', color: 'white' }]);
    expect(JSON.stringify(frame)).not.toContain('d1');
    expect(JSON.stringify(frame)).not.toContain('d2');
    const moderation = moderationFrameOf(
      delta.moderation,
      () => ({}) as never,
      () => [],
    );
    expect(moderation?.added.map((c) => c.deviceId)).toEqual(['d1']);
  });

  it("a platform comment's source is shown with it; its sender id stays with the host", () => {
    const delta = emptyAudienceDelta();
    const before = initialAudienceState('auto');
    const shown: AudienceEvent = {
      type: 'CommentPosted',
      data: { comment: { ...comment('s', 'bilibili:42'), source: 'bilibili' }, status: 'approved' },
    };
    const after = audienceCapability.evolve(before, shown);
    markAudienceEvent(delta, shown, before, after);
    const frame = audienceFrameOf(delta.frame, after, contest, 1);
    expect(frame.comments).toEqual([{ id: 's', nickname: 'n', text: '加油', color: 'white', source: 'bilibili' }]);
    expect(JSON.stringify(frame)).not.toContain('bilibili:42');
  });

  it('an event the table marks nowhere changes no frame (words reach only the host)', () => {
    const delta = emptyAudienceDelta();
    const s = initialAudienceState();
    const e: AudienceEvent = { type: 'WordsChanged', data: { added: ['x'], removed: [] } };
    markAudienceEvent(delta, e, s, audienceCapability.evolve(s, e));
    expect(frameChanged(delta.frame)).toBe(false);
    expect(delta.moderation.words).toBe(true);
  });
});

describe('audience decider: address mutes (recorded wherever the gate decided them)', () => {
  const SYSTEM: Actor = { role: 'system' };
  const mute = (at?: number): AudienceCommand => ({
    type: 'MuteSenders',
    data: { deviceIds: ['d1', 'd2'], addressTag: 'wifi', until: 120_000, level: 1, strikes: 30, ...(at ? { at } : {}) },
  });
  const from = (addressTag: string, since: number): AudienceCommand => ({
    type: 'PostComment',
    data: { id: `c${since}`, text: '加油', color: 'white', verdict: pass, bannedAddress: false, addressTag, since },
  });

  it('given a mute decided on an edge at 1000, when the core records it, then SendersMuted keeps that time', () => {
    spec('auto')
      .given()
      .when(mute(1000), SYSTEM, 1300)
      .then({
        type: 'SendersMuted',
        data: { deviceIds: ['d1', 'd2'], addressTag: 'wifi', until: 120_000, level: 1, strikes: 30, at: 1000 },
      });
    // Decided in this process: its own time.
    expect(spec('auto').given().when(mute(), SYSTEM, 1300).events[0]).toMatchObject({ data: { at: 1300 } });
  });

  it('holds the muted devices, and devices first named at that address after the mute, until it ends', () => {
    const s = spec('auto').given().when(mute(1000), SYSTEM, 1000).thenAccepted();
    s.when(post('x'), phone('d1'), 5000).thenFails('FORBIDDEN', /you may not comment/);
    s.when(from('wifi', 2000), phone('fresh'), 5000).thenFails('FORBIDDEN', /you may not comment/);
    // There before the mute (and not one of its senders), another address, or after it ends: free.
    s.when(from('wifi', 500), phone('before'), 5000).thenAccepted();
    s.when(from('home', 2000), phone('other'), 5000).thenAccepted();
    s.when(from('wifi', 2000), phone('later'), 120_001).thenAccepted();
  });

  it('a mute from an older log (no time) holds its devices only', () => {
    const old: AudienceEvent = {
      type: 'SendersMuted',
      data: { deviceIds: ['d1'], addressTag: 'wifi', until: 120_000, level: 1, strikes: 30 },
    };
    const s = spec('auto').given(old);
    expect(s.state.mutedAddresses).toEqual({});
    s.when(from('wifi', 2000), phone('fresh'), 5000).thenAccepted();
  });

  it("a second mute while the first holds extends it from the first one's start", () => {
    const s = spec('auto').given().when(mute(1000), SYSTEM, 1000).thenAccepted();
    s.when(
      {
        type: 'MuteSenders',
        data: { deviceIds: ['d3'], addressTag: 'wifi', until: 700_000, level: 2, strikes: 30, at: 100_000 },
      },
      SYSTEM,
      100_000,
    ).thenAccepted();
    expect(s.state.mutedAddresses['wifi']).toEqual({ from: 1000, until: 700_000 });
  });
});
