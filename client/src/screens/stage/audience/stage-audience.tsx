import type { ContestState } from '@leitai/shared';
import { AudienceCounters, AudienceLeaderboard } from '../../../ui/danmaku/audience-counters.tsx';
import { DanmakuLayer } from '../../../ui/danmaku/danmaku-layer.tsx';
import '../../../ui/danmaku/danmaku.css';

/** The audience on the big screen: danmaku, likes, cheer bars and the play-along leaderboard. */
export function StageAudience({ contest }: { contest: ContestState }) {
  const blank = contest.scene === 'blank';
  return (
    <>
      {!blank && (
        <div className="aud-stage-col">
          <AudienceLeaderboard />
          <AudienceCounters contest={contest} variant="stage" />
        </div>
      )}
      <DanmakuLayer />
    </>
  );
}
