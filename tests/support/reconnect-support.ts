/**
 * Support of the R3 reconnect suite (tests/integration/chaos-reconnect.int.spec.ts): a server
 * clock that can be moved forward, a TCP link per device that can be cut silently (no FIN, no
 * RST: the phone walked out of coverage), and devices that fold as the client does
 * (`foldPositioned`, moved from client/src/core/event-folding.ts to shared) and reconnect with the
 * same seat token and device id.
 */
import { createServer, connect as tcpConnect, type Server as TcpServer, type Socket as TcpSocket } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  PROTOCOL_VERSION,
  foldEvents,
  foldPositioned,
  viewFor,
  type ClientCommand,
  type CommandAck,
  type ContestFile,
  type ContestState,
  type PositionedEvent,
  type ResyncAck,
  type Role,
  type Welcome,
  sleep,
} from '@leitai/shared';
import {
  contestStream,
  startLeitaiServer,
  systemClock,
  toPositioned,
  type Clock,
  type LeitaiServerHandle,
  type Seat,
} from '@leitai/server';
import { connectRaw, newCommandId, tempDir, type TestSocket } from './harness.ts';

export { sleep };

/** The production clock plus an offset the test can move forward (never back). */
export class OffsetClock implements Clock {
  private offset = 0;
  now(): number {
    return systemClock.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += Math.max(0, Math.round(ms));
  }
}

interface Pair {
  phone: TcpSocket;
  server: TcpSocket;
  dead: boolean;
}

/**
 * A device's network: a TCP relay to the server. `cut()` makes every connection through it a
 * black hole in both directions without closing anything, so the server only learns of it by
 * its own ping timeout. `restore()` lets new connections through; the cut ones stay dead.
 */
export class FlakyLink {
  private readonly pairs = new Set<Pair>();
  private down = false;
  private readonly relay: TcpServer;
  url = '';

  private constructor(target: URL) {
    this.relay = createServer((phone) => {
      const server = tcpConnect(Number(target.port), target.hostname);
      const pair: Pair = { phone, server, dead: this.down };
      this.pairs.add(pair);
      phone.on('data', (d) => {
        if (!pair.dead) server.write(d);
      });
      server.on('data', (d) => {
        if (!pair.dead) phone.write(d);
      });
      // A live pair passes closes through; a dead one swallows them (the server must time out).
      phone.on('close', () => {
        if (!pair.dead) server.destroy();
      });
      server.on('close', () => {
        phone.destroy();
        this.pairs.delete(pair);
      });
      phone.on('error', () => {});
      server.on('error', () => {});
    });
  }

  static async open(targetUrl: string): Promise<FlakyLink> {
    const link = new FlakyLink(new URL(targetUrl));
    await new Promise<void>((resolve) => link.relay.listen(0, '127.0.0.1', resolve));
    const address = link.relay.address();
    if (!address || typeof address === 'string') throw new Error('relay has no port');
    link.url = `http://127.0.0.1:${address.port}`;
    return link;
  }

  cut(): void {
    this.down = true;
    for (const p of this.pairs) p.dead = true;
  }

  restore(): void {
    this.down = false;
  }

  async close(): Promise<void> {
    for (const p of this.pairs) {
      p.phone.destroy();
      p.server.destroy();
    }
    await new Promise<void>((resolve) => this.relay.close(() => resolve()));
  }
}

export interface Viewer {
  role: Role;
  subjectId?: string;
}

/** What a device learnt from one `contest:resync` folded onto the state it kept while away. */
export interface ResyncResult {
  /** 'tail': the events after its version; 'whole': the server sent its whole view. */
  kind: 'tail' | 'whole';
  fromVersion: number;
  events: number;
  state: ContestState;
}

/**
 * A seated screen (phone, judge pad, stage) folding as the client does (client/src/core/
 * contest-sync.ts): the first snapshot is its state, event frames fold with `foldPositioned`
 * (duplicates ignored, never past a gap), and after a reconnect it asks `contest:resync` from
 * the version it kept, holding frames that arrive meanwhile and folding them after. Unlike the
 * client it does not let the reconnect's snapshot replace its state, so the resync is what is
 * tested; the snapshot is kept in `reconnectSnapshot` and checked on its own. Contestant phones
 * answer the server's link probes as synced.
 */
export class Device {
  socket: TestSocket | null = null;
  welcome: Welcome | null = null;
  /** Versions of every event frame received, per connection. */
  readonly frames: number[][] = [];
  /** Gaps met while folding live frames (a connected screen should never meet one). */
  gaps = 0;
  reconnectSnapshot: ContestState | null = null;
  private current: ContestState | null = null;
  private pending: PositionedEvent[] = [];
  private holding = false;

  constructor(
    readonly name: string,
    private readonly url: string,
    readonly token: string,
    readonly deviceId: string,
  ) {}

  /** First connection: the snapshot becomes the state. */
  async connect(): Promise<Welcome> {
    const welcome = await this.open();
    await this.settle(0);
    return welcome;
  }

  /**
   * Come back with the same token and device id, then resync from the state kept while away
   * (as the client's ContestSync.onReconnect does). Frames arriving meanwhile are held.
   */
  async reconnect(): Promise<{ welcome: Welcome; resync: ResyncResult }> {
    const stale = this.state();
    this.holding = true;
    this.reconnectSnapshot = null;
    const welcome = await this.open();
    const resync = await this.resyncFrom(stale);
    this.current = resync.state;
    this.holding = false;
    this.fold([]);
    return { welcome, resync };
  }

  private async open(): Promise<Welcome> {
    const socket = connectRaw(this.url, {
      protocolVersion: PROTOCOL_VERSION,
      token: this.token,
      deviceId: this.deviceId,
    });
    this.socket = socket;
    const versions: number[] = [];
    this.frames.push(versions);
    const first = this.current === null;
    socket.on('contest:snapshot', ({ state }) => {
      if (first) this.current = state;
      else this.reconnectSnapshot = state;
    });
    socket.on('contest:events', ({ events }) => {
      versions.push(...events.map((e) => e.version));
      if (this.holding) this.pending.push(...events);
      else this.fold(events);
    });
    socket.on('clock:probe', (_probe, ack) => ack({ synced: true, errorMs: 1 }));
    const welcome = await new Promise<Welcome>((resolve, reject) => {
      socket.once('session:welcome', resolve);
      socket.once('connect_error', reject);
    });
    this.welcome = welcome;
    return welcome;
  }

  private fold(events: readonly PositionedEvent[]): void {
    const all = [...this.pending, ...events];
    this.pending = [];
    const outcome = foldPositioned(this.current, all);
    this.current = outcome.state;
    if (outcome.gap) this.gaps += 1;
  }

  /** The device's folded state. */
  state(): ContestState {
    if (!this.current) throw new Error(`${this.name}: no state yet`);
    return this.current;
  }

  /** Give up the socket (the phone lost its network; over a cut link the server hears nothing). */
  hangUp(): void {
    this.socket?.disconnect();
    this.socket = null;
  }

  /** Ask `contest:resync` from `stale`'s version and fold the answer with foldPositioned. */
  async resyncFrom(stale: ContestState): Promise<ResyncResult> {
    if (!this.socket) throw new Error(`${this.name}: offline`);
    const ack = (await this.socket
      .timeout(8000)
      .emitWithAck('contest:resync', { fromVersion: stale.version })) as ResyncAck;
    if (!ack.ok) throw new Error(`${this.name}: resync refused: ${ack.error.code}`);
    const outcome = foldPositioned(ack.state ?? stale, ack.events);
    if (outcome.gap || !outcome.state) throw new Error(`${this.name}: resync left a gap`);
    return {
      kind: ack.state ? 'whole' : 'tail',
      fromVersion: stale.version,
      events: ack.events.length,
      state: outcome.state,
    };
  }

  send(command: ClientCommand, commandId = newCommandId()): Promise<CommandAck> {
    if (!this.socket) throw new Error(`${this.name}: offline`);
    return this.socket.timeout(5000).emitWithAck('command:send', { commandId, command }) as Promise<CommandAck>;
  }

  /** Wait until the device's state stands at `version` or later. */
  async settle(version: number, timeoutMs = 8000): Promise<ContestState> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (this.current && this.current.version >= version && !this.holding) return this.current;
      if (Date.now() > end) throw new Error(`${this.name}: at ${this.current?.version}, not ${version}`);
      await sleep(10);
    }
  }

  close(): void {
    this.hangUp();
  }
}

export interface ReconnectContest {
  server: LeitaiServerHandle;
  contestId: string;
  seat(role: Seat['role'], subjectId?: string): Seat;
  /** The runtime's durable state. */
  state(): ContestState;
  /** The stream's last version in the store. */
  storedVersion(): number;
  /** Stored events after `afterVersion`, positioned. */
  log(afterVersion?: number): PositionedEvent[];
  /** The server's view for `viewer` at `version`: the durable state when it stands there, else a fold of the log. */
  viewAt(viewer: Viewer, version: number): ContestState;
  /** Server sockets open for a device id (a dropped phone's socket lingers until its ping timeout). */
  socketsOf(deviceId: string): number;
  cleanup(): Promise<void>;
}

/**
 * A server on port 0 with `clock`, one contest from `definition`. `ping` overrides the engine's
 * heartbeat for sockets opened afterwards (the compressed variant; production: 10 s + 8 s).
 */
export async function startReconnectContest(
  definition: ContestFile,
  clock: Clock,
  ping?: { intervalMs: number; timeoutMs: number },
): Promise<ReconnectContest> {
  const dir = tempDir('leitai-r3-');
  const server = await startLeitaiServer({ dbFile: join(dir, 'leitai.sqlite'), port: 0, clock });
  if (ping) {
    server.io.engine.opts.pingInterval = ping.intervalMs;
    server.io.engine.opts.pingTimeout = ping.timeoutMs;
  }
  const created = await server.service.create(definition, { contestId: 'r3' });
  if (!created.ok) throw new Error(created.error.message);
  const { contestId, seats } = created.contest;
  const runtime = () => {
    const r = server.service.get(contestId);
    if (!r?.state) throw new Error('contest not loaded');
    return r;
  };
  const log = (afterVersion = 0) => server.store.readStream(contestStream(contestId), afterVersion).map(toPositioned);
  return {
    server,
    contestId,
    seat(role, subjectId) {
      const seat = seats.find((s) => s.role === role && (subjectId === undefined || s.subjectId === subjectId));
      if (!seat) throw new Error(`no seat ${role} ${subjectId ?? ''}`);
      return seat;
    },
    state: () => runtime().state!,
    storedVersion: () => log().at(-1)?.version ?? 0,
    log,
    viewAt(viewer, version) {
      const durable = runtime().state!;
      if (durable.version === version) return viewFor(durable, viewer);
      const folded = foldEvents(
        null,
        log().filter((e) => e.version <= version),
      );
      if (!folded || folded.version !== version) throw new Error(`cannot fold to version ${version}`);
      return viewFor(folded, viewer);
    },
    socketsOf(deviceId) {
      let n = 0;
      for (const s of server.io.of('/').sockets.values()) if (s.data.deviceId === deviceId) n += 1;
      return n;
    },
    async cleanup() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
