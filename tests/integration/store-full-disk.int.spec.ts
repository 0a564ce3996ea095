/**
 * R12 disk full, on every role's path (docs/reliability.md): the store's disk fills (a real 8 MiB
 * tmpfs; where none can be mounted, `PRAGMA query_only` on the store's own connection makes every
 * write fail in SQLite instead) while the audience comments and likes, the host moderates and runs
 * the contest. An "ok" means stored: every acknowledged comment and like is in the log after a
 * restart. The kill switch holds in memory while nothing can be written and is stored once
 * there is room. `/api/ready` is 503 with the reason while writes fail, and 200 again after.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { DEMO_CONTEST, audienceStreamId, sleep } from '@leitai/shared';
import { startLeitaiServer, type LeitaiServerHandle } from '@leitai/server';
import type { SqliteEventStore } from '../../server/src/store/sqlite-event-store.ts';
import { ask, recordFrames, type AnyAck, type FrameRecorder } from '../support/audience-clients.ts';
import { tempDir } from '../support/harness.ts';
import { mountSmallDisk, type SmallDisk } from '../support/store-faults.ts';

// LEITAI_TEST_NO_TMPFS=1 runs the fallback where a tmpfs could be mounted.
const disk: SmallDisk | null = process.env.LEITAI_TEST_NO_TMPFS ? null : mountSmallDisk(8);
const dir = disk?.dir ?? tempDir('leitai-full-');
afterAll(() => {
  if (disk) disk.unmount();
  else rmSync(dir, { recursive: true, force: true });
});

const filler = join(dir, 'filler.bin');

/** Fills the disk to the last block (or makes every write of the store fail). */
function fillUp(server: LeitaiServerHandle): void {
  if (!disk) {
    (server.store as SqliteEventStore).database.pragma('query_only = ON');
    return;
  }
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(4096, 0x55);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    closeSync(fd);
  }
}

function makeRoom(server: LeitaiServerHandle): void {
  if (!disk) (server.store as SqliteEventStore).database.pragma('query_only = OFF');
  else rmSync(filler);
}

async function ready(
  server: LeitaiServerHandle,
): Promise<{ status: number; body: { ready: boolean; reason?: string } }> {
  const res = await fetch(`${server.url}/api/ready`);
  return { status: res.status, body: (await res.json()) as { ready: boolean; reason?: string } };
}

test('on a full disk every acknowledgement is durable, the kill switch holds, and readiness tells', async () => {
  const file = join(dir, 'leitai.sqlite');
  let server = await startLeitaiServer({ dbFile: file, port: 0 });
  const sockets: FrameRecorder[] = [];
  try {
    const created = await server.service.create(DEMO_CONTEST, { contestId: 'demo' });
    if (!created.ok) throw new Error(created.error.message);
    const { joinCode, seats } = created.contest;
    const tokenOf = (role: string) => seats.find((s) => s.role === role)!.token;
    const host = await recordFrames(server.url, { token: tokenOf('host') });
    const stage = await recordFrames(server.url, { token: tokenOf('stage') });
    sockets.push(host, stage);
    for (let i = 0; i < 30; i++) sockets.push(await recordFrames(server.url, { joinCode }));
    const audience = sockets.slice(2);
    expect((await ready(server)).status).toBe(200);

    fillUp(server);
    // Comments (3 per phone, the per-device burst) and likes while nothing can be written.
    const sent: { text: string; ack: Promise<AnyAck> }[] = [];
    audience.forEach((a, i) => {
      for (let k = 0; k < 3; k++) {
        const text = `满盘 ${i}-${k}`;
        sent.push({ text, ack: ask(a.socket, 'audience:comment', { text }) });
      }
    });
    const likes = audience.map((a) => ask(a.socket, 'audience:like', { count: 5 }, 8000));
    const hostCommand = server.service.get('demo')!.execute(
      { type: 'ChooseScene', data: { scene: 'scoreboard' } },
      {
        role: 'host',
      },
    );
    const kill = await ask(host.socket, 'moderation:kill', { active: true });
    const acks = await Promise.all(sent.map((s) => s.ack));
    const likeAcks = await Promise.all(likes);
    const commandAck = await hostCommand;

    // Each answer is typed: ok (then stored, checked below) or an error code with a message.
    for (const ack of [...acks, ...likeAcks, kill]) {
      if (!ack.ok) {
        expect(typeof ack.error?.code).toBe('string');
        expect(typeof ack.error?.message).toBe('string');
      }
    }
    // The host's command too: refused with a typed error, or acknowledged and then in the log.
    if (!commandAck.ok) expect(commandAck.error.code).toBe('INTERNAL');
    const contestVersion = commandAck.ok ? commandAck.position : 0;
    expect(acks.filter((a) => !a.ok).length).toBeGreaterThan(0);
    // The kill switch is in force at once on the stage, and still after several ticks and a retry.
    await stage.waitFor(() => stage.frames.some((f) => f.frame.killed === true), 2000, 'stage killed');
    await sleep(1500);
    expect(server.audience.room('demo')!.state.killed).toBe(true);
    const sync = await ask(audience[0]!.socket, 'audience:sync', {});
    expect((sync.frame as { killed: boolean }).killed).toBe(true);
    const notReady = await ready(server);
    expect(notReady.status).toBe(503);
    expect(notReady.body.reason).toMatch(/cannot write/);

    makeRoom(server);
    for (let i = 0; i < 50 && (await ready(server)).status !== 200; i++) await sleep(200);
    expect((await ready(server)).status).toBe(200);
    // The held kill switch reaches the log once there is room.
    const store = server.store as SqliteEventStore;
    const killStored = () =>
      store
        .readStream(audienceStreamId('demo'))
        .some((e) => e.type === 'KillSwitchSet' && (e.data as { active: boolean }).active);
    for (let i = 0; i < 25 && !killStored(); i++) await sleep(200);
    expect(killStored()).toBe(true);
    // A phone that has not used up its comment budget.
    const late = await recordFrames(server.url, { joinCode });
    sockets.push(late);
    // Its address shares the 30 phones' per-address budget: a typed RATE_LIMITED is answered as a
    // phone does, by waiting the time it names and sending again (once).
    let after = await ask(late.socket, 'audience:comment', { text: '恢复了' }, 8000);
    if (!after.ok && after.error?.code === 'RATE_LIMITED') {
      await sleep(Number(after.error.retryAfterMs ?? 1000) + 50);
      after = await ask(late.socket, 'audience:comment', { text: '恢复了' }, 8000);
    }
    expect(after.ok, JSON.stringify(after)).toBe(true);
    expect(
      (
        await server.service.get('demo')!.execute(
          { type: 'ChooseScene', data: { scene: 'title' } },
          {
            role: 'host',
          },
        )
      ).ok,
    ).toBe(true);

    const okIds = [...acks, after].filter((a) => a.ok).map((a) => a.id!);
    const okLikes = likeAcks.filter((a) => a.ok).reduce((n, a) => n + (a.accepted as number), 0);
    for (const s of sockets) s.close();
    sockets.length = 0;
    await server.close();

    // Everything acknowledged is in the log after a restart, and the kill switch is still on.
    server = await startLeitaiServer({ dbFile: file, port: 0 });
    const events = (server.store as SqliteEventStore).readStream(audienceStreamId('demo'));
    const storedIds = new Set(
      events.filter((e) => e.type === 'CommentPosted').map((e) => (e.data as { comment: { id: string } }).comment.id),
    );
    for (const id of okIds) expect(storedIds.has(id), `acknowledged comment ${id}`).toBe(true);
    const storedLikes = events
      .filter((e) => e.type === 'LikesCounted')
      .reduce((n, e) => n + (e.data as { count: number }).count, 0);
    expect(storedLikes).toBeGreaterThanOrEqual(okLikes);
    expect(server.audience.room('demo')!.state.killed).toBe(true);
    if (contestVersion > 0) {
      const stored = (server.store as SqliteEventStore).readStream('contest-demo', contestVersion - 1)[0];
      expect(stored).toMatchObject({ type: 'SceneChosen', version: contestVersion });
    }
  } finally {
    for (const s of sockets) s.close();
    await server.close();
  }
}, 90_000);
