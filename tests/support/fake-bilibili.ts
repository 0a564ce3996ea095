/**
 * A fake bilibili open-platform live room on 127.0.0.1 for the ingest tests, the browser test
 * and the ingest bench: the signed app-start / heartbeat / end calls (the signature checked as
 * the platform does) and the long connection (16-byte packet headers, op 7 auth → op 8 reply,
 * op 2 heartbeat → op 3 reply, op 5 messages, plain, zlib or brotli bodies holding several
 * packets). It can refuse a key, drop every connection, and counts what it saw.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  Op,
  Protover,
  decodePackets,
  encodeCompressed,
  encodePacket,
  jsonBody,
  openPlatformSignature,
} from '../../server/src/ingest/bilibili-protocol.ts';

export interface FakeRoomOptions {
  accessKeyId?: string;
  accessKeySecret?: string;
  appId?: string;
  /** The identity code the room accepts. */
  code?: string;
  /** Refuse the auth packet (op 8 with a non-zero code) although the app start succeeded. */
  refuseAuth?: boolean;
}

export interface FakeRoom {
  baseUrl: string;
  /** Auth packets received, heartbeat packets received, app-start calls (accepted and refused). */
  stats: {
    auths: number;
    heartbeats: number;
    starts: number;
    refusedStarts: number;
    appHeartbeats: number;
    ends: number;
  };
  /** Sockets currently authenticated. */
  clients(): number;
  /** Send comments, each from its own sender unless given, in one frame of the given body version. */
  comments(items: { text: string; uid?: number; uname?: string }[], protover?: 0 | 2 | 3): void;
  likes(uid: number, uname: string, count: number): void;
  gift(uid: number, uname: string, gift: string, count: number): void;
  /** Frames of comments built ahead (for a load generator): each from its own sender. */
  buildComments(items: { text: string; uid: number; uname: string }[], protover: 2 | 3): Buffer;
  /** Send a frame built ahead to every authenticated connection. */
  sendFrame(frame: Buffer): void;
  /** Drop every connection (as a network cut does). */
  dropAll(): void;
  /** Refuse new connections at the HTTP level (503) until `heal()`. */
  fail(): void;
  heal(): void;
  waitFor(pred: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

export const FAKE_KEYS = {
  accessKeyId: 'test-access-key',
  accessKeySecret: 'test-access-secret-0123456789',
  appId: '1650000000001',
  code: 'ABCDEF123456',
};

let msgSeq = 0;

export async function startFakeBilibiliRoom(options: FakeRoomOptions = {}): Promise<FakeRoom> {
  const keys = { ...FAKE_KEYS, ...options };
  const stats = { auths: 0, heartbeats: 0, starts: 0, refusedStarts: 0, appHeartbeats: 0, ends: 0 };
  const authed = new Set<WebSocket>();
  let failing = false;
  const wss = new WebSocketServer({ noServer: true });

  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  const http: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const send = (status: number, json: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (failing) return send(503, { code: -500, message: 'unavailable' });
      const signed =
        req.headers['x-bili-accesskeyid'] === keys.accessKeyId &&
        req.headers.authorization === openPlatformSignature(req.headers, keys.accessKeySecret);
      if (!signed) {
        if (req.url === '/v2/app/start') stats.refusedStarts++;
        return send(200, { code: 4102, message: 'signature invalid', data: {} });
      }
      const json = JSON.parse(body || '{}') as { code?: string; app_id?: number; game_id?: string };
      if (req.url === '/v2/app/start') {
        if (json.code !== keys.code || String(json.app_id) !== keys.appId) {
          stats.refusedStarts++;
          return send(200, { code: 7007, message: 'identity code invalid', data: {} });
        }
        stats.starts++;
        const address = http.address() as AddressInfo;
        return send(200, {
          code: 0,
          message: '0',
          data: {
            game_info: { game_id: `game-${stats.starts}` },
            websocket_info: {
              auth_body: JSON.stringify({ roomid: 4639581, key: 'k', protoover: 2 }),
              wss_link: [`ws://127.0.0.1:${address.port}/sub`],
            },
            anchor_info: { room_id: 4639581, uname: 'fake anchor' },
          },
        });
      }
      if (req.url === '/v2/app/heartbeat') {
        stats.appHeartbeats++;
        return send(200, { code: 0, data: {} });
      }
      if (req.url === '/v2/app/end') {
        stats.ends++;
        return send(200, { code: 0, data: {} });
      }
      send(404, { code: 404 });
    })();
  });
  http.on('upgrade', (req, socket, head) => {
    if (failing || req.url !== '/sub') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });
  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', () => undefined);
    ws.on('close', () => authed.delete(ws));
    ws.on('message', (raw: Buffer) => {
      for (const p of decodePackets(raw)) {
        if (p.op === Op.auth) {
          stats.auths++;
          const body = jsonBody(p) as { roomid?: number } | undefined;
          if (options.refuseAuth || body?.roomid !== 4639581) {
            ws.send(encodePacket(Op.authReply, { code: -101 }, Protover.json));
            ws.close();
            continue;
          }
          authed.add(ws);
          ws.send(encodePacket(Op.authReply, { code: 0 }, Protover.json));
        } else if (p.op === Op.heartbeat) {
          stats.heartbeats++;
          const pop = Buffer.alloc(4);
          pop.writeUInt32BE(1234);
          ws.send(encodePacket(Op.heartbeatReply, pop, Protover.int));
        }
      }
    });
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const { port } = http.address() as AddressInfo;

  const broadcast = (frame: Buffer) => {
    for (const ws of authed) ws.send(frame);
  };
  const dm = (text: string, uid: number, uname: string) => ({
    cmd: 'LIVE_OPEN_PLATFORM_DM',
    data: {
      uname,
      uid,
      open_id: `open-${uid}`,
      msg: text,
      msg_id: `m-${++msgSeq}`,
      timestamp: Math.floor(Date.now() / 1000),
      room_id: 4639581,
      fans_medal_level: 0,
    },
  });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stats,
    clients: () => authed.size,
    comments(items, protover = 0) {
      const messages = items.map((c, i) => dm(c.text, c.uid ?? 10_000 + msgSeq + i, c.uname ?? `B站观众${i + 1}`));
      if (protover === 0) for (const m of messages) broadcast(encodePacket(Op.message, m, Protover.json));
      else broadcast(encodeCompressed(messages, protover));
    },
    buildComments(items, protover) {
      return encodeCompressed(
        items.map((c) => dm(c.text, c.uid, c.uname)),
        protover,
      );
    },
    sendFrame(frame) {
      broadcast(frame);
    },
    likes(uid, uname, count) {
      broadcast(
        encodePacket(Op.message, {
          cmd: 'LIVE_OPEN_PLATFORM_LIKE',
          data: { uname, uid, open_id: `open-${uid}`, like_count: count, msg_id: `l-${++msgSeq}`, room_id: 4639581 },
        }),
      );
    },
    gift(uid, uname, gift, count) {
      broadcast(
        encodePacket(Op.message, {
          cmd: 'LIVE_OPEN_PLATFORM_SEND_GIFT',
          data: { uname, uid, open_id: `open-${uid}`, gift_name: gift, gift_num: count, msg_id: `g-${++msgSeq}` },
        }),
      );
    },
    dropAll() {
      for (const ws of wss.clients) ws.terminate();
    },
    fail() {
      failing = true;
      for (const ws of wss.clients) ws.terminate();
    },
    heal() {
      failing = false;
    },
    async waitFor(pred, timeoutMs = 5000, what = 'condition') {
      const until = Date.now() + timeoutMs;
      while (!pred()) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}
