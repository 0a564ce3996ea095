/**
 * The primary's side of the warm standby (R14, docs/reliability.md): the `/replication`
 * Socket.IO namespace a standby connects to (server/src/cluster/standby.ts), and the store's
 * commit hook that streams every group commit to it and, in synchronous mode, holds the
 * commit's acknowledgements until the standby confirms it has written the batch durably.
 *
 * - Handshake: `auth { secret, standbyId, position, hash }`. The secret must match; the standby's
 *   last event (position and hash) must be in this store, else it has diverged and is refused.
 * - Catch-up: the events after its position, in chunks, each confirmed before the next; then live.
 * - Live: `batch { events, commands, side?, primaryPosition }` per group commit, pushed as it
 *   commits; the standby answers `{ ok: true, position }` once its transaction is fsynced.
 * - `side`: the seat tables (seat links), sent whole when another connection of this store
 *   changed them (`PRAGMA data_version`), checked at each commit and every 250 ms.
 * - `tick { primaryPosition, at }` every second: the standby's lag.
 *
 * Timeout policy: the show goes on. A standby that does not confirm within `timeoutMs` (or is not
 * connected) makes the primary *degraded*: it acknowledges on its own disk alone, says so (the
 * ready answer's `warning`, GET /api/replication, the log) and streams on; once the standby has
 * confirmed everything sent, acknowledgements wait for it again. Refusing writes instead would
 * stop a live broadcast because a second machine is away, while the primary alone still holds
 * everything acknowledged; the loss needs both machines to fail within the degraded window.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Namespace, Server, Socket } from 'socket.io';
import type { CommittedBatch, SqliteEventStore } from '../store/sqlite-event-store.ts';
import { SIDE_TABLES, type SideTables } from '../store/replica-store.ts';

export const REPLICATION_NAMESPACE = '/replication';
/** Events per catch-up chunk. */
const CHUNK = 2000;

export interface ReplicationOptions {
  secret: string;
  /** `sync` (default): acknowledgements wait for the standby; `async`: they do not. */
  mode?: 'sync' | 'async';
  /** How long a commit waits for the standby before the primary degrades (default 500 ms). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface ReplicationStatus {
  mode: 'sync' | 'async';
  /** `none`: no standby connected; `catching-up`; `sync`: acknowledgements wait for it; `degraded`: they do not. */
  state: 'none' | 'catching-up' | 'sync' | 'degraded';
  standbyId: string | null;
  primaryPosition: number;
  /** The last position the standby confirmed. */
  standbyPosition: number;
  lagEvents: number;
  /** Why acknowledgements do not wait for a standby (absent in sync). */
  warning?: string;
  /** Batches that timed out waiting for the standby, since start. */
  timeouts: number;
}

export interface ReplicationHandle {
  status(): ReplicationStatus;
  close(): void;
}

interface BatchAnswer {
  ok: boolean;
  position?: number;
  error?: string;
}

interface Follower {
  socket: Socket;
  id: string;
  state: 'catching-up' | 'live';
  /** Every commit sent so far has been confirmed (acknowledgements wait for it). */
  inSync: boolean;
  sent: number;
  confirmed: number;
  sideSent: boolean;
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function attachReplication(io: Server, store: SqliteEventStore, options: ReplicationOptions): ReplicationHandle {
  const mode = options.mode ?? 'sync';
  const timeoutMs = options.timeoutMs ?? 500;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const db = store.database;
  const nsp: Namespace = io.of(REPLICATION_NAMESPACE);
  let follower: Follower | undefined;
  let timeouts = 0;
  let warning: string | undefined = 'no standby connected';
  let dataVersion = -1;

  const tailPosition = () => store.tail()?.position ?? 0;
  const hashAt = db.prepare<[number], string>('SELECT hash FROM events WHERE position = ?').pluck();
  const eventsAfter = db.prepare<[number, number], CommittedBatch['events'][number]>(
    'SELECT position, stream_id AS streamId, version, type, data, metadata, hash FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  const commandsIn = db.prepare<[number, number], CommittedBatch['commands'][number]>(
    'SELECT command_id AS commandId, stream_id AS streamId, version, position, created_at AS createdAt FROM commands WHERE position > ? AND position <= ?',
  );
  const tableExists = db
    .prepare<[string], number>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
    .pluck();

  /** The seat tables, when another connection changed the file since they were last sent. */
  const sideIfChanged = (force = false): SideTables | undefined => {
    const v = db.pragma('data_version', { simple: true }) as number;
    if (!force && v === dataVersion) return undefined;
    dataVersion = v;
    const side: SideTables = {};
    for (const name of SIDE_TABLES) {
      if (tableExists.get(name)) side[name] = db.prepare(`SELECT * FROM ${name}`).all() as Record<string, unknown>[];
    }
    return side;
  };

  const degrade = (f: Follower | undefined, why: string) => {
    if (f) f.inSync = false;
    if (warning !== why) log(`replication: degraded: ${why}; acknowledging on this disk alone`);
    warning = why;
  };

  const send = (f: Follower, batch: CommittedBatch & { side?: SideTables }, wait: number): Promise<BatchAnswer> =>
    new Promise((done) => {
      f.socket
        .timeout(wait)
        .emit(
          'batch',
          { ...batch, primaryPosition: tailPosition() },
          (err: Error | null, answer: BatchAnswer | undefined) => {
            if (err || !answer) return done({ ok: false, error: err ? 'timeout' : 'no answer' });
            done(answer);
          },
        );
    });

  const confirmed = (f: Follower, answer: BatchAnswer) => {
    if (!answer.ok) {
      if (answer.error !== 'timeout') {
        degrade(f, `the standby refused a batch: ${answer.error ?? 'unknown'}`);
        f.socket.disconnect(true);
      }
      return;
    }
    f.confirmed = Math.max(f.confirmed, answer.position ?? 0);
    if (!f.inSync && f.state === 'live' && f.confirmed >= f.sent && follower === f) {
      f.inSync = mode === 'sync';
      warning = mode === 'sync' ? undefined : 'asynchronous standby (acknowledgements do not wait for it)';
      log(
        `replication: standby ${f.id} has everything (position ${f.confirmed})${mode === 'sync' ? '; synchronous again' : ''}`,
      );
    }
  };

  const catchUp = async (f: Follower) => {
    try {
      for (;;) {
        if (follower !== f || !f.socket.connected) return;
        const events = eventsAfter.all(f.sent, CHUNK);
        // The seat tables go whole with the first chunk to every new follower, then on change.
        const side = sideIfChanged(!f.sideSent);
        f.sideSent = true;
        if (events.length === 0) {
          // Nothing committed since the last chunk was read (this runs between commits): live from here.
          f.state = 'live';
          if (side) void send(f, { events: [], commands: [], side }, 10_000).then((a) => confirmed(f, a));
          log(`replication: standby ${f.id} caught up at position ${f.sent}; live`);
          if (f.confirmed >= f.sent) confirmed(f, { ok: true, position: f.confirmed });
          return;
        }
        const last = events[events.length - 1]!.position;
        const commands = commandsIn.all(f.sent, last);
        f.sent = last;
        const answer = await send(f, { events, commands, ...(side ? { side } : {}) }, 10_000);
        if (!answer.ok) {
          degrade(f, `the standby did not take the catch-up: ${answer.error ?? 'unknown'}`);
          f.socket.disconnect(true);
          return;
        }
        confirmed(f, answer);
      }
    } catch (error) {
      log(`replication: catch-up failed: ${error instanceof Error ? error.message : String(error)}`);
      f.socket.disconnect(true);
    }
  };

  nsp.use((socket, next) => {
    const auth = socket.handshake.auth as { secret?: unknown; standbyId?: unknown; position?: unknown; hash?: unknown };
    if (typeof auth.secret !== 'string' || !sameSecret(auth.secret, options.secret)) {
      return next(new Error('UNAUTHENTICATED'));
    }
    const position = Number(auth.position);
    if (!Number.isSafeInteger(position) || position < 0) return next(new Error('BAD_REQUEST'));
    if (position > 0 && hashAt.get(position) !== auth.hash) {
      // The standby holds an event this store does not: it followed another history.
      return next(new Error('DIVERGED'));
    }
    next();
  });

  nsp.on('connection', (socket) => {
    const auth = socket.handshake.auth as { standbyId?: unknown; position?: unknown };
    const id = typeof auth.standbyId === 'string' ? auth.standbyId.slice(0, 100) : socket.id;
    if (follower) {
      log(`replication: standby ${follower.id} replaced by ${id}`);
      follower.socket.disconnect(true);
    }
    const position = Number(auth.position);
    const f: Follower = {
      socket,
      id,
      state: 'catching-up',
      inSync: false,
      sent: position,
      confirmed: position,
      sideSent: false,
    };
    follower = f;
    warning = `standby ${id} is catching up`;
    log(`replication: standby ${id} connected at position ${position} (this store is at ${tailPosition()})`);
    socket.on('disconnect', (reason) => {
      if (follower !== f) return;
      follower = undefined;
      degrade(undefined, `standby ${id} disconnected (${reason})`);
    });
    void catchUp(f);
  });

  store.onCommit((batch) => {
    const f = follower;
    if (!f) return undefined;
    if (f.state !== 'live') return undefined; // the catch-up reads it from the store
    const side = sideIfChanged();
    const last = batch.events[batch.events.length - 1]?.position;
    if (last !== undefined) f.sent = last;
    const answer = send(f, side ? { ...batch, side } : batch, f.inSync ? timeoutMs : 10_000).then((a) => {
      if (!a.ok && a.error === 'timeout' && follower === f && f.inSync) {
        timeouts++;
        degrade(f, `standby ${f.id} did not confirm within ${timeoutMs} ms`);
      }
      confirmed(f, a);
    });
    return f.inSync ? answer : undefined;
  });

  const sideTimer = setInterval(() => {
    const f = follower;
    if (!f || f.state !== 'live' || !f.socket.connected) return;
    const side = sideIfChanged();
    if (side) void send(f, { events: [], commands: [], side }, 10_000).then((a) => confirmed(f, a));
    f.socket.emit('tick', { primaryPosition: tailPosition(), at: Date.now() });
  }, 250);
  sideTimer.unref();

  return {
    status(): ReplicationStatus {
      const f = follower;
      const primaryPosition = tailPosition();
      const state = !f ? 'none' : f.state === 'catching-up' ? 'catching-up' : f.inSync ? 'sync' : 'degraded';
      const standbyPosition = f?.confirmed ?? 0;
      return {
        mode,
        state,
        standbyId: f?.id ?? null,
        primaryPosition,
        standbyPosition,
        lagEvents: f ? Math.max(0, primaryPosition - standbyPosition) : primaryPosition,
        ...(state === 'sync' ? {} : { warning: warning ?? 'no standby connected' }),
        timeouts,
      };
    },
    close() {
      clearInterval(sideTimer);
      store.onCommit(undefined);
      const f = follower;
      follower = undefined;
      f?.socket.disconnect(true);
    },
  };
}
