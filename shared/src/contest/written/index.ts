/**
 * The written-test capability (笔试), contest-level part: open/close, the host's measures on
 * single papers, the score at the close, the release. The per-taker papers are a pure decider of
 * their own (paper.ts) over streams of their own; grading is in grading.ts.
 */
import type { Capability } from '../kernel/capability.ts';
import { decideWritten } from './decide-written.ts';
import { evolveWritten } from './evolve-written.ts';
import { WRITTEN_SCHEMAS } from './schemas.ts';
import type { WrittenCommand, WrittenContest, WrittenEvent, WrittenSlice } from './types.ts';
import { WRITTEN_EVENT_VIEWS, WRITTEN_STATE_VIEWS, writtenLedgerView } from './views-written.ts';

export type * from './types.ts';
export { OPEN_TAKER_ID, isTaker, writtenRun } from './decide-written.ts';
export * from './paper.ts';
export * from './paper-draw.ts';
export * from './grading.ts';
export * from './protocol-written.ts';

export const writtenCapability = {
  name: 'written',
  stateVersion: 1,
  scenes: [] as const,
  initial: (): WrittenSlice => ({ written: {} }),
  commandRoles: {
    OpenWrittenTest: ['host'],
    CloseWrittenTest: ['host', 'system'],
    ExtendTakerTime: ['host'],
    VoidPaper: ['host'],
    ReopenPaper: ['host'],
    RecordWrittenScores: ['system'],
    ReleaseWrittenResults: ['host'],
  },
  commandSchemas: WRITTEN_SCHEMAS,
  decide: decideWritten,
  evolve: evolveWritten,
  // A window closes on the server's clock, for everyone at once; per-taker time is the paper's.
  deadlines: (state: WrittenContest) =>
    Object.entries(state.written).flatMap(([segmentId, run]) =>
      run.status === 'open' && run.closesAt !== null
        ? [
            {
              key: `wclose-${segmentId}`,
              at: run.closesAt,
              command: { type: 'CloseWrittenTest' as const, data: { segmentId } },
            },
          ]
        : [],
    ),
  events: WRITTEN_EVENT_VIEWS,
  state: WRITTEN_STATE_VIEWS,
  ledgerView: writtenLedgerView,
} satisfies Capability<WrittenCommand, WrittenEvent, WrittenSlice, WrittenContest>;
