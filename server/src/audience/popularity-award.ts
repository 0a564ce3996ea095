/**
 * The host's "record the popularity award" (`moderation:popularity`): the counts come from the
 * server's own audience state, weighed by shared/src/audience/popularity-weights.ts (a cap per
 * address, the devices' age, bursts, platform likes on stage; or, for an award by likes, the
 * likes of each contestant's turn, capped per address and weighed by device age), never from the host: the host
 * only asks; the server records each contestant's total in the contest log as the system (人气奖)
 * and answers with how each count was formed.
 */
import { randomBytes } from 'node:crypto';
import { SYSTEM_ACTOR, domainError, popularityCounts, weighAward, type PopularityAck } from '@leitai/shared';
import type { ContestService } from '../contests/contest-service.ts';
import type { AudienceRoom } from './audience-room.ts';

export async function recordPopularity(
  service: ContestService,
  room: AudienceRoom,
  stageId: string,
): Promise<PopularityAck> {
  const runtime = service.get(room.contestId);
  const award = runtime?.state?.definition.awards?.popularity;
  if (!runtime || !award) {
    return { ok: false, error: domainError('INVALID_STATE', 'the contest file has no popularity award') };
  }
  const breakdown = weighAward(room.state, stageId, award.by);
  const counts = popularityCounts(breakdown);
  const ack = await runtime.execute(
    { type: 'RecordPopularityCounts', data: { stageId, by: award.by, counts } },
    SYSTEM_ACTOR,
    `pop-${randomBytes(6).toString('base64url')}`,
  );
  return ack.ok ? { ok: true, counts, breakdown, position: ack.position } : ack;
}
