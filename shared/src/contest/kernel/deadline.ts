/**
 * A timer the server must fire: at server time `at`, issue `command` as the system. A capability
 * declares its deadlines as a pure function of state (a buzz window closing, an answer timing
 * out); the runtime schedules the earliest and re-reads them after every commit, so a restart
 * re-arms every timer from the log alone.
 */
export interface Deadline<C> {
  /** Unique per deadline instance (used as the command id, so a timer fires at most once): [A-Za-z0-9_-], ≤ 60 chars. */
  key: string;
  at: number;
  command: C;
}
