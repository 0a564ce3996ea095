import { domainError } from '../kernel/errors.ts';
import { fail, ok, type DecideContext, type Decision } from '../kernel/decision.ts';
import { findStage, stageGroups, stageRoster, stageSeeded } from '../kernel/lookup.ts';
import { buildGroups, nextStageOf, placeInGroup, stageAdvancement } from './compute-advancement.ts';
import type { AdvancementCommand, AdvancementContest, AdvancementEvent, TieChoice, TieResolution } from './types.ts';

/** Decide an advancement command. Bad input is refused with a typed error and changes nothing. */
export function decideAdvancement(
  state: AdvancementContest,
  command: AdvancementCommand,
  ctx: DecideContext,
): Decision<AdvancementEvent> {
  switch (command.type) {
    case 'ConfirmAdvancement':
      return confirm(state, command.data, ctx);
    case 'CorrectRoster':
      return correct(state, command.data, ctx);
  }
}

function confirm(
  state: AdvancementContest,
  data: Extract<AdvancementCommand, { type: 'ConfirmAdvancement' }>['data'],
  ctx: DecideContext,
): Decision<AdvancementEvent> {
  const { fromStageId } = data;
  const stage = findStage(state.definition, fromStageId);
  if (!stage) return fail('NOT_FOUND', `no stage '${fromStageId}'`);
  if (!stage.advancement) return fail('INVALID_STATE', `stage '${fromStageId}' has no advancement rule`);
  if (state.stageStatus[fromStageId] !== 'finished') {
    return fail('INVALID_STATE', `stage '${fromStageId}' has not finished`);
  }
  if (Object.hasOwn(state.advancement.confirmed, fromStageId)) {
    return fail('INVALID_STATE', `the advancement from stage '${fromStageId}' is already confirmed`);
  }
  const to = nextStageOf(state, stage);
  if (!to) return fail('INVALID_STATE', `stage '${fromStageId}' has no next stage`);
  if (state.stageStatus[to.id] !== 'pending') {
    return fail('INVALID_STATE', `the next stage '${to.id}' has already started`);
  }
  const reason = data.reason?.trim() ? data.reason.trim() : null;
  const result = stageAdvancement(state, stage);

  // Every resolution must answer a tie at the cut, once.
  const choices = new Map<string, TieChoice>();
  for (const choice of data.resolutions ?? []) {
    const group = result.groups.find((g) => g.groupId === choice.groupId);
    if (!group) return fail('NOT_FOUND', `no group '${choice.groupId}' in stage '${fromStageId}'`);
    if (!group.tie) return fail('BAD_REQUEST', `group '${choice.groupId}' has no tie at the cut`);
    if (choices.has(choice.groupId)) return fail('BAD_REQUEST', `group '${choice.groupId}' is resolved twice`);
    choices.set(choice.groupId, choice);
  }

  const tieResolutions: TieResolution[] = [];
  const unresolved: string[] = [];
  const advancers: string[] = [];
  for (const group of result.groups) {
    const tie = group.tie;
    if (!tie) {
      advancers.push(...group.ranking.filter((e) => e.advances).map((e) => e.id));
      continue;
    }
    const choice = choices.get(group.groupId);
    if (!choice) {
      unresolved.push(`${group.groupId}: ${tie.tiedIds.join(', ')} tied for ${tie.seats} place(s)`);
      continue;
    }
    const clear = group.ranking.filter((e) => e.rank < tie.rank).map((e) => e.id);
    let advancing: string[];
    if (choice.advance === 'all') advancing = [...tie.tiedIds];
    else {
      const picked = choice.advance;
      const stranger = picked.find((id) => !tie.tiedIds.includes(id));
      if (stranger !== undefined) {
        const known = state.definition.contestants.some((c) => c.id === stranger);
        return known
          ? fail('BAD_REQUEST', `contestant '${stranger}' is not tied at the cut of group '${group.groupId}'`)
          : fail('NOT_FOUND', `no contestant '${stranger}'`);
      }
      if (new Set(picked).size !== picked.length || picked.length !== tie.seats) {
        return fail(
          'BAD_REQUEST',
          `group '${group.groupId}': choose ${tie.seats} different contestant(s) of ${tie.tiedIds.join(', ')}`,
        );
      }
      if (!reason) return fail('BAD_REQUEST', 'choosing among tied contestants needs a reason');
      // In rank order (by id within the tie, as the ranking lists them).
      advancing = tie.tiedIds.filter((id) => picked.includes(id));
    }
    tieResolutions.push({
      groupId: group.groupId,
      tiedIds: tie.tiedIds,
      seats: tie.seats,
      how: choice.advance === 'all' ? 'all' : 'chosen',
      advancing,
    });
    advancers.push(...clear, ...advancing);
  }
  if (unresolved.length > 0) {
    return {
      ok: false,
      error: domainError(
        'INVALID_STATE',
        'a tie at the cut is unresolved: choose who advances (with a reason) or let all tied advance',
        unresolved.map((message, i) => ({ path: `resolutions[${i}]`, message })),
      ),
    };
  }

  const seededNow = [...stageSeeded(state, to.id)];
  const placed = new Map<string, string>();
  const unplaced: string[] = [];
  for (const id of advancers) {
    const groupId = placeInGroup(state, to.id, id);
    if (groupId === undefined) unplaced.push(id);
    else placed.set(id, groupId);
  }
  if (unplaced.length > 0) {
    return {
      ok: false,
      error: domainError(
        'INVALID_STATE',
        `cannot place ${unplaced.join(', ')} in a group of stage '${to.id}'`,
        unplaced.map((id) => ({
          path: `advancers.${id}`,
          message: `no group of '${to.id}' lists '${id}' or is named for their group label, and the stage has several groups`,
        })),
      ),
    };
  }
  // Seeded entrants keep the group that lists them (or their label's); one placed nowhere stays seeded only.
  for (const id of seededNow) {
    if (placed.has(id)) continue;
    const groupId = placeInGroup(state, to.id, id);
    if (groupId !== undefined) placed.set(id, groupId);
  }
  return ok({
    type: 'AdvancementConfirmed',
    data: {
      fromStageId,
      toStageId: to.id,
      groups: buildGroups(state, to.id, placed),
      advancers,
      seeded: seededNow,
      tieResolutions,
      reason,
      by: ctx.actor.role,
      at: ctx.now,
    },
  });
}

function correct(
  state: AdvancementContest,
  data: Extract<AdvancementCommand, { type: 'CorrectRoster' }>['data'],
  ctx: DecideContext,
): Decision<AdvancementEvent> {
  const { stageId } = data;
  if (!findStage(state.definition, stageId)) return fail('NOT_FOUND', `no stage '${stageId}'`);
  if (state.stageStatus[stageId] !== 'pending') {
    return fail('INVALID_STATE', `stage '${stageId}' has started: its roster can no longer be corrected`);
  }
  const reason = data.reason.trim();
  if (!reason) return fail('BAD_REQUEST', 'a roster correction needs a reason');
  const remove = data.remove ?? [];
  const add = data.add ?? [];
  if (remove.length === 0 && add.length === 0) return fail('BAD_REQUEST', 'name someone to remove or to add');
  if (new Set([...remove, ...add]).size !== remove.length + add.length) {
    return fail('BAD_REQUEST', 'each contestant may be named once');
  }
  const known = new Set(state.definition.contestants.map((c) => c.id));
  const roster = new Set(stageRoster(state, stageId));
  for (const id of [...remove, ...add]) if (!known.has(id)) return fail('NOT_FOUND', `no contestant '${id}'`);
  for (const id of remove) {
    if (!roster.has(id)) return fail('INVALID_STATE', `contestant '${id}' is not on the roster of '${stageId}'`);
  }
  for (const id of add) {
    if (roster.has(id)) return fail('INVALID_STATE', `contestant '${id}' is already on the roster of '${stageId}'`);
  }
  const groups = stageGroups(state, stageId);
  if (data.groupId !== undefined && !groups.some((g) => g.id === data.groupId)) {
    return fail('NOT_FOUND', `no group '${data.groupId}' in stage '${stageId}'`);
  }
  // A single replacement takes the place of the one withdrawn, unless the host names a group.
  const [onlyRemoved] = remove;
  const vacated =
    remove.length === 1 ? groups.find((g) => onlyRemoved && g.contestantIds.includes(onlyRemoved)) : undefined;
  const added: { contestantId: string; groupId: string | null }[] = [];
  for (const id of add) {
    const groupId = data.groupId ?? vacated?.id ?? placeInGroup(state, stageId, id);
    if (groupId === undefined) {
      return fail('INVALID_STATE', `cannot place '${id}' in a group of stage '${stageId}': name the group`);
    }
    added.push({ contestantId: id, groupId });
  }
  return ok({
    type: 'RosterCorrected',
    data: { stageId, removed: [...remove], added, reason, by: ctx.actor.role, at: ctx.now },
  });
}
