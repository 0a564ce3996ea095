/**
 * A bilibili live room through the open platform (开放平台): the signed app-start call gives the
 * WebSocket address and the auth body; the adapter authenticates (op 7 → op 8), sends a
 * heartbeat packet every 20 s (and the app heartbeat call, which keeps the session), turns
 * `LIVE_OPEN_PLATFORM_DM` / `_LIKE` / `_SEND_GIFT` into items, and reconnects with exponential
 * back-off when the connection drops. A refused key or identity code stops it (`refused`).
 *
 * There is no internet here: `baseUrl` is configurable (the tests' fake room serves the
 * app-start call and the WebSocket on 127.0.0.1).
 */
import { WebSocket } from 'ws';
import {
  Backoff,
  RefusedError,
  type AdapterHooks,
  type IngestAdapter,
  type IngestItem,
  type SourceHealth,
} from './adapter.ts';
import { Op, Protover, decodePackets, encodePacket, jsonBody, signedHeaders } from './bilibili-protocol.ts';

export interface BilibiliConfig {
  /** Base URL of the open-platform API (the app start / heartbeat / end calls). */
  baseUrl: string;
  appId: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** The organiser's identity code (身份码) from the live room's settings. */
  code: string;
  /** Heartbeat packet interval (20–30 s by the protocol; tests shorten it). */
  heartbeatMs?: number;
  /** App heartbeat call interval (the session ends after 60 s without one). */
  appHeartbeatMs?: number;
  /** Back-off: first wait and the cap. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** How long the auth reply may take. */
  authTimeoutMs?: number;
}

interface StartData {
  game_info?: { game_id?: string };
  websocket_info?: { auth_body?: string; wss_link?: string[] };
}

/** A string or number field of a message as text ('' for anything else). */
const scalar = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** Open-platform answers that are about the request itself, not the keys: retried. */
const RETRYABLE_CODES = new Set([-500, 5000, 7000, 7001]);

export class BilibiliAdapter implements IngestAdapter {
  private ws: WebSocket | null = null;
  private gameId: string | null = null;
  private timers: NodeJS.Timeout[] = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private stopping = false;
  private connectedOnce = false;
  private attemptNo = 0;
  private readonly backoff: Backoff;
  private readonly seen = new Set<string>();

  constructor(
    private readonly config: BilibiliConfig,
    private readonly hooks: AdapterHooks,
  ) {
    this.backoff = new Backoff(config.backoffBaseMs ?? 1000, config.backoffMaxMs ?? 60_000);
  }

  start(): void {
    this.stopping = false;
    this.report('connecting', null);
    void this.attempt();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.clearTimers();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
        setTimeout(() => {
          ws.terminate();
          resolve();
        }, 1000).unref();
      });
    }
    if (this.gameId) {
      const gameId = this.gameId;
      this.gameId = null;
      await this.call('/v2/app/end', { app_id: Number(this.config.appId), game_id: gameId }).catch(() => undefined);
    }
    this.report('stopped', null);
  }

  private report(state: SourceHealth['state'], detail: string | null, retryAt: number | null = null): void {
    this.hooks.health({ state, detail, retryAt, since: this.hooks.now() });
  }

  private clearTimers(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  /** A signed POST to the open platform; its `data` when `code` is 0. */
  private async call(path: string, payload: object): Promise<unknown> {
    const body = JSON.stringify(payload);
    const headers = signedHeaders(
      this.config.accessKeyId,
      this.config.accessKeySecret,
      body,
      Math.floor(this.hooks.now() / 1000),
    );
    const res = await fetch(new URL(path, this.config.baseUrl), {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(5000),
    });
    if (res.status === 401 || res.status === 403) throw new RefusedError(`HTTP ${res.status}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const json = (await res.json()) as { code?: number; message?: string; data?: unknown };
    if (json.code !== 0) {
      const why = `code ${String(json.code)}: ${json.message ?? ''}`.trim();
      if (RETRYABLE_CODES.has(Number(json.code))) throw new Error(why);
      throw new RefusedError(why);
    }
    return json.data;
  }

  private async attempt(): Promise<void> {
    if (this.stopping) return;
    const attemptNo = ++this.attemptNo;
    try {
      const data = (await this.call('/v2/app/start', {
        code: this.config.code,
        app_id: Number(this.config.appId),
      })) as StartData;
      const auth = data.websocket_info?.auth_body;
      const links = data.websocket_info?.wss_link ?? [];
      if (!auth || links.length === 0) throw new Error('app start returned no websocket address');
      this.gameId = data.game_info?.game_id ?? null;
      if (this.stopping || attemptNo !== this.attemptNo) return;
      await this.open(links[(attemptNo - 1) % links.length] ?? links[0]!, auth);
    } catch (error) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    if (this.stopping) return;
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    ws?.removeAllListeners();
    ws?.on('error', () => undefined);
    ws?.terminate();
    const detail = error instanceof Error ? error.message : String(error);
    if (error instanceof RefusedError) {
      this.report('refused', detail);
      return;
    }
    this.hooks.count('errors');
    const wait = this.backoff.next();
    this.report('retrying', detail, this.hooks.now() + wait);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.attempt();
    }, wait);
    this.retryTimer.unref();
  }

  /** Connect, authenticate, then stay: resolves once authenticated, rejects when that fails. */
  private open(url: string, authBody: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { handshakeTimeout: 5000 });
      this.ws = ws;
      let authed = false;
      const authTimer = setTimeout(() => reject(new Error('no auth reply')), this.config.authTimeoutMs ?? 10_000);
      authTimer.unref();
      ws.on('open', () => ws.send(encodePacket(Op.auth, authBody, Protover.int)));
      ws.on('message', (raw: Buffer) => {
        let packets;
        try {
          packets = decodePackets(raw);
        } catch (error) {
          this.hooks.count('errors');
          ws.terminate();
          if (!authed) reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        for (const p of packets) {
          if (p.op === Op.authReply) {
            clearTimeout(authTimer);
            const reply = jsonBody(p) as { code?: number } | undefined;
            if (reply?.code !== 0) {
              reject(new RefusedError(`auth refused (code ${String(reply?.code)})`));
              return;
            }
            authed = true;
            this.connected(ws);
            resolve();
          } else if (p.op === Op.heartbeatReply) {
            this.hooks.count('heartbeats');
          } else if (p.op === Op.message) {
            this.message(jsonBody(p));
          }
        }
      });
      ws.on('error', (error) => {
        if (!authed) {
          clearTimeout(authTimer);
          reject(error);
        }
      });
      ws.on('close', () => {
        clearTimeout(authTimer);
        if (!authed) reject(new Error('closed before auth'));
        else if (this.ws === ws) this.failed(new Error('connection dropped'));
      });
    });
  }

  private connected(ws: WebSocket): void {
    if (this.connectedOnce) this.hooks.count('reconnects');
    this.connectedOnce = true;
    this.backoff.reset();
    this.report('connected', null);
    const beat = () => {
      if (ws.readyState === WebSocket.OPEN) ws.send(encodePacket(Op.heartbeat, '', Protover.int));
    };
    beat();
    this.timers.push(setInterval(beat, this.config.heartbeatMs ?? 20_000));
    this.timers.push(
      setInterval(() => {
        if (!this.gameId) return;
        this.call('/v2/app/heartbeat', { game_id: this.gameId }).catch(() => this.hooks.count('errors'));
      }, this.config.appHeartbeatMs ?? 20_000),
    );
    for (const t of this.timers) t.unref();
  }

  private message(json: unknown): void {
    const m = json as { cmd?: string; data?: Record<string, unknown> } | undefined;
    const d = m?.data;
    if (!m?.cmd || !d) return;
    const msgId = typeof d.msg_id === 'string' ? d.msg_id : null;
    if (msgId) {
      // The platform may deliver a message twice (after a reconnect): once is enough.
      if (this.seen.has(msgId)) return;
      this.seen.add(msgId);
      if (this.seen.size > 5000) this.seen.delete(this.seen.values().next().value!);
    }
    const sender = { id: scalar(d.open_id) || scalar(d.uid), name: scalar(d.uname) };
    const ts = typeof d.timestamp === 'number' ? d.timestamp * 1000 : this.hooks.now();
    let item: IngestItem | null = null;
    switch (m.cmd) {
      case 'LIVE_OPEN_PLATFORM_DM':
        if (typeof d.msg === 'string') item = { kind: 'comment', sender, text: d.msg, ts };
        break;
      case 'LIVE_OPEN_PLATFORM_LIKE':
        item = { kind: 'like', sender, count: Math.max(1, Math.floor(Number(d.like_count) || 1)), ts };
        break;
      case 'LIVE_OPEN_PLATFORM_SEND_GIFT':
        item = {
          kind: 'gift',
          sender,
          gift: scalar(d.gift_name),
          count: Math.max(1, Math.floor(Number(d.gift_num) || 1)),
          ts,
        };
        break;
    }
    if (item && sender.id) this.hooks.item(item);
  }
}
