import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { DEMO_CONTEST } from '@leitai/shared';
import { tempDir } from '../support/harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = tempDir('leitai-cli-');
const data = join(dir, 'cli.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run `npm run leitai -- <args>` (as node + tsx, without npm's banner); never throws. */
async function leitai(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'server/src/cli/leitai.ts', ...args, '--data', data],
      { cwd: ROOT, timeout: 60_000 },
    );
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

test('demo creates the demo contest and prints a link for every screen', async () => {
  const { code, out } = await leitai('demo');
  expect(code).toBe(0);
  expect(out).toContain(DEMO_CONTEST.title);
  expect(out.match(/\/host\.html#token=/g)).toHaveLength(1);
  expect(out.match(/\/judge\.html#token=/g)).toHaveLength(DEMO_CONTEST.judges.length);
  expect(out.match(/\/play\.html#token=/g)).toHaveLength(DEMO_CONTEST.contestants.length);
  expect(out).toMatch(/\/stage\.html#token=/);
  expect(out).toMatch(/\/overlay\.html#token=/);
  expect(out).toMatch(/\/live\.html\?code=[A-Z0-9]{6}/);
  for (const j of DEMO_CONTEST.judges) expect(out).toContain(j.name);
  // The links line up in one column in a terminal, though the names before them are Chinese
  // (two columns each): the label column is counted in terminal columns, not characters.
  const columnOfLink = (line: string) => {
    const label = line.slice(0, line.indexOf('http'));
    return [...label].reduce(
      (w, ch) => w + (/[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1),
      0,
    );
  };
  const linkLines = out.split('\n').filter((l) => /^\s+\S.*\shttp:\/\//.test(l));
  expect(linkLines.length).toBe(DEMO_CONTEST.judges.length + DEMO_CONTEST.contestants.length + 4);
  expect(new Set(linkLines.map(columnOfLink))).toEqual(new Set([columnOfLink(linkLines[0]!)]));
});

test('contest create accepts a valid file and reports every problem of a broken one with its path', async () => {
  const ok = await leitai('contest', 'create', 'examples/three-stage-contest.json', '--id', 'three');
  expect(ok.code).toBe(0);
  // Shape first: every shape problem at once…
  const misshapen = structuredClone(DEMO_CONTEST);
  (misshapen.contestants[0] as { name: string }).name = '';
  (misshapen.judges[2] as { id: string }).id = 'bad id!';
  writeFileSync(join(dir, 'misshapen.json'), JSON.stringify(misshapen));
  const bad = await leitai('contest', 'create', join(dir, 'misshapen.json'));
  expect(bad.code).toBe(1);
  expect(bad.out).toContain('contestants[0].name');
  expect(bad.out).toContain('judges[2].id');
  // …then, on a well-shaped file, every rule problem at once.
  const unruly = structuredClone(DEMO_CONTEST);
  unruly.stages[0]!.segments[3]!.weight = 60;
  unruly.stages[0]!.groups[0]!.contestantIds.push('nobody');
  writeFileSync(join(dir, 'unruly.json'), JSON.stringify(unruly));
  const rules = await leitai('contest', 'create', join(dir, 'unruly.json'));
  expect(rules.code).toBe(1);
  expect(rules.out).toContain("stages[0].segments[0].weight: weights of stage 'final' sum to 90, not 100");
  expect(rules.out).toContain('nobody');
  // Nothing was created by the rejected files: only the demo and the three-stage contest exist.
  const db = new Database(data, { readonly: true });
  const streams = db.prepare("SELECT DISTINCT stream_id AS s FROM events WHERE stream_id LIKE 'contest-%'").all();
  db.close();
  expect(streams).toEqual([{ s: 'contest-demo' }, { s: 'contest-three' }]);
});

test('replay rebuilds each contest from its log alone', async () => {
  const { code, out } = await leitai('replay', '--contest', 'demo');
  expect(code).toBe(0);
  const state = JSON.parse(out) as { contestId: string; title: string; version: number; scene: string };
  expect(state).toMatchObject({ contestId: 'demo', title: DEMO_CONTEST.title, scene: 'title' });
  expect(state.version).toBeGreaterThan(0);
});

test('export log writes the hash-chained log as NDJSON', async () => {
  const out = join(dir, 'log.ndjson');
  expect((await leitai('export', 'log', '--contest', 'demo', '--out', out)).code).toBe(0);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  const first = JSON.parse(lines[0]!) as { type: string; version: number; hash: string };
  expect(first).toMatchObject({ type: 'ContestCreated', version: 1 });
  expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
  // No secret of any seat is in the exported log.
  const db = new Database(data, { readonly: true });
  const tokens = (db.prepare('SELECT token FROM seats').all() as { token: string }[]).map((r) => r.token);
  db.close();
  const text = lines.join('\n');
  for (const token of tokens) expect(text).not.toContain(token);
});

test('verify --log checks an exported log by its hash chain, and against a published head', async () => {
  const out = join(dir, 'verify.ndjson');
  expect((await leitai('export', 'log', '--contest', 'demo', '--out', out)).code).toBe(0);
  const text = readFileSync(out, 'utf8');
  // The export's lines are written by the one function the HTTP export uses (docs/log-format.md field order).
  expect(text.startsWith('{"position":')).toBe(true);
  const lines = text.trimEnd().split('\n');
  const head = (JSON.parse(lines.at(-1)!) as { hash: string }).hash;
  const ok = await leitai('verify', '--log', out, '--head', head);
  expect(ok.code).toBe(0);
  expect(JSON.parse(ok.out)).toMatchObject({ ok: true, streams: 1, events: lines.length, file: out });
  // One event's data edited: exit 1, naming that line.
  const row = JSON.parse(lines[0]!) as { data: { title?: string } };
  row.data.title = 'forged';
  const forged = join(dir, 'forged.ndjson');
  writeFileSync(forged, [JSON.stringify(row), ...lines.slice(1)].join('\n') + '\n');
  const bad = await leitai('verify', '--log', forged);
  expect(bad.code).toBe(1);
  expect(JSON.parse(bad.out)).toMatchObject({
    ok: false,
    firstBroken: { line: 1, reason: 'hash does not match content and predecessor' },
  });
  // A cut-off tail fails against the published head; a missing file fails; a malformed head is a usage error.
  const cut = join(dir, 'cut.ndjson');
  writeFileSync(cut, lines.slice(0, -1).join('\n') + '\n');
  expect((await leitai('verify', '--log', cut, '--head', head)).code).toBe(1);
  const missing = await leitai('verify', '--log', join(dir, 'nope.ndjson'));
  expect(missing.code).toBe(1);
  expect((JSON.parse(missing.out) as { ok: boolean; problem?: string }).problem).toContain('nope.ndjson');
  expect((await leitai('verify', '--log', out, '--head', 'xyz')).code).toBe(2);
});

test('verify passes on an intact file and names the first tampered event', async () => {
  expect((await leitai('verify')).code).toBe(0);
  const db = new Database(data);
  const row = db.prepare("SELECT position FROM events WHERE stream_id = 'contest-demo' AND version = 1").get() as {
    position: number;
  };
  db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify({ forged: true }), row.position);
  db.close();
  const { code, out } = await leitai('verify');
  expect(code).toBe(1);
  const report = JSON.parse(out) as {
    ok: boolean;
    firstBroken: { streamId: string; version: number; position: number };
  };
  expect(report.ok).toBe(false);
  expect(report.firstBroken).toMatchObject({ streamId: 'contest-demo', version: 1, position: row.position });
});
