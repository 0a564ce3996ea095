/**
 * The buzzer's links on an edge (docs/architecture.md, "The fair buzzer"): a contestant phone
 * that reached an edge (misrouted, or moved there by a failover) is measured as the core measures
 * its own, and its press reaches the core with a claim the core can judge.
 *
 * - Its clock is the core's, end to end: the edge relays a seated screen's `clock:ping` to the
 *   core (a `clock` call), so each sample's bounds span phone → edge → Redis → core and back, and
 *   the phone's own error bound and uncertainty (reported in its probe answers) already cover
 *   both legs. No offset is composed on the edge, so none can be understated.
 * - Its window is measured in two legs: the edge's link monitor (the core's `LinkMonitor`)
 *   probes the phone with `clock:probe`, and the edge samples its own calls to the core (`clock`,
 *   a burst at start, then every second, plus every relayed ping). A press's window is the
 *   phone↔edge window plus the edge↔core window plus the edge's loop lag: each one-way leg takes
 *   no longer than the longest round trip measured on it, so the sum bounds the press's way to
 *   the core. No window on either leg yet: the press goes without a link (arrival order).
 * - The core learns the phones (windows through the edge) for arming's slowest window and the
 *   host's `link:status` (`links` calls), and asks for absence proofs (`leitai:prove`): the edge
 *   probes its phones and answers `proven` on the same Redis channel its forwarded presses take,
 *   so the answer follows any press the phone sent before it.
 */
import { performance } from 'node:perf_hooks';
import { claimWindow, CLAIM_MEMORY, type Ack, type ClockPong, type LinkQuality, type LinkStatus } from '@leitai/shared';
import { LinkMonitor } from '../net/knowledge-links.ts';
import type { LeitaiServer, LeitaiSocket } from '../net/socket-gateway.ts';
import { PROVE_EVENT, onClusterEvent, type CoreCaller, type ProveEnvelope } from './cluster-rpc.ts';

export interface EdgeLinksOptions {
  edgeId: string;
  now: () => number;
  /** Samples of the edge↔core link at start, 100 ms apart. */
  burstCount?: number;
  /** Then one sample every this many ms. */
  sampleEveryMs?: number;
}

export class EdgeLinks {
  /** The edge's phones, probed as the core probes its own. */
  readonly monitor: LinkMonitor;
  /** Answered edge↔core round trips (ms, rounded up), newest last. */
  private coreRtts: number[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    io: LeitaiServer,
    private readonly call: CoreCaller['call'],
    private readonly options: EdgeLinksOptions,
  ) {
    const { edgeId } = options;
    this.monitor = new LinkMonitor(options.now, (contestId, frame) => {
      void this.call({ op: 'links', edgeId, contestId, links: frame.links.map((l) => this.throughEdge(l)) });
    });
    onClusterEvent(io, PROVE_EVENT, (proof: ProveEnvelope) => this.prove(proof));
    let burst = options.burstCount ?? 12;
    const tick = () => {
      this.timer = undefined;
      if (this.closed) return;
      void this.sampleCore().finally(() => {
        if (this.closed) return;
        burst -= 1;
        this.timer = setTimeout(tick, burst > 0 ? 100 : (options.sampleEveryMs ?? 1000));
        this.timer.unref?.();
      });
    };
    tick();
  }

  /** A contestant's socket: probed from now on. */
  track(socket: LeitaiSocket): void {
    if (socket.data.role === 'contestant') this.monitor.track(socket);
  }

  /** A seated screen's `clock:ping`, answered by the core's clock (the round trip is a sample of the core link too). */
  relayClock(t0: number): Promise<Ack<ClockPong>> {
    return this.timedClock(t0);
  }

  /** The edge↔core claim window, ms (null until enough calls have been answered). */
  coreWindow(): number | null {
    return claimWindow(this.coreRtts);
  }

  /**
   * The link a press from this socket is forwarded with: the phone's clock status as it reported
   * it, and a window covering both legs and this edge's loop lag. Undefined (arrival order) while
   * either leg is unmeasured.
   */
  linkFor(socketId: string): LinkQuality | undefined {
    const phone = this.monitor.linkOf(socketId);
    const core = this.coreWindow();
    if (!phone || !Number.isFinite(phone.rttMs) || core === null) return undefined;
    return {
      rttMs: phone.rttMs + core + Math.ceil(phone.lagMs ?? 0),
      synced: phone.synced,
      ...(phone.errorMs !== undefined ? { errorMs: phone.errorMs } : {}),
      ...(phone.uncertaintyMs !== undefined ? { uncertaintyMs: phone.uncertaintyMs } : {}),
    };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** A phone's status as the core keeps it: round trip and window through this edge. */
  private throughEdge(l: LinkStatus): LinkStatus {
    const core = this.coreWindow();
    const best = this.coreRtts.length ? Math.min(...this.coreRtts) : null;
    return {
      ...l,
      rttMs: l.rttMs === null || best === null ? null : l.rttMs + best,
      windowMs: l.windowMs === null || core === null ? null : l.windowMs + core,
    };
  }

  /** The core asks for absence proofs: probe this edge's phones of the contest, then answer. */
  private prove(proof: ProveEnvelope): void {
    if (!proof || !Array.isArray(proof.edges) || !proof.edges.includes(this.options.edgeId)) return;
    this.monitor.proveAbsence(proof.contestId, () => {
      void this.call({ op: 'proven', edgeId: this.options.edgeId, proof: proof.proof });
    });
  }

  private async sampleCore(): Promise<void> {
    await this.timedClock(this.options.now());
  }

  private async timedClock(t0: number): Promise<Ack<ClockPong>> {
    const sent = performance.now();
    const ack = await this.call({ op: 'clock', t0 });
    if (ack.ok) this.coreRtts = [...this.coreRtts, Math.ceil(performance.now() - sent)].slice(-CLAIM_MEMORY);
    return ack;
  }
}
