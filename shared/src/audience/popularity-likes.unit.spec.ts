/**
 * The popularity award by likes: page likes are attributed to the contestant whose turn it is
 * (`currentContestantId`, as platform likes are), tallied per address and device age, weighed
 * against stuffing (a cap per address, device age), and recomputable from the audience log.
 */
import { describe, expect, it } from 'vitest';
import { contestSpec, opening } from '../contest/contest-spec.ts';
import { SYSTEM_ACTOR } from '../contest/kernel/actor.ts';
import { deciderSpec } from '../contest/kernel/decider-spec.ts';
import type { ContestState } from '../contest/state.ts';
import { audienceCapability } from './audience-capability.ts';
import { audienceReply, type AudienceCommand } from './decide-audience.ts';
import { evolveAudience, initialAudienceState, type AudienceEvent, type AudienceState } from './model.ts';
import {
  POPULARITY_RULE,
  likeAgeClass,
  mergeLikeRows,
  popularityCounts,
  weighAward,
  weighLikes,
} from './popularity-weights.ts';
import { AUDIENCE_EVENT_VIEWS, emptyAudienceDelta, markAudienceEvent } from './views-audience.ts';

const MIN = 60_000;

/** The demo contest with its final started and, when given, `contestantId` on stage. */
const onStage = (contestantId?: string): ContestState =>
  contestSpec.given(
    ...opening(),
    ...(contestantId ? [{ type: 'CurrentContestantSet' as const, data: { contestantId } }] : []),
  ).state;

/** The audience decider's given/when/then, reading `contest`. */
const spec = (contest: ContestState) =>
  deciderSpec({
    decide: (s, c: AudienceCommand, ctx) => audienceCapability.decide(s, c, { ...ctx, contest }),
    evolve: (s, e: AudienceEvent) => audienceCapability.evolve(s, e),
    initialState: initialAudienceState('auto'),
  });

const tally = (count: number, addressTag: string, since?: number): AudienceCommand => ({
  type: 'TallyLikes',
  data: { count, addressTag, ...(since !== undefined ? { since } : {}) },
});
const fold = (events: AudienceEvent[]): AudienceState => events.reduce(evolveAudience, initialAudienceState('auto'));
const tallied = (
  contestantId: string,
  rows: { tag: string; mature?: number; young?: number; newborn?: number }[],
  at = 0,
): AudienceEvent => ({
  type: 'LikesTallied',
  data: {
    stageId: 'final',
    contestantId,
    at,
    byAddress: rows.map((r) => ({ tag: r.tag, mature: r.mature ?? 0, young: r.young ?? 0, newborn: r.newborn ?? 0 })),
  },
});

describe('likes by turn: the decider', () => {
  it("given c02's turn, when a page's likes arrive, then they are tallied for c02 by address and device age", () => {
    spec(onStage('c02'))
      .given()
      .when(tally(7, 'addr1', 0), SYSTEM_ACTOR, 30 * MIN)
      .then(tallied('c02', [{ tag: 'addr1', mature: 7, young: 0, newborn: 0 }], 30 * MIN))
      .when(tally(3, 'addr2', 30 * MIN - 2 * MIN), SYSTEM_ACTOR, 30 * MIN)
      .then(tallied('c02', [{ tag: 'addr2', mature: 0, young: 3, newborn: 0 }], 30 * MIN));
  });

  it('given no contestant on stage (or no stage), when likes arrive, then nothing is tallied', () => {
    spec(onStage())
      .given()
      .when(tally(5, 'a', 0), SYSTEM_ACTOR, 1000)
      .thenNothing();
    spec(contestSpec.given(...opening()).state)
      .given()
      .when(tally(0, 'a', 0), SYSTEM_ACTOR, 1000)
      .thenNothing();
  });

  it('only the server tallies likes: a phone or the host is FORBIDDEN', () => {
    spec(onStage('c01')).given().when(tally(5, 'a'), { role: 'audience', subjectId: 'd1' }, 1).thenFails('FORBIDDEN');
    spec(onStage('c01')).given().when(tally(5, 'a'), { role: 'host' }, 1).thenFails('FORBIDDEN');
  });

  it('answers with the taps accepted, and marks the host the popularity view (not the phones)', () => {
    const step = spec(onStage('c01'))
      .given()
      .when(tally(4, 'a', 0), SYSTEM_ACTOR, 1);
    expect(audienceReply(tally(4, 'a', 0), step.events, initialAudienceState())).toEqual({ ok: true, accepted: 4 });
    const d = emptyAudienceDelta();
    const e = step.events[0]!;
    markAudienceEvent(d, e, initialAudienceState(), evolveAudience(initialAudienceState(), e));
    expect(d.moderation.popularity).toBe(true);
    expect(d.frame.likes).toBe(false);
    expect(AUDIENCE_EVENT_VIEWS.LikesTallied.frame).toBeNull();
  });

  it("an exempt address's likes (no device age) count as full-aged", () => {
    expect(likeAgeClass(undefined, 5)).toBe('mature');
    expect(likeAgeClass(0, 10 * MIN)).toBe('mature');
    expect(likeAgeClass(0, MIN)).toBe('young');
    expect(likeAgeClass(0, MIN - 1)).toBe('newborn');
  });
});

describe('likes by turn: the tally and its weight', () => {
  it('merges one flush of tallies into one row per address, sorted, whatever the order', () => {
    const rows = [
      { tag: 'b', mature: 1, young: 0, newborn: 0 },
      { tag: 'a', mature: 0, young: 2, newborn: 0 },
      { tag: 'b', mature: 0, young: 0, newborn: 5 },
    ];
    expect(mergeLikeRows(rows)).toEqual([
      { tag: 'a', mature: 0, young: 2, newborn: 0 },
      { tag: 'b', mature: 1, young: 0, newborn: 5 },
    ]);
    expect(mergeLikeRows([...rows].reverse())).toEqual(mergeLikeRows(rows));
    expect(rows[0]).toEqual({ tag: 'b', mature: 1, young: 0, newborn: 0 }); // inputs untouched
  });

  it('one address of new devices tapping thousands of times does not outweigh fifty settled phones', () => {
    const cap = POPULARITY_RULE.likesPerAddress;
    const events: AudienceEvent[] = [
      // A stuffing address: 20,000 likes from devices made moments before, over ten flushes.
      ...Array.from({ length: 10 }, (_, i) => tallied('c03', [{ tag: 'stuffer', newborn: 2000 }], i * 1000)),
      // 50 phones at 50 addresses, in the hall for half an hour, 20 likes each during c07's turn.
      tallied(
        'c07',
        Array.from({ length: 50 }, (_, i) => ({ tag: `home${String(i).padStart(2, '0')}`, mature: 20 })),
        20_000,
      ),
    ];
    const b = weighLikes(fold(events), 'final');
    expect(b['c03']).toMatchObject({ raw: 20_000, capped: cap, weighted: cap / 4, total: cap / 4 });
    expect(b['c03']!.topAddresses).toEqual([{ tag: 'stuffer', cheers: cap, share: 1 }]);
    expect(b['c07']).toMatchObject({ raw: 1000, capped: 1000, weighted: 1000, total: 1000 });
    expect(b['c07']!.topAddresses).toHaveLength(3);
    expect(popularityCounts(b)).toEqual({ c03: cap / 4, c07: 1000 });
  });

  it("the cap takes an address's oldest devices' likes first", () => {
    const cap = POPULARITY_RULE.likesPerAddress;
    const b = weighLikes(
      fold([tallied('c01', [{ tag: 'wifi', mature: cap - 100, young: 300, newborn: 1000 }])]),
      'final',
    );
    expect(b['c01']).toMatchObject({ raw: cap + 1200, capped: cap, weighted: cap - 100 + 50 });
  });

  it('platform likes of the turn count as they are, beside the weighed page likes', () => {
    const events: AudienceEvent[] = [
      tallied('c01', [{ tag: 'a', mature: 10, young: 4, newborn: 4 }]),
      { type: 'PlatformLikesCounted', data: { stageId: 'final', contestantId: 'c01', count: 250 } },
      { type: 'PlatformLikesCounted', data: { stageId: 'final', contestantId: 'c02', count: 99 } },
    ];
    const s = fold(events);
    const b = weighLikes(s, 'final');
    expect(b['c01']).toEqual({
      raw: 18,
      capped: 18,
      weighted: 13,
      platformLikes: 250,
      likeVotes: 250,
      total: 263,
      topAddresses: [{ tag: 'a', cheers: 18, share: 1 }],
    });
    expect(b['c02']).toMatchObject({ raw: 0, platformLikes: 99, total: 99 });
    // The award's kind chooses the rule; the same log gives the same counts.
    expect(weighAward(s, 'final', 'likes')).toEqual(b);
    expect(weighAward(s, 'final', 'cheers')['c01']).toMatchObject({ raw: 0, likeVotes: 2, total: 2 });
    expect(weighLikes(fold(events), 'final')).toEqual(b);
  });

  it('tallies of several flushes add up per address, and another stage keeps its own', () => {
    const other: AudienceEvent = {
      type: 'LikesTallied',
      data: { stageId: 'semi', contestantId: 'c01', at: 0, byAddress: [{ tag: 'a', mature: 9, young: 0, newborn: 0 }] },
    };
    const s = fold([tallied('c01', [{ tag: 'a', mature: 2 }]), other, tallied('c01', [{ tag: 'a', mature: 3 }])]);
    expect(s.likeTally['final']?.['c01']).toEqual({ a: { mature: 5, young: 0, newborn: 0 } });
    expect(weighLikes(s, 'final')['c01']).toMatchObject({ raw: 5 });
    expect(weighLikes(s, 'semi')['c01']).toMatchObject({ raw: 9 });
  });
});
