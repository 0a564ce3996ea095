/**
 * B3 of quality.md: RSS per idle audience socket, ramping towards 20k.
 *
 *   npm run bench -- memory [--max 19500] [--steps 1000,5000,10000,15000] [--json]
 *
 * The server runs in its own child process, as production runs it: Leitai's build
 * (`server/dist/app.mjs`, from `npm run build`) under plain Node, in-memory store, the demo
 * contest, with --expose-gc so each reading is after a full collection (memory-server.mjs);
 * the reference, bare Socket.IO, runs the same way. The clients run in
 * two other processes (raw WebSockets speaking Engine.IO/Socket.IO, answering pings), so the RSS
 * read is the server's alone. The file-descriptor limit here is 20000 per process and cannot be
 * raised without privileges, so the ramp stops just below it (--max) and says so.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { DEMO_CONTEST, sleep } from '@leitai/shared';
import { PRODUCTION_ENV } from '../lib/leitai-process.ts';

const SELF = fileURLToPath(import.meta.url);
/** The measured server: Leitai's build or bare Socket.IO, under plain Node. */
const SERVER_SCRIPT = fileURLToPath(new URL('./memory-server.mjs', import.meta.url));

/* ---------- client process ---------- */

function clientProcess(url: string, joinCode: string): void {
  const sockets: WebSocket[] = [];
  const connectOne = () =>
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      sockets.push(ws);
      ws.once('error', reject);
      ws.on('message', (data: Buffer) => {
        const c = data[0];
        if (c === 0x30) ws.send(`40${JSON.stringify({ protocolVersion: 1, joinCode })}`);
        else if (c === 0x32) ws.send('3');
        else if (c === 0x34 && data[1] === 0x30) resolve();
      });
    });
  process.stdout.write('ready\n');
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [cmd, arg] = line.split(' ');
    if (cmd === 'add') {
      void (async () => {
        const n = Number(arg);
        for (let i = 0; i < n; i += 250) {
          await Promise.all(Array.from({ length: Math.min(250, n - i) }, connectOne));
        }
        process.stdout.write(`ok ${sockets.length}\n`);
      })().catch((e: unknown) => process.stdout.write(`error ${String(e)}\n`));
    }
    if (cmd === 'quit') {
      for (const s of sockets) s.terminate();
      process.exit(0);
    }
  });
}

/* ---------- driver ---------- */

/** This file as a child process (tsx), or with `script`, that plain JavaScript file. */
function child(args: string[], nodeArgs: string[] = [], script?: string) {
  const proc = spawn(
    process.execPath,
    script ? [...nodeArgs, script, ...args] : [...nodeArgs, '--import', 'tsx', SELF, ...args],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      // The server gets what `npm start` gives it (two malloc arenas); bare Socket.IO the same.
      env: script ? { ...process.env, ...PRODUCTION_ENV } : process.env,
    },
  );
  const waiting: ((l: string) => void)[] = [];
  createInterface({ input: proc.stdout }).on('line', (l) => waiting.shift()?.(l));
  const next = () => new Promise<string>((r) => waiting.push(r));
  const ask = (cmd: string) => {
    const p = next();
    proc.stdin.write(`${cmd}\n`);
    return p;
  };
  return { proc, next, ask };
}

export interface MemoryStep {
  sockets: number;
  rssMB: number;
  heapMB: number;
  /** (RSS at this step − RSS with no socket) / sockets. */
  perSocketKB: number;
}

export async function runMemory(
  max: number,
  steps: number[],
  log: (l: string) => void,
  bare = false,
): Promise<MemoryStep[]> {
  const contestFile = join(mkdtempSync(join(tmpdir(), 'leitai-memory-')), 'contest.json');
  writeFileSync(contestFile, JSON.stringify(DEMO_CONTEST));
  const server = child(bare ? ['bare'] : ['leitai', contestFile], ['--expose-gc'], SERVER_SCRIPT);
  const [, port, joinCode] = (await server.next()).split(' ');
  const url = `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`;
  // Two client processes: each stays under the per-process descriptor limit.
  const clients = [child(['--clients', url, joinCode ?? '']), child(['--clients', url, joinCode ?? ''])];
  await Promise.all(clients.map((c) => c.next()));
  const measure = async (): Promise<{ rss: number; heap: number; sockets: number }> => {
    await sleep(1500);
    const [, rss, heap, , sockets] = (await server.ask('measure')).split(' ').map(Number);
    return { rss: rss ?? 0, heap: heap ?? 0, sockets: sockets ?? 0 };
  };
  const results: MemoryStep[] = [];
  try {
    const base = await measure();
    results.push({ sockets: 0, rssMB: base.rss / 2 ** 20, heapMB: base.heap / 2 ** 20, perSocketKB: 0 });
    let connected = 0;
    for (const target of [...steps.filter((s) => s < max), max]) {
      const add = target - connected;
      if (add <= 0) continue;
      const half = Math.ceil(add / 2);
      log(`memory: ramping to ${target} sockets`);
      const replies = await Promise.all([clients[0]!.ask(`add ${half}`), clients[1]!.ask(`add ${add - half}`)]);
      const bad = replies.find((r) => !r.startsWith('ok'));
      if (bad) throw new Error(`clients: ${bad}`);
      connected = target;
      const m = await measure();
      results.push({
        sockets: m.sockets,
        rssMB: Math.round((m.rss / 2 ** 20) * 10) / 10,
        heapMB: Math.round((m.heap / 2 ** 20) * 10) / 10,
        perSocketKB: Math.round(((m.rss - base.rss) / 1024 / Math.max(1, m.sockets)) * 10) / 10,
      });
    }
  } finally {
    for (const c of clients) c.proc.stdin.write('quit\n');
    server.proc.kill('SIGKILL');
  }
  return results;
}

function table(rs: MemoryStep[], max: number): string {
  const lines = ['  sockets   server RSS   heap     RSS per socket'];
  for (const r of rs) {
    lines.push(
      `${String(r.sockets).padStart(9)}  ${`${r.rssMB.toFixed(1)} MB`.padStart(11)}  ${`${r.heapMB.toFixed(1)} MB`.padStart(8)}  ${r.sockets ? `${r.perSocketKB} KB` : ''}`,
    );
  }
  const last = rs[rs.length - 1];
  if (last && last.sockets > 0) {
    const at20k = (rs[0]?.rssMB ?? 0) + (last.perSocketKB * 20000) / 1024;
    lines.push(
      '',
      `B3 RSS per idle audience socket at ${last.sockets}: ${last.perSocketKB} KB (target <= 15 KB) ${last.perSocketKB <= 15 ? 'ok' : 'MISSED'}`,
      `B3 20k sockets: ${max < 20000 ? `extrapolated ${at20k.toFixed(0)} MB (ramp stopped at ${last.sockets}: descriptor limit 20000 per process)` : `${last.rssMB} MB`} (target < 400 MB) ${at20k < 400 ? 'ok' : 'MISSED'}`,
    );
  }
  return lines.join('\n');
}

/** CLI entry used by scripts/bench/run.ts. */
export async function run(args: string[]): Promise<void> {
  const i = args.indexOf('--max');
  const max = i >= 0 ? Number(args[i + 1]) : 19_500;
  const j = args.indexOf('--steps');
  const steps = j >= 0 ? (args[j + 1] ?? '').split(',').map(Number) : [1000, 5000, 10_000, 15_000];
  const log = (l: string) => process.stderr.write(`${l}\n`);
  const results = await runMemory(max, steps, log);
  // The same ramp against bare Socket.IO, for reference (quality.md: ~16-18 KB).
  const bare = args.includes('--no-reference') ? [] : await runMemory(max, steps, log, true);
  process.stdout.write(`${table(results, max)}\n`);
  const ref = bare[bare.length - 1];
  if (ref)
    process.stdout.write(
      `reference, bare Socket.IO 4.8 at ${ref.sockets}: ${ref.perSocketKB} KB per socket, ${ref.rssMB} MB\n`,
    );
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ bench: 'memory', max, results, bare })}\n`);
  process.exit(0);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--clients') clientProcess(argv[1] ?? '', argv[2] ?? '');
  else await run(argv);
}
