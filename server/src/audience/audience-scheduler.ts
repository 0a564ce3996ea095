/**
 * The audience's one clock. What is sent to the audience on a fixed cadence runs on it: the
 * danmaku rooms' batch append and frames (every second tick by default) and the likes counted
 * into one event (every ten). One timer per server instead of one per concern. The contest's
 * events merged for the phones keep `AUDIENCE_TICK_MS` but not this timer's phase: they go one
 * tick after their last send (net/pipeline/deliver.ts), so they do not meet the frames.
 */
import type { Server } from 'socket.io';

/** The audience's tick: the contest's events reach the phones at most this late (ms). */
export const AUDIENCE_TICK_MS = 100;

export interface AudienceScheduler {
  /**
   * Run `task` every `ms` (rounded to whole ticks, at least one). Tasks registered earlier run
   * first within a tick. Returns a function that removes the task.
   */
  every(ms: number, task: () => void): () => void;
  /** Stop the timer and drop every task. */
  stop(): void;
}

interface Task {
  ticks: number;
  run: () => void;
}

export function createAudienceScheduler(tickMs = AUDIENCE_TICK_MS): AudienceScheduler {
  const tasks: Task[] = [];
  let count = 0;
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    count += 1;
    for (const t of [...tasks]) {
      if (count % t.ticks !== 0) continue;
      try {
        t.run();
      } catch (err) {
        process.stderr.write(`audience tick: ${String(err)}\n`);
      }
    }
  };
  return {
    every(ms, run) {
      const task = { ticks: Math.max(1, Math.round(ms / tickMs)), run };
      tasks.push(task);
      if (!timer) {
        timer = setInterval(tick, tickMs);
        timer.unref();
      }
      return () => {
        const i = tasks.indexOf(task);
        if (i >= 0) tasks.splice(i, 1);
      };
    },
    stop() {
      tasks.length = 0;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

const byServer = new WeakMap<Server, AudienceScheduler>();

/** The scheduler of one Socket.IO server (made on first use): the gateway and the audience core share it. */
export function audienceScheduler(io: Server): AudienceScheduler {
  let s = byServer.get(io);
  if (!s) {
    s = createAudienceScheduler();
    byServer.set(io, s);
  }
  return s;
}
