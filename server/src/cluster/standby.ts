/**
 * The warm standby (R14, docs/reliability.md): `leitai start --standby-of URL`. It follows the
 * primary's log as it is written (pushed over the primary's `/replication` namespace,
 * replication.ts), checks every batch against the hash chain and writes it durably into its own
 * store (replica-store.ts) before confirming it, and takes over when the primary is gone:
 *
 * - with Redis (`--role core`), when the primary's lease (lease.ts) lapses: the standby takes it
 *   (a new epoch) and starts serving as the core on its own port;
 * - by hand, `leitai promote --standby URL` (POST /api/standby/promote with the shared secret).
 *
 * Until then it answers on its port: GET /api/standby (its state, position and lag),
 * GET /api/health and /api/ready with 503 (HAProxy keeps it out of the `core` backend until it
 * serves). It refuses to promote while its copy is broken (a batch that did not verify) or before
 * it has ever reached the primary (it could not know it holds everything).
 */
import { timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { hostname } from 'node:os';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { FastifyInstance } from 'fastify';
import { createHttpApp, listen } from '../app.ts';
import { ReplicaMismatchError, ReplicaStore, type SideTables } from '../store/replica-store.ts';
import type { CommittedBatch } from '../store/sqlite-event-store.ts';
import { REPLICATION_NAMESPACE } from './replication.ts';
import { Lease, LEASE_TTL_MS, leaseHolder } from './lease.ts';

export interface StandbyOptions {
  primaryUrl: string;
  secret: string;
  dbFile: string;
  host: string;
  port: number;
  /** Redis of the cluster: the lease is watched there and taken at promotion (absent: promote by hand only). */
  redisUrl?: string;
  channelPrefix: string;
  standbyId?: string;
  leaseTtlMs?: number;
  log?: (line: string) => void;
  /**
   * Starts serving as the core on `port` (the store file is closed by then); `lease` is held.
   * Resolves with the server's port once it listens.
   */
  serve(port: number, lease: Lease | undefined): Promise<number>;
}

export interface StandbyStatus {
  role: 'standby' | 'promoting' | 'primary';
  standbyId: string;
  primary: string;
  /** `connecting`, `catching-up`, `following`, `disconnected`, or `broken` (a batch did not verify). */
  state: 'connecting' | 'catching-up' | 'following' | 'disconnected' | 'broken';
  position: number;
  primaryPosition: number;
  lagEvents: number;
  /** Seconds since the primary was last heard from (null before the first contact). */
  lastContactSeconds: number | null;
  /** The copy is behind what the primary last said it had for this long (0 when level). */
  lagSeconds: number;
  problem?: string;
  /** Time from the decision to take over to serving (ms), once promoted. */
  takeoverMs?: number;
}

/** `GET /api/health` and `/api/ready` of a standby (503 until it has taken over): its status, not serving. */
export type StandbyHealthAnswer = StandbyStatus & { ready: false; reason: string };

/** `POST /api/standby/promote` (202): the takeover has started. */
export type StandbyPromoteAnswer = StandbyStatus & { ok: true };

export interface StandbyHandle {
  port: number;
  status(): StandbyStatus;
  /** Take over now (by hand); resolves once serving. */
  promote(reason: string): Promise<void>;
  close(): Promise<void>;
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function startStandby(o: StandbyOptions): Promise<StandbyHandle> {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const standbyId = o.standbyId ?? `${hostname()}-${process.pid}`;
  mkdirSync(dirname(resolve(o.dbFile)), { recursive: true });
  const store = new ReplicaStore(o.dbFile);
  let role: StandbyStatus['role'] = 'standby';
  let state: StandbyStatus['state'] = 'connecting';
  let problem: string | undefined;
  let primaryPosition = store.tail().position;
  let lastContact: number | null = null;
  /** When the copy last fell behind what the primary said (null while level). */
  let behindSince: number | null = null;
  let everLevel = false;
  let takeoverMs: number | undefined;

  const status = (): StandbyStatus => {
    const position = store.tail().position;
    const lagEvents = Math.max(0, primaryPosition - position);
    return {
      role,
      standbyId,
      primary: o.primaryUrl,
      state,
      position,
      primaryPosition,
      lagEvents,
      lastContactSeconds: lastContact === null ? null : (Date.now() - lastContact) / 1000,
      lagSeconds: lagEvents > 0 && behindSince !== null ? (Date.now() - behindSince) / 1000 : 0,
      ...(problem ? { problem } : {}),
      ...(takeoverMs !== undefined ? { takeoverMs } : {}),
    };
  };

  const heard = (primaryAt: number) => {
    lastContact = Date.now();
    primaryPosition = Math.max(primaryPosition, primaryAt);
    const level = store.tail().position >= primaryPosition;
    if (level) {
      behindSince = null;
      everLevel = true;
      if (state === 'catching-up') state = 'following';
    } else behindSince ??= Date.now();
  };

  // The primary's pushes.
  const socket: Socket = ioClient(`${o.primaryUrl.replace(/\/$/, '')}${REPLICATION_NAMESPACE}`, {
    auth: (cb) => cb({ secret: o.secret, standbyId, ...store.tail() }),
    transports: ['websocket'],
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    timeout: 3000,
  });
  socket.on('connect', () => {
    state = 'catching-up';
    problem = undefined;
    log(`standby: connected to ${o.primaryUrl} at position ${store.tail().position}`);
  });
  socket.on('disconnect', (reason) => {
    if (state !== 'broken') state = 'disconnected';
    log(`standby: disconnected from the primary (${reason})`);
  });
  socket.on('connect_error', (error) => {
    if (error.message === 'DIVERGED' || error.message === 'UNAUTHENTICATED') {
      state = 'broken';
      problem =
        error.message === 'DIVERGED'
          ? "this standby's copy is not a prefix of the primary's log (another history): start it on an empty file"
          : 'the primary refused the standby secret';
      log(`standby: ${problem}`);
      socket.disconnect();
    } else if (state !== 'broken') state = 'disconnected';
  });
  socket.on(
    'batch',
    (
      batch: CommittedBatch & { side?: SideTables; primaryPosition: number },
      ack: (a: { ok: boolean; position?: number; error?: string }) => void,
    ) => {
      if (role !== 'standby' || state === 'broken') return ack({ ok: false, error: 'not following' });
      try {
        if (batch.side) store.applySideTables(batch.side);
        const tail = store.apply({ events: batch.events ?? [], commands: batch.commands ?? [] });
        heard(batch.primaryPosition);
        ack({ ok: true, position: tail.position });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof ReplicaMismatchError) {
          // Never store a bad copy: stop following, loudly.
          state = 'broken';
          problem = message;
          log(`standby: ALARM: ${message}; following stopped, this copy must not take over`);
          socket.disconnect();
        } else log(`standby: could not write a batch: ${message}`);
        ack({ ok: false, error: message });
      }
    },
  );
  socket.on('tick', (t: { primaryPosition: number }) => heard(Number(t.primaryPosition) || 0));

  // The lease, when the cluster has Redis.
  let redis: Awaited<ReturnType<typeof connectLeaseClient>> | undefined;
  if (o.redisUrl) redis = await connectLeaseClient(o.redisUrl, log);
  const lease = redis
    ? new Lease(redis, {
        prefix: o.channelPrefix,
        id: standbyId,
        ttlMs: o.leaseTtlMs ?? LEASE_TTL_MS,
        log,
      })
    : undefined;

  let http: FastifyInstance | undefined = await createHttpApp({});
  const standbyAnswer = (): StandbyHealthAnswer => ({
    ...status(),
    ready: false,
    reason: 'standby: not serving until it takes over',
  });
  http.get('/api/health', (_req, reply) => reply.code(503).send(standbyAnswer()));
  http.get('/api/ready', (_req, reply) => reply.code(503).send(standbyAnswer()));
  http.get('/api/standby', () => status());
  http.post('/api/standby/promote', async (req, reply) => {
    const auth = req.headers.authorization ?? '';
    if (!sameSecret(auth.replace(/^Bearer /, ''), o.secret)) {
      return reply.code(401).send({ error: { code: 'UNAUTHENTICATED', message: 'standby secret required' } });
    }
    if (state === 'broken') {
      return reply.code(409).send({
        error: {
          code: 'CONFLICT',
          message: `this standby's copy is broken (${problem ?? 'unknown'}): it must not take over`,
        },
      });
    }
    // Answered before the takeover starts: the takeover closes this very server (the caller then
    // watches GET /api/health on the same port turn 200).
    setImmediate(() => {
      promote('promoted by hand (leitai promote)', true).catch((error: unknown) =>
        log(`standby: promotion failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    });
    return reply.code(202).send({ ok: true, ...status() } satisfies StandbyPromoteAnswer);
  });
  const listening = await listen(http, { host: o.host, port: o.port });
  const port = listening.port;

  let promoting: Promise<void> | undefined;
  const promote = (reason: string, byHand: boolean): Promise<void> => {
    promoting ??= (async () => {
      if (state === 'broken')
        throw new Error(`this standby's copy is broken (${problem ?? 'unknown'}): it must not take over`);
      if (!everLevel && !byHand) throw new Error('this standby has never been level with the primary');
      const started = Date.now();
      role = 'promoting';
      log(`standby: taking over (${reason}) at position ${store.tail().position}`);
      // The lease first: if the primary took it back meanwhile, this standby goes on following.
      if (lease) await lease.acquire(byHand);
      socket.disconnect();
      clearInterval(watch);
      store.close();
      await http?.close();
      http = undefined;
      await o.serve(port, lease);
      role = 'primary';
      takeoverMs = Date.now() - started;
      log(`standby: promoted in ${takeoverMs} ms (lease epoch ${lease?.epoch ?? 'none'})`);
    })().catch((error: unknown) => {
      promoting = undefined;
      if (role === 'promoting') role = 'standby';
      throw error;
    });
    return promoting;
  };

  // Takes over when the primary's lease lapses (checked four times a second), once it has seen
  // it held: a primary that holds no lease (started without Redis) is never taken over from.
  let checking = false;
  let seenLease = false;
  const watch = setInterval(() => {
    if (!redis || checking || role !== 'standby' || state === 'broken' || !everLevel) return;
    checking = true;
    void leaseHolder(redis, o.channelPrefix)
      .then(async (holder) => {
        if (holder !== null) {
          seenLease = true;
          return;
        }
        if (seenLease) await promote("the primary's lease lapsed", false);
      })
      .catch((error: unknown) => log(`standby: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (checking = false));
  }, 250);
  watch.unref();

  return {
    port,
    status,
    promote: (reason) => promote(reason, true),
    async close() {
      clearInterval(watch);
      socket.disconnect();
      if (role === 'standby') store.close();
      await http?.close();
      await redis?.close();
    },
  };
}

async function connectLeaseClient(url: string, log: (line: string) => void) {
  const { createClient } = await import('redis');
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (n: number) => Math.min(50 * 2 ** n, 1000), connectTimeout: 2000 },
  });
  client.on('error', (error: Error) => log(`standby: redis: ${error.message}`));
  await client.connect();
  return client;
}
