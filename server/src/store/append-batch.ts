/**
 * Group commit shared by both event stores: appends are queued, a whole batch is applied in
 * one transaction, and each request is decided on its own (idempotency, then expectedVersion)
 * against the state left by the requests before it in the same batch.
 */
import type { AppendOptions, AppendResult, NewEvent } from './event-store.ts';
import { StreamConflictError } from './event-store.ts';
import { canonicalJson, eventHash } from './hash-chain.ts';

/** An event serialised once, at append time, to canonical JSON (what is stored and hashed). */
export interface PreparedEvent {
  type: string;
  dataJson: string;
  metadataJson: string;
}

/** An event row ready to insert. */
export interface EventRow extends PreparedEvent {
  streamId: string;
  version: number;
  hash: string;
}

/** Version and hash of the last event of a stream (0 and the genesis hash when empty). */
export interface StreamHead {
  version: number;
  hash: string;
}

/** An append waiting for its batch. */
export interface PendingAppend {
  streamId: string;
  events: PreparedEvent[];
  expectedVersion: number;
  commandId: string | undefined;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** What a store provides for a batch to be applied inside its transaction. */
export interface BatchBackend {
  recordedCommand(commandId: string): { version: number; position: number } | undefined;
  head(streamId: string): StreamHead;
  /** Inserts the event as `version` of the stream and returns its global position. */
  insertEvent(streamId: string, version: number, event: PreparedEvent, hash: string): number;
  setHead(streamId: string, head: StreamHead): void;
  recordCommand(commandId: string, streamId: string, result: { version: number; position: number }): void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: Error };

/**
 * Validates an append and serialises its events. Throws on bad input, so the caller can reject
 * that append alone before it joins a batch (nothing after this can fail per request except a
 * version conflict, which is why a batch needs no savepoints).
 */
export function prepareEvents(streamId: string, events: readonly NewEvent[], options: AppendOptions): PreparedEvent[] {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('streamId must be a non-empty string');
  if (!Number.isSafeInteger(options.expectedVersion) || options.expectedVersion < 0) {
    throw new TypeError('expectedVersion must be an integer >= 0');
  }
  if (options.commandId !== undefined && (typeof options.commandId !== 'string' || options.commandId.length === 0)) {
    throw new TypeError('commandId must be a non-empty string');
  }
  return events.map((event) => {
    if (typeof event.type !== 'string' || event.type.length === 0) throw new TypeError('event type must be a string');
    return { type: event.type, dataJson: canonicalJson(event.data), metadataJson: canonicalJson(event.metadata) };
  });
}

/**
 * Applies a batch in order inside the caller's transaction and returns one outcome per request.
 * A conflict is decided before anything of that request is written, so it fails alone.
 */
export function applyBatch(batch: readonly PendingAppend[], backend: BatchBackend): Outcome[] {
  return batch.map((request): Outcome => {
    const { commandId, streamId } = request;
    if (commandId !== undefined) {
      // The backend sees writes of earlier requests in this same (uncommitted) transaction, so
      // a command id sent twice in one batch is caught here too.
      const prior = backend.recordedCommand(commandId);
      if (prior) return { ok: true, result: { version: prior.version, position: prior.position, duplicate: true } };
    }
    const head = backend.head(streamId);
    if (head.version !== request.expectedVersion) {
      return { ok: false, error: new StreamConflictError(streamId, request.expectedVersion, head.version) };
    }
    let { version, hash } = head;
    let position = 0;
    for (const event of request.events) {
      version++;
      hash = eventHash(hash, {
        streamId,
        version,
        type: event.type,
        dataJson: event.dataJson,
        metadataJson: event.metadataJson,
      });
      position = backend.insertEvent(streamId, version, event, hash);
    }
    if (request.events.length > 0) backend.setHead(streamId, { version, hash });
    const result = { version, position, duplicate: false };
    if (commandId !== undefined) backend.recordCommand(commandId, streamId, result);
    return { ok: true, result };
  });
}

/** Settles every request of a committed batch with its outcome. */
export function settleBatch(batch: readonly PendingAppend[], outcomes: readonly Outcome[]): void {
  batch.forEach((request, i) => {
    const outcome = outcomes[i];
    if (outcome === undefined) request.reject(new Error('append was not applied'));
    else if (outcome.ok) request.resolve(outcome.result);
    else request.reject(outcome.error);
  });
}

/**
 * A flush requested this long (ms) after the previous commit ended waits for `setImmediate`;
 * a request after a longer quiet spell commits at the end of the current task instead.
 */
export const BUSY_GAP_MS = 2;

/**
 * The queue and its flush schedule. `windowMs` 0 commits everything that arrived in the current
 * event-loop turn together, adding no timer delay, and how depends on load:
 * - Quiet (the last commit ended `BUSY_GAP_MS` or more ago): at the end of the current task, on
 *   a microtask. Whatever the current callback appended shares one commit, and the commit does
 *   not wait behind callbacks already queued for the check phase. Those may be long: an
 *   audience broadcast goes out one slice (up to 1 ms of socket writes) per `setImmediate`
 *   (server/src/net/audience-broadcast.ts), and a buzz press or decision committed on
 *   `setImmediate` would wait for the slice queued before it (B2).
 * - Busy (a commit ended less than `BUSY_GAP_MS` ago): on `setImmediate`, so everything read in
 *   this turn's poll phase shares one commit. Batching then clocks itself: while one commit
 *   (fsync) blocks the loop, new requests pile up and go out together in the next.
 * A positive window waits that long to gather more per fsync, trading latency for fewer fsyncs
 * on slow disks.
 */
export class GroupCommitQueue {
  private queue: PendingAppend[] = [];
  private immediate: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** A microtask flush is scheduled (it does nothing if `flush` ran first). */
  private microtask = false;
  /** When the last commit ended (performance.now()); -Infinity before the first. */
  private lastCommitAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly windowMs: number,
    private readonly commit: (batch: PendingAppend[]) => void,
  ) {}

  /**
   * Validates and serialises an append, queues it, and resolves once its batch has committed
   * (or rejects alone: bad input at once, a version conflict with its batch).
   */
  submit(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    let prepared: PreparedEvent[];
    try {
      prepared = prepareEvents(streamId, events, options);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.enqueue({
        streamId,
        events: prepared,
        expectedVersion: options.expectedVersion,
        commandId: options.commandId,
        resolve,
        reject,
      });
    });
  }

  /** Queues a request and schedules a flush if none is scheduled. */
  enqueue(request: PendingAppend): void {
    this.queue.push(request);
    if (this.immediate !== undefined || this.timer !== undefined || this.microtask) return;
    if (this.windowMs > 0) this.timer = setTimeout(() => this.flush(), this.windowMs);
    else if (performance.now() - this.lastCommitAt < BUSY_GAP_MS) this.immediate = setImmediate(() => this.flush());
    else {
      this.microtask = true;
      queueMicrotask(() => {
        if (this.microtask) this.flush();
      });
    }
  }

  /** Commits everything queued now (used by close). */
  flush(): void {
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.immediate = undefined;
    this.timer = undefined;
    this.microtask = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    try {
      this.commit(batch);
    } finally {
      this.lastCommitAt = performance.now();
    }
  }
}
