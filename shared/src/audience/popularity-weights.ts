/**
 * How the popularity award (人气奖) counts cheers, so that neither one address nor one burst of new
 * devices decides it, and so that the host can see how every count was formed. Pure: the same
 * audience log gives the same counts (the cheers carry their address tag, the device's identity
 * age and the time they were cast; docs/operator-guide.md, "人气奖").
 *
 * For each contestant of a stage:
 * 1. **raw**: the cheers cast (one per device, already capped per address at the gate).
 * 2. **capped**: per address, at most `perAddress` of its cheers count (the earliest).
 * 3. **weighted**: each counted cheer weighs by its device's age when cast (the server's signed
 *    identity dates it): 1 from `matureMs` on, ½ from `youngMs`, ¼ younger, and by burst: a cheer
 *    that follows `burstSize` or more counted cheers from the same address within `burstMs` weighs
 *    half as much again.
 * 4. **likeVotes**: platform likes received while the contestant was on stage, one vote per
 *    `likesPerVote` (when a source's "likes count" setting is on).
 * 5. **total**: weighted + likeVotes, rounded to a whole number: what is recorded in the contest log.
 *
 * An award **by likes** (`awards.popularity.by: 'likes'`, `weighLikes`) counts the likes received
 * during each contestant's turn (the contestant on stage, `currentContestantId`, when they arrived):
 * 1. **raw**: likes from Leitai's own audience page (`LikesTallied`, summed per address and
 *    device age).
 * 2. **capped**: per address, at most `likesPerAddress` of them count, its oldest devices' first.
 * 3. **weighted**: each counted like weighs by its device's age when tapped: 1, ½ or ¼ (as a cheer).
 * 4. **platformLikes** / **likeVotes**: platform likes during the turn, counted as they are (one
 *    vote each: a platform's likes have no address or device the server could weigh).
 * 5. **total**: weighted + likeVotes, rounded.
 */
import type { AudienceState, CheerVote, LikeTallyRow } from './model.ts';

export interface PopularityRule {
  perAddress: number;
  matureMs: number;
  youngMs: number;
  burstMs: number;
  burstSize: number;
  likesPerVote: number;
  /** An award by likes: most page likes one address adds to one contestant. */
  likesPerAddress: number;
}

export const POPULARITY_RULE: PopularityRule = {
  perAddress: 10,
  matureMs: 10 * 60_000,
  youngMs: 60_000,
  burstMs: 60_000,
  burstSize: 3,
  likesPerVote: 100,
  likesPerAddress: 500,
};

/** How one contestant's count was formed. */
export interface PopularityFormation {
  raw: number;
  capped: number;
  weighted: number;
  platformLikes: number;
  likeVotes: number;
  total: number;
  /**
   * The addresses with the most counted votes for this contestant (cheers; likes for an award by
   * likes, in the same `cheers` field), and their share of `capped`.
   */
  topAddresses: { tag: string; cheers: number; share: number }[];
}

export type PopularityBreakdown = Record<string, PopularityFormation>;

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** The weight of one counted cheer's device age. */
export function ageWeight(vote: Pick<CheerVote, 'since' | 'at'>, rule: PopularityRule = POPULARITY_RULE): number {
  const age = vote.at - vote.since;
  if (age >= rule.matureMs) return 1;
  if (age >= rule.youngMs) return 0.5;
  return 0.25;
}

/** Each contestant's count for a stage, with how it was formed. */
export function weighPopularity(
  s: Pick<AudienceState, 'cheers' | 'platformLikes'>,
  stageId: string,
  rule: PopularityRule = POPULARITY_RULE,
): PopularityBreakdown {
  const votes = s.cheers[stageId]?.votes ?? [];
  const likes = s.platformLikes[stageId] ?? {};
  const byContestant = new Map<string, CheerVote[]>();
  for (const v of votes) {
    const list = byContestant.get(v.contestantId) ?? [];
    list.push(v);
    byContestant.set(v.contestantId, list);
  }
  const ids = new Set([...byContestant.keys(), ...Object.keys(likes)]);
  const out: PopularityBreakdown = {};
  for (const id of [...ids].sort()) {
    const list = byContestant.get(id) ?? [];
    const perAddress = new Map<string, CheerVote[]>();
    for (const v of list) {
      const a = perAddress.get(v.addressTag) ?? [];
      a.push(v);
      perAddress.set(v.addressTag, a);
    }
    let capped = 0;
    let weighted = 0;
    const tops: { tag: string; cheers: number }[] = [];
    for (const [tag, cast] of perAddress) {
      const counted = [...cast].sort((x, y) => x.at - y.at).slice(0, rule.perAddress);
      capped += counted.length;
      tops.push({ tag, cheers: counted.length });
      counted.forEach((v, i) => {
        let before = 0;
        for (let j = i - 1; j >= 0; j--) {
          const prev = counted[j];
          if (!prev || v.at - prev.at > rule.burstMs) break;
          before += 1;
        }
        weighted += ageWeight(v, rule) * (before >= rule.burstSize ? 0.5 : 1);
      });
    }
    const platformLikes = likes[id] ?? 0;
    const likeVotes = Math.floor(platformLikes / rule.likesPerVote);
    tops.sort((x, y) => y.cheers - x.cheers || (x.tag < y.tag ? -1 : 1));
    out[id] = {
      raw: list.length,
      capped,
      weighted: round2(weighted),
      platformLikes,
      likeVotes,
      total: Math.round(weighted + likeVotes),
      topAddresses: tops.slice(0, 3).map((t) => ({ ...t, share: capped ? round2(t.cheers / capped) : 0 })),
    };
  }
  return out;
}

/** The counts the award records: each contestant's total. */
export const popularityCounts = (b: PopularityBreakdown): Record<string, number> =>
  Object.fromEntries(Object.entries(b).map(([id, f]) => [id, f.total]));

/** A device's age class when it tapped a like (the classes a `LikesTallied` row counts). */
export function likeAgeClass(
  since: number | undefined,
  at: number,
  rule: PopularityRule = POPULARITY_RULE,
): 'mature' | 'young' | 'newborn' {
  const w = since === undefined ? 1 : ageWeight({ since, at }, rule);
  return w === 1 ? 'mature' : w === 0.5 ? 'young' : 'newborn';
}

/**
 * Several tallies of the same turn as one (the server sums a flush's likes before recording
 * them): rows added per address, sorted by tag so that the same likes give the same event.
 */
export function mergeLikeRows(rows: Iterable<LikeTallyRow>): LikeTallyRow[] {
  const byTag = new Map<string, LikeTallyRow>();
  for (const r of rows) {
    const prev = byTag.get(r.tag);
    if (!prev) byTag.set(r.tag, { ...r });
    else {
      prev.mature += r.mature;
      prev.young += r.young;
      prev.newborn += r.newborn;
    }
  }
  return [...byTag.values()].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}

/** Each contestant's count for a stage in an award by likes, with how it was formed. */
export function weighLikes(
  s: Pick<AudienceState, 'likeTally' | 'platformLikes'>,
  stageId: string,
  rule: PopularityRule = POPULARITY_RULE,
): PopularityBreakdown {
  const tally = s.likeTally[stageId] ?? {};
  const platform = s.platformLikes[stageId] ?? {};
  const ids = new Set([...Object.keys(tally), ...Object.keys(platform)]);
  const out: PopularityBreakdown = {};
  for (const id of [...ids].sort()) {
    let raw = 0;
    let capped = 0;
    let weighted = 0;
    const tops: { tag: string; cheers: number }[] = [];
    for (const [tag, r] of Object.entries(tally[id] ?? {})) {
      raw += r.mature + r.young + r.newborn;
      // The address's oldest devices' likes count first, up to the cap.
      let left = rule.likesPerAddress;
      let counted = 0;
      for (const [n, w] of [
        [r.mature, 1],
        [r.young, 0.5],
        [r.newborn, 0.25],
      ] as const) {
        const take = Math.min(n, left);
        left -= take;
        counted += take;
        weighted += take * w;
      }
      capped += counted;
      tops.push({ tag, cheers: counted });
    }
    const platformLikes = platform[id] ?? 0;
    tops.sort((x, y) => y.cheers - x.cheers || (x.tag < y.tag ? -1 : 1));
    out[id] = {
      raw,
      capped,
      weighted: round2(weighted),
      platformLikes,
      likeVotes: platformLikes,
      total: Math.round(weighted + platformLikes),
      topAddresses: tops.slice(0, 3).map((t) => ({ ...t, share: capped ? round2(t.cheers / capped) : 0 })),
    };
  }
  return out;
}

/** The breakdown of the award as the contest file defines it: by cheers or by likes. */
export const weighAward = (
  s: Pick<AudienceState, 'cheers' | 'platformLikes' | 'likeTally'>,
  stageId: string,
  by: 'cheers' | 'likes',
  rule: PopularityRule = POPULARITY_RULE,
): PopularityBreakdown => (by === 'likes' ? weighLikes(s, stageId, rule) : weighPopularity(s, stageId, rule));
