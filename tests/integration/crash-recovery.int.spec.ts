import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import {
  DEMO_CONTEST,
  SCENES,
  foldEvents,
  viewFor,
  type ClientCommand,
  type ContestState,
  sleep,
} from '@leitai/shared';

/** What the host's screen holds of a replayed state (device ids stay on the server). */
const hostView = (s: ContestState | null) => s && viewFor(s, { role: 'host' });
import { connectScreen, newCommandId, tempDir } from '../support/harness.ts';
import { createDemoOnFile, readContestLog } from '../support/crash-support.ts';
import { startServerProcess } from '../support/server-process.ts';

const dir = tempDir();
const dbFile = join(dir, 'crash.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('SIGKILL mid-stream loses no acknowledged command, duplicates none, and restarts to a pure replay', async () => {
  const hostToken = await createDemoOnFile(dbFile);
  const contestants = DEMO_CONTEST.contestants.map((c) => c.id);
  const acked = new Map<string, number>();
  const rounds = 4;
  // Start at 1: command 0 would choose the scene the contest starts on, which appends nothing.
  let n = 1;
  for (let round = 0; round < rounds; round++) {
    const server = await startServerProcess(dbFile);
    const host = await connectScreen(server.url, { token: hostToken, deviceId: `crash-host-${round}` });
    // Every acknowledged command so far survived the previous kill.
    await host.waitForVersion(host.state().version + 1).catch(() => undefined); // its own DeviceSeated
    const before = readContestLog(dbFile).filter((e) => e.version <= host.state().version);
    for (const [commandId, version] of acked) {
      const matching = before.filter((e) => e.metadata.commandId === commandId);
      expect(matching.length, commandId).toBeGreaterThan(0);
      expect(matching.at(-1)!.version).toBe(version);
    }
    expect(hostView(foldEvents(null, before))).toEqual(host.state());

    // Stream commands without waiting for acks, paced under the per-socket rate limit (a
    // refused command would make a later one a no-op, which appends nothing to look for),
    // and kill the process at a random moment.
    const killAt = 400 + Math.floor(Math.random() * 800);
    const started = Date.now();
    const inflight = new Set<Promise<void>>();
    let killed = false;
    const killer = (async () => {
      await sleep(killAt);
      killed = true;
      await server.kill('SIGKILL');
    })();
    while (!killed && Date.now() - started < 5000) {
      const i = n++;
      const command: ClientCommand =
        i % 2 === 0
          ? { type: 'ChooseScene', data: { scene: SCENES[(i / 2) % SCENES.length]! } }
          : { type: 'SetCurrentContestant', data: { contestantId: contestants[i % contestants.length]! } };
      const commandId = newCommandId();
      const p = host
        .send(command, commandId)
        .then((ack) => {
          if (ack.ok) acked.set(commandId, ack.position);
        })
        .catch(() => undefined);
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      await sleep(55);
    }
    await killer;
    await Promise.allSettled([...inflight]);
    host.close();
  }
  expect(acked.size).toBeGreaterThan(20);

  const server = await startServerProcess(dbFile);
  const host = await connectScreen(server.url, { token: hostToken, deviceId: 'crash-host-final' });
  await host.waitForVersion(host.state().version + 1).catch(() => undefined);
  const log = readContestLog(dbFile).filter((e) => e.version <= host.state().version);
  // Gap-free versions, each acknowledged command present exactly once (its last event carries its position).
  log.forEach((e, i) => expect(e.version).toBe(i + 1));
  for (const [commandId, version] of acked) {
    const versions = log.filter((e) => e.metadata.commandId === commandId).map((e) => e.version);
    expect(versions.length, commandId).toBe(1);
    expect(versions[0]).toBe(version);
  }
  expect(hostView(foldEvents(null, log))).toEqual(host.state());
  const verify = (await (
    await fetch(`${server.url}/api/contests/demo/verify`, { headers: { authorization: `Bearer ${hostToken}` } })
  ).json()) as { ok: boolean };
  expect(verify.ok).toBe(true);
  host.close();
  await server.kill('SIGTERM');
});
