/**
 * The judging capability: judged segments (performance timer, judges' scores, recusal, lock,
 * reveal, captions), score corrections on any segment, the awards ceremony's step and the
 * popularity counts, as one value.
 */
import type { Capability } from '../kernel/capability.ts';
import { decideJudgingCommand } from './decide-judging.ts';
import { evolveJudgingEvent, initialJudging } from './evolve-judging.ts';
import { JUDGING_SCHEMAS } from './schemas.ts';
import type { JudgingCommand, JudgingContest, JudgingEmits, JudgingEvent, JudgingSlice } from './types.ts';
import { JUDGING_EVENT_VIEWS, JUDGING_STATE_VIEWS, judgingLedgerView } from './view-judging.ts';

export type * from './types.ts';
export { computeResult, ledgerScore, performanceOf, recusedJudges } from './decide-judging.ts';
export { correctionSum } from './evolve-judging.ts';

export const judgingCapability = {
  name: 'judging',
  scenes: ['judging', 'results', 'ceremony'] as const,
  initial: () => ({ judging: initialJudging() }),
  stateVersion: 2,
  commandRoles: {
    StartPerformance: ['host'],
    SubmitJudgeScore: ['judge'],
    SetRecusal: ['host'],
    LockJudging: ['host'],
    RevealScores: ['host'],
    SetJudgeCaption: ['host'],
    CorrectScore: ['host'],
    UndoCorrection: ['host'],
    SetCeremonyStep: ['host'],
    ReplaceJudgeSeat: ['host'],
    // The server freezes the audience's counts on the host's request (moderation:popularity).
    RecordPopularityCounts: ['system'],
  },
  commandSchemas: JUDGING_SCHEMAS,
  decide: decideJudgingCommand,
  evolve: evolveJudgingEvent,
  // Screens count down from the events' server-time deadlines; nothing for the server to fire.
  deadlines: () => [],
  events: JUDGING_EVENT_VIEWS,
  state: JUDGING_STATE_VIEWS,
  ledgerView: judgingLedgerView,
} satisfies Capability<JudgingCommand, JudgingEvent, JudgingSlice, JudgingContest, JudgingEmits>;
