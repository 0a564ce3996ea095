import type { ContestState } from '@leitai/shared';
import { AudienceCounters, AudienceLeaderboard, useLeaderboardShown } from '../../../ui/danmaku/audience-counters.tsx';
import { DanmakuLayer } from '../../../ui/danmaku/danmaku-layer.tsx';
import '../../../ui/danmaku/danmaku.css';

/**
 * The audience on the big screen: danmaku in the upper band, and the audience band along the
 * bottom edge (likes, cheer bars, the play-along leaderboard). The band is reserved: no scene
 * lays anything out in its height (`--stage-audience-band` in stage.css), so the likes badge
 * never covers a standings row, a question card or a ceremony card.
 */
export function StageAudience({ contest }: { contest: ContestState }) {
  const blank = contest.scene === 'blank';
  const board = useLeaderboardShown();
  return (
    <>
      {!blank && (
        <div className="aud-stage-band" data-testid="audience-band">
          <AudienceCounters contest={contest} variant="stage" maxCheers={board ? 3 : 5} />
          <AudienceLeaderboard variant="band" />
        </div>
      )}
      <DanmakuLayer />
    </>
  );
}
