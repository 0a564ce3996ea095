// shared/ compiles without DOM or Node types; both the browser and Node provide this timer.
declare function setTimeout(callback: () => void, ms: number): unknown;

/** Resolve after `ms` milliseconds (negative waits are none). For tests, tools and retry loops. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
