/**
 * R1 — SIGKILL of the server process at random points, with the invariants checked after every
 * round: readiness comes back, no acknowledged command is lost, none is duplicated, versions are
 * gap-free, the hash chain verifies, the restarted state is a pure replay, and a client that
 * retries its unacknowledged commands with the same ids (as the client's sender does) gets each
 * one recorded exactly once. Fast in `npm test` (3 rounds); `npm run chaos` runs 25.
 * (tests/integration/crash-recovery.int.spec.ts is the original single-scenario test.)
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import { DEMO_CONTEST, SCENES, foldEvents, viewFor, type ClientCommand } from '@leitai/shared';
import { connectScreen, newCommandId, tempDir } from '../support/harness.ts';
import { createDemoOnFile, readContestLog } from '../support/crash-support.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { chaosScale, sleep } from '../support/chaos-support.ts';

const dir = tempDir('leitai-chaos-crash-');
const dbFile = join(dir, 'crash.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The invariants after a restart; returns the log it checked. */
async function checkInvariants(server: ServerProcess, hostToken: string, acked: Map<string, number>) {
  const ready = await fetch(`${server.url}/api/ready`);
  expect(ready.status).toBe(200);
  const log = readContestLog(dbFile);
  log.forEach((e, i) => expect(e.version).toBe(i + 1));
  for (const [commandId, version] of acked) {
    const versions = log.filter((e) => e.metadata.commandId === commandId).map((e) => e.version);
    expect(versions, commandId).toEqual([version]);
  }
  const verify = (await (
    await fetch(`${server.url}/api/contests/demo/verify`, { headers: { authorization: `Bearer ${hostToken}` } })
  ).json()) as { ok: boolean };
  expect(verify.ok).toBe(true);
  return log;
}

test(
  'R1: SIGKILL at random points, many rounds — nothing acknowledged lost, nothing duplicated, retries land once',
  async () => {
    const hostToken = await createDemoOnFile(dbFile);
    const contestants = DEMO_CONTEST.contestants.map((c) => c.id);
    const acked = new Map<string, number>();
    const rounds = chaosScale(3, 25);
    let n = 1;
    let unacked: { commandId: string; command: ClientCommand }[] = [];
    for (let round = 0; round < rounds; round++) {
      const server = await startServerProcess(dbFile);
      const host = await connectScreen(server.url, { token: hostToken, deviceId: `chaos-crash-${round}` });
      await host.waitForVersion(host.state().version + 1).catch(() => undefined);
      const log = await checkInvariants(server, hostToken, acked);
      // The host's screen equals the host's view of a pure replay (device ids stay on the server).
      const replay = foldEvents(
        null,
        log.filter((e) => e.version <= host.state().version),
      );
      expect(replay && viewFor(replay, { role: 'host' })).toEqual(host.state());

      // Retry what the previous round never saw acknowledged, with the same ids: each lands once.
      for (const { commandId, command } of unacked) {
        const ack = await host.send(command, commandId);
        if (ack.ok) acked.set(commandId, ack.position);
        await sleep(55);
      }
      unacked = [];

      // Kill at a random moment, sometimes almost at once; the first round always runs for
      // 600 ms or more, so every run has commands acknowledged before a kill (checked below).
      const early = round > 0 && Math.random() < 0.2;
      const killAt = early
        ? Math.floor(Math.random() * 60)
        : (round === 0 ? 600 : 200) + Math.floor(Math.random() * (round === 0 ? 500 : 900));
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
            else if (ack.error.code !== 'RATE_LIMITED') unacked.push({ commandId, command });
          })
          .catch(() => void unacked.push({ commandId, command }));
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
        await sleep(55);
      }
      await killer;
      await Promise.allSettled([...inflight]);
      host.close();
    }

    const server = await startServerProcess(dbFile);
    try {
      const host = await connectScreen(server.url, { token: hostToken, deviceId: 'chaos-crash-final' });
      await host.waitForVersion(host.state().version + 1).catch(() => undefined);
      for (const { commandId, command } of unacked) {
        const ack = await host.send(command, commandId);
        if (ack.ok) acked.set(commandId, ack.position);
        await sleep(55);
      }
      const log = await checkInvariants(server, hostToken, acked);
      // The first round alone sends ~11 commands (one per 55 ms for ≥ 600 ms) before its kill.
      expect(acked.size).toBeGreaterThanOrEqual(8);
      const replay = foldEvents(
        null,
        log.filter((e) => e.version <= host.state().version),
      );
      expect(replay && viewFor(replay, { role: 'host' })).toEqual(host.state());
      host.close();
    } finally {
      await server.kill('SIGTERM');
    }
  },
  chaosScale(60_000, 600_000),
);
