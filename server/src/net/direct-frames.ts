/**
 * A shorter path for broadcast frames to audience sockets (B1). Socket.IO's adapter encodes a
 * broadcast once and builds its WebSocket frame once (`wsPreEncodedFrame`), then for every
 * socket goes through Engine.IO: a packet object, its `packetCreate`/`flush`/`drain` events,
 * the transport marked busy, and a write callback per socket that marks it free again a tick
 * later. At 5,000 sockets × 10 frames/s that bookkeeping, not the write, is most of the gap
 * to raw `ws` writing the same frame.
 *
 * `useDirectFrames(socket)` replaces that socket's `client.writeToEngine` (the call the adapter
 * makes per socket) with one that, for a pre-encoded frame, writes the frame straight to the
 * socket's `ws` sender when Engine.IO would have written it at once anyway: the transport is
 * an open WebSocket without compression, Engine.IO holds nothing in its write buffer, the
 * transport is not waiting for a write, and neither `ws` nor the TCP socket holds queued
 * bytes. Otherwise (polling, upgrading, a slow or closing socket, a plain `socket.emit`) it
 * takes Engine.IO's own path, so frames keep their order on every socket.
 *
 * This file is the one place that uses Socket.IO's internals (docs/architecture.md, "Where we
 * use library internals"): socket.io 4.8 (`Client#writeToEngine`), socket.io-adapter 2.5
 * (`Adapter#_encode`, for `encodeBroadcast`/`writeEncoded` below, which the sliced audience
 * broadcast uses), engine.io 6.6 (`Socket`'s `writeBuffer`, `upgrading`, `transport.writable`,
 * `transport.socket`) and ws 8 (`_sender`, `_queue`, `sendFrame`, `_socket`).
 * `directFramesSupported` and `broadcastInternalsSupported` check their shape, and
 * tests/integration/direct-frames.int.spec.ts fails if an upgrade moves them.
 */
import type { Server, Socket } from 'socket.io';

interface WsSenderLike {
  sendFrame(list: Buffer[], cb?: (err?: Error) => void): void;
  _queue: unknown[];
}

interface WsLike {
  readyState: number;
  _sender?: WsSenderLike;
  _socket?: { writableLength: number };
}

interface TransportLike {
  name: string;
  writable: boolean;
  perMessageDeflate: unknown;
  socket?: WsLike;
}

interface EngineSocketLike {
  readyState: string;
  upgrading: boolean;
  writeBuffer: unknown[];
  transport: TransportLike;
}

interface PacketOptions {
  preEncoded?: boolean;
  volatile?: boolean;
  wsPreEncodedFrame?: unknown;
}

interface ClientLike {
  conn: EngineSocketLike;
  writeToEngine: (this: ClientLike, encodedPackets: unknown, opts: PacketOptions) => void;
}

/** What the in-memory adapter (socket.io-adapter 2.5, and the cluster adapters built on it) offers. */
interface AdapterLike {
  _encode(packet: { type: number; nsp?: string; data: unknown[] }, opts: PacketOptions): unknown[];
}

/** A broadcast encoded once: the packets and the options a Socket.IO broadcast writes each socket with. */
export interface EncodedBroadcast {
  packets: unknown[];
  opts: PacketOptions;
}

/** Socket.IO's EVENT packet type. */
const EVENT = 2;

/**
 * `event` with `payload` encoded once for many sockets by the adapter's own encoder (the same
 * bytes and pre-built WebSocket frame as a Socket.IO broadcast makes): `Adapter#_encode`.
 */
export function encodeBroadcast(io: Server, event: string, payload: unknown): EncodedBroadcast {
  const opts: PacketOptions = { preEncoded: true };
  const adapter = io.of('/').adapter as unknown as AdapterLike;
  return { packets: adapter._encode({ type: EVENT, data: [event, payload] }, opts), opts };
}

/** Write an encoded broadcast to one socket: the call the adapter makes per socket (`Client#writeToEngine`). */
export function writeEncoded(socket: Socket, broadcast: EncodedBroadcast): void {
  (socket.client as unknown as ClientLike).writeToEngine(broadcast.packets, broadcast.opts);
}

/** Whether this server's adapter has the encoder `encodeBroadcast` relies on. */
export function broadcastInternalsSupported(io: Server): boolean {
  return typeof (io.of('/').adapter as unknown as Partial<AdapterLike>)._encode === 'function';
}

/** ws's `WebSocket.OPEN`. */
const WS_OPEN = 1;

/** How many frames went each way (for tests and the bench). */
export const directFrameCounts = { direct: 0, engine: 0 };

/**
 * The adapter's frame (header and payload, two buffers) as one buffer, made once per broadcast
 * and shared by its sockets: one write per socket instead of cork, two writes and uncork.
 */
const merged = new WeakMap<object, Buffer[]>();
function oneBuffer(frame: unknown): Buffer[] | undefined {
  if (!Array.isArray(frame)) return undefined;
  let one = merged.get(frame);
  if (one) return one;
  const parts: unknown[] = frame;
  if (!parts.every((b): b is Buffer => Buffer.isBuffer(b))) return undefined;
  one = [(parts.length === 1 ? parts[0] : undefined) ?? Buffer.concat(parts)];
  merged.set(frame, one);
  return one;
}

/** The ws socket when Engine.IO would write a frame to it right now, else undefined. */
function openWebSocket(conn: EngineSocketLike): WsLike | undefined {
  const t = conn.transport;
  if (conn.readyState !== 'open' || conn.upgrading || conn.writeBuffer.length !== 0) return undefined;
  if (!t.writable || t.name !== 'websocket' || t.perMessageDeflate) return undefined;
  const ws = t.socket;
  const sender = ws?._sender;
  if (!ws || ws.readyState !== WS_OPEN || typeof sender?.sendFrame !== 'function') return undefined;
  if (!Array.isArray(sender._queue) || sender._queue.length !== 0) return undefined;
  if (!ws._socket || ws._socket.writableLength !== 0) return undefined;
  return ws;
}

let engineWrite: ClientLike['writeToEngine'] | undefined;

function writeToEngine(this: ClientLike, encodedPackets: unknown, opts: PacketOptions): void {
  if (opts.wsPreEncodedFrame !== undefined) {
    const ws = openWebSocket(this.conn);
    const frame = ws && oneBuffer(opts.wsPreEncodedFrame);
    if (ws && frame) {
      directFrameCounts.direct += 1;
      ws._sender!.sendFrame(frame);
      return;
    }
    directFrameCounts.engine += 1;
  }
  engineWrite!.call(this, encodedPackets, opts);
}

/** Whether this socket's client and connection have the shape the direct path relies on. */
export function directFramesSupported(socket: Socket): boolean {
  const client = socket.client as unknown as Partial<ClientLike>;
  const conn = client.conn as Partial<EngineSocketLike> | undefined;
  return (
    typeof client.writeToEngine === 'function' &&
    !!conn &&
    typeof conn.readyState === 'string' &&
    typeof conn.upgrading === 'boolean' &&
    Array.isArray(conn.writeBuffer) &&
    typeof conn.transport?.name === 'string' &&
    typeof conn.transport.writable === 'boolean'
  );
}

/** Send this socket's broadcast frames the short way when possible; false when not supported. */
export function useDirectFrames(socket: Socket): boolean {
  if (process.env.LEITAI_DIRECT_FRAMES === '0' || !directFramesSupported(socket)) return false;
  const client = socket.client as unknown as ClientLike;
  if (client.writeToEngine === writeToEngine) return true;
  engineWrite ??= client.writeToEngine;
  if (client.writeToEngine !== engineWrite) return false; // someone else replaced it: leave it alone
  client.writeToEngine = writeToEngine;
  return true;
}
