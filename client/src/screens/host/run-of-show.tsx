import { useState, type MouseEvent } from 'react';
import type { ClientCommand, ContestState, RunStatus } from '@leitai/shared';
import { useT } from '../../core/i18n/i18n.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';

/** A finish that waits for the host's confirmation. */
type PendingFinish = { kind: 'segment' | 'stage'; id: string; name: string };

/** Leave no focus on a run-of-show button: the button that takes its place must not take a stray Enter. */
const blurred = (act: () => void) => (e: MouseEvent<HTMLButtonElement>) => {
  e.currentTarget.blur();
  act();
};

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
  const [pending, setPending] = useState<PendingFinish | null>(null);
  return (
    <>
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
                    onClick={blurred(() => run({ type: 'StartStage', data: { stageId: stage.id } }))}
                  >
                    {t('host.startStage')}
                  </button>
                )}
                {stageStatus === 'running' && (
                  <button
                    key="finish"
                    type="button"
                    className="btn btn-small btn-quiet"
                    data-testid={`finish-stage-${stage.id}`}
                    disabled={busy.has(`FinishStage:${stage.id}`)}
                    onClick={blurred(() => setPending({ kind: 'stage', id: stage.id, name: stage.name }))}
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
                          key="start"
                          type="button"
                          className="btn btn-small"
                          data-testid={`start-segment-${segment.id}`}
                          disabled={stageStatus === 'finished' || busy.has(`StartSegment:${segment.id}`)}
                          onClick={blurred(() => run({ type: 'StartSegment', data: { segmentId: segment.id } }))}
                        >
                          {t('host.start')}
                        </button>
                      ) : (
                        <button
                          key="finish"
                          type="button"
                          className="btn btn-small btn-quiet"
                          data-testid={`finish-segment-${segment.id}`}
                          disabled={busy.has(`FinishSegment:${segment.id}`)}
                          onClick={blurred(() => setPending({ kind: 'segment', id: segment.id, name: segment.name }))}
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
      {pending && (
        <ConfirmDialog
          testId="confirm-finish"
          text={t(pending.kind === 'segment' ? 'confirm.finishSegment' : 'confirm.finishStage', { name: pending.name })}
          okLabel={t(pending.kind === 'segment' ? 'confirm.finishSegmentOk' : 'confirm.finishStageOk')}
          onConfirm={() =>
            run(
              pending.kind === 'segment'
                ? { type: 'FinishSegment', data: { segmentId: pending.id } }
                : { type: 'FinishStage', data: { stageId: pending.id } },
            )
          }
          onClose={() => setPending(null)}
        />
      )}
    </>
  );
}
