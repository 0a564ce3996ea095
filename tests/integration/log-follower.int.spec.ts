/**
 * The standby's first step (server/src/cli/log-follower.ts, `leitai follow`): a follower tails a
 * running primary's contest log over HTTP, keeps a verified copy that grows with every host
 * command, picks up from its copy after a restart, and stops on a broken chain (an event edited
 * in the primary's store) or a history that no longer extends its copy (a shorter log).
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LogFollower } from '../../server/src/cli/log-follower.ts';
import { verifyLogText } from '../../server/src/store/log-file.ts';
import { startWithDemo, type TestContest } from '../support/harness.ts';
import { runLeitai } from '../support/store-faults.ts';

const HOST = { role: 'host' as const };
let primary: TestContest;

beforeAll(async () => {
  primary = await startWithDemo();
});
afterAll(async () => {
  await primary?.cleanup();
});

const scenes = async (n: number) => {
  const runtime = primary.server.service.get('demo')!;
  for (let i = 0; i < n; i++) {
    const ack = await runtime.execute({ type: 'ChooseScene', data: { scene: i % 2 ? 'title' : 'roster' } }, HOST);
    expect(ack.ok).toBe(true);
  }
  return runtime.version;
};

test('the copy follows every command, verifies, and resumes from itself after a restart', async () => {
  const out = join(primary.dir, 'standby-demo.ndjson');
  const options = { primary: primary.server.url, contestId: 'demo', token: primary.token('host'), out };
  const follower = new LogFollower(options);
  const first = await follower.poll();
  expect(first).toMatchObject({ ok: true });
  const start = first.ok ? first.events : 0;
  expect(start).toBe(primary.server.service.get('demo')!.version);

  const version = await scenes(5);
  const next = await follower.poll();
  expect(next).toMatchObject({ ok: true, events: version, added: version - start });
  const copy = readFileSync(out, 'utf8');
  expect(verifyLogText(copy)).toMatchObject({ ok: true, events: version });
  // Same text as the primary's own export.
  const auth = { headers: { authorization: `Bearer ${primary.token('host')}` } };
  expect(copy).toBe(await (await fetch(`${primary.server.url}/api/contests/demo/log`, auth)).text());

  // A new follower over the same copy starts from it.
  const again = new LogFollower(options);
  expect(await again.poll()).toMatchObject({ ok: true, events: version, added: 0 });

  // The CLI, once.
  const cli = await runLeitai([
    'follow',
    '--primary',
    primary.server.url,
    '--contest',
    'demo',
    '--token',
    primary.token('host'),
    '--out',
    join(primary.dir, 'cli-copy.ndjson'),
    '--once',
  ]);
  expect(cli.code, cli.out).toBe(0);
  expect(cli.out).toContain(`follow: ${version} events verified (+${version})`);
});

test('a log that no longer extends the copy is a divergence; a broken chain stops it', async () => {
  const out = join(primary.dir, 'standby-2.ndjson');
  await scenes(2);
  const follower = new LogFollower({
    primary: primary.server.url,
    contestId: 'demo',
    token: primary.token('host'),
    out,
  });
  const held = await follower.poll();
  expect(held.ok).toBe(true);

  // A primary that now serves a shorter, still valid history (restored to an older backup).
  const full = readFileSync(out, 'utf8');
  const shorter = full.split('\n').slice(0, 3).join('\n') + '\n';
  expect(verifyLogText(shorter).ok).toBe(true);
  const fake = createServer((_req, res) => res.end(shorter));
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  const port = (fake.address() as { port: number }).port;
  try {
    const diverged = new LogFollower({ primary: `http://127.0.0.1:${port}`, contestId: 'demo', token: 'x', out });
    expect(await diverged.poll()).toMatchObject({ ok: false, problem: 'diverged' });
    expect(readFileSync(out, 'utf8')).toBe(full); // the copy is kept as it was
  } finally {
    fake.close();
  }

  // An event edited in the primary's store: its export no longer verifies.
  await scenes(1);
  const version = primary.server.service.get('demo')!.version;
  const db = new Database(primary.dbFile);
  try {
    db.prepare("UPDATE events SET data = ? WHERE stream_id = 'contest-demo' AND version = ?").run(
      JSON.stringify({ scene: 'blackout' }),
      version,
    );
  } finally {
    db.close();
  }
  const broken = await follower.poll();
  expect(broken).toMatchObject({ ok: false, problem: 'broken' });
  if (!broken.ok) expect(broken.message).toContain(`v${version}`);
  expect(readFileSync(out, 'utf8')).toBe(full);
});
