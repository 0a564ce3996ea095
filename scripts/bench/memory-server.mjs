/**
 * The server side of B3 (`scripts/bench/memory.ts`), run by plain Node with --expose-gc, as
 * production runs it: Leitai from its build (`server/dist/app.mjs`, see scripts/build-server.ts)
 * or, for reference, bare Socket.IO 4.8 with the same options. Plain JavaScript on purpose:
 * under tsx the process would also hold the TypeScript loader (~50 MB of RSS).
 *
 *   node --expose-gc scripts/bench/memory-server.mjs leitai CONTEST.json | bare
 *
 * Prints `ready PORT JOINCODE`; on each stdin line `measure` collects garbage twice and prints
 * `mem RSS HEAPUSED EXTERNAL SOCKETS`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { Server } from 'socket.io';

const [mode, contestFile] = process.argv.slice(2);

function listenForMeasure(sockets) {
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line !== 'measure') return;
    globalThis.gc?.();
    globalThis.gc?.();
    const m = process.memoryUsage();
    process.stdout.write(`mem ${m.rss} ${m.heapUsed} ${m.external} ${sockets()}\n`);
  });
}

if (mode === 'bare') {
  const http = createServer();
  const io = new Server(http, {
    perMessageDeflate: false,
    httpCompression: false,
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8000,
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', () => r()));
  process.stdout.write(`ready ${http.address().port} BARE\n`);
  listenForMeasure(() => io.of('/').sockets.size);
} else {
  const built = new URL('../../server/dist/app.mjs', import.meta.url);
  if (!existsSync(built)) throw new Error('server/dist/app.mjs is missing: run `npm run build` first');
  const { startLeitaiServer } = await import(built.href);
  const server = await startLeitaiServer({ port: 0, clientDist: '/nonexistent' });
  const created = await server.service.create(JSON.parse(readFileSync(contestFile, 'utf8')), { contestId: 'bench' });
  if (!created.ok) throw new Error(created.error.message);
  process.stdout.write(`ready ${server.port} ${created.contest.joinCode}\n`);
  listenForMeasure(() => server.io.of('/').sockets.size);
}
