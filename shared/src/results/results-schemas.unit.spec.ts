import { Value } from '@sinclair/typebox/value';
import { expect, test } from 'vitest';
import { contestSpec, opening } from '../contest/contest-spec.ts';
import type { PositionedEvent } from '../contest/events.ts';
import { judgeSheet, scoreHistory } from './judge-sheet.ts';
import {
  JudgeSheetSegmentSchema,
  PAYLOAD_SCHEMAS,
  ScoreHistorySchema,
  StageResultsSchema,
  payloadJsonSchemas,
} from './results-schemas.ts';
import { stageResults } from './stage-results.ts';
import StageResults from '../../../docs/protocol-schemas/StageResults.schema.json' with { type: 'json' };
import AdvancementResult from '../../../docs/protocol-schemas/AdvancementResult.schema.json' with { type: 'json' };
import JudgeSheetSegment from '../../../docs/protocol-schemas/JudgeSheetSegment.schema.json' with { type: 'json' };
import ScoreChange from '../../../docs/protocol-schemas/ScoreChange.schema.json' with { type: 'json' };
import ScoreHistory from '../../../docs/protocol-schemas/ScoreHistory.schema.json' with { type: 'json' };
import CorrectionLine from '../../../docs/protocol-schemas/CorrectionLine.schema.json' with { type: 'json' };
import NightCorrectionLine from '../../../docs/protocol-schemas/NightCorrectionLine.schema.json' with { type: 'json' };
import PublicResults from '../../../docs/protocol-schemas/PublicResults.schema.json' with { type: 'json' };

import Welcome from '../../../docs/protocol-schemas/Welcome.schema.json' with { type: 'json' };
import ClockProbe from '../../../docs/protocol-schemas/ClockProbe.schema.json' with { type: 'json' };
import ClockProbeAck from '../../../docs/protocol-schemas/ClockProbeAck.schema.json' with { type: 'json' };
import LinkStatusFrame from '../../../docs/protocol-schemas/LinkStatusFrame.schema.json' with { type: 'json' };
import ClusterStatusFrame from '../../../docs/protocol-schemas/ClusterStatusFrame.schema.json' with { type: 'json' };

/** The committed files, by payload name (a new payload schema needs its file imported here). */
const COMMITTED: Record<string, unknown> = {
  StageResults,
  AdvancementResult,
  JudgeSheetSegment,
  ScoreChange,
  ScoreHistory,
  CorrectionLine,
  NightCorrectionLine,
  PublicResults,
  Welcome,
  ClockProbe,
  ClockProbeAck,
  LinkStatusFrame,
  ClusterStatusFrame,
};

test('the committed docs/protocol-schemas/*.schema.json are the generated schemas (run scripts/write-protocol-schemas.ts)', () => {
  const generated = payloadJsonSchemas();
  expect(Object.keys(generated).sort()).toEqual(Object.keys(PAYLOAD_SCHEMAS).sort());
  expect(Object.keys(COMMITTED).sort()).toEqual(Object.keys(generated).sort());
  for (const [name, schema] of Object.entries(generated)) {
    expect(COMMITTED[name], name).toEqual(schema);
  }
});

test('what the server builds passes its published schema: a stage’s results, the judges’ sheet, a score history', () => {
  const w = contestSpec.given(...opening({ segmentId: 'knowledge-required' }));
  const host = { role: 'host' } as const;
  w.when(
    { type: 'PrepareQuestion', data: { segmentId: 'knowledge-required', questionId: 'q01', contestantId: 'c01' } },
    host,
    10,
  ).thenAccepted();
  w.when({ type: 'ShowQuestion', data: { run: 1 } }, host, 20).thenAccepted();
  w.when({ type: 'StartAnswerTimer', data: { run: 1 } }, host, 30).thenAccepted();
  w.when({ type: 'MarkAnswer', data: { run: 1, result: 'correct' } }, host, 40).thenAccepted();
  const results = stageResults(w.state, 'final')!;
  expect(results.rows.length).toBeGreaterThan(0);
  expect([...Value.Errors(StageResultsSchema, results)].map((e) => e.path)).toEqual([]);
  for (const segment of judgeSheet(w.state, 'final')) {
    expect([...Value.Errors(JudgeSheetSegmentSchema, segment)].map((e) => e.path)).toEqual([]);
  }
  const events: PositionedEvent[] = w.log.map((e, i) => ({ ...e, version: i + 1, metadata: { actor: host, at: i } }));
  const history = { contestantId: 'c01', changes: scoreHistory(events, 'c01') };
  expect(history.changes.length).toBeGreaterThan(0);
  expect(Value.Check(ScoreHistorySchema, history)).toBe(true);
  // and the schemas are strict: an unknown field is refused
  expect(Value.Check(StageResultsSchema, { ...results, extra: 1 })).toBe(false);
});
