import { expect, test } from 'vitest';
import { THREE_STAGE_CONTEST } from '../../demo/index.ts';
import type { ContestCommand } from '../commands.ts';
import { deadlines } from '../deadlines.ts';
import { contestCreated, contestSpec, foldAs } from '../contest-spec.ts';
import type { ContestEvent } from '../events.ts';
import type { Actor } from '../kernel/actor.ts';
import { viewFor } from '../view.ts';

const HOST: Actor = { role: 'host' };
const SYSTEM: Actor = { role: 'system' };
const SEG = 'prelim-written';

/** The kernel's given/when/then (contest-spec.ts) over the three-stage contest: its state, its log, and a `when` that answers the events or the refusal's code. */
function given(...events: ContestEvent[]) {
  const scenario = () =>
    contestSpec.given(contestCreated({ definition: THREE_STAGE_CONTEST, contestId: 'c' }), ...events);
  const { state, log } = scenario();
  return {
    state,
    log,
    /** Decided against the given events alone (each `when` starts from them again). */
    when(command: ContestCommand, actor: Actor = HOST, now = 5000) {
      const d = scenario().when(command, actor, now).decision;
      return d.ok ? d.events : d.error.code;
    },
  };
}
const opened: ContestEvent = { type: 'WrittenTestOpened', data: { segmentId: SEG, at: 1000, closesAt: null } };
const closed: ContestEvent = { type: 'WrittenTestClosed', data: { segmentId: SEG, at: 9000 } };
const recorded: ContestEvent = {
  type: 'WrittenScoresRecorded',
  data: { segmentId: SEG, scores: { a1: 8000, a2: 6000 }, at: 9500 },
};

test('the host opens a written test once; per-taker timing sets no window', () => {
  expect(given().when({ type: 'OpenWrittenTest', data: { segmentId: SEG } })).toEqual([
    { type: 'WrittenTestOpened', data: { segmentId: SEG, at: 5000, closesAt: null } },
  ]);
  expect(given(opened).when({ type: 'OpenWrittenTest', data: { segmentId: SEG } })).toBe('INVALID_STATE');
  expect(given().when({ type: 'OpenWrittenTest', data: { segmentId: 'prelim-lecture' } })).toBe('NOT_FOUND');
  expect(
    given().when({ type: 'OpenWrittenTest', data: { segmentId: SEG } }, { role: 'contestant', subjectId: 'a1' }),
  ).toBe('FORBIDDEN');
});

test('a window closes on the server clock: a deadline issues the close as the system', () => {
  const window = JSON.parse(JSON.stringify(THREE_STAGE_CONTEST)) as typeof THREE_STAGE_CONTEST;
  const seg = window.stages[0]!.segments[0]!;
  if (seg.kind !== 'written') throw new Error('written expected');
  seg.settings = { ...seg.settings, durationSeconds: 60, timing: 'window' };
  const scenario = contestSpec.given(contestCreated({ definition: window, contestId: 'c' }));
  scenario
    .when({ type: 'OpenWrittenTest', data: { segmentId: SEG } }, HOST, 1000)
    .then({ type: 'WrittenTestOpened', data: { segmentId: SEG, at: 1000, closesAt: 61_000 } });
  const state = scenario.state;
  expect(deadlines(state)).toEqual([
    { key: `wclose-${SEG}`, at: 61_000, command: { type: 'CloseWrittenTest', data: { segmentId: SEG } } },
  ]);
});

test('extend, void and reopen need a taker of the roster and a reason; reopen only while open', () => {
  const g = given(opened);
  expect(
    g.when({ type: 'ExtendTakerTime', data: { segmentId: SEG, takerId: 'a1', seconds: 120, reason: '设备故障' } }),
  ).toEqual([
    { type: 'TakerTimeExtended', data: { segmentId: SEG, takerId: 'a1', seconds: 120, reason: '设备故障', at: 5000 } },
  ]);
  expect(g.when({ type: 'VoidPaper', data: { segmentId: SEG, takerId: 'd1', reason: 'x' } })).toBe('NOT_FOUND');
  expect(g.when({ type: 'VoidPaper', data: { segmentId: SEG, takerId: 'a1', reason: '  ' } })).toBe('BAD_REQUEST');
  expect(
    given(opened, closed).when({ type: 'ReopenPaper', data: { segmentId: SEG, takerId: 'a1', reason: 'x' } }),
  ).toBe('INVALID_STATE');
  const s = given(
    opened,
    { type: 'PaperVoided', data: { segmentId: SEG, takerId: 'a1', reason: '作弊', at: 2 } },
    { type: 'PaperReopened', data: { segmentId: SEG, takerId: 'a1', reason: '误判', at: 3 } },
  ).state;
  expect(s.written[SEG]).toMatchObject({ voided: {}, reopened: { a1: 1 } });
});

test('the grading result enters the ledger as one event at close; the same again is no event', () => {
  expect(given(opened).when({ type: 'RecordWrittenScores', data: { segmentId: SEG, scores: { a1: 1 } } }, SYSTEM)).toBe(
    'INVALID_STATE',
  );
  const g = given(opened, closed);
  expect(
    g.when({ type: 'RecordWrittenScores', data: { segmentId: SEG, scores: { a1: 8000, a2: 6000 } } }, SYSTEM),
  ).toEqual([{ ...recorded, data: { ...recorded.data, at: 5000 } }]);
  expect(g.when({ type: 'RecordWrittenScores', data: { segmentId: SEG, scores: { zz: 1 } } }, SYSTEM)).toBe(
    'NOT_FOUND',
  );
  const after = given(opened, closed, recorded);
  expect(after.state.scores[SEG]).toEqual({ a1: 8000, a2: 6000 });
  expect(
    after.when({ type: 'RecordWrittenScores', data: { segmentId: SEG, scores: { a1: 8000, a2: 6000 } } }, SYSTEM),
  ).toEqual([]);
  expect(after.when({ type: 'RecordWrittenScores', data: { segmentId: SEG, scores: {} } }, HOST)).toBe('FORBIDDEN');
});

test('before the release nobody but the host sees a written score; folded and projected views agree', () => {
  const released: ContestEvent = {
    type: 'WrittenResultsReleased',
    data: { segmentId: SEG, withKey: true, scores: { a1: 8000, a2: 6000 }, at: 9900 },
  };
  for (const tail of [
    [opened, closed, recorded],
    [opened, closed, recorded, released],
  ] as ContestEvent[][]) {
    const { state, log } = given(...tail);
    for (const viewer of [
      HOST,
      { role: 'stage' } as Actor,
      { role: 'contestant', subjectId: 'a1' } as Actor,
      { role: 'audience' } as Actor,
    ]) {
      expect(foldAs(log, viewer)).toEqual(viewFor(state, viewer));
    }
    const stage = viewFor(state, { role: 'stage' });
    expect(stage.scores[SEG]).toEqual(tail.length === 4 ? { a1: 8000, a2: 6000 } : undefined);
    expect(viewFor(state, HOST).scores[SEG]).toEqual({ a1: 8000, a2: 6000 });
  }
  expect(given(opened, closed).when({ type: 'ReleaseWrittenResults', data: { segmentId: SEG, withKey: false } })).toBe(
    'INVALID_STATE',
  );
  expect(
    given(opened, closed, recorded, released).when({
      type: 'VoidPaper',
      data: { segmentId: SEG, takerId: 'a1', reason: 'x' },
    }),
  ).toBe('INVALID_STATE');
});
