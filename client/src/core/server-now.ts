import { useEffect, useState } from 'react';
import { useContest } from '../ui/session-context.tsx';

/** Server time now (local clock plus the synced offset), re-rendering every `everyMs`. */
export function useServerNow(everyMs = 250): number {
  const offset = useContest((s) => s.clock?.offset ?? 0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now + offset;
}

/** "4:05" from milliseconds (rounded up to whole seconds; negative shows "+0:12" overtime). */
export function formatCountdown(ms: number): string {
  const over = ms < 0;
  const s = Math.ceil(Math.abs(ms) / 1000);
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return over ? `+${text}` : text;
}
