import type { ContestState } from '@leitai/shared';
import { AudienceCounters } from '../../../ui/danmaku/audience-counters.tsx';
import { DanmakuLayer } from '../../../ui/danmaku/danmaku-layer.tsx';
import '../../../ui/danmaku/danmaku.css';

/** Scenes with a full-width panel at the bottom: the likes and cheers move to the top-right corner. */
const BOTTOM_PANEL = new Set(['title', 'roster', 'ceremony']);

/**
 * The audience on the stream: danmaku in the upper band (lanes keep clear of every panel marked
 * reserved), likes and cheers in the bottom-right corner of the safe area, or the top right when
 * a panel fills the bottom.
 */
export function OverlayAudience({ contest }: { contest: ContestState }) {
  return (
    <>
      {contest.scene !== 'blank' && (
        <div className={BOTTOM_PANEL.has(contest.scene) ? 'ov-counters-top' : 'ov-counters'}>
          <AudienceCounters contest={contest} variant="overlay" />
        </div>
      )}
      <DanmakuLayer options={{ top: 40, bandHeight: 440, fontSize: 36 }} />
    </>
  );
}
