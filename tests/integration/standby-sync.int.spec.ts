/**
 * R14 synchronous acknowledgement, in one process with real sockets and real files: a primary
 * started with `replication` and a standby (startStandby) following it. Every host command's
 * acknowledgement must find its event already in the standby's store; with the standby gone the
 * primary acknowledges on its own disk (degraded) and says so in /api/ready; a standby that comes
 * back catches up from its position and acknowledgements wait for it again; `promote` by hand
 * serves the contest from the standby's file with the host's token (the seat table came along).
 */
import { afterAll, expect, test } from 'vitest';
import { join } from 'node:path';
import { startLeitaiServer, type LeitaiServerHandle } from '../../server/src/app.ts';
import type { StandbyHandle } from '../../server/src/cluster/standby.ts';
import { startTestStandby } from '../support/cluster-support.ts';
import { connectScreen, tempDir, waitFor, type Condition, type Screen } from '../support/harness.ts';

const SECRET = 'sync-test-secret-0123456789';
const dir = tempDir('leitai-standby-sync-');
let primary: LeitaiServerHandle;
let promoted: LeitaiServerHandle | undefined;
let host: Screen;
const standbys: StandbyHandle[] = [];

const until = (what: string, check: Condition) => waitFor(what, check, 10_000, 25);

const follow = () =>
  startTestStandby(primary.url, SECRET, join(dir, 'standby.sqlite'), (s) => (promoted = s)).then((s) => {
    standbys.push(s);
    return s;
  });

afterAll(async () => {
  host?.close();
  for (const s of standbys) await s.close();
  await promoted?.close();
  await primary?.close();
});

test('acknowledged means on the standby; a missing standby degrades with a warning; promote serves the copy', async () => {
  primary = await startLeitaiServer({
    dbFile: join(dir, 'primary.sqlite'),
    replication: { secret: SECRET, timeoutMs: 300 },
  });
  const created = await primary.service.create((await import('@leitai/shared')).DEMO_CONTEST, { contestId: 'demo' });
  expect(created.ok).toBe(true);
  const hostToken = primary.seats.forContest('demo').find((s) => s.role === 'host')!.token;
  let ready = (await (await fetch(`${primary.url}/api/ready`)).json()) as { ready: boolean; warning?: string };
  /** The global position of the contest's event at `version`. */
  const positionOf = (version: number) =>
    primary.store.readStream('contest-demo').find((e) => e.version === version)!.position;
  expect(ready.warning).toBe('no standby connected');

  const standby = await follow();
  await until('synchronous', () => primary.replication!.status().state === 'sync');
  host = await connectScreen(primary.url, { token: hostToken });
  const scenes = ['scoreboard', 'title'] as const;
  for (let i = 0; i < 20; i++) {
    const ack = await host.send({ type: 'ChooseScene', data: { scene: scenes[i % 2]! } });
    if (!ack.ok) throw new Error(ack.error.message);
    // At the moment of the acknowledgement the standby already holds the event.
    expect(standby.status().position).toBeGreaterThanOrEqual(positionOf(ack.position));
  }
  ready = (await (await fetch(`${primary.url}/api/ready`)).json()) as { ready: boolean; warning?: string };
  expect(ready.warning).toBeUndefined();

  // The standby goes away: commands are still acknowledged, on the primary's disk alone, and said so.
  await standby.close();
  await until('degraded', () => primary.replication!.status().state === 'none');
  for (let i = 0; i < 5; i++)
    expect((await host.send({ type: 'ChooseScene', data: { scene: scenes[i % 2]! } })).ok).toBe(true);
  ready = (await (await fetch(`${primary.url}/api/ready`)).json()) as { ready: boolean; warning?: string };
  expect(ready.ready).toBe(true);
  expect(ready.warning).toMatch(/standby .* disconnected/);

  // It comes back: catches up from its position, then acknowledgements wait for it again.
  const again = await follow();
  await until('synchronous again', () => primary.replication!.status().state === 'sync');
  expect(again.status().position).toBeGreaterThanOrEqual(positionOf(primary.service.get('demo')!.state!.version));
  const last = await host.send({ type: 'ChooseScene', data: { scene: 'roster' } });
  if (!last.ok) throw new Error(last.error.message);
  expect(again.status().position).toBeGreaterThanOrEqual(positionOf(last.position));

  // Promote by hand: the copy serves, with the host's seat.
  host.close();
  await primary.close();
  await again.promote('test');
  const onStandby = await connectScreen(promoted!.url, { token: hostToken });
  expect(onStandby.state().version).toBeGreaterThanOrEqual(last.position);
  expect(onStandby.state().scene).toBe('roster');
  onStandby.close();
}, 60_000);
