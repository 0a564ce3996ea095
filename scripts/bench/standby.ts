/**
 * R14's cost on the acknowledgement: a host command's round trip (emit → ack) on a primary with
 * a synchronous warm standby against a primary without one, on this machine's loopback.
 *
 *   npm run bench -- standby [--commands 300] [--json]
 *
 * Three CLI processes: primary A (`--standby-secret`, synchronous acknowledgement), its standby
 * (`--standby-of A`, its own store file) and primary B (no standby). Commands alternate between A
 * and B (one ChooseScene to A, one to B, a 40 ms pause: under a host socket's 20 messages/s), so
 * a load that drifts during the run weighs on both alike. Every command is durable before its ack on both (SQLite synchronous=FULL);
 * on A also on the standby's disk (its fsync and one loopback round trip). Bounded: each ack waits
 * at most 5 s; the processes are stopped at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, percentile } from '@leitai/shared';
import { spawnLeitai, type LeitaiProcess } from '../lib/leitai-process.ts';

const SECRET = 'bench-standby-secret-0123456789';

const argValue = (args: string[], name: string): number | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};

async function hostOf(p: LeitaiProcess): Promise<Socket> {
  const token = /host\.html#token=([A-Za-z0-9_-]+)/.exec(p.output())?.[1];
  if (!token) throw new Error('no host token');
  const socket = ioClient(p.url, {
    auth: { protocolVersion: PROTOCOL_VERSION, token, deviceId: 'bench-host-0001' },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((done, fail) => {
    socket.once('session:welcome', () => done());
    socket.once('connect_error', fail);
  });
  return socket;
}

const scenes = ['scoreboard', 'title'] as const;
let n = 0;
/** One host command; its emit → ack time in ms. */
async function timed(host: Socket, scene: number): Promise<number> {
  const command = { type: 'ChooseScene', data: { scene: scenes[Math.abs(scene) % 2]! } };
  const t0 = performance.now();
  const ack = (await host
    .timeout(5000)
    .emitWithAck('command:send', { commandId: `b${n++}-${Date.now()}`, command })) as {
    ok: boolean;
    error?: { code: string };
  };
  if (!ack.ok) throw new Error(`command refused: ${ack.error?.code ?? '?'}`);
  return performance.now() - t0;
}

export async function run(args: string[]): Promise<void> {
  const commands = argValue(args, '--commands') ?? 300;
  const dir = mkdtempSync(join(tmpdir(), 'leitai-bench-standby-'));
  const procs: LeitaiProcess[] = [];
  const start = async (a: string[]) => {
    const p = await spawnLeitai(['start', '--port', '0', '--host', '127.0.0.1', ...a], {
      env: { ...process.env, NODE_ENV: 'production' },
    });
    procs.push(p);
    return p;
  };
  try {
    const load0 = loadavg()[0]!;
    const a = await start(['--data', join(dir, 'a.sqlite'), '--standby-secret', SECRET]);
    await start(['--data', join(dir, 'a-standby.sqlite'), '--standby-of', a.url, '--standby-secret', SECRET]);
    const b = await start(['--data', join(dir, 'b.sqlite')]);
    const end = Date.now() + 30_000;
    for (;;) {
      const r = (await (await fetch(`${a.url}/api/replication`)).json()) as { state: string };
      if (r.state === 'sync') break;
      if (Date.now() > end) throw new Error('the standby did not catch up');
      await new Promise((done) => setTimeout(done, 100));
    }
    const hostA = await hostOf(a);
    const hostB = await hostOf(b);
    const withStandby: number[] = [];
    const without: number[] = [];
    for (let i = -20; i < commands; i++) {
      const a1 = await timed(hostA, i);
      const b1 = await timed(hostB, i);
      if (i >= 0) {
        // The first 20 warm up (JIT, statement caches).
        withStandby.push(a1);
        without.push(b1);
      }
      await new Promise((done) => setTimeout(done, 40));
    }
    const repl = (await (await fetch(`${a.url}/api/replication`)).json()) as {
      state: string;
      timeouts: number;
      lagEvents: number;
    };
    const load1 = loadavg()[0]!;
    const f = (v: number) => v.toFixed(2);
    const row = (name: string, v: number[]) =>
      `${name.padEnd(28)} ${f(percentile(v, 50)).padStart(8)} ${f(percentile(v, 90)).padStart(8)} ${f(percentile(v, 99)).padStart(8)}`;
    const result = {
      bench: 'standby',
      commandsEach: withStandby.length,
      withStandby: {
        p50: percentile(withStandby, 50),
        p90: percentile(withStandby, 90),
        p99: percentile(withStandby, 99),
      },
      without: { p50: percentile(without, 50), p90: percentile(without, 90), p99: percentile(without, 99) },
      replication: repl,
      loadAverage: [load0, load1],
    };
    process.stdout.write(
      [
        `R14 acknowledgement cost — ${withStandby.length} host commands each, alternating (loopback, CLI processes)`,
        `${'host command emit → ack'.padEnd(28)} ${'p50 ms'.padStart(8)} ${'p90 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`,
        row('synchronous standby', withStandby),
        row('no standby', without),
        `added p50 ${f(result.withStandby.p50 - result.without.p50)} ms, p99 ${f(result.withStandby.p99 - result.without.p99)} ms; ` +
          `replication ${repl.state} at the end, ${repl.timeouts} batches timed out`,
        `load average (1 min) ${f(load0)} at start, ${f(load1)} at end`,
      ].join('\n') + '\n',
    );
    if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
    hostA.disconnect();
    hostB.disconnect();
  } finally {
    await Promise.all(procs.map((p) => p.kill('SIGTERM')));
    rmSync(dir, { recursive: true, force: true });
  }
}
