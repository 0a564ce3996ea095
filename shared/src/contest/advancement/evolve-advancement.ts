import type { Rosters } from '../kernel/roster.ts';
import type { AdvancementContest, AdvancementEvent, AdvancementSlice } from './types.ts';

/** No advancement confirmed, no roster corrected. */
export const initialAdvancement = (): AdvancementSlice => ({ advancement: { confirmed: {}, rosterCorrections: [] } });

/** Fold one advancement event: the record, and the roster it builds or corrects in the core state. */
export function evolveAdvancement<S extends AdvancementContest>(state: S, event: AdvancementEvent): S {
  switch (event.type) {
    case 'AdvancementConfirmed': {
      const d = event.data;
      const rosters: Rosters = {
        ...state.rosters,
        [d.toStageId]: {
          groups: d.groups.map((g) => ({ groupId: g.groupId, contestantIds: [...g.contestantIds] })),
          seeded: [...d.seeded],
          built: true,
        },
      };
      return {
        ...state,
        rosters,
        advancement: { ...state.advancement, confirmed: { ...state.advancement.confirmed, [d.fromStageId]: d } },
      };
    }
    case 'RosterCorrected': {
      const d = event.data;
      const roster = Object.hasOwn(state.rosters, d.stageId) ? state.rosters[d.stageId] : undefined;
      if (!roster) return state;
      const gone = new Set(d.removed);
      const groups = roster.groups.map((g) => ({
        groupId: g.groupId,
        contestantIds: [
          ...g.contestantIds.filter((id) => !gone.has(id)),
          ...d.added.filter((a) => a.groupId === g.groupId).map((a) => a.contestantId),
        ],
      }));
      const seeded = [
        ...roster.seeded.filter((id) => !gone.has(id)),
        ...d.added.filter((a) => a.groupId === null).map((a) => a.contestantId),
      ];
      return {
        ...state,
        rosters: { ...state.rosters, [d.stageId]: { ...roster, groups, seeded } },
        advancement: { ...state.advancement, rosterCorrections: [...state.advancement.rosterCorrections, d] },
      };
    }
  }
}
