/**
 * The socket pipeline, step by step, without a network: authenticate → rate-limit → validate →
 * commands → ContestPort (decide → append) → project → deliver, as the single server composes it
 * (`attachSocketGateway`: attach.ts, deliver.ts, local-contest-port.ts), on an in-memory event
 * store and seat registry and an in-memory stand-in for Socket.IO's server (`MemoryIo` below:
 * middleware, connections, rooms, listeners and acknowledgements, and nothing else). The same
 * steps over a real Socket.IO server are covered by tests/integration (socket-protocol,
 * chaos-bad-input, chaos-duplicates, role-views).
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  DEMO_CONTEST,
  PROTOCOL_VERSION,
  type Ack,
  type ClientCommand,
  type DomainError,
  type PositionedEvent,
  type Role,
} from '@leitai/shared';
import { audienceScheduler } from '../../audience/audience-scheduler.ts';
import { contestStream } from '../../contests/contest-runtime.ts';
import { ContestService } from '../../contests/contest-service.ts';
import { MemorySeatRegistry } from '../../seats/seat-registry.ts';
import { MemoryEventStore } from '../../store/memory-event-store.ts';
import { attachSocketGateway, type LeitaiServer, type SocketData } from '../socket-gateway.ts';

type Listener = (...args: unknown[]) => void;

/** One socket as the pipeline sees it; `send` plays the client's side (an event with an acknowledgement). */
class MemorySocket {
  data = {} as SocketData;
  connected = false;
  readonly rooms = new Set<string>();
  /** Every frame the server emitted to this socket, in order. */
  readonly received: { event: string; payload: unknown }[] = [];
  private readonly listeners = new Map<string, Listener[]>();
  private readonly anyListeners: Listener[] = [];

  constructor(
    readonly id: string,
    readonly handshake: { auth: unknown; address: string },
  ) {}

  emit(event: string, payload: unknown): boolean {
    this.received.push({ event, payload });
    return true;
  }
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  onAny(listener: Listener): this {
    this.anyListeners.push(listener);
    return this;
  }
  join(room: string): void {
    this.rooms.add(room);
  }
  disconnect(): this {
    if (!this.connected) return this;
    this.connected = false;
    for (const l of this.listeners.get('disconnect') ?? []) l.call(this, 'server namespace disconnect');
    return this;
  }
  /** The link monitor's probes (knowledge-links.ts): a phone that answers at once, its clock not synced. */
  timeout(): { emitWithAck: () => Promise<unknown> } {
    return { emitWithAck: () => Promise.resolve({ synced: false, errorMs: null }) };
  }

  /** The client sends `event` with an acknowledgement: as Socket.IO does, catch-all listeners first. */
  send(event: string, payload: unknown): Promise<Ack<Record<string, unknown>>> {
    return new Promise((resolve) => {
      for (const l of this.anyListeners) l.call(this, event, payload, resolve);
      for (const l of this.listeners.get(event) ?? []) l.call(this, payload, resolve);
    });
  }

  /** The events of every `contest:events` frame received so far. */
  events(): PositionedEvent[] {
    return this.received
      .filter((f) => f.event === 'contest:events')
      .flatMap((f) => (f.payload as { events: PositionedEvent[] }).events);
  }
}

/** What the pipeline uses of Socket.IO's server, in memory. */
class MemoryIo {
  private readonly middleware: ((socket: MemorySocket, next: (err?: Error) => void) => void)[] = [];
  private readonly onConnection: ((socket: MemorySocket) => void)[] = [];
  readonly sockets = new Map<string, MemorySocket>();
  private seq = 0;

  use(fn: (socket: MemorySocket, next: (err?: Error) => void) => void): this {
    this.middleware.push(fn);
    return this;
  }
  on(event: string, fn: (socket: MemorySocket) => void): this {
    if (event === 'connection') this.onConnection.push(fn);
    return this;
  }
  private members(room: string): MemorySocket[] {
    return [...this.sockets.values()].filter((s) => s.connected && s.rooms.has(room));
  }
  to(room: string) {
    return {
      emit: (event: string, payload: unknown) => {
        for (const s of this.members(room)) s.emit(event, payload);
        return true;
      },
    };
  }
  in(room: string) {
    return {
      disconnectSockets: () => {
        for (const s of this.members(room)) s.disconnect();
      },
    };
  }
  of(_nsp: string) {
    const rooms = new Map<string, Set<string>>();
    for (const s of this.sockets.values()) {
      for (const r of s.rooms) rooms.set(r, (rooms.get(r) ?? new Set()).add(s.id));
    }
    return { adapter: { rooms }, sockets: this.sockets };
  }

  /** A client connects with `auth`: the middleware runs, then (if it passed) the connection handlers. */
  async connect(auth: unknown): Promise<{ socket: MemorySocket; refused: DomainError | null }> {
    const socket = new MemorySocket(`s${++this.seq}`, { auth, address: '127.0.0.1' });
    for (const fn of this.middleware) {
      const err = await new Promise<Error | undefined>((resolve) => fn(socket, resolve));
      if (err) return { socket, refused: (err as Error & { data: DomainError }).data };
    }
    socket.connected = true;
    this.sockets.set(socket.id, socket);
    for (const fn of this.onConnection) fn(socket);
    return { socket, refused: null };
  }

  close(): void {
    for (const s of this.sockets.values()) s.disconnect();
    audienceScheduler(this as unknown as LeitaiServer).stop();
  }
}

const CONTEST = 'pipe';
const QUESTION = 'q21';
const QUESTION_TEXT = DEMO_CONTEST.questions.find((q) => q.id === QUESTION)!.text;
const FIRST_CONTESTANT = DEMO_CONTEST.contestants[0]!.id;
const FIRST_JUDGE = DEMO_CONTEST.judges[0]!.id;

/** Until every pending group commit and delivery of the store has run (it commits on setImmediate). */
const settled = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

let clock: { t: number; now: () => number };
let store: MemoryEventStore;
let service: ContestService;
let io: MemoryIo;
let tokens: Map<string, string>;

/** A gateway with the given message budget on a fresh demo contest. */
async function start(rate: { messagesPerSecond?: number; messageBurst?: number } = {}): Promise<void> {
  clock = { t: 1_700_000_000_000, now: () => clock.t };
  store = new MemoryEventStore();
  service = new ContestService(store, new MemorySeatRegistry(), clock);
  const created = await service.create(DEMO_CONTEST, { contestId: CONTEST });
  if (!created.ok) throw new Error(created.error.message);
  tokens = new Map(created.contest.seats.map((s) => [`${s.role}/${s.subjectId ?? ''}`, s.token]));
  io = new MemoryIo();
  attachSocketGateway(io as unknown as LeitaiServer, service, { now: clock.now, ...rate });
}

const tokenOf = (role: Role, subjectId = ''): string => tokens.get(`${role}/${subjectId}`)!;

async function connectAs(role: Role, subjectId?: string): Promise<MemorySocket> {
  const { socket, refused } = await io.connect({ protocolVersion: PROTOCOL_VERSION, token: tokenOf(role, subjectId) });
  expect(refused).toBeNull();
  await settled();
  return socket;
}

let commandSeq = 0;
const send = (socket: MemorySocket, command: ClientCommand, commandId = `cmd-unit-${++commandSeq}`) =>
  socket.send('command:send', { commandId, command });

const stored = () => store.readStream(contestStream(CONTEST));

afterEach(() => {
  io?.close();
  service?.list().forEach((s) => service.get(s.contestId)?.stop());
});

describe('authenticate', () => {
  beforeEach(() => start());

  test('a socket without a seat token or join code is refused before it connects', async () => {
    const { socket, refused } = await io.connect({ protocolVersion: PROTOCOL_VERSION });
    expect(refused).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(socket.connected).toBe(false);
    expect(socket.received).toEqual([]);
    expect(io.sockets.size).toBe(0);
  });

  test('an unknown token, a wrong join code, a bad handshake and an old protocol are refused, typed', async () => {
    const unknown = await io.connect({ protocolVersion: PROTOCOL_VERSION, token: 'x'.repeat(32) });
    expect(unknown.refused).toMatchObject({ code: 'UNAUTHENTICATED' });
    const wrongCode = await io.connect({ protocolVersion: PROTOCOL_VERSION, joinCode: 'NOPE99' });
    expect(wrongCode.refused).toMatchObject({ code: 'UNAUTHENTICATED' });
    const badShape = await io.connect({ protocolVersion: PROTOCOL_VERSION, token: 42 });
    expect(badShape.refused).toMatchObject({ code: 'BAD_REQUEST' });
    const oldClient = await io.connect({ protocolVersion: PROTOCOL_VERSION - 1, token: tokenOf('host') });
    expect(oldClient.refused).toMatchObject({ code: 'PROTOCOL_VERSION' });
    expect(io.sockets.size).toBe(0);
  });

  test('a seat token opens its seat: welcome, then its own snapshot', async () => {
    const contestant = await connectAs('contestant', FIRST_CONTESTANT);
    expect(contestant.connected).toBe(true);
    expect(contestant.data).toMatchObject({ contestId: CONTEST, role: 'contestant', subjectId: FIRST_CONTESTANT });
    expect(contestant.received.map((f) => f.event).slice(0, 2)).toEqual(['session:welcome', 'contest:snapshot']);
    expect(contestant.received[0]!.payload).toMatchObject({
      protocolVersion: PROTOCOL_VERSION,
      role: 'contestant',
      subjectId: FIRST_CONTESTANT,
    });
  });
});

describe('rate-limit', () => {
  beforeEach(() => start({ messagesPerSecond: 1, messageBurst: 2 }));

  test('past its burst a command is refused with a typed retryAfterMs, and nothing is appended', async () => {
    const host = await connectAs('host');
    const before = stored().length;
    const ping = await host.send('clock:ping', { t0: 1 });
    expect(ping.ok).toBe(true);
    const first = await send(host, { type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } });
    expect(first.ok).toBe(true);
    await settled();
    const appended = stored().length;
    expect(appended).toBeGreaterThan(before);

    // The bucket (burst 2, 1 a second) is empty and the clock has not moved: refused, the wait typed.
    const refused = await send(host, {
      type: 'PrepareQuestion',
      data: { segmentId: 'knowledge-buzzer', questionId: QUESTION },
    });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: expect.any(String) as string, retryAfterMs: 1000 },
    });
    await settled();
    expect(stored().length).toBe(appended);

    // Half the wait later: still refused, with what is left of it.
    clock.t += 500;
    const again = await host.send('clock:ping', { t0: 2 });
    expect(again).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryAfterMs: 500 } });

    // Once the wait is over the same command goes through.
    clock.t += 1000;
    const later = await send(host, {
      type: 'PrepareQuestion',
      data: { segmentId: 'knowledge-buzzer', questionId: QUESTION },
    });
    expect(later.ok).toBe(true);
    await settled();
    expect(stored().at(-1)?.type).toBe('QuestionPrepared');
  });
});

describe('validate', () => {
  beforeEach(() => start());

  test('an invalid payload is refused with a typed error, and nothing is appended or delivered', async () => {
    const host = await connectAs('host');
    const stage = await connectAs('stage');
    const before = stored().length;
    const deliveredBefore = stage.events().length;

    const payloads: unknown[] = [
      null,
      'StartSegment',
      { commandId: 'cmd-bad-1', command: { type: 'StartSegment', data: {} } },
      { commandId: 'cmd-bad-2', command: { type: 'NoSuchCommand', data: {} } },
      { commandId: 'x', command: { type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } } },
      { command: { type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } } },
      { commandId: 'cmd-bad-3', command: { type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } }, x: 1 },
    ];
    for (const payload of payloads) {
      const ack = await host.send('command:send', payload);
      expect(ack, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(typeof (ack as { error: DomainError }).error.message).toBe('string');
    }
    const unknown = await host.send('contest:delete', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });

    await settled();
    expect(stored().length).toBe(before);
    expect(stage.events().length).toBe(deliveredBefore);
  });

  test('a well-formed command its sender may not give is refused by decide, and nothing is appended', async () => {
    const contestant = await connectAs('contestant', FIRST_CONTESTANT);
    const before = stored().length;
    const ack = await send(contestant, { type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await settled();
    expect(stored().length).toBe(before);
  });
});

describe('decide → append → project → deliver', () => {
  beforeEach(() => start());

  test("each role gets the events projected for it: no question's text before it is shown but the host's", async () => {
    const host = await connectAs('host');
    const contestant = await connectAs('contestant', FIRST_CONTESTANT);
    const other = await connectAs('contestant', DEMO_CONTEST.contestants[1]!.id);
    const judge = await connectAs('judge', FIRST_JUDGE);
    const stage = await connectAs('stage');
    const overlay = await connectAs('overlay');
    const withheld = [contestant, other, judge, stage, overlay];

    // The snapshots: the bank is the host's alone.
    const snapshotOf = (s: MemorySocket) => JSON.stringify(s.received.find((f) => f.event === 'contest:snapshot'));
    expect(snapshotOf(host)).toContain(QUESTION_TEXT);
    for (const s of withheld) expect(snapshotOf(s), s.data.role).not.toContain(QUESTION_TEXT);

    const before = stored().length;
    expect((await send(host, { type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } })).ok).toBe(true);
    const prepared = await send(host, {
      type: 'PrepareQuestion',
      data: { segmentId: 'knowledge-buzzer', questionId: QUESTION },
    });
    expect(prepared.ok).toBe(true);
    await settled();

    // Appended: the log holds the decided events, the question named.
    const log = stored().slice(before);
    // (The demo's first segment also starts its stage.)
    expect(log.map((e) => e.type)).toEqual(['StageStarted', 'SegmentStarted', 'QuestionPrepared']);
    expect(log[2]!.data).toMatchObject({ questionId: QUESTION });
    expect(prepared).toEqual({ ok: true, position: log[2]!.version });

    // Delivered: every seated room got both events, in order; the host alone learns which question.
    const preparedFor = (s: MemorySocket) => s.events().find((e) => e.type === 'QuestionPrepared');
    expect(preparedFor(host)?.data).toMatchObject({ questionId: QUESTION });
    for (const s of withheld) {
      expect(
        s.events().map((e) => e.type),
        s.data.role,
      ).toEqual(expect.arrayContaining(['StageStarted', 'SegmentStarted', 'QuestionPrepared']));
      expect(preparedFor(s)?.data, s.data.role).toMatchObject({ questionId: '' });
      expect(JSON.stringify(s.received), s.data.role).not.toContain(QUESTION_TEXT);
      expect(JSON.stringify(s.received), s.data.role).not.toContain(`"${QUESTION}"`);
    }

    // A resync before it is shown tells no more than the frames did.
    const resync = await contestant.send('contest:resync', { fromVersion: 0 });
    expect(resync.ok).toBe(true);
    expect(JSON.stringify(resync)).not.toContain(QUESTION_TEXT);

    // Shown: now every seated screen gets its text, each exactly once.
    expect((await send(host, { type: 'ShowQuestion', data: { run: 1 } })).ok).toBe(true);
    await settled();
    for (const s of [host, ...withheld]) {
      const shown = s.events().filter((e) => e.type === 'QuestionShown');
      expect(shown, s.data.role).toHaveLength(1);
      expect(JSON.stringify(shown[0]), s.data.role).toContain(QUESTION_TEXT);
    }
    // Frames carry positions in the log's order, with no gap for anyone.
    for (const s of [host, ...withheld]) {
      const versions = s.events().map((e) => e.version);
      expect(versions, s.data.role).toEqual([...versions].sort((a, b) => a - b));
      expect(new Set(versions).size, s.data.role).toBe(versions.length);
    }
  });

  test('a duplicate command id is decided and appended once, and both sends get the first acknowledgement', async () => {
    const host = await connectAs('host');
    const stage = await connectAs('stage');
    const before = stored().length;
    const command: ClientCommand = { type: 'StartSegment', data: { segmentId: 'knowledge-buzzer' } };

    // Twice at once (the second while the first is in flight), then once more after it is on disk.
    const [a, b] = await Promise.all([send(host, command, 'cmd-dup-00001'), send(host, command, 'cmd-dup-00001')]);
    await settled();
    const c = await send(host, command, 'cmd-dup-00001');
    await settled();

    expect(a).toMatchObject({ ok: true });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    const appended = stored().slice(before);
    expect(appended.map((e) => e.type)).toEqual(['StageStarted', 'SegmentStarted']);
    expect(stage.events().filter((e) => e.type === 'SegmentStarted')).toHaveLength(1);

    // The same command under a new id is a new command: decided against the new state, refused.
    const fresh = await send(host, command, 'cmd-dup-00002');
    expect(fresh.ok).toBe(false);
    await settled();
    expect(stored().length).toBe(before + 2);
  });
});
