/**
 * The advancement capability: the host confirms who advances from a finished stage (ties at
 * the cut resolved and recorded), which builds the next stage's roster, and corrects a roster
 * before its stage starts. The rosters live in the core state, so every capability, screen
 * and export follows them; this capability adds the 晋级名单 scene.
 */
import type { Capability } from '../kernel/capability.ts';
import { decideAdvancement } from './decide-advancement.ts';
import { evolveAdvancement, initialAdvancement } from './evolve-advancement.ts';
import { ADVANCEMENT_SCHEMAS } from './schemas.ts';
import type { AdvancementCommand, AdvancementContest, AdvancementEvent, AdvancementSlice } from './types.ts';

export type * from './types.ts';
export { advancementBoard, nextStageOf, stageAdvancement, type AdvancementBoard } from './compute-advancement.ts';

export const advancementCapability = {
  name: 'advancement',
  stateVersion: 1,
  scenes: ['advancement'] as const,
  initial: initialAdvancement,
  commandRoles: { ConfirmAdvancement: ['host'], CorrectRoster: ['host'] },
  commandSchemas: ADVANCEMENT_SCHEMAS,
  decide: decideAdvancement,
  evolve: evolveAdvancement,
  deadlines: () => [],
  // Who advances, and every correction with its reason, is public: every screen shows the rosters.
  events: { AdvancementConfirmed: { to: 'all' }, RosterCorrected: { to: 'all' } },
  state: { advancement: 'all' },
} satisfies Capability<AdvancementCommand, AdvancementEvent, AdvancementSlice, AdvancementContest>;
