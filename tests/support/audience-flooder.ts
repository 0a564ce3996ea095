/**
 * A flood of audience sockets in its own process (so the server's latency is not the
 * flooders' event loop): `node --import tsx tests/support/audience-flooder.ts <url> <joinCode>
 * <sockets> <perSocket> <everyMs>`. Prints `ready` once connected, waits for `go` on stdin,
 * then floods and prints one JSON line of results.
 */
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';
import { sleep } from '@leitai/shared';

const [url = '', joinCode = '', socketsArg = '1000', perArg = '30', everyArg = '100'] = process.argv.slice(2);
const SOCKETS = Number(socketsArg);
const PER_SOCKET = Number(perArg);
const EVERY = Number(everyArg);

const sockets = [];
for (let i = 0; i < SOCKETS; i += 100) {
  const wave = Array.from({ length: Math.min(100, SOCKETS - i) }, () =>
    io(url, {
      auth: { protocolVersion: 1, joinCode, deviceId: `fl-${randomBytes(8).toString('hex')}` },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    }),
  );
  await Promise.all(
    wave.map((s) => new Promise<void>((r, j) => (s.once('connect', () => r()), s.once('connect_error', j)))),
  );
  sockets.push(...wave);
}
let disconnected = 0;
for (const s of sockets) s.on('disconnect', () => (disconnected += 1));
process.stdout.write('ready\n');
await new Promise<void>((r) => createInterface({ input: process.stdin }).once('line', () => r()));

const codes: Record<string, number> = {};
const started = performance.now();
await Promise.all(
  sockets.map(async (s, i) => {
    await sleep(i % EVERY);
    for (let k = 0; k < PER_SOCKET; k++) {
      if (!s.connected) return;
      s.timeout(3000).emit(
        'audience:comment',
        { text: `刷屏${i}-${k}` },
        (err: unknown, a: { ok: boolean; error?: { code: string } }) => {
          const code = err ? 'NO_ACK' : a.ok ? 'OK' : (a.error?.code ?? '?');
          codes[code] = (codes[code] ?? 0) + 1;
        },
      );
      await sleep(EVERY);
    }
  }),
);
const elapsedS = (performance.now() - started) / 1000;
await sleep(3200);
process.stdout.write(`${JSON.stringify({ codes, disconnected, elapsedS })}\n`);
for (const s of sockets) s.disconnect();
process.exit(0);
