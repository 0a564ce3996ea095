import type { ContestState } from '@leitai/shared';
import { AudienceCounters } from '../../../ui/danmaku/audience-counters.tsx';
import { DanmakuLayer } from '../../../ui/danmaku/danmaku-layer.tsx';
import '../../../ui/danmaku/danmaku.css';

/** The audience on the stream: danmaku in the upper band (clear of the lower thirds), likes and cheers. */
export function OverlayAudience({ contest }: { contest: ContestState }) {
  return (
    <>
      {contest.scene !== 'blank' && <AudienceCounters contest={contest} variant="overlay" />}
      <DanmakuLayer options={{ top: 40, bandHeight: 440, fontSize: 36 }} />
    </>
  );
}
