/**
 * Load generator: `npm run load -- --url http://127.0.0.1:3000 --code JOINCODE [options]`
 *
 *   --sockets N            audience sockets to open (default 200, at most 20000)
 *   --duration S           seconds to run once connected (default 30, at most 600); stops by itself
 *   --connect-rate N       sockets opened per second while ramping up (default 500)
 *   --comments-per-sec N   audience:comment messages per second over all sockets (default 0)
 *   --likes-per-sec N      audience:like messages per second over all sockets (default 0)
 *   --host-token T         the host's seat token: the generator then sends ChooseScene probes and
 *                          times each one from the host's send to its arrival at every audience socket
 *   --probe-ms N           interval between probes (default 1000)
 *   --buzz                 with --host-token: contestants (their links read from the seats route) press
 *                          the buzzer whenever the host has armed it
 *   --json                 print one JSON object instead of the text report
 *
 * Only this machine may be the target (loopback addresses): the network rules forbid others.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import {
  AUDIENCE_CLIENT_EVENT_NAMES,
  PROTOCOL_VERSION,
  evolve,
  type ContestState,
  type EventsFrame,
  type PositionedEvent,
  percentile,
  sleep,
} from '@leitai/shared';

export interface LoadReport {
  url: string;
  sockets: { requested: number; connected: number; failed: number; errors: Record<string, number> };
  connectMs: Percentiles | null;
  durationS: number;
  frames: {
    /** contest:events frames received per audience socket. */
    contestEvents: Distribution;
    /** Contest events (inside those frames) per audience socket. */
    events: Distribution;
    /** audience:frame frames per socket, or null when the server has no audience pipeline. */
    audienceFrames: Distribution | null;
    total: number;
  };
  probes: {
    sent: number;
    acked: number;
    /** Host send → ack (durable), ms. */
    ackMs: Percentiles | null;
    /** Host send → arrival of the event at each audience socket, ms (one sample per socket per probe). */
    deliveryMs: Percentiles | null;
    deliveries: number;
    /** Probe events that did not reach every connected socket by the end. */
    missing: number;
  } | null;
  comments: Outcome | null;
  likes: Outcome | null;
  buzz: { contestants: number; pressed: number; acks: Record<string, number>; ackMs: Percentiles | null } | null;
  notes: string[];
}
export interface Percentiles {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}
export interface Distribution {
  min: number;
  median: number;
  max: number;
}
export interface Outcome {
  sent: number;
  ok: number;
  errors: Record<string, number>;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|\[?::1\]?|\[?::ffff:127(\.\d{1,3}){3}\]?)$/i;

/** The URL, if it points at this machine; else an error message. */
export function checkTarget(raw: string): { ok: true; url: URL } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `--url '${raw}' is not a URL (e.g. http://127.0.0.1:3000)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `--url must be http(s), not ${url.protocol}` };
  }
  if (!LOOPBACK.test(url.hostname)) {
    return {
      ok: false,
      message: `refusing to load '${url.hostname}': the load generator only targets this machine (127.0.0.1, ::1, localhost)`,
    };
  }
  return { ok: true, url };
}

export function percentiles(values: number[]): Percentiles | null {
  if (values.length === 0) return null;
  const at = (p: number) => round(percentile(values, p));
  return { n: values.length, p50: at(50), p90: at(90), p99: at(99), max: round(Math.max(...values)) };
}
const round = (x: number) => Math.round(x * 100) / 100;
function distribution(values: number[]): Distribution {
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0] ?? 0, median: s[Math.floor(s.length / 2)] ?? 0, max: s[s.length - 1] ?? 0 };
}
const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

interface Phone {
  socket: Socket;
  frames: number;
  events: number;
  audienceFrames: number;
}

/** Connect and wait for the welcome; `setup` attaches listeners first, so no early frame is missed. */
function open(url: string, auth: Record<string, unknown>, setup?: (socket: Socket) => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 10_000 });
    setup?.(socket);
    socket.once('session:welcome', () => resolve(socket));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
      socket.close();
      reject(new Error(err.data?.code ?? err.message));
    });
  });
}

export interface LoadOptions {
  url: string;
  code: string;
  sockets: number;
  durationS: number;
  connectRate: number;
  commentsPerSec: number;
  likesPerSec: number;
  hostToken?: string;
  probeMs: number;
  buzz: boolean;
  log?: (line: string) => void;
}

export async function runLoad(o: LoadOptions): Promise<LoadReport> {
  const log = o.log ?? (() => undefined);
  const notes: string[] = [];
  const audienceEvents = new Set<string>(AUDIENCE_CLIENT_EVENT_NAMES);
  const canComment = audienceEvents.has('audience:comment');
  const canLike = audienceEvents.has('audience:like');
  if (o.commentsPerSec > 0 && !canComment) notes.push('audience:comment is not in this protocol: no comments sent');
  if (o.likesPerSec > 0 && !canLike) notes.push('audience:like is not in this protocol: no likes sent');

  // Probes: commandId → send time; each audience socket notes when the event arrives.
  const probeSent = new Map<string, number>();
  const deliveryMs: number[] = [];
  const probeArrivals = new Map<string, number>();
  const onEvents = (phone: Phone) => (frame: EventsFrame) => {
    const at = performance.now();
    phone.frames += 1;
    phone.events += frame.events.length;
    for (const e of frame.events) {
      const id = (e.metadata as { commandId?: string } | undefined)?.commandId;
      const sent = id === undefined ? undefined : probeSent.get(id);
      if (sent !== undefined && id !== undefined) {
        deliveryMs.push(at - sent);
        probeArrivals.set(id, (probeArrivals.get(id) ?? 0) + 1);
      }
    }
  };

  // Ramp up.
  const phones: Phone[] = [];
  const connectMs: number[] = [];
  const errors: Record<string, number> = {};
  const batch = Math.max(1, Math.ceil(o.connectRate / 10));
  for (let i = 0; i < o.sockets; i += batch) {
    const n = Math.min(batch, o.sockets - i);
    await Promise.all(
      Array.from({ length: n }, async () => {
        const started = performance.now();
        try {
          let phone: Phone | undefined;
          const socket = await open(o.url, { protocolVersion: PROTOCOL_VERSION, joinCode: o.code }, (s) => {
            const p: Phone = { socket: s, frames: 0, events: 0, audienceFrames: 0 };
            phone = p;
            s.on('contest:events', onEvents(p));
            s.on('audience:frame', () => (p.audienceFrames += 1));
          });
          connectMs.push(performance.now() - started);
          socket.on('disconnect', (reason) => bump(errors, `disconnected: ${reason}`));
          if (phone) phones.push(phone);
        } catch (err) {
          bump(errors, err instanceof Error ? err.message : String(err));
        }
      }),
    );
    if (i + batch < o.sockets) await sleep(100);
  }
  log(`connected ${phones.length}/${o.sockets} audience sockets`);
  if (phones.length === 0) notes.push('no socket connected: check --url and --code');

  // The host for probes, and contestants for buzzes.
  let host: Socket | null = null;
  const contestants: { socket: Socket; state: () => ContestState | null; pressed: Set<string> }[] = [];
  if (o.hostToken) {
    try {
      host = await open(o.url, { protocolVersion: PROTOCOL_VERSION, token: o.hostToken });
    } catch (err) {
      notes.push(`host token refused: ${err instanceof Error ? err.message : String(err)}`);
    }
  } else {
    notes.push('no --host-token: latency probes off');
  }
  if (o.buzz && host) {
    const w = host;
    const contestId = await new Promise<string>((r) => {
      w.emit('contest:resync', { fromVersion: 0 }, (ack: { ok: boolean; state?: ContestState }) =>
        r(ack.state?.contestId ?? ''),
      );
    });
    const res = await fetch(`${o.url}/api/contests/${contestId}/seats`, {
      headers: { authorization: `Bearer ${o.hostToken}` },
    });
    const seats = res.ok ? ((await res.json()) as { seats: { role: string; url: string }[] }).seats : [];
    for (const seat of seats.filter((s) => s.role === 'contestant')) {
      const token = /#token=([^&]+)/.exec(seat.url)?.[1];
      if (!token) continue;
      try {
        let state: ContestState | null = null;
        const socket = await open(o.url, { protocolVersion: PROTOCOL_VERSION, token }, (s) => {
          s.on('contest:snapshot', (frame: { state: ContestState }) => (state = frame.state));
          s.on('contest:events', ({ events }: { events: PositionedEvent[] }) => {
            for (const e of events) {
              if (state && e.version === state.version + 1) state = evolve(state, e, e.version);
            }
          });
        });
        contestants.push({ socket, state: () => state, pressed: new Set<string>() });
      } catch (err) {
        notes.push(`contestant refused: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  } else if (o.buzz) {
    notes.push('--buzz needs --host-token (to read the contestants’ links)');
  }

  let seq = 0;
  const newId = () => `load-${process.pid}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
  const comments: Outcome = { sent: 0, ok: 0, errors: {} };
  const likes: Outcome = { sent: 0, ok: 0, errors: {} };
  const probe = { sent: 0, acked: 0, ackMs: [] as number[] };
  const buzz = { pressed: 0, acks: {} as Record<string, number>, ackMs: [] as number[] };
  const pending = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const emitAck = (socket: Socket, event: string, payload: unknown) =>
    socket
      .timeout(10_000)
      .emitWithAck(event, payload)
      .then(
        (a: { ok: boolean; error?: { code: string } }) => a,
        () => ({ ok: false, error: { code: 'TIMEOUT' } }),
      );
  const pick = () => phones[Math.floor(Math.random() * phones.length)]!;

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, fn: () => void) => timers.push(setInterval(fn, ms));
  const scenes = ['scoreboard', 'roster'] as const;
  if (host) {
    const h = host;
    every(o.probeMs, () => {
      const commandId = newId();
      const started = performance.now();
      probeSent.set(commandId, started);
      probe.sent += 1;
      track(
        emitAck(h, 'command:send', {
          commandId,
          command: { type: 'ChooseScene', data: { scene: scenes[probe.sent % 2] } },
        }).then((a) => {
          if (a.ok) {
            probe.acked += 1;
            probe.ackMs.push(performance.now() - started);
          } else notes.push(`probe refused: ${a.error?.code ?? '?'}`);
        }),
      );
    });
  }
  const rate = (perSec: number, fn: () => void) => {
    if (perSec <= 0 || phones.length === 0) return;
    const tick = 50;
    let owed = 0;
    every(tick, () => {
      owed += (perSec * tick) / 1000;
      for (; owed >= 1; owed -= 1) fn();
    });
  };
  if (canComment) {
    rate(o.commentsPerSec, () => {
      comments.sent += 1;
      track(
        emitAck(pick().socket, 'audience:comment', { text: `加油 ${comments.sent}` }).then((a) =>
          a.ok ? (comments.ok += 1) : bump(comments.errors, a.error?.code ?? '?'),
        ),
      );
    });
  }
  if (canLike) {
    rate(o.likesPerSec, () => {
      likes.sent += 1;
      track(
        emitAck(pick().socket, 'audience:like', { count: 1 }).then((a) =>
          a.ok ? (likes.ok += 1) : bump(likes.errors, a.error?.code ?? '?'),
        ),
      );
    });
  }
  if (contestants.length > 0) {
    every(200, () => {
      for (const c of contestants) {
        const active = (c.state() as unknown as { knowledge?: { active?: KnowledgeActive | null } } | null)?.knowledge
          ?.active;
        if (!active || active.phase !== 'armed' || !active.buzz) continue;
        const key = `${active.run}/${active.buzz.attempt}`;
        if (c.pressed.has(key)) continue;
        c.pressed.add(key);
        buzz.pressed += 1;
        const started = performance.now();
        track(
          emitAck(c.socket, 'command:send', {
            commandId: newId(),
            command: { type: 'Buzz', data: { run: active.run, attempt: active.buzz.attempt, pressedAt: null } },
          }).then((a) => {
            buzz.ackMs.push(performance.now() - started);
            bump(buzz.acks, a.ok ? 'ok' : (a.error?.code ?? '?'));
          }),
        );
      }
    });
  }

  log(`running for ${o.durationS} s`);
  const runStarted = performance.now();
  await sleep(o.durationS * 1000);
  for (const t of timers) clearInterval(t);
  // Let the last probes arrive (bounded).
  const settleUntil = performance.now() + 3000;
  while (pending.size > 0 && performance.now() < settleUntil) await sleep(50);
  await sleep(300);
  const durationS = round((performance.now() - runStarted) / 1000);

  for (const p of phones) p.socket.off('disconnect');
  for (const p of phones) p.socket.close();
  host?.close();
  for (const c of contestants) c.socket.close();

  const connected = phones.length;
  let missing = 0;
  for (const id of probeSent.keys()) missing += Math.max(0, connected - (probeArrivals.get(id) ?? 0));
  if (contestants.length > 0 && buzz.pressed === 0) notes.push('the buzzer was never armed during the run');
  const anyAudienceFrames = phones.some((p) => p.audienceFrames > 0);
  return {
    url: o.url,
    sockets: { requested: o.sockets, connected, failed: o.sockets - connected, errors },
    connectMs: percentiles(connectMs),
    durationS,
    frames: {
      contestEvents: distribution(phones.map((p) => p.frames)),
      events: distribution(phones.map((p) => p.events)),
      audienceFrames: anyAudienceFrames ? distribution(phones.map((p) => p.audienceFrames)) : null,
      total: phones.reduce((n, p) => n + p.frames + p.audienceFrames, 0),
    },
    probes: host
      ? {
          sent: probe.sent,
          acked: probe.acked,
          ackMs: percentiles(probe.ackMs),
          deliveryMs: percentiles(deliveryMs),
          deliveries: deliveryMs.length,
          missing,
        }
      : null,
    comments: canComment && o.commentsPerSec > 0 ? comments : null,
    likes: canLike && o.likesPerSec > 0 ? likes : null,
    buzz: o.buzz && host ? { contestants: contestants.length, ...buzz, ackMs: percentiles(buzz.ackMs) } : null,
    notes: [...new Set(notes)],
  };
}

interface KnowledgeActive {
  run: number;
  phase: string;
  buzz?: { attempt: number } | null;
}

function text(r: LoadReport): string {
  const pct = (p: Percentiles | null) =>
    p ? `p50 ${p.p50} ms · p90 ${p.p90} · p99 ${p.p99} · max ${p.max} (n=${p.n})` : '—';
  const dist = (d: Distribution | null) => (d ? `min ${d.min} · median ${d.median} · max ${d.max}` : 'none');
  const out = (name: string, o: Outcome | null) =>
    o ? `${name}: ${o.ok}/${o.sent} ok${Object.keys(o.errors).length ? ` · ${JSON.stringify(o.errors)}` : ''}` : null;
  return [
    `Leitai load: ${r.url} for ${r.durationS} s`,
    `sockets: ${r.sockets.connected}/${r.sockets.requested} connected${r.sockets.failed ? ` · errors ${JSON.stringify(r.sockets.errors)}` : ''}`,
    `connect: ${pct(r.connectMs)}`,
    `contest:events frames per socket: ${dist(r.frames.contestEvents)}`,
    `events per socket: ${dist(r.frames.events)}`,
    `audience:frame per socket: ${dist(r.frames.audienceFrames)}`,
    r.probes
      ? `probes: ${r.probes.acked}/${r.probes.sent} acked · ack ${pct(r.probes.ackMs)}\n` +
        `host → audience delivery: ${pct(r.probes.deliveryMs)} · missing ${r.probes.missing}`
      : null,
    out('comments', r.comments),
    out('likes', r.likes),
    r.buzz
      ? `buzz: ${r.buzz.contestants} contestants · ${r.buzz.pressed} presses · ${JSON.stringify(r.buzz.acks)} · ack ${pct(r.buzz.ackMs)}`
      : null,
    ...r.notes.map((n) => `note: ${n}`),
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      code: { type: 'string' },
      sockets: { type: 'string', default: '200' },
      duration: { type: 'string', default: '30' },
      'connect-rate': { type: 'string', default: '500' },
      'comments-per-sec': { type: 'string', default: '0' },
      'likes-per-sec': { type: 'string', default: '0' },
      'host-token': { type: 'string' },
      'probe-ms': { type: 'string', default: '1000' },
      buzz: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const fail = (message: string): never => {
    process.stderr.write(`load: ${message}\n`);
    process.exit(2);
  };
  const target = checkTarget(values.url);
  if (!target.ok) return fail(target.message);
  if (!values.code) return fail('--code JOINCODE is required (the contest’s audience join code)');
  const num = (name: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) fail(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  const report = await runLoad({
    url: target.url.origin,
    code: values.code,
    sockets: Math.floor(num('sockets', values.sockets, 1, 20_000)),
    durationS: num('duration', values.duration, 0.5, 600),
    connectRate: num('connect-rate', values['connect-rate'], 1, 100_000),
    commentsPerSec: num('comments-per-sec', values['comments-per-sec'], 0, 100_000),
    likesPerSec: num('likes-per-sec', values['likes-per-sec'], 0, 100_000),
    ...(values['host-token'] ? { hostToken: values['host-token'] } : {}),
    probeMs: num('probe-ms', values['probe-ms'], 50, 60_000),
    buzz: values.buzz,
    ...(values.json ? {} : { log: (line: string) => void process.stderr.write(`${line}\n`) }),
  });
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `${text(report)}\n`);
  process.exit(report.sockets.connected > 0 ? 0 : 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
