/**
 * Link measurement for the buzzer (knowledge module): the server MEASURES each contestant
 * phone's round trip instead of trusting the phone. Every seated contestant socket gets a
 * `clock:probe` with an ack — a burst of 12 after connecting, then one every 2 s — and
 * the server keeps the last `LINK_SAMPLES` round trips (lost probes included, for the status)
 * and the last `CLAIM_MEMORY` answered ones. A press is bounded by its own socket's claim window
 * (`claimWindow`: the longest answered round trip remembered); arming the buzzer is given the
 * slowest connected phone's window. When the first valid press of a buzz arrives, `proveAbsence`
 * probes every phone of the contest at once: a socket delivers a phone's messages in order, so
 * its answer proves any earlier press of that phone is already in (B6, the held decision). The
 * host room receives every phone's link as `link:status`.
 *
 * Scaled out, an edge runs a monitor of its own for the phones it holds and reports them here
 * (`setRemote`, windows already widened by the edge↔core leg, cluster/edge-links.ts): they count
 * for the slowest window, show in `link:status`, and the absence proofs wait for the edge's
 * (`remoteProofs`). An edge's forwarded press carries its measured link (`linkForCommand`).
 */
import {
  CLAIM_MEMORY,
  HOLD_CAP_MS,
  LINK_SAMPLES,
  claimWindow,
  deviceTag,
  MIN_LINK_SAMPLES,
  type ClockProbeAck,
  type LinkQuality,
  type LinkStatus,
} from '@leitai/shared';
import { LoopLag } from './loop-lag.ts';
import type { LeitaiSocket } from './socket-types.ts';

export interface LinkMonitorOptions {
  probeEveryMs?: number;
  burstCount?: number;
  burstSpacingMs?: number;
  probeTimeoutMs?: number;
  /** Least time between two `link:status` frames of one contest. */
  statusEveryMs?: number;
}

interface Link {
  socket: LeitaiSocket;
  contestId: string;
  contestantId: string;
  deviceId: string;
  samples: number[];
  /** Answered round trips only (the claim window's memory). */
  answered: number[];
  clockSynced: boolean;
  clockErrorMs: number | null;
  clockUncertaintyMs: number | null;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class LinkMonitor {
  private readonly links = new Map<string, Link>();
  private readonly lastStatus = new Map<string, number>();
  private readonly pendingStatus = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly opts: Required<LinkMonitorOptions>;
  private readonly loopLag: LoopLag;
  /** Phones held by edges, per edge and contest, as their edge reports them. */
  private readonly remote = new Map<string, Map<string, LinkStatus[]>>();
  /** Set by the core: the absence proofs of the phones the `sources` (edges) hold. */
  remoteProofs: ((contestId: string, sources: string[]) => Promise<unknown>) | undefined;

  constructor(
    private readonly now: () => number,
    private readonly toHost: (contestId: string, frame: { links: LinkStatus[] }) => void,
    options: LinkMonitorOptions = {},
  ) {
    this.opts = {
      probeEveryMs: options.probeEveryMs ?? 2000,
      // A phone's claim window is a high-water mark: a dozen probes at once fill its memory
      // sooner than four did (a phone that joins just before a question has seen fewer bursts).
      burstCount: options.burstCount ?? 12,
      burstSpacingMs: options.burstSpacingMs ?? 100,
      probeTimeoutMs: options.probeTimeoutMs ?? 3000,
      statusEveryMs: options.statusEveryMs ?? 1000,
    };
    this.loopLag = new LoopLag(now);
  }

  /** Start probing a seated contestant socket; stops by itself when it disconnects. */
  track(socket: LeitaiSocket): void {
    const { contestId, subjectId, deviceId } = socket.data;
    if (!subjectId) return;
    const link: Link = {
      socket,
      contestId,
      contestantId: subjectId,
      deviceId,
      samples: [],
      answered: [],
      clockSynced: false,
      clockErrorMs: null,
      clockUncertaintyMs: null,
      timer: undefined,
    };
    // The same phone back on a new socket while its old one has not timed out yet (R3): the old
    // link's lost probes would count against the new one and list the phone twice.
    // Seat and device together: another seat's socket claiming this device id replaces nothing here.
    for (const [id, old] of this.links) {
      if (old.contestId !== contestId || old.contestantId !== subjectId || old.deviceId !== deviceId) continue;
      if (old.timer) clearTimeout(old.timer);
      this.links.delete(id);
    }
    this.links.set(socket.id, link);
    this.loopLag.lagMs(); // starts the meter with the first seated phone
    let burstLeft = this.opts.burstCount;
    const tick = () => {
      link.timer = undefined;
      if (!socket.connected) return;
      void this.probe(link).finally(() => {
        if (!this.links.has(socket.id)) return;
        burstLeft -= 1;
        link.timer = setTimeout(tick, burstLeft > 0 ? this.opts.burstSpacingMs : this.opts.probeEveryMs);
        link.timer.unref?.();
      });
    };
    tick();
    socket.on('disconnect', () => {
      if (link.timer) clearTimeout(link.timer);
      this.links.delete(socket.id);
      this.statusSoon(contestId);
    });
  }

  /** Probe one phone; resolves true when it answered in time (the round trip is recorded either way). */
  private probe(link: Link, timeoutMs = this.opts.probeTimeoutMs): Promise<boolean> {
    const sentAt = this.now();
    return link.socket
      .timeout(timeoutMs)
      .emitWithAck('clock:probe', { serverTime: sentAt })
      .then(
        (ack: ClockProbeAck) => {
          const rtt = this.now() - sentAt;
          link.samples = [...link.samples, rtt].slice(-LINK_SAMPLES);
          link.answered = [...link.answered, rtt].slice(-CLAIM_MEMORY);
          link.clockSynced = ack?.synced === true;
          link.clockErrorMs = typeof ack?.errorMs === 'number' ? Math.round(ack.errorMs) : null;
          link.clockUncertaintyMs = typeof ack?.uncertaintyMs === 'number' ? Math.round(ack.uncertaintyMs) : null;
          this.statusSoon(link.contestId);
          return true;
        },
        () => {
          // No ack in time: a lost probe says the link is bad; count it as a long round trip.
          link.samples = [...link.samples, timeoutMs].slice(-LINK_SAMPLES);
          this.statusSoon(link.contestId);
          return false;
        },
      );
  }

  /**
   * The held decision's absence proofs: probe every measured phone of the contest now (the first
   * valid press has just arrived) and call `done` once each has answered — a phone's answer
   * arrives after any press it made before reading the probe — or after `HOLD_CAP_MS`, whichever
   * is first. A phone that never answered a probe (no claim window) is not waited for.
   */
  proveAbsence(contestId: string, done: () => void): void {
    const waiting = [...this.links.values()].filter(
      (l) => l.contestId === contestId && l.socket.connected && claimWindow(l.answered) !== null,
    );
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(cap);
      done();
    };
    const cap = setTimeout(finish, HOLD_CAP_MS);
    cap.unref?.();
    const sources = [...this.remote]
      .filter(([, byContest]) => byContest.get(contestId)?.some((l) => l.windowMs !== null))
      .map(([source]) => source);
    const remote = sources.length && this.remoteProofs ? [this.remoteProofs(contestId, sources)] : [];
    void Promise.all([...waiting.map((l) => this.probe(l, HOLD_CAP_MS)), ...remote]).then(finish, finish);
  }

  /** The measured link of one socket, or undefined when it is not a probed contestant socket. */
  linkOf(socketId: string): LinkQuality | undefined {
    const link = this.links.get(socketId);
    if (!link) return undefined;
    const window = claimWindow(link.answered);
    const lagMs = this.loopLag.lagMs();
    if (window === null) return { rttMs: Number.POSITIVE_INFINITY, synced: false, lagMs };
    return {
      rttMs: window,
      synced: link.clockSynced && link.samples.length >= MIN_LINK_SAMPLES,
      ...(link.clockErrorMs !== null ? { errorMs: link.clockErrorMs } : {}),
      ...(link.clockUncertaintyMs !== null ? { uncertaintyMs: link.clockUncertaintyMs } : {}),
      lagMs,
    };
  }

  /** The slowest connected contestant phone of a contest (its claim window), for the grace window. */
  slowest(contestId: string): LinkQuality | undefined {
    let worst: number | undefined;
    for (const link of this.links.values()) {
      if (link.contestId !== contestId) continue;
      const w = claimWindow(link.answered);
      if (w !== null) worst = Math.max(worst ?? 0, w);
    }
    for (const byContest of this.remote.values()) {
      for (const l of byContest.get(contestId) ?? []) if (l.windowMs !== null) worst = Math.max(worst ?? 0, l.windowMs);
    }
    // This gateway proves absences (proveAbsence): the decision may be held for them.
    return worst === undefined ? undefined : { rttMs: worst, synced: true, absenceProofs: true };
  }

  /**
   * The `link` to pass to the runtime with a command: the sender's own link for a press (the link
   * its edge measured for a forwarded press, with this process's loop lag; none measured:
   * arrival order), the slowest phone's for arming the buzzer (wherever the host's socket is),
   * nothing otherwise.
   */
  linkForCommand(
    socketId: string | undefined,
    contestId: string,
    commandType: string,
    forwarded?: LinkQuality,
  ): LinkQuality | undefined {
    if (commandType === 'Buzz')
      return (
        (socketId !== undefined ? this.linkOf(socketId) : undefined) ??
        (forwarded ? { ...forwarded, lagMs: this.loopLag.lagMs() } : undefined) ?? {
          rttMs: Number.POSITIVE_INFINITY,
          synced: false,
        }
      );
    if (commandType === 'ArmBuzzer') return this.slowest(contestId);
    return undefined;
  }

  /** The phones an edge (`source`) holds for a contest, as it measures them; an empty list forgets them. */
  setRemote(source: string, contestId: string, links: LinkStatus[]): void {
    const byContest = this.remote.get(source) ?? new Map<string, LinkStatus[]>();
    if (links.length) byContest.set(contestId, links);
    else byContest.delete(contestId);
    if (byContest.size) this.remote.set(source, byContest);
    else this.remote.delete(source);
    this.statusSoon(contestId);
  }

  /** An edge gone: forget every phone it held. */
  dropRemote(source: string): void {
    for (const contestId of [...(this.remote.get(source)?.keys() ?? [])]) this.setRemote(source, contestId, []);
  }

  /** Every probed phone of a contest (those edges hold included), as the host panel shows it. */
  status(contestId: string): LinkStatus[] {
    const out: LinkStatus[] = [];
    for (const byContest of this.remote.values()) out.push(...(byContest.get(contestId) ?? []));
    for (const link of this.links.values()) {
      if (link.contestId !== contestId) continue;
      out.push({
        contestantId: link.contestantId,
        device: deviceTag(link.deviceId),
        rttMs: link.samples.length ? Math.min(...link.samples) : null,
        windowMs: claimWindow(link.answered),
        clockErrorMs: link.clockErrorMs,
        synced: link.clockSynced && link.samples.length >= MIN_LINK_SAMPLES,
      });
    }
    return out.sort((a, b) => (a.contestantId < b.contestantId ? -1 : a.contestantId > b.contestantId ? 1 : 0));
  }

  /** Send the host room a status frame, at most one per `statusEveryMs` per contest. */
  private statusSoon(contestId: string): void {
    if (this.pendingStatus.has(contestId)) return;
    const wait = Math.max(0, (this.lastStatus.get(contestId) ?? 0) + this.opts.statusEveryMs - this.now());
    const timer = setTimeout(() => {
      this.pendingStatus.delete(contestId);
      this.lastStatus.set(contestId, this.now());
      this.toHost(contestId, { links: this.status(contestId) });
    }, wait);
    timer.unref?.();
    this.pendingStatus.set(contestId, timer);
  }
}
