/**
 * The exported log verifies from the file alone, by the TypeScript verifier and by a Python
 * script written from docs/log-format.md (standard library only): contest events played
 * through real sockets on a real server, the log fetched over HTTP, then checked untouched and
 * tampered with (an event's data edited, one event dropped, two reordered, the tail cut off).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { verifyLogText, type LogFileReport } from '../../server/src/store/log-file.ts';
import { connectScreen, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';
import { must, playPerformance } from '../support/judging-play.ts';

const SCRIPT = join(import.meta.dirname, '../../scripts/verify-log.py');

let t: TestContest;
let host: Screen;
const judges = new Map<string, Screen>();
let log: string;

beforeAll(async () => {
  t = await startWithDemo();
  host = await connectScreen(t.server.url, { token: t.token('host') });
  for (const j of ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7'])
    judges.set(j, await connectScreen(t.server.url, { token: t.token('judge', j) }));
  await must(host, { type: 'StartSegment', data: { segmentId: 'reflection' } });
  const marks = { j1: 8800, j2: 9000, j3: 8550, j4: 9200, j5: 8700, j6: 8925, j7: 9100 };
  await playPerformance(host, judges, 'reflection', 'c01', marks);
  await playPerformance(host, judges, 'reflection', 'c02', { ...marks, j3: 9999 });
  // A reason with quotes, a backslash, a newline, a tab, CJK and an emoji: every escape the encoding has.
  const reason = '监督组裁定："计时器"故障\\补回\n\t0.50 分 😀';
  await host.waitForVersion(await must(host, { type: 'StartSegment', data: { segmentId: 'action' } }));
  await must(host, { type: 'CorrectScore', data: { segmentId: 'reflection', contestantId: 'c01', delta: 50, reason } });
  const res = await fetch(`${t.server.url}/api/contests/demo/log`, {
    headers: { Authorization: `Bearer ${t.token('host')}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/x-ndjson');
  log = await res.text();
});

afterAll(async () => {
  host.close();
  for (const s of judges.values()) s.close();
  await t.cleanup();
});

const lines = (): string[] => log.trimEnd().split('\n');
const headOf = (text: string): string => (JSON.parse(text.trimEnd().split('\n').at(-1)!) as { hash: string }).hash;

/** Runs the Python verifier on `text` (written to a file), returning its exit status and report. */
function python(text: string, head?: string): { status: number | null; report: LogFileReport } {
  const file = join(t.dir, `log-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(file, text);
  const run = spawnSync('python3', [SCRIPT, file, ...(head ? ['--head', head] : [])], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (run.error) throw run.error;
  if (run.status === 2) throw new Error(`verify-log.py: ${run.stderr}`);
  return { status: run.status, report: JSON.parse(run.stdout) as LogFileReport };
}

/** Both verifiers' verdicts on the same text, with what they name as the first broken line. */
function both(text: string, head?: string) {
  const ts = verifyLogText(text, head === undefined ? {} : { expectHead: head });
  const py = python(text, head);
  return { ts, py: py.report, status: py.status };
}

test('the untouched log passes both verifiers, and they agree on its head', async () => {
  const n = lines().length;
  expect(n).toBeGreaterThan(30);
  const head = headOf(log);
  const { ts, py, status } = both(log, head);
  expect(ts).toMatchObject({
    ok: true,
    streams: 1,
    events: n,
    heads: [{ streamId: 'contest-demo', version: n, hash: head }],
  });
  expect(status).toBe(0);
  expect(py).toEqual(ts);
  // and the server's own check over the store agrees
  const verify = await fetch(`${t.server.url}/api/contests/demo/verify`, {
    headers: { Authorization: `Bearer ${t.token('host')}` },
  });
  expect(await verify.json()).toMatchObject({ ok: true, events: n });
});

test('a log re-serialised by another tool (keys reordered, whitespace, escapes) still verifies', () => {
  const reformatted = lines()
    .map((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      // reversed key order, indentation inside the line, non-ASCII as \u escapes
      const reversed = Object.fromEntries(Object.entries(row).reverse());
      return JSON.stringify(reversed, null, 1)
        .replace(/\n/g, ' ')
        .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    })
    .join('\n');
  const { ts, py, status } = both(reformatted + '\n');
  expect(ts.ok).toBe(true);
  expect(status).toBe(0);
  expect(py.ok).toBe(true);
});

test('editing one event’s data is detected by both, at that event', () => {
  const all = lines();
  const at = all.findIndex((l) => l.includes('"JudgeScoreSubmitted"') && l.includes('"score":9999'));
  expect(at).toBeGreaterThan(0);
  const row = JSON.parse(all[at]!) as { data: { score: number }; version: number };
  row.data.score = 9000;
  const edited = [...all.slice(0, at), JSON.stringify(row), ...all.slice(at + 1)].join('\n') + '\n';
  const { ts, py, status } = both(edited);
  expect(ts.ok).toBe(false);
  expect(status).toBe(1);
  expect(ts.firstBroken).toMatchObject({
    line: at + 1,
    version: row.version,
    reason: 'hash does not match content and predecessor',
  });
  expect(py.firstBroken).toMatchObject({
    line: at + 1,
    version: row.version,
    reason: 'hash does not match content and predecessor',
  });
});

test('editing the reason of a correction (a string with escapes) is detected by both', () => {
  const all = lines();
  const at = all.findIndex((l) => l.includes('"ScoreCorrected"'));
  const row = JSON.parse(all[at]!) as { data: { reason: string } };
  row.data.reason = row.data.reason.replace('0.50', '0.05');
  const edited = [...all.slice(0, at), JSON.stringify(row), ...all.slice(at + 1)].join('\n') + '\n';
  const { ts, py, status } = both(edited);
  expect([ts.ok, py.ok, status]).toEqual([false, false, 1]);
  expect(ts.firstBroken?.line).toBe(at + 1);
  expect(py.firstBroken?.line).toBe(at + 1);
});

test('dropping one event is detected by both', () => {
  const all = lines();
  const at = Math.floor(all.length / 2);
  const dropped = [...all.slice(0, at), ...all.slice(at + 1)].join('\n') + '\n';
  const { ts, py, status } = both(dropped);
  expect([ts.ok, py.ok, status]).toEqual([false, false, 1]);
  const reason = `version ${at + 2} where ${at + 1} was expected`;
  expect(ts.firstBroken).toMatchObject({ line: at + 1, reason });
  expect(py.firstBroken).toMatchObject({ line: at + 1, reason });
});

test('reordering two events is detected by both', () => {
  const all = lines();
  const at = 10;
  const swapped = [...all.slice(0, at), all[at + 1]!, all[at]!, ...all.slice(at + 2)].join('\n') + '\n';
  const { ts, py, status } = both(swapped);
  expect([ts.ok, py.ok, status]).toEqual([false, false, 1]);
  expect(ts.firstBroken).toMatchObject({ line: at + 1, reason: `version ${at + 2} where ${at + 1} was expected` });
  expect(py.firstBroken).toMatchObject({ line: at + 1, reason: `version ${at + 2} where ${at + 1} was expected` });
});

test('a cut-off tail chains correctly but fails both against the published head; a longer log passes', () => {
  const head = headOf(log);
  const cut = lines().slice(0, -1).join('\n') + '\n';
  const { ts, py, status } = both(cut, head);
  expect([ts.ok, py.ok, status]).toEqual([false, false, 1]);
  expect(ts.firstBroken?.reason).toBe(`the log does not reach the expected head ${head}`);
  expect(py.firstBroken?.reason).toBe(`the log does not reach the expected head ${head}`);
  // without the published head the shorter log is a valid prefix
  expect(both(cut).ts.ok).toBe(true);
  // and a longer log passes through an earlier published head
  const earlier = headOf(cut);
  const longer = both(log, earlier);
  expect([longer.ts.ok, longer.py.ok, longer.status]).toEqual([true, true, 0]);
});

test('a damaged line (not JSON, or NaN which only Python would accept) is reported by both at that line', () => {
  const all = lines();
  for (const bad of [all[5]!.slice(0, -3), all[5]!.replace(/"version":6/, '"version":NaN')]) {
    const damaged = [...all.slice(0, 5), bad, ...all.slice(6)].join('\n') + '\n';
    const { ts, py, status } = both(damaged);
    expect([ts.ok, py.ok, status]).toEqual([false, false, 1]);
    expect(ts.firstBroken).toMatchObject({ line: 6, reason: 'not a JSON object' });
    expect(py.firstBroken).toMatchObject({ line: 6, reason: 'not a JSON object' });
  }
});
