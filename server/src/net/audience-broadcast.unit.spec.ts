/**
 * Audience broadcasts in time slices (audience-broadcast.ts), on a stand-in for Socket.IO's
 * server, namespace, adapter and clients: every socket gets every broadcast once and in order,
 * a broadcast larger than a slice lets timers run between its slices, the contest's events go
 * before danmaku frames, sockets that leave are skipped and a failing write stalls nothing.
 * The same calls on a real server: tests/integration/direct-frames.int.spec.ts.
 */
import type { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { AUDIENCE_SLICE_MS, audienceRoom, audienceWriteErrors, sendToLocalAudience } from './audience-broadcast.ts';

interface Written {
  socket: string;
  packet: string;
}

/** A server with `n` audience sockets in contest `c`; each write busy-waits `costMs`. */
function fakeServer(n: number, costMs = 0, failOn?: string) {
  const written: Written[] = [];
  const sockets = new Map<string, unknown>();
  const room = new Set<string>();
  const spin = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };
  const add = (id: string) => {
    room.add(id);
    sockets.set(id, {
      client: {
        writeToEngine(packets: string[], opts: { preEncoded: boolean }) {
          expect(opts.preEncoded).toBe(true);
          if (id === failOn) throw new Error('write failed');
          if (costMs) spin(costMs);
          written.push({ socket: id, packet: packets[0]! });
        },
      },
    });
  };
  for (let i = 0; i < n; i++) add(`s${i}`);
  const adapter = {
    rooms: new Map([[audienceRoom('c'), room]]),
    encoded: 0,
    _encode(packet: { type: number; data: unknown[] }) {
      adapter.encoded += 1;
      expect(packet.type).toBe(2); // EVENT
      return [`2${JSON.stringify(packet.data)}`];
    },
  };
  const nsp = { adapter, sockets };
  const io = { of: () => nsp } as unknown as Server;
  const leave = (id: string) => {
    room.delete(id);
    sockets.delete(id);
  };
  return { io, written, adapter, add, leave };
}

const settle = () => new Promise((r) => setTimeout(r, 20));
const idle = async (written: Written[]) => {
  for (let last = -1; last !== written.length;) {
    last = written.length;
    await settle();
  }
};
/** The packets one socket got, in order. */
const got = (written: Written[], socket: string) => written.filter((w) => w.socket === socket).map((w) => w.packet);

describe('audience broadcasts in slices', () => {
  it('encodes once per broadcast and writes every socket once, in order', async () => {
    const s = fakeServer(300);
    for (let k = 1; k <= 5; k++) sendToLocalAudience(s.io, 'c', 'audience:frame', { seq: k });
    await idle(s.written);
    expect(s.adapter.encoded).toBe(5);
    expect(s.written).toHaveLength(1500);
    const want = [1, 2, 3, 4, 5].map((k) => `2${JSON.stringify(['audience:frame', { seq: k }])}`);
    for (let i = 0; i < 300; i++) expect(got(s.written, `s${i}`)).toEqual(want);
  });

  it('sends nothing and encodes nothing for a contest with no audience here', () => {
    const s = fakeServer(0);
    sendToLocalAudience(s.io, 'c', 'audience:frame', { seq: 1 });
    sendToLocalAudience(s.io, 'other', 'audience:frame', { seq: 1 });
    expect(s.adapter.encoded).toBe(0);
    expect(s.written).toHaveLength(0);
  });

  it('gives the event loop back after a slice: a timer due meanwhile runs before the broadcast ends', async () => {
    // 400 writes of 0.02 ms: ~8 ms of writing, so several slices of AUDIENCE_SLICE_MS.
    const s = fakeServer(400, 0.02);
    let writtenWhenTimerRan = -1;
    setTimeout(() => (writtenWhenTimerRan = s.written.length), 0);
    sendToLocalAudience(s.io, 'c', 'audience:frame', { seq: 1 });
    const firstSlice = s.written.length;
    expect(firstSlice).toBeGreaterThan(0); // the first slice goes out at once
    // At most a slice's worth of 0.02 ms writes, plus the few between two reads of the clock
    // (no bound on its wall time: a loaded machine may stretch any write).
    expect(firstSlice).toBeLessThanOrEqual(AUDIENCE_SLICE_MS / 0.02 + 8);
    await idle(s.written);
    expect(s.written).toHaveLength(400);
    expect(writtenWhenTimerRan).toBeGreaterThanOrEqual(firstSlice);
    expect(writtenWhenTimerRan).toBeLessThan(400);
  });

  it("sends the contest's events before danmaku frames still going out, each stream in order", async () => {
    const s = fakeServer(400, 0.02);
    sendToLocalAudience(s.io, 'c', 'audience:frame', { seq: 1 });
    sendToLocalAudience(s.io, 'c', 'audience:frame', { seq: 2 });
    const partway = s.written.length;
    sendToLocalAudience(s.io, 'c', 'contest:events', { n: 1 });
    sendToLocalAudience(s.io, 'c', 'contest:events', { n: 2 });
    await idle(s.written);
    expect(s.written).toHaveLength(1600);
    const frame = (k: number) => `2${JSON.stringify(['audience:frame', { seq: k }])}`;
    const events = (n: number) => `2${JSON.stringify(['contest:events', { n }])}`;
    // Every socket's contest events went out before the second frame reached anyone.
    const firstOfSecondFrame = s.written.findIndex((w) => w.packet === frame(2));
    const lastEvent = s.written.map((w) => w.packet).lastIndexOf(events(2));
    expect(lastEvent).toBeLessThan(firstOfSecondFrame);
    expect(partway).toBeLessThan(400); // the first frame was cut in by the events
    for (let i = 0; i < 400; i++) {
      const mine = got(s.written, `s${i}`);
      expect(mine.filter((p) => p.includes('audience:frame'))).toEqual([frame(1), frame(2)]);
      expect(mine.filter((p) => p.includes('contest:events'))).toEqual([events(1), events(2)]);
    }
  });

  it('skips a socket that leaves during a broadcast and reaches one that joins before its turn', async () => {
    const s = fakeServer(400, 0.02);
    sendToLocalAudience(s.io, 'c', 'audience:frame', { seq: 1 });
    s.leave('s399');
    s.add('late');
    await idle(s.written);
    expect(got(s.written, 's399')).toEqual([]);
    expect(got(s.written, 'late')).toHaveLength(1);
    expect(s.written).toHaveLength(400);
  });

  it('goes on after a write that throws: the other sockets and the next broadcasts still go out', async () => {
    const s = fakeServer(50, 0, 's10');
    const errors = audienceWriteErrors.count;
    sendToLocalAudience(s.io, 'c', 'audience:frame', { seq: 1 });
    sendToLocalAudience(s.io, 'c', 'audience:frame', { seq: 2 });
    await idle(s.written);
    expect(s.written).toHaveLength(98); // 49 sockets × 2 broadcasts
    expect(got(s.written, 's49')).toHaveLength(2);
    expect(audienceWriteErrors.count - errors).toBe(2);
  });
});
