/**
 * Whether a button's command would be accepted now: the shared `decide` the server runs, as a dry
 * run on the state this client holds. Screens enable their command buttons with this instead of
 * re-deriving the rules, so a rule lives in one place (shared/) and the refusal's message can be
 * the button's tooltip.
 */
import { useContest } from '../ui/session-context.tsx';
import { useServerNow } from './server-now.ts';
import {
  decide,
  domainError,
  type Actor,
  type ClientCommand,
  type ContestEvent,
  type ContestState,
  type DomainError,
} from '@leitai/shared';

/** The dry run's answer: the events the server would append, or the typed error it would give. */
export type DryRun = { ok: true; events: readonly ContestEvent[] } | { ok: false; error: DomainError };

/**
 * Dry-run `command` as `actor` at server time `now` on the role's view `state`.
 *
 * A command that would append nothing (e.g. revealing an answer already revealed) counts as not
 * available: a button for it would do nothing. Where the role's view hides what `decide` needs,
 * `fillHidden` stands in for it so the dry run never refuses what the server would accept.
 */
export function canIssue(state: ContestState | null, command: ClientCommand, actor: Actor, now: number): DryRun {
  if (!state) return { ok: false, error: domainError('NOT_FOUND', 'contest does not exist') };
  const decision = decide(fillHidden(state, command, actor), command, { now, actor });
  if (!decision.ok) return { ok: false, error: decision.error };
  if (decision.events.length === 0)
    return { ok: false, error: domainError('INVALID_STATE', 'this changes nothing now') };
  return { ok: true, events: decision.events };
}

/**
 * The view gaps a dry run has to bridge. Only the judges' marks are hidden from a seat that
 * issues commands on them: before the lock the host sees who has scored (`submitted`) but not
 * the values, and `LockJudging` refuses when nobody has scored. For the dry run each judge who
 * has scored gets a stand-in mark (0, a valid score) — it only ever answers "has anyone scored",
 * never a value. A judge's own `SubmitJudgeScore` needs only the panel, recusals and the
 * performance's status, which every judge sees.
 */
function fillHidden(state: ContestState, command: ClientCommand, actor: Actor): ContestState {
  if (command.type !== 'LockJudging' || actor.role === 'system') return state;
  const { segmentId, contestantId } = command.data;
  const perf = state.judging.performances[segmentId]?.[contestantId];
  if (!perf) return state;
  const hidden = perf.submitted.filter((judgeId) => !Object.hasOwn(perf.marks, judgeId));
  if (hidden.length === 0) return state;
  const marks = { ...perf.marks };
  for (const judgeId of hidden) marks[judgeId] = { score: 0, at: perf.startedAt };
  return {
    ...state,
    judging: {
      ...state.judging,
      performances: {
        ...state.judging.performances,
        [segmentId]: { ...state.judging.performances[segmentId], [contestantId]: { ...perf, marks } },
      },
    },
  };
}

/** The signed-in seat as an actor (null before the welcome). */
export function useActor(): Actor | null {
  const role = useContest((s) => s.welcome?.role);
  const subjectId = useContest((s) => s.welcome?.subjectId);
  if (!role) return null;
  return subjectId === undefined ? { role } : { role, subjectId };
}

/**
 * A dry-run checker bound to this screen's state, actor and synced server time: call it with
 * each button's command (or null when the button has no command to send).
 */
export function useCanIssue(): (command: ClientCommand | null) => DryRun {
  const contest = useContest((s) => s.contest);
  const actor = useActor();
  // Time matters to few rules (a buzzer's close); a second's resolution keeps re-renders cheap.
  const now = useServerNow(1000);
  return (command) => {
    if (!command) return { ok: false, error: domainError('INVALID_STATE', 'not available now') };
    if (!actor) return { ok: false, error: domainError('UNAUTHENTICATED', 'not signed in yet') };
    return canIssue(contest, command, actor, now);
  };
}
