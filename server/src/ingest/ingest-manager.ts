/**
 * The platform sources of every contest: their records (source-store.ts), their adapters, their
 * health and counters, and the one path by which what they receive enters the audience:
 *
 * - a comment is cleaned, rate-limited per sender and per source, checked by the contest's word
 *   filter, and handed to the audience core as a comment of the sender `<platform>:<id>` with
 *   the platform as its `source` — so the review queue, auto mode, bans, the kill switch and
 *   the held-for-review outcome apply exactly as to Leitai's own comments;
 * - likes add to the contest's likes when the source's `countLikes` setting says so;
 * - gifts are counted.
 *
 * The host sees a source only through `sourceView` (never its keys).
 */
import { randomBytes } from 'node:crypto';
import {
  COMMENT_SOURCES,
  MAX_COMMENT_CHARS,
  MAX_NICKNAME_CHARS,
  domainError,
  type Ack,
  type CommentSource,
  type DomainError,
} from '@leitai/shared';
import type { AudienceSink } from '../audience/attach-audience.ts';
import { TokenBucket } from '../net/rate-limit.ts';
import { charLength, cleanText, type FilterJudgement, type WordFilter } from '../audience/text-filter.ts';
import { JudgeThread } from './judge-thread.ts';
import {
  emptyCounters,
  type IngestAdapter,
  type IngestItem,
  type IngestPlatform,
  type SourceCounters,
  type SourceHealth,
} from './adapter.ts';
import { BilibiliAdapter, type BilibiliConfig } from './bilibili-adapter.ts';
import type { SourceKind, SourceRecord, SourceSecrets, SourceStore } from './source-store.ts';

export interface IngestOptions {
  now: () => number;
  /** Comments one platform sender may post: one every `senderIntervalMs` (default 3000), burst 3. */
  senderIntervalMs?: number;
  senderBurst?: number;
  /** Comments one source may bring in per second (default 3000, burst the same). */
  sourceCommentsPerSecond?: number;
  /** bilibili adapter timing (tests shorten it). */
  bilibili?: Pick<BilibiliConfig, 'heartbeatMs' | 'appHeartbeatMs' | 'backoffBaseMs' | 'backoffMaxMs'>;
}

/** What the host panel sees of a source: settings, state and counters; never a key. */
export interface SourceView {
  id: string;
  kind: SourceKind;
  platform: IngestPlatform;
  name: string;
  enabled: boolean;
  baseUrl: string | null;
  countLikes: boolean;
  /** Which keys are set (true/false), never their values. */
  keys: Record<string, boolean>;
  /** The path a push platform posts to (webhook sources). */
  pushPath: string | null;
  health: SourceHealth;
  counters: SourceCounters;
}

/** The view of a source: a whitelist of fields, so a key added to the record later stays hidden. */
export function sourceView(record: SourceRecord, live: { health: SourceHealth; counters: SourceCounters }): SourceView {
  const keys: Record<string, boolean> = {};
  const names: (keyof SourceSecrets)[] =
    record.kind === 'bilibili' ? ['appId', 'accessKeyId', 'accessKeySecret', 'code'] : ['secret'];
  for (const k of names) keys[k] = Boolean(record.secrets[k]);
  return {
    id: record.id,
    kind: record.kind,
    platform: record.platform,
    name: record.name,
    enabled: record.enabled,
    baseUrl: record.kind === 'bilibili' ? (record.settings.baseUrl ?? null) : null,
    countLikes: record.settings.countLikes,
    keys,
    pushPath: record.kind === 'webhook' ? `/api/ingest/${record.contestId}/${record.id}` : null,
    health: { ...live.health },
    counters: { ...live.counters },
  };
}

/** A new source as the host describes it (keys included: they go one way, to the server). */
export interface NewSource {
  kind: SourceKind;
  platform?: IngestPlatform;
  name?: string;
  countLikes?: boolean;
  baseUrl?: string;
  appId?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  code?: string;
  secret?: string;
}

interface Live {
  record: SourceRecord;
  health: SourceHealth;
  counters: SourceCounters;
  adapter: IngestAdapter | null;
  bucket: TokenBucket;
}

const bad = (message: string): { ok: false; error: DomainError } => ({
  ok: false,
  error: domainError('BAD_REQUEST', message),
});

const MAX_SOURCES_PER_CONTEST = 20;
/**
 * The longest run of ingest work in one turn of the event loop (ms): then it waits for
 * `setImmediate`, so the poll phase between two slices reads the sockets first — a buzzer
 * press or a host command never waits behind more than one slice of a platform flood.
 */
export const INGEST_SLICE_MS = 1;
/** Comments judged in one message to the judge thread. */
const JUDGE_BATCH = 200;

/**
 * A time budget for work on the event loop: `due()` once `ms` have passed since the slice
 * began; `next()` waits for the next turn of the loop (after its poll phase) and begins a new
 * slice. `restart()` after any other wait (a new task began).
 */
export class LoopSlice {
  private start = performance.now();
  /** Slices this budget yielded after (a test's measure). */
  yields = 0;
  constructor(private readonly ms: number) {}
  due(): boolean {
    return performance.now() - this.start >= this.ms;
  }
  restart(): void {
    this.start = performance.now();
  }
  async next(): Promise<void> {
    this.yields += 1;
    await new Promise<void>((r) => setImmediate(r));
    this.restart();
  }
}

/** A comment past the loop's checks, on its way through the judge thread to the core. */
interface Prepared {
  l: Live;
  item: IngestItem;
  deviceId: string;
  source: CommentSource;
  /** The nickname, or undefined while the sender's name waits for the judge thread's check. */
  nickname: string | undefined;
  /** The sender's platform name, cleaned (what becomes the nickname if the filter passes it). */
  cleanName: string;
  text: string;
  filter: WordFilter;
  verdict?: FilterJudgement;
  resolve: (a: Ack<object>) => void;
}
const MAX_PENDING = 20_000;

export class IngestManager {
  private readonly live = new Map<string, Live>();
  /** Per platform sender: its comment bucket, and its name as last seen and the nickname made of it. */
  private readonly senders = new Map<string, TokenBucket>();
  /** Nicknames made of platform names, per word filter in force. */
  private readonly names = new WeakMap<WordFilter, Map<string, string>>();
  private readonly sweep: NodeJS.Timeout;
  private queue: { l: Live; item: IngestItem; resolve: (a: Ack<object>) => void }[] = [];
  private draining = false;
  /** The drain's time budget (its `yields` count the turns it gave up; tests read it). */
  slices: LoopSlice | null = null;
  private readonly judges = new JudgeThread();

  constructor(
    private readonly sink: AudienceSink,
    private readonly store: SourceStore,
    private readonly options: IngestOptions,
  ) {
    for (const record of store.list()) {
      const l = this.track(record);
      if (record.enabled) this.run(l);
    }
    this.sweep = setInterval(() => {
      if (this.senders.size > 20_000) this.senders.clear();
    }, 10_000);
    this.sweep.unref();
  }

  private key(contestId: string, id: string): string {
    return `${contestId}/${id}`;
  }

  private track(record: SourceRecord): Live {
    const now = this.options.now();
    const rate = this.options.sourceCommentsPerSecond ?? 3000;
    const l: Live = {
      record,
      health: { state: 'stopped', detail: null, retryAt: null, since: now },
      counters: emptyCounters(),
      adapter: null,
      bucket: new TokenBucket(rate, rate, now),
    };
    this.live.set(this.key(record.contestId, record.id), l);
    return l;
  }

  list(contestId: string): SourceView[] {
    return [...this.live.values()]
      .filter((l) => l.record.contestId === contestId)
      .sort((a, b) => a.record.createdAt - b.record.createdAt)
      .map((l) => sourceView(l.record, l));
  }

  get(contestId: string, id: string): SourceView | undefined {
    const l = this.live.get(this.key(contestId, id));
    return l ? sourceView(l.record, l) : undefined;
  }

  /** The signing secret of a webhook source (the receiver's only way to it). */
  webhookSecret(contestId: string, id: string): { secret: string; enabled: boolean } | undefined {
    const l = this.live.get(this.key(contestId, id));
    if (!l || l.record.kind !== 'webhook' || !l.record.secrets.secret) return undefined;
    return { secret: l.record.secrets.secret, enabled: l.record.enabled };
  }

  add(contestId: string, input: NewSource): { ok: true; source: SourceView } | { ok: false; error: DomainError } {
    if (this.list(contestId).length >= MAX_SOURCES_PER_CONTEST)
      return bad(`at most ${MAX_SOURCES_PER_CONTEST} sources`);
    const platform = input.platform ?? (input.kind === 'bilibili' ? 'bilibili' : undefined);
    if (!platform || !(COMMENT_SOURCES as readonly string[]).includes(platform)) return bad('unknown platform');
    const secrets: SourceSecrets = {};
    let baseUrl: string | undefined;
    if (input.kind === 'bilibili') {
      if (platform !== 'bilibili') return bad('a bilibili source is for the bilibili platform');
      for (const k of ['appId', 'accessKeyId', 'accessKeySecret', 'code'] as const) {
        const v = input[k]?.trim();
        if (!v) return bad(`${k} is required`);
        secrets[k] = v;
      }
      try {
        const u = new URL(input.baseUrl ?? '');
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
        baseUrl = u.origin;
      } catch {
        return bad('baseUrl must be an http(s) URL');
      }
    } else {
      const secret = input.secret?.trim() ?? '';
      if (secret.length < 16) return bad('the signing secret must be at least 16 characters');
      secrets.secret = secret;
    }
    const record: SourceRecord = {
      id: randomBytes(6)
        .toString('base64url')
        .replace(/[^A-Za-z0-9]/gu, 'x'),
      contestId,
      kind: input.kind,
      platform,
      name: cleanText(input.name ?? '').slice(0, 40) || platform,
      settings: { countLikes: input.countLikes === true, ...(baseUrl ? { baseUrl } : {}) },
      secrets,
      enabled: false,
      createdAt: this.options.now(),
    };
    this.store.put(record);
    const l = this.track(record);
    return { ok: true, source: sourceView(record, l) };
  }

  async start(contestId: string, id: string): Promise<SourceView | undefined> {
    const l = this.live.get(this.key(contestId, id));
    if (!l) return undefined;
    if (l.adapter) await l.adapter.stop();
    l.adapter = null;
    l.record = { ...l.record, enabled: true };
    this.store.put(l.record);
    this.run(l);
    return sourceView(l.record, l);
  }

  async stop(contestId: string, id: string): Promise<SourceView | undefined> {
    const l = this.live.get(this.key(contestId, id));
    if (!l) return undefined;
    l.record = { ...l.record, enabled: false };
    this.store.put(l.record);
    await this.halt(l);
    return sourceView(l.record, l);
  }

  async remove(contestId: string, id: string): Promise<boolean> {
    const l = this.live.get(this.key(contestId, id));
    if (!l) return false;
    await this.halt(l);
    this.live.delete(this.key(contestId, id));
    this.store.remove(contestId, id);
    return true;
  }

  private async halt(l: Live): Promise<void> {
    const adapter = l.adapter;
    l.adapter = null;
    if (adapter) await adapter.stop();
    l.health = { state: 'stopped', detail: null, retryAt: null, since: this.options.now() };
  }

  private run(l: Live): void {
    const r = l.record;
    // The judge thread builds its copy of the contest's filter now, not with the first comment.
    const policy = this.sink.policy(r.contestId);
    if (policy) void this.judges.judge(policy.filter, []);
    if (r.kind === 'webhook') {
      l.health = { state: 'connected', detail: null, retryAt: null, since: this.options.now() };
      return;
    }
    const adapter = new BilibiliAdapter(
      {
        baseUrl: r.settings.baseUrl ?? '',
        appId: r.secrets.appId ?? '',
        accessKeyId: r.secrets.accessKeyId ?? '',
        accessKeySecret: r.secrets.accessKeySecret ?? '',
        code: r.secrets.code ?? '',
        ...this.options.bilibili,
      },
      {
        now: this.options.now,
        health: (h) => {
          if (l.adapter === adapter) l.health = h;
        },
        count: (c) => {
          l.counters[c] += 1;
        },
        item: (item) => void this.enqueue(l, item),
      },
    );
    l.adapter = adapter;
    adapter.start();
  }

  /** Items pushed to a webhook source (already verified). */
  push(contestId: string, id: string, items: readonly IngestItem[]): Promise<Ack<object>[]> {
    const l = this.live.get(this.key(contestId, id));
    if (!l) return Promise.resolve([]);
    return Promise.all(items.map((item) => this.enqueue(l, item)));
  }

  /**
   * Items wait here and are handled in slices of at most INGEST_SLICE_MS of the event loop: a
   * frame of a hundred platform comments never holds the loop for long, so a buzzer press or a
   * host command between them is not kept waiting (I1, B2 with the ingest load, docs/BENCHMARKS.md).
   */
  private enqueue(l: Live, item: IngestItem): Promise<Ack<object>> {
    if (this.queue.length >= MAX_PENDING) {
      l.counters.rateLimited += 1;
      return Promise.resolve({ ok: false, error: domainError('RATE_LIMITED', 'ingest is behind; item dropped') });
    }
    return new Promise((resolve) => {
      this.queue.push({ l, item, resolve });
      if (!this.draining) {
        this.draining = true;
        setImmediate(this.drain);
      }
    });
  }

  private readonly drain = (): void => {
    void this.drainAll().finally(() => {
      this.draining = false;
      if (this.queue.length > 0) {
        this.draining = true;
        setImmediate(this.drain);
      }
    });
  };

  /**
   * Waiting items in batches: limits and cleaning on the event loop (cheap), the word filter —
   * on the texts and on sender names not seen before — in the judge thread, then each comment
   * to the audience core. The loop's part goes in slices of at most INGEST_SLICE_MS: between
   * two, the loop reads its sockets, so the contest's commands go before the rest of a flood.
   */
  private async drainAll(): Promise<void> {
    const slice = new LoopSlice(INGEST_SLICE_MS);
    this.slices = slice;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, JUDGE_BATCH);
      const prepared: Prepared[] = [];
      for (const entry of batch) {
        if (slice.due()) await slice.next();
        const p = this.prepare(entry.l, entry.item);
        if ('answer' in p) {
          this.settle(entry.l, entry.item, p.answer);
          entry.resolve(p.answer);
        } else prepared.push({ ...p, resolve: entry.resolve });
      }
      const byFilter = new Map<WordFilter, Prepared[]>();
      for (const p of prepared) {
        const group = byFilter.get(p.filter);
        if (group) group.push(p);
        else byFilter.set(p.filter, [p]);
      }
      for (const [filter, group] of byFilter) {
        const names = [...new Set(group.filter((p) => p.nickname === undefined).map((p) => p.cleanName))];
        const verdicts = await this.judges.judge(filter, [...group.map((p) => p.text), ...names]);
        slice.restart(); // the thread's answer is a new task
        const named = new Map<string, string>();
        names.forEach((name, i) => {
          const v = verdicts?.[group.length + i];
          named.set(name, (v ? v.outcome === 'pass' : filter.check(name).ok) ? name : '');
        });
        group.forEach((p, i) => {
          const v = verdicts?.[i];
          if (v) p.verdict = v;
          if (p.nickname === undefined) p.nickname = this.rememberName(p, named.get(p.cleanName) ?? '');
        });
      }
      for (const p of prepared) {
        if (slice.due()) await slice.next();
        const { contestId } = p.l.record;
        // Not awaited one by one: an answer comes once its batch is stored (the next tick).
        const done = (answer: Ack<object>) => {
          this.settle(p.l, p.item, answer);
          p.resolve(answer);
        };
        const failed = () => done({ ok: false, error: domainError('INTERNAL', 'internal error') });
        try {
          const answer = this.sink.handle(
            {
              contestId,
              deviceId: p.deviceId,
              role: 'audience',
              source: p.source,
              nickname: p.nickname ?? `${p.source}观众`,
              ...(p.verdict ? { judged: { filter: p.filter, verdict: p.verdict } } : {}),
            },
            'audience:comment',
            { text: p.text, color: 'white' },
          );
          if (answer instanceof Promise) answer.then(done, failed);
          else done(answer);
        } catch {
          failed();
        }
      }
    }
  }

  /** The nickname a sender's name gives (`passed`: the name if the filter let it through, else ''), remembered per name and filter. */
  private rememberName(p: Prepared, passed: string): string {
    const nickname = passed || `${p.source}观众`;
    let names = this.names.get(p.filter);
    if (!names) {
      names = new Map();
      this.names.set(p.filter, names);
    }
    if (names.size > 20_000) names.clear();
    names.set(p.item.sender.name, nickname);
    return nickname;
  }

  /** Count what became of an item. */
  private settle(l: Live, item: IngestItem, answer: Ack<object>): void {
    if (item.kind !== 'comment') return;
    l.counters.comments += 1;
    if (answer.ok) {
      if ((answer as { status?: string }).status === 'queued') l.counters.queued += 1;
      else l.counters.shown += 1;
    } else {
      const e = answer.error as DomainError & { refusal?: string };
      if (e.code === 'RATE_LIMITED') l.counters.rateLimited += 1;
      else if (e.refusal === 'muted') l.counters.muted += 1;
      else l.counters.filtered += 1;
    }
  }

  /**
   * An item's first step, on the event loop: a gift or a like is done here; a comment passes
   * the closed check, the rate limits and the cleaning, and gets its nickname.
   */
  private prepare(l: Live, item: IngestItem): { answer: Ack<object> } | Omit<Prepared, 'resolve'> {
    const { contestId } = l.record;
    const source: CommentSource = l.record.platform;
    const deviceId = `${source}:${item.sender.id}`.slice(0, 100);
    if (item.kind === 'gift') {
      l.counters.gifts += item.count;
      return { answer: { ok: true } };
    }
    if (item.kind === 'like') {
      l.counters.likes += item.count;
      if (!l.record.settings.countLikes) return { answer: { ok: true } };
      // Likes are counted in memory and stored once a second: no need for the thread.
      void this.sink.handle({ contestId, deviceId, role: 'audience' }, 'audience:like', {
        count: Math.min(item.count, 1000),
      });
      return { answer: { ok: true } };
    }
    const now = this.options.now();
    const policy = this.sink.policy(contestId);
    if (!policy)
      return { answer: { ok: false, error: domainError('UNAVAILABLE', 'the audience service is starting') } };
    if (policy.mode === 'closed')
      return { answer: { ok: false, error: domainError('INVALID_STATE', 'comments are closed') } };
    let sender = this.senders.get(`${contestId}/${deviceId}`);
    if (!sender) {
      sender = new TokenBucket(1000 / (this.options.senderIntervalMs ?? 3000), this.options.senderBurst ?? 3, now);
      this.senders.set(`${contestId}/${deviceId}`, sender);
    }
    if (!l.bucket.take(now) || !sender.take(now)) {
      return {
        answer: { ok: false, error: domainError('RATE_LIMITED', 'too many comments from this source or sender') },
      };
    }
    let text = cleanText(item.text);
    if (text.length === 0) return { answer: { ok: false, error: domainError('BAD_REQUEST', 'empty comment') } };
    if (charLength(text) > MAX_COMMENT_CHARS) text = [...text].slice(0, MAX_COMMENT_CHARS - 1).join('') + '…';
    // The sender's platform name as a nickname, checked once per name and word list (a changed
    // list is a new filter object, so a new check) — in the judge thread with the texts.
    const known = this.names.get(policy.filter)?.get(item.sender.name);
    const cleanName = known === undefined ? [...cleanText(item.sender.name)].slice(0, MAX_NICKNAME_CHARS).join('') : '';
    const nickname = known ?? (cleanName ? undefined : `${source}观众`);
    return { l, item, deviceId, source, nickname, cleanName, text, filter: policy.filter };
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
    await this.judges.close();
    await Promise.all([...this.live.values()].map((l) => this.halt(l)));
    this.store.close();
  }
}
