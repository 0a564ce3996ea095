/**
 * Play-along stream delay. Livestream viewers see the stage 8–20 s late; their phones must not
 * show a play-along question or its answer before the stream does. With a delay of D seconds
 * (the contest's `knowledge.streamDelaySeconds`, set by the host, recorded as an event):
 *
 * - the `playAlong` field of every audience frame is taken out of the frame the phones get and
 *   released D seconds later, in order, as a frame of its own (`{ seq, comments: [], playAlong }`);
 * - hall phones (joined with `hall: true`, the `?hall=1` link) get it at once: they watch the stage;
 * - the host's close of a round takes effect D seconds later, so a viewer has the same time to
 *   answer as the hall (the answer window is extended by D), and the answer, produced by the
 *   deferred close, goes out to the phones without a second delay;
 * - a phone that connects or resyncs gets the view it would have now (the released one).
 *
 * Everything else in a frame (comments, likes, cheers) is not held. With D = 0 nothing changes.
 * The audience pipeline calls three hooks: `phoneFrame` on its fan-out, `closeRound` on the host's
 * close, `viewFor` on a full frame.
 */
import type { AudienceFrame, PlayAlongView } from '@leitai/shared';
import type { ContestService } from '../contests/contest-service.ts';
import { viewRoom } from '../net/rooms.ts';
import type { LeitaiServer } from '../net/socket-types.ts';

interface Held {
  releaseAt: number;
  seq: number;
  view: PlayAlongView | null;
}

export interface StreamDelayIo {
  /** The frame to the delayed phones (every audience socket but the hall's). */
  toStream(frame: AudienceFrame): void;
  /** The frame to the hall phones only (live). */
  toHall(frame: AudienceFrame): void;
}

/** One contest's hold. */
export class StreamDelay {
  private held: Held[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** What the delayed phones have been given so far (the question kept across count-only views). */
  private released: PlayAlongView | null = null;
  private releasedSet = false;
  private pendingClose: NodeJS.Timeout | null = null;

  constructor(
    private readonly now: () => number,
    private readonly delayMs: () => number,
    private readonly io: StreamDelayIo,
  ) {}

  /**
   * The frame every audience phone gets from this tick. With a delay the play-along view leaves
   * it: the hall gets it now, the stream later. Returns the frame to send to all phones.
   */
  phoneFrame(frame: AudienceFrame): AudienceFrame {
    const delay = this.delayMs();
    if (frame.playAlong === undefined) return frame;
    if (delay <= 0 && this.held.length === 0) {
      this.remember(frame.playAlong);
      return frame;
    }
    const { playAlong, ...rest } = frame;
    this.io.toHall({ seq: frame.seq, comments: [], playAlong });
    this.hold(frame.seq, playAlong, this.now() + Math.max(0, delay));
    return rest;
  }

  /**
   * The host closes the open round: at once without a delay, else after it (the stream's viewers
   * see the question D seconds late and keep their full window). Returns when it closes.
   */
  closeRound(close: () => void): { closesAt: number } {
    const delay = this.delayMs();
    if (delay <= 0) {
      close();
      return { closesAt: this.now() };
    }
    if (this.pendingClose) clearTimeout(this.pendingClose);
    this.pendingClose = setTimeout(() => {
      this.pendingClose = null;
      this.closedLate = true;
      close();
    }, delay);
    this.pendingClose.unref?.();
    return { closesAt: this.now() + delay };
  }

  /** A close is waiting for the delay. */
  get closePending(): boolean {
    return this.pendingClose !== null;
  }

  /** A deferred close ran: the next view with the answer is already D late and goes out at once. */
  private closedLate = false;

  /** The play-along view a phone that (re)connects now may see. */
  viewFor(live: PlayAlongView | null, hall: boolean): PlayAlongView | null {
    if (hall || (this.delayMs() <= 0 && this.held.length === 0)) return live;
    return this.releasedSet ? this.released : null;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.pendingClose) clearTimeout(this.pendingClose);
    this.timer = null;
    this.pendingClose = null;
  }

  private hold(seq: number, view: PlayAlongView | null, releaseAt: number): void {
    if (this.closedLate && view?.answer) {
      // The deferred close's answer: the round's count-only views still held are superseded by
      // it (its question view went out by now: the close came at least D after the opening).
      this.closedLate = false;
      this.held = this.held.filter((h) => h.view?.roundId !== view.roundId || h.view.question !== undefined);
      releaseAt = this.now();
    }
    const last = this.held[this.held.length - 1];
    this.held.push({ seq, view, releaseAt: Math.max(releaseAt, last?.releaseAt ?? 0) });
    if (this.held[0]!.releaseAt <= this.now()) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.release();
    } else this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.held.length === 0) return;
    const wait = Math.max(0, this.held[0]!.releaseAt - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.release();
    }, wait);
    this.timer.unref?.();
  }

  private release(): void {
    const t = this.now();
    while (this.held.length > 0 && this.held[0]!.releaseAt <= t) {
      const h = this.held.shift()!;
      this.remember(h.view);
      this.io.toStream({ seq: h.seq, comments: [], playAlong: h.view });
    }
    this.schedule();
  }

  private remember(view: PlayAlongView | null): void {
    const question =
      view && !view.question && this.released?.roundId === view.roundId ? this.released.question : undefined;
    this.released = view && question ? { ...view, question } : view;
    this.releasedSet = true;
  }
}

/** The room of a contest's hall phones (joined with `hall: true`): they watch the stage live. */
export const hallRoom = (contestId: string): string => `${viewRoom(contestId, 'audience')}:hall`;

/** Every contest's hold, wired to a Socket.IO server; the delay is the contest's recorded setting. */
export function createStreamDelays(io: LeitaiServer, service: ContestService, now: () => number) {
  const delays = new Map<string, StreamDelay>();
  return {
    of(contestId: string): StreamDelay {
      let d = delays.get(contestId);
      if (!d) {
        d = new StreamDelay(now, () => (service.get(contestId)?.state?.knowledge.streamDelaySeconds ?? 0) * 1000, {
          toStream: (frame) =>
            io.to(viewRoom(contestId, 'audience')).except(hallRoom(contestId)).emit('audience:frame', frame),
          toHall: (frame) => io.to(hallRoom(contestId)).emit('audience:frame', frame),
        });
        delays.set(contestId, d);
      }
      return d;
    },
    stop(): void {
      for (const d of delays.values()) d.stop();
    },
  };
}
