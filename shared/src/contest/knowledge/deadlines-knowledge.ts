import type { Deadline } from '../kernel/deadline.ts';
import type { KnowledgeCommand, KnowledgeContest } from './types.ts';

/**
 * Timers of the active question: the buzz decision (first valid press + grace), the buzzer
 * closing with no valid press, and the answer time-out. Keys name the run, attempt and timer,
 * so each deadline instance fires at most once.
 */
export function knowledgeDeadlinesOf(state: KnowledgeContest): Deadline<KnowledgeCommand>[] {
  const a = state.knowledge.active;
  if (!a) return [];
  // Command ids are unique across the whole store, so the key names the contest too.
  const run = a.run;
  const tag = `${contestTag(state.contestId)}-${run}`;
  if (a.phase === 'armed' && a.buzz) {
    const { attempt } = a.buzz;
    // A photo finish held for the host: no timer decides it.
    if (a.buzz.photoFinish && a.buzz.order === null) return [];
    if (a.buzz.decideAt !== null) {
      return [
        {
          key: `kb-${tag}-${attempt}-decide`,
          at: a.buzz.decideAt,
          command: { type: 'DecideBuzz', data: { run, attempt } },
        },
      ];
    }
    return [
      {
        key: `kb-${tag}-${attempt}-close`,
        at: a.buzz.closeAt,
        command: { type: 'CloseBuzzer', data: { run, attempt } },
      },
    ];
  }
  if (a.phase === 'answering' && a.deadlineAt !== null && a.contestantId) {
    return [
      {
        key: `kq-${tag}-${a.timer}-timeout`,
        at: a.deadlineAt,
        command: { type: 'TimeOutAnswer', data: { run, timer: a.timer } },
      },
    ];
  }
  return [];
}

/** A short, stable tag of a contest id for deadline keys (FNV-1a, base 36). */
export function contestTag(contestId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < contestId.length; i++) {
    h ^= contestId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}
