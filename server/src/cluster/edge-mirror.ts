/**
 * An edge's mirrors of each contest's audience view and comment policy: loaded from the core,
 * then kept by the audience events and policy pushes the core tells every edge (one message from
 * the core, not two), and reloaded whole after a gap or a Redis outage.
 */
import { foldPositioned, type ContestState, type PositionedEvent } from '@leitai/shared';
import { WordFilter } from '../audience/text-filter.ts';
import { sendToLocalAudience } from '../net/audience-broadcast.ts';
import type { LeitaiServer } from '../net/socket-gateway.ts';
import {
  AUDIENCE_EVENT,
  POLICY_EVENT,
  onClusterEvent,
  type AudienceEnvelope,
  type AudiencePolicyWire,
  type CoreCaller,
} from './cluster-rpc.ts';
import type { RedisLink } from './redis-link.ts';

interface Mirror {
  view: ContestState | null;
  loading: Promise<void> | null;
  /** A gap or a return of Redis while a load was under way: load again after it (that load may have been asked of a core not yet back). */
  again: boolean;
  policy: { mode: AudiencePolicyWire['mode']; filter: WordFilter; key: string } | null;
}

export class AudienceMirrors {
  private readonly mirrors = new Map<string, Mirror>();

  constructor(
    io: LeitaiServer,
    redis: RedisLink,
    private readonly call: CoreCaller['call'],
  ) {
    // The audience broadcasts: the tick's frame and the contest's events projected for the
    // audience. The same events feed the mirror; delivered first, folded after.
    onClusterEvent(io, AUDIENCE_EVENT, (b: AudienceEnvelope) => {
      sendToLocalAudience(io, b.contestId, b.event, b.payload);
      if (b.event !== 'contest:events') return;
      const m = this.mirrors.get(b.contestId);
      if (!m?.view) return;
      const out = foldPositioned(m.view, (b.payload as { events: PositionedEvent[] }).events);
      m.view = out.state;
      if (out.gap) void this.load(b.contestId);
    });
    onClusterEvent(io, POLICY_EVENT, (p: AudiencePolicyWire & { contestId: string }) => {
      const m = this.mirrors.get(p.contestId);
      if (m) this.setPolicy(m, p);
    });
    redis.onChange((s) => {
      // Events told while Redis was away are lost to the mirror: reload every mirror.
      if (s.up) for (const id of this.mirrors.keys()) void this.load(id);
    });
  }

  /** The audience view of `contestId`, when mirrored. */
  view(contestId: string): ContestState | null {
    return this.mirrors.get(contestId)?.view ?? null;
  }

  /** The comment mode and word filter of `contestId`, when mirrored. */
  policy(contestId: string): { mode: AudiencePolicyWire['mode']; filter: WordFilter } | undefined {
    const p = this.mirrors.get(contestId)?.policy;
    return p ? { mode: p.mode, filter: p.filter } : undefined;
  }

  /** The mirror of `contestId` loaded when it is not yet whole; false when its view could not be loaded. */
  async ready(contestId: string): Promise<boolean> {
    const m = this.mirrorOf(contestId);
    if (!m.view || !m.policy) await this.load(contestId, false);
    return m.view !== null;
  }

  private mirrorOf(contestId: string): Mirror {
    let m = this.mirrors.get(contestId);
    if (!m) {
      m = { view: null, loading: null, again: false, policy: null };
      this.mirrors.set(contestId, m);
    }
    return m;
  }

  private setPolicy(m: Mirror, p: AudiencePolicyWire): void {
    const key = JSON.stringify(p.words);
    const filter = m.policy?.key === key ? m.policy.filter : new WordFilter(p.words);
    m.policy = { mode: p.mode, filter, key };
  }

  /** Load the mirror from the core; `again`: if a load is under way, one more after it. */
  private load(contestId: string, again = true): Promise<void> {
    const m = this.mirrorOf(contestId);
    if (m.loading) {
      m.again ||= again;
      return m.loading;
    }
    m.loading = (async () => {
      const [view, policy] = await Promise.all([
        this.call({ op: 'view', contestId, viewer: { role: 'audience' } }),
        this.call({ op: 'policy', contestId }),
      ]);
      if (view.ok && (!m.view || view.state.version >= m.view.version)) m.view = view.state;
      if (policy.ok) this.setPolicy(m, policy);
    })().finally(() => {
      m.loading = null;
      if (m.again) {
        m.again = false;
        void this.load(contestId);
      }
    });
    return m.loading;
  }
}
