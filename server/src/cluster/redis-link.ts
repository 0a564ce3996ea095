/**
 * The Redis side of a scaled-out Leitai (docs/architecture.md, "Scaling out"): two clients (one
 * publishes, one subscribes), the sharded Socket.IO adapter on them, and the link's health.
 *
 * Outage behaviour (R11): the publishing client has no offline queue, so while Redis is away a
 * broadcast fails at once (the adapter catches it and still delivers to this process's own
 * sockets) instead of piling up in memory or delaying the stage; the subscribing client keeps its
 * queue, so a room subscription made during the outage is sent when Redis returns, and its
 * existing subscriptions are restored on reconnect. Both reconnect with a capped back-off. What a
 * core published while away reached no edge: it re-announces its position when the link is back
 * (core-reannounce.ts).
 */
import { createClient } from 'redis';
import { createShardedAdapter } from '@socket.io/redis-adapter';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface RedisLinkStatus {
  up: boolean;
  /** When `up` last changed (ms since epoch). */
  since: number;
  /** Outages seen since start. */
  outages: number;
  lastError: string | null;
}

export type RedisClient = ReturnType<typeof createClient>;
type Client = RedisClient;

export interface RedisLink {
  readonly url: string;
  status(): RedisLinkStatus;
  /** The adapter factory for `new Server(…, { adapter })`. */
  adapter(): ReturnType<typeof createShardedAdapter>;
  /** The command client (offline queue off: a command while Redis is down fails at once), e.g. for shared limits. */
  client(): Client;
  /** Called on every change of `up`. */
  onChange(listener: (status: RedisLinkStatus) => void): void;
  close(): Promise<void>;
}

export interface RedisLinkOptions {
  /** Channel prefix of the adapter (separates clusters sharing one Redis; tests use one each). */
  channelPrefix?: string;
  /** Give up the first connection after this long (default 15 s). */
  connectTimeoutMs?: number;
  log?: (line: string) => void;
}

const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, 1000);

/** Connect both clients (waiting for Redis up to `connectTimeoutMs`), then watch them. */
export async function connectRedisLink(url: string, options: RedisLinkOptions = {}): Promise<RedisLink> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const pub: Client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy, connectTimeout: 2000 },
  });
  const sub: Client = createClient({ url, socket: { reconnectStrategy, connectTimeout: 2000 } });
  const state: RedisLinkStatus = { up: false, since: Date.now(), outages: 0, lastError: null };
  const listeners: ((s: RedisLinkStatus) => void)[] = [];
  const ready = { pub: false, sub: false };
  let closing = false;
  const update = () => {
    if (closing) return;
    const up = ready.pub && ready.sub;
    if (up === state.up) return;
    state.up = up;
    state.since = Date.now();
    if (!up) state.outages += 1;
    log(up ? `redis: connected to ${url}` : `redis: lost ${url} (${state.lastError ?? 'connection closed'}); retrying`);
    for (const l of listeners) l({ ...state });
  };
  for (const [name, client] of [
    ['pub', pub],
    ['sub', sub],
  ] as const) {
    client.on('ready', () => {
      ready[name] = true;
      update();
    });
    client.on('end', () => {
      ready[name] = false;
      update();
    });
    client.on('reconnecting', () => {
      ready[name] = false;
      update();
    });
    client.on('error', (err: Error) => {
      state.lastError = err.message || err.name;
      ready[name] = false;
      update();
    });
  }

  const deadline = options.connectTimeoutMs ?? 15_000;
  const timeout = new Promise<never>((_, reject) => {
    const t = setTimeout(() => reject(new Error(`redis: no answer from ${url} within ${deadline} ms`)), deadline);
    t.unref();
  });
  try {
    await Promise.race([Promise.all([pub.connect(), sub.connect()]), timeout]);
  } catch (err) {
    pub.destroy();
    sub.destroy();
    throw err;
  }

  return {
    url,
    status: () => ({ ...state }),
    client: () => pub,
    adapter: () =>
      createShardedAdapter(pub, sub, {
        // 'static': every process takes the namespace's broadcasts on one shard channel, subscribed
        // once at start. 'dynamic' (a channel per room, subscribed when a room is first joined on
        // a process) saves an edge the few messages of rooms it does not hold, but a phone that
        // opens a room on its edge could miss a frame published before that subscription took
        // effect (seen under load in tests). Edges hold every audience shard anyway.
        subscriptionMode: 'static',
        ...(options.channelPrefix ? { channelPrefix: options.channelPrefix } : {}),
      }),
    onChange: (l) => void listeners.push(l),
    async close() {
      closing = true;
      await Promise.allSettled([pub.close(), sub.close()]);
    },
  };
}
