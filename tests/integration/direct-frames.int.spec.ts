/**
 * The direct path for broadcast frames (server/src/net/direct-frames.ts): on a real server,
 * audience frames sent with the tick's call reach WebSocket phones written straight to `ws`,
 * phones on long-polling through Engine.IO, and every phone gets every frame once and in
 * order, also when direct writes and Engine.IO's buffer take turns on one socket. The
 * internals it relies on are checked against the installed versions.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type AudienceFrame, sleep } from '@leitai/shared';
import { connectRaw } from '../support/harness.ts';
import { newDeviceId, recordFrames, type FrameRecorder } from '../support/audience-clients.ts';
import { audienceBench } from '../support/audience-bench.ts';
import { sendAudienceFrame } from '../../server/src/audience/attach-audience.ts';
import {
  broadcastInternalsSupported,
  directFrameCounts,
  directFramesSupported,
  encodeBroadcast,
} from '../../server/src/net/direct-frames.ts';

const bench = audienceBench();

const BASE = 1_000_000;
const frame = (seq: number): AudienceFrame => ({
  seq: BASE + seq,
  comments: [{ id: `c${seq}`, nickname: '观众', text: `第${seq}条`, color: 'white' }],
  likes: seq,
});
/** The bench frames a phone received, by seq (the pipeline's own frames left out). */
const seqs = (r: FrameRecorder) => r.frames.map((f) => f.frame.seq - BASE).filter((s) => s > 0);

async function phones(n: number, transports?: ['polling']) {
  const contest = await bench.start({});
  const c = contest;
  const out: FrameRecorder[] = [];
  for (let i = 0; i < n; i++) {
    if (!transports) {
      const r = await recordFrames(c.server.url, { joinCode: c.joinCode });
      bench.keep(r);
      out.push(r);
      continue;
    }
    const socket = connectRaw(
      c.server.url,
      { protocolVersion: PROTOCOL_VERSION, joinCode: c.joinCode, deviceId: newDeviceId() },
      { transports },
    );
    const frames: FrameRecorder['frames'] = [];
    socket.on('audience:frame', (f) => frames.push({ at: performance.now(), frame: f }));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const poll = { socket, frames, close: () => socket.disconnect() } as unknown as FrameRecorder;
    bench.keep(poll);
    out.push(poll);
  }
  // Wait until the server holds them all in the audience room.
  const room = () => c.server.io.of('/').adapter.rooms.get(`${c.contestId}:audience`)?.size ?? 0;
  for (let t = 0; room() < n && t < 100; t++) await sleep(20);
  return { c, phones: out };
}

const until = async (ok: () => boolean, what: string, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(10);
  }
};

describe('direct broadcast frames', () => {
  it('relies on the socket.io, engine.io and ws versions it was written for', () => {
    const require = createRequire(import.meta.url);
    const version = (name: string) => {
      const main = require.resolve(name);
      let dir = dirname(main);
      while (!dir.endsWith(join('node_modules', name))) dir = dirname(dir);
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    };
    // The direct path and the sliced audience broadcast (the adapter's `_encode`, the client's
    // `writeToEngine`) read internals of these: a new minor must be checked (and this updated).
    expect(version('socket.io')).toMatch(/^4\.8\./);
    expect(version('socket.io-adapter')).toMatch(/^2\.5\./);
    expect(version('engine.io')).toMatch(/^6\.6\./);
    expect(version('ws')).toMatch(/^8\./);
  });

  it("has the internals' shape on a real server: the adapter's encoder and each phone's writeToEngine", async () => {
    const { c } = await phones(1);
    const io = c.server.io;
    expect(broadcastInternalsSupported(io)).toBe(true);
    const sockets = [...io.of('/').sockets.values()].filter((s) => s.data.role === 'audience');
    expect(sockets.length).toBe(1);
    expect(sockets.every((s) => directFramesSupported(s))).toBe(true);
    // The encoder makes Socket.IO's own EVENT packet (what `io.emit` would send), once for every socket.
    const { packets, opts } = encodeBroadcast(io, 'audience:frame', { seq: 1 });
    expect(packets).toEqual(['2["audience:frame",{"seq":1}]']);
    expect(opts).toMatchObject({ preEncoded: true });
  });

  it('writes WebSocket phones directly, every frame once and in order', async () => {
    const { c, phones: ps } = await phones(4);
    for (const s of c.server.io.of('/').sockets.values()) {
      if (s.data.role === 'audience') expect(directFramesSupported(s)).toBe(true);
    }
    const before = { ...directFrameCounts };
    for (let k = 1; k <= 50; k++) sendAudienceFrame(c.server.io, c.contestId, frame(k));
    await until(() => ps.every((p) => seqs(p).length >= 50), '50 frames on every phone');
    await sleep(100);
    const all = Array.from({ length: 50 }, (_, i) => i + 1);
    for (const p of ps) expect(seqs(p)).toEqual(all);
    expect(directFrameCounts.direct - before.direct).toBe(200);
    expect(directFrameCounts.engine - before.engine).toBe(0);
  });

  it('keeps the order when a phone is busy with Engine.IO writes (those frames go through its buffer)', async () => {
    const { c, phones: ps } = await phones(2);
    const sockets = [...c.server.io.of('/').sockets.values()].filter((s) => s.data.role === 'audience');
    const before = { ...directFrameCounts };
    // A direct emit to each phone marks its transport busy until the write completes, so a
    // broadcast in the same turn (Socket.IO's own, to the whole audience room) must queue
    // behind it in Engine.IO; the tick's broadcast a moment later finds them free again.
    for (let k = 1; k <= 30; k += 3) {
      for (const s of sockets) s.emit('audience:frame', frame(k));
      c.server.io.to(`${c.contestId}:audience`).emit('audience:frame', frame(k + 1));
      await sleep(5);
      sendAudienceFrame(c.server.io, c.contestId, frame(k + 2));
      await sleep(5);
    }
    await until(() => ps.every((p) => seqs(p).length >= 30), '30 frames on every phone');
    await sleep(100);
    const all = Array.from({ length: 30 }, (_, i) => i + 1);
    for (const p of ps) expect(seqs(p)).toEqual(all);
    const direct = directFrameCounts.direct - before.direct;
    const engine = directFrameCounts.engine - before.engine;
    expect(direct + engine).toBe(40); // 20 broadcasts × 2 phones
    expect(engine).toBeGreaterThan(0); // the busy phones took Engine.IO's path
    expect(direct).toBeGreaterThan(0);
  });

  it('sends phones on long-polling through Engine.IO', async () => {
    const { c, phones: ps } = await phones(2, ['polling']);
    const before = { ...directFrameCounts };
    for (let k = 1; k <= 10; k++) sendAudienceFrame(c.server.io, c.contestId, frame(k));
    await until(() => ps.every((p) => seqs(p).length >= 10), '10 frames on every polling phone');
    for (const p of ps) expect(seqs(p)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(directFrameCounts.direct - before.direct).toBe(0);
    expect(directFrameCounts.engine - before.engine).toBe(20);
  });
});
