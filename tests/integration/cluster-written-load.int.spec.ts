/**
 * The scaled mode's written test under the load shape that made edges refuse takers as
 * UNAVAILABLE (issue #14): 1,000 takers through HAProxy on two edges and a core, each saving an
 * answer every ~10 s (≈ 100 calls a second over Redis), then all submitting within 10 s of the
 * close — the B10 bench itself (scripts/bench/written.ts, `--edges 2`), on a private redis-server.
 * Every save and every submission must be acknowledged: none refused, every paper submitted.
 * (The refusals came from the edges' 4 s wait on a loaded machine, each one resent by the page,
 * and from every view of every save crossing Redis to every edge: a taker's call now waits up to
 * 7 s and its view comes back in the core's answer.)
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startRedis, type TestRedis } from '../support/cluster-support.ts';
import { runWritten } from '../../scripts/bench/written.ts';

let redis: TestRedis;
const before = process.env.LEITAI_REDIS_URL;

beforeAll(async () => {
  redis = await startRedis();
  process.env.LEITAI_REDIS_URL = redis.url;
}, 30_000);

afterAll(async () => {
  if (before === undefined) delete process.env.LEITAI_REDIS_URL;
  else process.env.LEITAI_REDIS_URL = before;
  await redis?.stop();
});

test('1,000 takers through HAProxy on 2 edges: every save and every submission acknowledged, none refused', async () => {
  const lines: string[] = [];
  const r = await runWritten({
    takers: 1000,
    generators: 2,
    edges: 2,
    writingSeconds: 20,
    log: (l) => lines.push(l),
  });
  process.stderr.write(
    `cluster-written-load: ${r.saves} saves, ack p50 ${r.saveAckP50Ms} ms, p99 ${r.saveAckP99Ms} ms; ` +
      `core per call p99 ${r.serverSaveP99Ms} ms; load ${r.loadAverage.join(' ')}\n`,
  );
  expect(r.errors).toEqual([]);
  expect(r.takers).toBe(1000);
  expect(r.saves).toBeGreaterThan(1500);
  expect(r.savesRefused).toBe(0);
  expect(r.savesAcked).toBe(r.saves);
  expect(r.submits).toBe(1000);
  expect(r.submitsAcked).toBe(1000);
  expect(r.papersSubmitted).toBe(1000);
}, 420_000);
