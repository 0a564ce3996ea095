/**
 * The danmaku renderer: one canvas, comments flying right to left in lanes so they never
 * overlap, speed by length, a density cap that samples when the flow is heavier than the
 * screen can show, and a pinned comment. Text is only ever drawn with `fillText`/`strokeText`
 * on a canvas, so whatever a sender typed (`<img onerror=…>`, `<script>`) is pixels, never markup.
 *
 * Each comment is drawn once into a small sprite canvas; every frame is then one `drawImage`
 * per comment on screen.
 */
import type { CommentColor, CommentSource, ShownComment } from '@leitai/shared';
import { COLOR_FILL } from './colors.ts';
import { SOURCE_BADGES, badgeLabel } from './source-badges.ts';

export { COLOR_FILL };

export interface DanmakuOptions {
  width: number;
  height: number;
  /** Band of the screen the lanes use (px from the top), leaving the lower third free. */
  top: number;
  bandHeight: number;
  fontSize: number;
  /** Seconds a short comment takes to cross the screen; long ones are a little faster. */
  crossSeconds: number;
  /** Comments waiting for a free lane; beyond this the oldest are dropped (sampling). */
  maxWaiting: number;
  /** Stress mode for benchmarks: lanes are assigned round-robin and may overlap. */
  overlap: boolean;
  fontFamily: string;
  /** The badge label of a platform comment (the screen's language); default the Chinese names. */
  badgeLabel: (source: CommentSource) => string;
}

/** A box on the 1920×1080 canvas, in canvas pixels. */
export interface CanvasBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Room kept between a reserved box and the nearest lane. */
const RESERVE_MARGIN = 8;

interface Flying {
  text: string;
  /** The platform badge drawn before the text (a platform comment). */
  source?: CommentSource;
  /** Its width is the comment's: it may grow once the font's glyphs have loaded. */
  sprite: HTMLCanvasElement;
  x: number;
  /** Pixels per millisecond. */
  speed: number;
  lane: number;
}

export interface DanmakuStats {
  onScreen: number;
  waiting: number;
  shown: number;
  dropped: number;
  frames: number;
  /** Draw time of the last frames (ms), newest last, at most 600. */
  drawMs: number[];
}

const DEFAULTS: DanmakuOptions = {
  width: 1920,
  height: 1080,
  top: 24,
  bandHeight: 560,
  fontSize: 40,
  crossSeconds: 9,
  maxWaiting: 60,
  overlap: false,
  // Emoji first: the self-hosted colour font covers emoji code points only (digits and text stay in the CJK font).
  fontFamily:
    '"Noto Color Emoji", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Apple Color Emoji", "Segoe UI Emoji", sans-serif',
  badgeLabel: (source) => badgeLabel(source, 'zh-CN'),
};

export class DanmakuEngine {
  readonly options: DanmakuOptions;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly lanes: (Flying | null)[];
  private flying: Flying[] = [];
  private waiting: ShownComment[] = [];
  private pinned: { comment: ShownComment; sprite: HTMLCanvasElement } | null = null;
  /** Lanes that cross a reserved box (title bar, question card, …): nothing flies there. */
  private blocked: boolean[];
  private reserved: CanvasBox[] = [];
  private raf = 0;
  private last = 0;
  private rr = 0;
  private enabled = true;
  readonly stats: DanmakuStats = { onScreen: 0, waiting: 0, shown: 0, dropped: 0, frames: 0, drawMs: [] };

  constructor(
    private readonly canvas: HTMLCanvasElement,
    options: Partial<DanmakuOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    canvas.width = this.options.width;
    canvas.height = this.options.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('2d canvas unavailable');
    this.ctx = ctx;
    const laneCount = Math.max(1, Math.floor(this.options.bandHeight / (this.options.fontSize * 1.35)));
    this.lanes = Array.from({ length: laneCount }, () => null);
    this.blocked = this.lanes.map(() => false);
  }

  private get laneHeight(): number {
    return this.options.fontSize * 1.35;
  }

  /**
   * The boxes danmaku must never cover. A comment crosses the whole width, so a lane is closed
   * when its strip meets a box anywhere; comments already flying in a closed lane leave at once.
   */
  setReserved(boxes: readonly CanvasBox[]): void {
    const key = (bs: readonly CanvasBox[]) => bs.map((b) => `${b.x},${b.y},${b.width},${b.height}`).join(';');
    if (key(boxes) === key(this.reserved)) return;
    this.reserved = boxes.map((b) => ({ ...b }));
    const { top } = this.options;
    const laneH = this.laneHeight;
    this.blocked = this.lanes.map((_, i) => {
      const y0 = top + i * laneH;
      const y1 = y0 + laneH;
      return boxes.some(
        (b) => b.width > 0 && b.height > 0 && b.y - RESERVE_MARGIN < y1 && b.y + b.height + RESERVE_MARGIN > y0,
      );
    });
    this.evictClosedLanes();
    this.draw();
  }

  /** The lane the pinned comment takes: the lowest open lane, so it sits under the flying ones. */
  private pinnedLane(): number {
    if (!this.pinned) return -1;
    for (let i = this.lanes.length - 1; i >= 0; i--) if (!this.blocked[i]) return i;
    return -1;
  }

  private laneOpen(i: number): boolean {
    return !this.blocked[i] && i !== this.pinnedLane();
  }

  private evictClosedLanes(): void {
    this.flying = this.flying.filter((f) => this.laneOpen(f.lane));
    this.lanes.forEach((f, i) => {
      if (f && !this.laneOpen(i)) this.lanes[i] = null;
    });
  }

  /** Where each flying comment and the pinned comment are drawn (tests compare them with the reserved boxes). */
  boxes(): { flying: CanvasBox[]; pinned: CanvasBox | null } {
    const { top } = this.options;
    const laneH = this.laneHeight;
    const flying = this.flying.map((f) => ({
      x: Math.round(f.x),
      y: Math.round(top + f.lane * laneH),
      width: f.sprite.width,
      height: f.sprite.height,
    }));
    return { flying, pinned: this.pinnedBox() };
  }

  private pinnedBox(): CanvasBox | null {
    const lane = this.pinnedLane();
    if (!this.pinned || lane < 0) return null;
    const s = this.pinned.sprite;
    const laneH = this.laneHeight;
    return {
      x: Math.round((this.options.width - s.width) / 2),
      y: Math.round(this.options.top + lane * laneH + (laneH - s.height) / 2),
      width: s.width,
      height: s.height,
    };
  }

  get laneCount(): number {
    return this.lanes.length;
  }

  /** Queue comments; they enter as lanes free up. */
  add(comments: readonly ShownComment[]): void {
    if (!this.enabled) return;
    for (const c of comments) this.waiting.push(c);
    const over = this.waiting.length - this.options.maxWaiting;
    if (over > 0) {
      // Heavier than the screen can show: keep an even sample of what waits, newest kept.
      this.stats.dropped += over;
      this.waiting = sampleKeepLast(this.waiting, this.options.maxWaiting);
    }
    this.start();
  }

  /** Kill switch: everything off the screen at once (and nothing accepted while disabled). */
  clear(): void {
    this.flying = [];
    this.waiting = [];
    this.lanes.fill(null);
    this.pinned = null;
    this.draw();
  }

  setEnabled(on: boolean): void {
    this.enabled = on;
    if (!on) this.clear();
  }

  setPinned(comment: ShownComment | null): void {
    if (comment?.id === this.pinned?.comment.id) return;
    this.pinned = comment
      ? {
          comment,
          sprite: this.sprite(`📌 ${comment.nickname}：${comment.text}`, comment.color, true, comment.source),
        }
      : null;
    this.evictClosedLanes();
    this.start();
    this.draw();
  }

  /** Texts currently drawn (tests read it through the page). */
  visibleTexts(): string[] {
    return this.flying.map((f) => f.text);
  }

  /** Comments currently drawn with their platform badge, if any (tests read it through the page). */
  visibleItems(): { text: string; source: CommentSource | null }[] {
    return this.flying.map((f) => ({ text: f.text, source: f.source ?? null }));
  }

  destroy(): void {
    cancelAnimationFrame(this.raf);
    this.raf = 0;
  }

  private sprite(text: string, color: CommentColor, boxed = false, source?: CommentSource): HTMLCanvasElement {
    const { fontSize, fontFamily } = this.options;
    const font = `700 ${fontSize}px ${fontFamily}`;
    // The pinned box fits its lane, so it never reaches into the lane or the card below.
    const h = boxed ? Math.floor(this.laneHeight) - 2 : Math.ceil(fontSize * 1.3);
    const c = document.createElement('canvas');
    this.paint(c, text, color, boxed, h, source);
    // The self-hosted font comes in unicode-range slices, and canvas text does not fetch them:
    // ask for the glyphs, then repaint the sprite (it may already be flying).
    const fonts = typeof document !== 'undefined' ? document.fonts : undefined;
    if (fonts && !fonts.check(font, text)) {
      void fonts.load(font, text).then(
        // Measured again: the loaded glyphs are wider than the fallback's, and a box cut short clips the text.
        () => this.paint(c, text, color, boxed, h, source),
        () => undefined,
      );
    }
    return c;
  }

  private paint(
    c: HTMLCanvasElement,
    text: string,
    color: CommentColor,
    boxed: boolean,
    h: number,
    source?: CommentSource,
  ): void {
    const { fontSize, fontFamily } = this.options;
    const font = `700 ${fontSize}px ${fontFamily}`;
    const badgeFont = `700 ${Math.round(fontSize * 0.5)}px ${fontFamily}`;
    const label = source ? this.options.badgeLabel(source) : '';
    this.ctx.font = badgeFont;
    const badgeW = source ? Math.ceil(this.ctx.measureText(label).width) + Math.round(fontSize * 0.5) : 0;
    const gap = source ? Math.round(fontSize * 0.25) : 0;
    this.ctx.font = font;
    const w = Math.ceil(this.ctx.measureText(text).width) + (boxed ? 48 : 8) + badgeW + gap;
    c.width = w;
    c.height = h;
    const g = c.getContext('2d');
    if (!g) return;
    if (source) {
      // A small pill in the platform's colour, its name in white: where the comment came from.
      const bh = Math.round(fontSize * 0.72);
      const by = Math.round((h - bh) / 2);
      const bx = boxed ? 24 : 4;
      g.fillStyle = SOURCE_BADGES[source].fill;
      g.beginPath();
      g.roundRect(bx, by, badgeW, bh, bh / 3);
      g.fill();
      g.font = badgeFont;
      g.textBaseline = 'middle';
      g.textAlign = 'center';
      g.fillStyle = SOURCE_BADGES[source].ink;
      g.fillText(label, bx + badgeW / 2, by + bh / 2 + 1);
      g.textAlign = 'start';
    }
    if (boxed) {
      g.fillStyle = 'rgba(61, 6, 6, 0.82)';
      g.strokeStyle = '#d2a441';
      g.lineWidth = 3;
      g.beginPath();
      g.roundRect(1.5, 1.5, w - 3, h - 3, h / 2);
      g.fill();
      g.stroke();
    }
    g.font = font;
    g.textBaseline = 'middle';
    g.lineJoin = 'round';
    g.lineWidth = Math.max(3, fontSize / 9);
    g.strokeStyle = 'rgba(0, 0, 0, 0.75)';
    const x = (boxed ? 24 : 4) + badgeW + gap;
    g.strokeText(text, x, h / 2);
    g.fillStyle = COLOR_FILL[color] ?? '#fff';
    g.fillText(text, x, h / 2);
  }

  private speedFor(width: number): number {
    const { width: W, crossSeconds } = this.options;
    // Long comments travel farther: they get a shorter share of extra time, so they are faster.
    const ms = crossSeconds * 1000 * (0.85 + 0.15 * Math.min(1, 300 / Math.max(width, 1)));
    return (W + width) / ms;
  }

  /** A lane where `speed` will neither touch nor catch up with the lane's last comment. */
  private freeLane(speed: number): number {
    const W = this.options.width;
    if (this.options.overlap) {
      for (let k = 0; k < this.lanes.length; k++) {
        this.rr = (this.rr + 1) % this.lanes.length;
        if (this.laneOpen(this.rr)) return this.rr;
      }
      return -1;
    }
    for (let i = 0; i < this.lanes.length; i++) {
      if (!this.laneOpen(i)) continue;
      const last = this.lanes[i];
      if (!last) return i;
      const tail = last.x + last.sprite.width;
      if (tail + 24 > W) continue; // not fully on screen yet
      const exitMs = tail / last.speed;
      if (W - speed * exitMs >= 0 || speed <= last.speed) return i;
    }
    return -1;
  }

  private admit(): void {
    while (this.waiting.length > 0) {
      const c = this.waiting[0];
      if (!c) break;
      const sprite = this.sprite(c.text, c.color, false, c.source);
      const speed = this.speedFor(sprite.width);
      const lane = this.freeLane(speed);
      if (lane < 0) return;
      this.waiting.shift();
      const f: Flying = {
        text: c.text,
        ...(c.source ? { source: c.source } : {}),
        sprite,
        x: this.options.width,
        speed,
        lane,
      };
      this.lanes[lane] = f;
      this.flying.push(f);
      this.stats.shown += 1;
    }
  }

  private start(): void {
    if (this.raf) return;
    this.last = performance.now();
    const loop = (t: number) => {
      const dt = Math.min(100, t - this.last);
      this.last = t;
      this.step(dt);
      const t0 = performance.now();
      this.draw();
      const drawMs = this.stats.drawMs;
      drawMs.push(performance.now() - t0);
      if (drawMs.length > 600) drawMs.splice(0, drawMs.length - 600);
      this.stats.frames += 1;
      if (this.flying.length === 0 && this.waiting.length === 0) {
        this.raf = 0;
        return;
      }
      this.raf = requestAnimationFrame(loop);
    };
    this.raf = requestAnimationFrame(loop);
  }

  private step(dt: number): void {
    for (const f of this.flying) f.x -= f.speed * dt;
    const kept: Flying[] = [];
    for (const f of this.flying) {
      if (f.x + f.sprite.width > 0) kept.push(f);
      else if (this.lanes[f.lane] === f) this.lanes[f.lane] = null;
    }
    this.flying = kept;
    this.admit();
    this.stats.onScreen = this.flying.length;
    this.stats.waiting = this.waiting.length;
  }

  private draw(): void {
    const { ctx } = this;
    const { width, height, top } = this.options;
    ctx.clearRect(0, 0, width, height);
    const laneH = this.laneHeight;
    for (const f of this.flying) ctx.drawImage(f.sprite, Math.round(f.x), Math.round(top + f.lane * laneH));
    const pin = this.pinnedBox();
    if (this.pinned && pin) ctx.drawImage(this.pinned.sprite, pin.x, pin.y);
  }
}

function sampleKeepLast<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  const out: T[] = [];
  const step = (items.length - 1) / (n - 1);
  for (let i = 0; i < n; i++) {
    const item = items[Math.round(i * step)];
    if (item !== undefined) out.push(item);
  }
  return out;
}
