import type { WrittenContest, WrittenEvent, WrittenRun } from './types.ts';
import { writtenRun } from './decide-written.ts';

/** Fold one written-test event. Pure; never mutates its input. */
export function evolveWritten<S extends WrittenContest>(state: S, event: WrittenEvent): S {
  const { segmentId } = event.data;
  const run = writtenRun(state, segmentId);
  const put = (next: WrittenRun, scores?: Record<string, number>): S => ({
    ...state,
    written: { ...state.written, [segmentId]: next },
    ...(scores ? { scores: { ...state.scores, [segmentId]: { ...scores } } } : {}),
  });
  switch (event.type) {
    case 'WrittenTestOpened':
      return put({ ...run, status: 'open', openedAt: event.data.at, closesAt: event.data.closesAt });
    case 'WrittenTestClosed':
      return put({ ...run, status: 'closed', closedAt: event.data.at });
    case 'TakerTimeExtended': {
      const { takerId, seconds } = event.data;
      return put({
        ...run,
        extensions: { ...run.extensions, [takerId]: (run.extensions[takerId] ?? 0) + seconds * 1000 },
      });
    }
    case 'PaperVoided':
      return put({ ...run, voided: { ...run.voided, [event.data.takerId]: event.data.reason } });
    case 'PaperReopened': {
      const { takerId } = event.data;
      const voided = { ...run.voided };
      delete voided[takerId];
      return put({ ...run, voided, reopened: { ...run.reopened, [takerId]: (run.reopened[takerId] ?? 0) + 1 } });
    }
    case 'WrittenScoresRecorded':
      return put({ ...run, scoredAt: event.data.at }, event.data.scores);
    case 'WrittenResultsReleased':
      return put({ ...run, released: { at: event.data.at, withKey: event.data.withKey } }, event.data.scores);
  }
}
