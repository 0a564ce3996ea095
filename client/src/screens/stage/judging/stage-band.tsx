import type { ContestState } from '@leitai/shared';
import { currentSegment, currentStage, rosterStage } from '../../../core/contest-view.ts';
import { useT } from '../../../core/i18n/i18n.ts';

/** The band at the top of the judging and results scenes (same look as the other content scenes). */
export function ResultsBand({ contest, segmentName }: { contest: ContestState; segmentName?: string }) {
  const t = useT();
  const stage = currentStage(contest) ?? rosterStage(contest);
  const segment = currentSegment(contest);
  const name = segmentName ?? segment?.name;
  return (
    <header className="stage-band">
      <span className="stage-band-title">{contest.definition.title}</span>
      <span className="stage-band-now">
        {stage?.name}
        {name && (
          <>
            <span className="stage-band-dot">·</span>
            {name}
            {segment && segment.name === name && <span className="stage-kind">{t(`kind.${segment.kind}`)}</span>}
          </>
        )}
      </span>
    </header>
  );
}
