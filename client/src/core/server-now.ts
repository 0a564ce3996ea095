import { useEffect, useState } from 'react';
import { useContest } from '../ui/session-context.tsx';
import { serverNow } from './server-time.ts';

/** The server's clock on this screen (local clock plus the synced offset), re-rendering every `everyMs`. */
export function useServerNow(everyMs = 250): number {
  const clock = useContest((s) => s.clock);
  const [local, setLocal] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setLocal(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return serverNow(clock, local);
}

/** "4:05" from milliseconds (rounded up to whole seconds; negative shows "+0:12" overtime). */
export function formatCountdown(ms: number): string {
  const over = ms < 0;
  const s = Math.ceil(Math.abs(ms) / 1000);
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return over ? `+${text}` : text;
}
