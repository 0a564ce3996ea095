import { resolveWrittenSettings } from '../../model/segment-defaults.ts';
import type { Segment } from '../../model/contest-file-schema.ts';
import { fail, ok, type DecideContext, type Decision } from '../kernel/decision.ts';
import { findSegment, stageRoster } from '../kernel/lookup.ts';
import type { WrittenCommand, WrittenContest, WrittenEvent, WrittenRun } from './types.ts';

/** Taker ids of open registration: `t` and a server-made suffix (roster takers are contestant ids). */
export const OPEN_TAKER_ID = /^t[A-Za-z0-9_-]{4,40}$/;

/** A written segment's run (pending when the state has none yet). */
export function writtenRun(state: WrittenContest, segmentId: string): WrittenRun {
  return (
    state.written[segmentId] ?? {
      status: 'pending',
      openedAt: null,
      closesAt: null,
      closedAt: null,
      extensions: {},
      voided: {},
      reopened: {},
      scoredAt: null,
      released: null,
    }
  );
}

/** The written segment with this id, its stage, or why not. */
function writtenSegment(
  state: WrittenContest,
  segmentId: string,
): { ok: true; segment: Extract<Segment, { kind: 'written' }>; stageId: string } | { ok: false; message: string } {
  const found = findSegment(state.definition, segmentId);
  if (!found) return { ok: false, message: `no segment '${segmentId}'` };
  if (found.segment.kind !== 'written') return { ok: false, message: `segment '${segmentId}' is not a written test` };
  return { ok: true, segment: found.segment, stageId: found.stage.id };
}

/** Whether `takerId` may hold a paper of this segment: a roster contestant, or an open registrant. */
export function isTaker(state: WrittenContest, segmentId: string, takerId: string): boolean {
  const w = writtenSegment(state, segmentId);
  if (!w.ok) return false;
  if (resolveWrittenSettings(w.segment).entry === 'open') return OPEN_TAKER_ID.test(takerId);
  return stageRoster(state, w.stageId).includes(takerId);
}

/** Decide a written-test command. Pure: time and actor from `ctx`. */
export function decideWritten(
  state: WrittenContest,
  command: WrittenCommand,
  ctx: DecideContext,
): Decision<WrittenEvent> {
  const { segmentId } = command.data;
  const w = writtenSegment(state, segmentId);
  if (!w.ok) return fail('NOT_FOUND', w.message);
  const run = writtenRun(state, segmentId);
  const at = ctx.now;
  const onPaper = (data: { takerId: string; reason: string }) => {
    if (!isTaker(state, segmentId, data.takerId))
      return fail('NOT_FOUND', `'${data.takerId}' takes no paper in '${segmentId}'`);
    if (data.reason.trim().length === 0) return fail('BAD_REQUEST', 'a reason is required');
    if (run.released) return fail('INVALID_STATE', `results of '${segmentId}' are released`);
    return null;
  };
  switch (command.type) {
    case 'OpenWrittenTest': {
      if (run.status !== 'pending') return fail('INVALID_STATE', `written test '${segmentId}' was already opened`);
      if (state.stageStatus[w.stageId] === 'finished')
        return fail('INVALID_STATE', `stage '${w.stageId}' has finished`);
      const settings = resolveWrittenSettings(w.segment);
      const closesAt = settings.timing === 'window' ? at + settings.durationSeconds * 1000 : null;
      return ok({ type: 'WrittenTestOpened', data: { segmentId, at, closesAt } });
    }
    case 'CloseWrittenTest':
      if (run.status !== 'open') return fail('INVALID_STATE', `written test '${segmentId}' is not open`);
      return ok({ type: 'WrittenTestClosed', data: { segmentId, at } });
    case 'ExtendTakerTime': {
      const refused = onPaper(command.data);
      if (refused) return refused;
      if (run.status !== 'open') return fail('INVALID_STATE', `written test '${segmentId}' is not open`);
      return ok({ type: 'TakerTimeExtended', data: { ...command.data, at } });
    }
    case 'VoidPaper': {
      const refused = onPaper(command.data);
      if (refused) return refused;
      if (run.status === 'pending') return fail('INVALID_STATE', `written test '${segmentId}' has not opened`);
      if (Object.hasOwn(run.voided, command.data.takerId))
        return fail('INVALID_STATE', `the paper of '${command.data.takerId}' is already void`);
      return ok({ type: 'PaperVoided', data: { ...command.data, at } });
    }
    case 'ReopenPaper': {
      const refused = onPaper(command.data);
      if (refused) return refused;
      // After the close there is no time left to write in: reopening then would mean nothing.
      if (run.status !== 'open') return fail('INVALID_STATE', `written test '${segmentId}' is not open`);
      return ok({ type: 'PaperReopened', data: { ...command.data, at } });
    }
    case 'RecordWrittenScores': {
      if (run.status !== 'closed') return fail('INVALID_STATE', `written test '${segmentId}' is not closed`);
      if (run.released) return fail('INVALID_STATE', `results of '${segmentId}' are released`);
      const roster = new Set(stageRoster(state, w.stageId));
      for (const [id, score] of Object.entries(command.data.scores)) {
        if (!roster.has(id)) return fail('NOT_FOUND', `'${id}' is not on the roster of '${w.stageId}'`);
        if (!Number.isSafeInteger(score)) return fail('BAD_REQUEST', 'scores are integer hundredths');
      }
      const same =
        run.scoredAt !== null &&
        Object.keys(command.data.scores).length === Object.keys(state.scores[segmentId] ?? {}).length &&
        Object.entries(command.data.scores).every(([id, v]) => state.scores[segmentId]?.[id] === v);
      if (same) return ok();
      return ok({ type: 'WrittenScoresRecorded', data: { segmentId, scores: { ...command.data.scores }, at } });
    }
    case 'ReleaseWrittenResults':
      if (run.status !== 'closed' || run.scoredAt === null)
        return fail('INVALID_STATE', `written test '${segmentId}' has not been closed and graded`);
      if (run.released) return fail('INVALID_STATE', `results of '${segmentId}' are already released`);
      return ok({
        type: 'WrittenResultsReleased',
        data: { segmentId, withKey: command.data.withKey, scores: { ...(state.scores[segmentId] ?? {}) }, at },
      });
  }
}
