/**
 * `leitai doctor`: the pre-show checklist (docs/guide-operations.md, "Before the show"). Each
 * line is ✓ (fine), ! (worth a look, not blocking) or ✗ (fix before the show); any ✗ makes
 * the exit code 1. Nothing is written: it may run beside a stopped or a running server.
 */
import { accessSync, constants, existsSync, readFileSync, statfsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { verifyStoreFile } from './store-commands.ts';
import { SqliteEventStore } from '../store/sqlite-event-store.ts';

export interface DoctorOptions {
  data: string;
  host: string;
  port: number;
  /** Checked only when given (or LEITAI_REDIS_URL is set). */
  redisUrl?: string;
  /** Below this much free space on the store's disk the disk check fails. */
  minFreeMb: number;
  /** A warm standby's address (`leitai start --standby-of`): its state and lag are checked. */
  standbyUrl?: string;
  /** More events behind than this fails the standby check (default 100). */
  maxLagEvents?: number;
  /** Where the lines go (default stdout). */
  print?: (line: string) => void;
}

type Level = 'ok' | 'warn' | 'fail';
interface Check {
  level: Level;
  name: string;
  detail: string;
}

const MARK: Record<Level, string> = { ok: '✓', warn: '!', fail: '✗' };

function diskCheck(data: string, minFreeMb: number): Check {
  const dir = dirname(resolve(data));
  if (!existsSync(dir)) return { level: 'fail', name: '磁盘 disk', detail: `${dir} does not exist` };
  const fs = statfsSync(dir);
  const freeMb = (fs.bavail * fs.bsize) / 2 ** 20;
  const detail = `${freeMb.toFixed(0)} MB free on the store's disk (${dir}); at least ${minFreeMb} MB wanted`;
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return { level: 'fail', name: '磁盘 disk', detail: `${dir} is not writable by this user` };
  }
  return { level: freeMb >= minFreeMb ? 'ok' : 'fail', name: '磁盘 disk', detail };
}

function clockCheck(data: string): Check {
  const now = Date.now();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const base = `${new Date(now).toISOString()} (time zone ${zone})`;
  if (new Date(now).getUTCFullYear() < 2025) {
    return { level: 'fail', name: '时钟 clock', detail: `${base}: the clock is not set` };
  }
  if (existsSync(data)) {
    // The log's last event must not be in the future: a clock behind the log would stamp new
    // events earlier than old ones.
    const store = new SqliteEventStore(data, { behindMark: 'report' });
    try {
      const last = store.readAll(Math.max(0, (store.tail()?.position ?? 0) - 1))[0];
      const at = last?.metadata.at;
      if (typeof at === 'number' && at > now + 5000) {
        return {
          level: 'fail',
          name: '时钟 clock',
          detail: `${base}: the store's last event is ${((at - now) / 1000).toFixed(0)} s in the future; set the clock (NTP)`,
        };
      }
    } finally {
      void store.close();
    }
  }
  return { level: 'ok', name: '时钟 clock', detail: `${base}; keep it synchronised (NTP) on every machine` };
}

function storeCheck(data: string): Check {
  if (!existsSync(data)) {
    return { level: 'warn', name: '数据 store', detail: `${data} does not exist yet (start creates it)` };
  }
  const report = verifyStoreFile(data);
  if (report.ok) {
    return {
      level: 'ok',
      name: '数据 store',
      detail: `${data}: ${report.events} events in ${report.streams} streams verify; pages intact`,
    };
  }
  const why =
    report.quickCheck !== 'ok'
      ? `damaged (${report.quickCheck.join('; ')})`
      : report.firstBroken
        ? `edited at ${report.firstBroken.streamId} version ${report.firstBroken.version} (${report.firstBroken.reason})`
        : report.acknowledged && !report.acknowledged.held
          ? `behind its acknowledged mark (${report.acknowledged.problem ?? ''})`
          : `snapshots not bound to the log (${(report.badSnapshots ?? []).map((s) => s.streamId).join(', ')}; start rebuilds them)`;
  return { level: 'fail', name: '数据 store', detail: `${data}: ${why}; see \`leitai verify\`` };
}

function portCheck(host: string, port: number): Promise<Check> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      done({
        level: 'fail',
        name: '端口 port',
        detail: `${host}:${port} is not free (${error.code ?? error.message}); is a server already running?`,
      }),
    );
    server.listen(port, host, () => {
      server.close(() => done({ level: 'ok', name: '端口 port', detail: `${host}:${port} is free` }));
    });
  });
}

function fileLimitCheck(): Check {
  let soft = Number.NaN;
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    soft = Number(line?.split(/\s{2,}/)[1]);
  } catch {
    // Not Linux: nothing to read.
  }
  if (!Number.isFinite(soft)) return { level: 'warn', name: '文件数 files', detail: 'open-file limit unknown' };
  const detail = `open-file limit ${soft}; 30k audience sockets need about 65536 (LimitNOFILE, ulimit -n)`;
  return { level: soft >= 65536 ? 'ok' : 'warn', name: '文件数 files', detail };
}

async function redisCheck(url: string): Promise<Check> {
  const { createClient } = await import('redis');
  const client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    const pong = await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise<never>((_, fail) => setTimeout(() => fail(new Error('no answer in 3 s')), 3000).unref()),
    ]);
    return { level: pong === 'PONG' ? 'ok' : 'fail', name: 'Redis', detail: `${url} answers ${pong}` };
  } catch (error) {
    return { level: 'fail', name: 'Redis', detail: `${url} is not reachable (${(error as Error).message})` };
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}

/** The standby's own report (GET /api/standby): following, level with the primary, not broken. */
export async function standbyCheck(url: string, maxLagEvents = 100): Promise<Check> {
  const name = '备机 standby';
  try {
    const res = await fetch(`${url.replace(/\/$/, '')}/api/standby`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) {
      return {
        level: 'fail',
        name,
        detail: `${url} is not a standby (GET /api/standby: ${res.status}); has it taken over?`,
      };
    }
    const s = (await res.json()) as {
      role: string;
      state: string;
      position: number;
      lagEvents: number;
      lagSeconds: number;
      lastContactSeconds: number | null;
      problem?: string;
    };
    const contact =
      s.lastContactSeconds === null
        ? 'never heard from the primary'
        : `primary heard ${s.lastContactSeconds.toFixed(1)} s ago`;
    const detail = `${url}: ${s.role}, ${s.state} at position ${s.position}, lag ${s.lagEvents} events / ${s.lagSeconds.toFixed(1)} s, ${contact}${s.problem ? `: ${s.problem}` : ''}`;
    if (s.role !== 'standby') return { level: 'warn', name, detail: `${detail} (it has taken over)` };
    if (s.state === 'broken' || s.state === 'connecting' || s.state === 'disconnected')
      return { level: 'fail', name, detail };
    return { level: s.lagEvents <= maxLagEvents ? 'ok' : 'fail', name, detail };
  } catch (error) {
    return { level: 'fail', name, detail: `${url} does not answer (${(error as Error).message})` };
  }
}

/** Runs every check, prints one line each and a verdict; true when nothing failed. */
export async function runDoctor(options: DoctorOptions): Promise<boolean> {
  const print = options.print ?? ((line: string) => console.log(line));
  const checks: Check[] = [
    diskCheck(options.data, options.minFreeMb),
    clockCheck(options.data),
    storeCheck(options.data),
    await portCheck(options.host, options.port),
    fileLimitCheck(),
  ];
  if (options.redisUrl) checks.push(await redisCheck(options.redisUrl));
  if (options.standbyUrl) checks.push(await standbyCheck(options.standbyUrl, options.maxLagEvents));
  print('Leitai 擂台 doctor — 演出前检查 pre-show checklist');
  for (const c of checks) print(`  ${MARK[c.level]} ${c.name.padEnd(12)} ${c.detail}`);
  const failed = checks.filter((c) => c.level === 'fail').length;
  print(
    failed === 0
      ? '  全部通过 all clear'
      : `  ${failed} 项需要处理 ${failed} check(s) failed: fix them before the show`,
  );
  return failed === 0;
}
