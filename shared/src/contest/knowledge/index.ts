/**
 * The knowledge capability: required answers (必答) and the buzzer (抢答). Its commands, events,
 * state slice, decide/evolve, view tables and deadlines, as one value; the arbitration math is in
 * buzz-arbitration.ts.
 */
import type { Capability } from '../kernel/capability.ts';
import { decideKnowledgeCommand } from './decide-knowledge.ts';
import { knowledgeDeadlinesOf } from './deadlines-knowledge.ts';
import { evolveKnowledgeEvent, initialKnowledge } from './evolve-knowledge.ts';
import { KNOWLEDGE_SCHEMAS } from './schemas.ts';
import type { KnowledgeCommand, KnowledgeContest, KnowledgeEmits, KnowledgeEvent, KnowledgeSlice } from './types.ts';
import { KNOWLEDGE_EVENT_VIEWS, KNOWLEDGE_STATE_VIEWS } from './view-knowledge.ts';

export type * from './types.ts';
export * from './buzz-arbitration.ts';
export { eligibleBuzzers, gradeChoice, MAX_PRESSES_RECORDED, pointsFor } from './decide-knowledge.ts';
export { contestTag } from './deadlines-knowledge.ts';
export { questionCard } from './question-card.ts';
export { MAX_STREAM_DELAY_SECONDS } from './schemas.ts';
export * from './run-of-show.ts';

export const knowledgeCapability = {
  name: 'knowledge',
  scenes: ['question'] as const,
  initial: () => ({ knowledge: initialKnowledge() }),
  stateVersion: 2,
  commandRoles: {
    PrepareQuestion: ['host'],
    ShowQuestion: ['host'],
    StartAnswerTimer: ['host'],
    StopAnswerTimer: ['host'],
    BeginMarking: ['host'],
    SubmitAnswer: ['contestant'],
    MarkAnswer: ['host'],
    RevealAnswer: ['host'],
    FinishQuestion: ['host'],
    ArmBuzzer: ['host'],
    Buzz: ['contestant'],
    DecideBuzz: ['system'],
    SettlePhotoFinish: ['host'],
    CloseBuzzer: ['system'],
    TimeOutAnswer: ['system'],
    UndoScore: ['host'],
    SetStageSound: ['host'],
    VoidQuestion: ['host'],
    SetStreamDelay: ['host'],
  },
  commandSchemas: KNOWLEDGE_SCHEMAS,
  decide: decideKnowledgeCommand,
  evolve: evolveKnowledgeEvent,
  deadlines: knowledgeDeadlinesOf,
  events: KNOWLEDGE_EVENT_VIEWS,
  state: KNOWLEDGE_STATE_VIEWS,
} satisfies Capability<KnowledgeCommand, KnowledgeEvent, KnowledgeSlice, KnowledgeContest, KnowledgeEmits>;
