import { describe, expect, it } from 'vitest';
import { evolveAudience, initialAudienceState, type AudienceEvent, type AudienceState } from './model.ts';
import { POPULARITY_RULE, ageWeight, popularityCounts, weighPopularity } from './popularity-weights.ts';

const MIN = 60_000;
const fold = (events: AudienceEvent[]): AudienceState => events.reduce(evolveAudience, initialAudienceState('auto'));
const cheer = (i: number, contestantId: string, addressTag: string, since: number, at: number): AudienceEvent => ({
  type: 'CheerCast',
  data: { deviceId: `d${i}`, stageId: 'final', contestantId, addressTag, since, at },
});

describe('weighPopularity', () => {
  it('weighs a device by its age when it cheers', () => {
    expect(ageWeight({ since: 0, at: 30 * MIN })).toBe(1);
    expect(ageWeight({ since: 0, at: 2 * MIN })).toBe(0.5);
    expect(ageWeight({ since: 0, at: 1000 })).toBe(0.25);
  });

  it('one address with 300 new devices does not outweigh 20 settled phones at 20 addresses', () => {
    const events: AudienceEvent[] = [];
    // A stuffing address: 300 devices made a few seconds before they cheer for c03.
    for (let i = 0; i < 300; i++)
      events.push(cheer(i, 'c03', 'stuffer', 60 * MIN + i * 100, 60 * MIN + i * 100 + 2000));
    // 20 ordinary phones, each at its own address, in the hall for half an hour.
    for (let i = 0; i < 20; i++) events.push(cheer(1000 + i, 'c07', `home${i}`, 30 * MIN, 60 * MIN + i * 5000));
    const b = weighPopularity(fold(events), 'final');
    expect(b['c03']).toMatchObject({ raw: 300, capped: POPULARITY_RULE.perAddress });
    expect(b['c03']!.topAddresses[0]).toEqual({ tag: 'stuffer', cheers: 10, share: 1 });
    // 10 counted, young (¼) and in a burst (½ after the first three): 3×¼ + 7×⅛.
    expect(b['c03']!.weighted).toBe(1.63);
    expect(b['c07']).toMatchObject({ raw: 20, capped: 20, weighted: 20, total: 20 });
    expect(popularityCounts(b)).toEqual({ c03: 2, c07: 20 });
  });

  it('counts platform likes on stage, one vote per hundred, and is the same for the same log', () => {
    const events: AudienceEvent[] = [
      cheer(1, 'c01', 'a', 0, 20 * MIN),
      { type: 'PlatformLikesCounted', data: { stageId: 'final', contestantId: 'c01', count: 250 } },
      { type: 'PlatformLikesCounted', data: { stageId: 'final', contestantId: 'c02', count: 99 } },
    ];
    const b = weighPopularity(fold(events), 'final');
    expect(b['c01']).toMatchObject({ weighted: 1, platformLikes: 250, likeVotes: 2, total: 3 });
    expect(b['c02']).toMatchObject({ raw: 0, likeVotes: 0, total: 0 });
    expect(weighPopularity(fold(events), 'final')).toEqual(b);
  });

  it('a cheer from an older log (no address) counts fully, as its own address', () => {
    const s = fold([{ type: 'CheerCast', data: { deviceId: 'x', stageId: 'final', contestantId: 'c05' } }]);
    expect(weighPopularity(s, 'final')['c05']).toMatchObject({ raw: 1, capped: 1, weighted: 1, total: 1 });
  });
});
