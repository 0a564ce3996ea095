import type { ClientCommand, ContestState, RunStatus } from '@leitai/shared';
import { useT } from '../../core/i18n/i18n.ts';

/** A status chip: pending / running / finished. */
export function StatusChip({ status }: { status: RunStatus }) {
  const t = useT();
  return <span className={`chip chip-${status}`}>{t(`status.${status}`)}</span>;
}

/** Stages and their segments with status and start/finish buttons. */
export function RunOfShow({
  contest,
  run,
  busy,
}: {
  contest: ContestState;
  run: (command: ClientCommand) => void;
  busy: ReadonlySet<string>;
}) {
  const t = useT();
  return (
    <ol className="ros">
      {contest.definition.stages.map((stage) => {
        const stageStatus = contest.stageStatus[stage.id] ?? 'pending';
        return (
          <li key={stage.id} className={`ros-stage ros-${stageStatus}`} data-testid={`stage-${stage.id}`}>
            <div className="ros-stage-head">
              <h3>{stage.name}</h3>
              <StatusChip status={stageStatus} />
              <span className="ros-spacer" />
              {stageStatus === 'pending' && (
                <button
                  type="button"
                  className="btn btn-small"
                  data-testid={`start-stage-${stage.id}`}
                  disabled={busy.has(`StartStage:${stage.id}`)}
                  onClick={() => run({ type: 'StartStage', data: { stageId: stage.id } })}
                >
                  {t('host.startStage')}
                </button>
              )}
              {stageStatus === 'running' && (
                <button
                  type="button"
                  className="btn btn-small btn-quiet"
                  data-testid={`finish-stage-${stage.id}`}
                  disabled={busy.has(`FinishStage:${stage.id}`)}
                  onClick={() => run({ type: 'FinishStage', data: { stageId: stage.id } })}
                >
                  {t('host.finishStage')}
                </button>
              )}
            </div>
            <ol className="ros-segments">
              {stage.segments.map((segment) => {
                const status = contest.segmentStatus[segment.id] ?? 'pending';
                const current = contest.currentSegmentId === segment.id;
                return (
                  <li
                    key={segment.id}
                    className={`ros-segment ros-${status} ${current ? 'is-current' : ''}`}
                    data-testid={`segment-${segment.id}`}
                    data-status={status}
                  >
                    <div className="ros-segment-text">
                      <span className="ros-segment-name">{segment.name}</span>
                      <span className="ros-segment-meta">
                        <span className={`kind kind-${segment.kind}`}>{t(`kind.${segment.kind}`)}</span>
                        <span>{t('field.weight', { weight: segment.weight })}</span>
                        <span>{t('field.fullMarks', { marks: segment.fullMarks })}</span>
                      </span>
                    </div>
                    <StatusChip status={status} />
                    {status !== 'running' ? (
                      <button
                        type="button"
                        className="btn btn-small"
                        data-testid={`start-segment-${segment.id}`}
                        disabled={stageStatus === 'finished' || busy.has(`StartSegment:${segment.id}`)}
                        onClick={() => run({ type: 'StartSegment', data: { segmentId: segment.id } })}
                      >
                        {t('host.start')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="btn btn-small btn-quiet"
                        data-testid={`finish-segment-${segment.id}`}
                        disabled={busy.has(`FinishSegment:${segment.id}`)}
                        onClick={() => run({ type: 'FinishSegment', data: { segmentId: segment.id } })}
                      >
                        {t('host.finish')}
                      </button>
                    )}
                  </li>
                );
              })}
            </ol>
          </li>
        );
      })}
    </ol>
  );
}
