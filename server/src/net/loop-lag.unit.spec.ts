import { expect, test } from 'vitest';
import { sleep } from '@leitai/shared';
import { LoopLag } from './loop-lag.ts';

test('the server measures its own event-loop lag: a blocked loop shows, a quiet one does not', async () => {
  const lag = new LoopLag(() => Date.now(), 10_000);
  expect(lag.lagMs()).toBe(0); // the first read starts the meter
  await sleep(100);
  expect(lag.lagMs()).toBeLessThan(120);
  // Block the loop for 300 ms, as a crowd of sockets would, then let the sampler notice.
  const until = Date.now() + 300;
  while (Date.now() < until) {
    /* busy: the loop cannot run timers */
  }
  await sleep(30);
  expect(lag.lagMs()).toBeGreaterThanOrEqual(200);
  lag.stop();
});
